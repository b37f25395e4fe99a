;; Calls WASI preview 2 clocks, poll, random and exit, imported at several 0.2.x versions.
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type (sub resource)))
    (export "[method]pollable.ready" (func (param "self" (borrow 0)) (result bool)))
    (export "[method]pollable.block" (func (param "self" (borrow 0))))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:clocks/monotonic-clock@0.2.3" (instance $clock
    (alias outer 1 $pollable (type))
    (export "pollable" (type (eq 0)))
    (export "now" (func (result u64)))
    (export "subscribe-duration" (func (param "when" u64) (result (own 1))))))
  (import "wasi:random/random@0.2.1" (instance $random
    (export "get-random-u64" (func (result u64)))))
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit" (func (param "status" (result))))))
  (core module $m
    (import "h" "now" (func $now (result i64)))
    (import "h" "sub" (func $sub (param i64) (result i32)))
    (import "h" "block" (func $block (param i32)))
    (import "h" "ready" (func $ready (param i32) (result i32)))
    (import "h" "drop" (func $drop (param i32)))
    (import "h" "random" (func $random (result i64)))
    (import "h" "exit" (func $exit (param i32)))
    (func (export "sleep") (param $ns i64) (result i64)
      (local $t i64) (local $p i32)
      call $now
      local.set $t
      local.get $ns
      call $sub
      local.set $p
      local.get $p
      call $block
      local.get $p
      call $drop
      call $now
      local.get $t
      i64.sub)
    (func (export "ready") (param $ns i64) (result i32)
      (local $p i32) (local $r i32)
      local.get $ns
      call $sub
      local.tee $p
      call $ready
      local.set $r
      local.get $p
      call $drop
      local.get $r)
    (func (export "random") (result i64) call $random)
    (func (export "exit") (param $failed i32) local.get $failed call $exit))
  (core func $now (canon lower (func $clock "now")))
  (core func $sub (canon lower (func $clock "subscribe-duration")))
  (core func $block (canon lower (func $poll "[method]pollable.block")))
  (core func $ready (canon lower (func $poll "[method]pollable.ready")))
  (core func $drop (canon resource.drop $pollable))
  (core func $random (canon lower (func $random "get-random-u64")))
  (core func $exit (canon lower (func $exit "exit")))
  (core instance $i (instantiate $m (with "h" (instance
    (export "now" (func $now)) (export "sub" (func $sub)) (export "block" (func $block))
    (export "ready" (func $ready)) (export "drop" (func $drop))
    (export "random" (func $random)) (export "exit" (func $exit))))))
  (func (export "sleep") (param "ns" u64) (result u64) (canon lift (core func $i "sleep")))
  (func (export "ready") (param "ns" u64) (result bool) (canon lift (core func $i "ready")))
  (func (export "random") (result u64) (canon lift (core func $i "random")))
  (func (export "exit") (param "failed" bool) (canon lift (core func $i "exit"))))
