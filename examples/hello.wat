;; A WASI command that prints a greeting and the sum 2 + 40.
;; Run it with:  wasmlite run examples/hello.wat
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from WebAssembly! 2 + 40 = ")

  ;; Writes the decimal digits of $n at address 49 (right after the text), returns their count.
  (func $itoa (param $n i32) (result i32)
    (local $len i32) (local $i i32) (local $t i32)
    (local.set $t (local.get $n))
    (loop $count
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (local.set $t (i32.div_u (local.get $t) (i32.const 10)))
      (br_if $count (local.get $t)))
    (local.set $i (local.get $len))
    (loop $digits
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (i32.add (i32.const 49) (local.get $i))
        (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digits (local.get $i)))
    (local.get $len))

  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))

  (func (export "_start")
    (local $len i32)
    (local.set $len (call $itoa (call $add (i32.const 2) (i32.const 40))))
    ;; newline after the digits
    (i32.store8 (i32.add (i32.const 49) (local.get $len)) (i32.const 10))
    ;; one iovec at 0: [16, 33 + len + 1]
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.add (local.get $len) (i32.const 34)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 100)))))
