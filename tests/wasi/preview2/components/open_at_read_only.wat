;; `try(open-flags, descriptor-flags)` opens "new.txt" in the first preopened
;; directory with open-at({symlink-follow}, "new.txt", open-flags, descriptor-flags)
;; (the flags as their bit patterns) and returns 0 on success or the error-code
;; case index + 1.
(component
  (import "wasi:filesystem/types@0.2.0" (instance $types
    (export "descriptor" (type $d (sub resource)))
    (type $pf0 (flags "symlink-follow")) (export "path-flags" (type $pf (eq $pf0)))
    (type $of0 (flags "create" "directory" "exclusive" "truncate"))
    (export "open-flags" (type $of (eq $of0)))
    (type $df0 (flags "read" "write" "file-integrity-sync" "data-integrity-sync"
      "requested-write-sync" "mutate-directory"))
    (export "descriptor-flags" (type $df (eq $df0)))
    (type $ec0 (enum "access" "would-block" "already" "bad-descriptor" "busy" "deadlock"
      "quota" "exist" "file-too-large" "illegal-byte-sequence" "in-progress" "interrupted"
      "invalid" "io" "is-directory" "loop" "too-many-links" "message-size" "name-too-long"
      "no-device" "no-entry" "no-lock" "insufficient-memory" "insufficient-space"
      "not-directory" "not-empty" "not-recoverable" "unsupported" "no-tty" "no-such-device"
      "overflow" "not-permitted" "pipe" "read-only" "invalid-seek" "text-file-busy"
      "cross-device"))
    (export "error-code" (type $ec (eq $ec0)))
    (export "[method]descriptor.open-at" (func (param "self" (borrow $d))
      (param "path-flags" $pf) (param "path" string) (param "open-flags" $of)
      (param "flags" $df) (result (result (own $d) (error $ec)))))))
  (alias export $types "descriptor" (type $descriptor))
  (import "wasi:filesystem/preopens@0.2.0" (instance $preopens
    (alias outer 1 $descriptor (type $d0)) (export "descriptor" (type $d (eq $d0)))
    (export "get-directories" (func (result (list (tuple (own $d) string)))))))
  (core module $libc
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $at i32)
      (local.set $at (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
      (global.set $next (i32.add (local.get $at) (local.get 3)))
      (local.get $at))
    (data (i32.const 512) "new.txt"))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "memory" (core memory $memory))
  (alias core export $libc "realloc" (core func $realloc))
  (alias export $preopens "get-directories" (func $get-directories))
  (alias export $types "[method]descriptor.open-at" (func $open-at))
  (core func $get-directories-lowered (canon lower (func $get-directories)
    (memory $memory) (realloc $realloc)))
  (core func $open-at-lowered (canon lower (func $open-at) (memory $memory) (realloc $realloc)))
  (core module $main
    (import "libc" "memory" (memory 1))
    (import "wasi" "get-directories" (func $get-directories (param i32)))
    (import "wasi" "open-at" (func $open-at (param i32 i32 i32 i32 i32 i32 i32)))
    (func (export "try") (param $open-flags i32) (param $flags i32) (result i32)
      (call $get-directories (i32.const 0))
      ;; the first (descriptor, path) pair: its handle is at the list's start
      (call $open-at (i32.load (i32.load (i32.const 0))) (i32.const 1)
        (i32.const 512) (i32.const 7) (local.get $open-flags) (local.get $flags) (i32.const 16))
      (if (result i32) (i32.load8_u (i32.const 16))
        (then (i32.add (i32.load8_u (i32.const 20)) (i32.const 1)))
        (else (i32.const 0)))))
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "wasi" (instance
      (export "get-directories" (func $get-directories-lowered))
      (export "open-at" (func $open-at-lowered))))))
  (func (export "try") (param "open-flags" u32) (param "flags" u32) (result u32)
    (canon lift (core func $main "try"))))
