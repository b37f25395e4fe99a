"""Component texts shared by the API tests: components exporting ``f``, which
passes its argument to the host import ``h`` and returns what ``h`` returns."""

from __future__ import annotations


def echo_component(ty: str, core: str) -> str:
    """``f(x: ty) -> ty`` calling ``h(x: ty) -> ty``, for a type whose flat form
    is the single core type ``core``."""
    return f"""
    (component
      (type $t' {ty})
      (import "t" (type $t (eq $t')))
      (import "h" (func $h (param "x" $t) (result $t)))
      (core func $h (canon lower (func $h)))
      (core module $m
        (import "" "h" (func $h (param {core}) (result {core})))
        (func (export "f") (param {core}) (result {core}) local.get 0 call $h))
      (core instance $i (instantiate $m (with "" (instance (export "h" (func $h))))))
      (func (export "f") (param "x" $t) (result $t) (canon lift (core func $i "f"))))
    """


def echo_memory_component(ty: str, flat: str) -> str:
    """``f(x: ty) -> ty`` calling ``h(x: ty) -> ty``, for a type whose flat form
    is the core types ``flat`` and whose result is returned through memory."""
    count = len(flat.split())
    args = " ".join(f"local.get {i}" for i in range(count))
    return f"""
    (component
      (type $t' {ty})
      (import "t" (type $t (eq $t')))
      (import "h" (func $h (param "x" $t) (result $t)))
      (core module $mem
        (memory (export "memory") 1)
        (global $top (mut i32) (i32.const 4096))
        (func (export "realloc") (param i32 i32 i32 i32) (result i32)
          (local $at i32)
          (local.set $at (i32.and (i32.add (global.get $top) (i32.sub (local.get 2) (i32.const 1)))
                                  (i32.sub (i32.const 0) (local.get 2))))
          (global.set $top (i32.add (local.get $at) (local.get 3)))
          (local.get $at)))
      (core instance $mem (instantiate $mem))
      (core func $h (canon lower (func $h) (memory (core memory $mem "memory"))
                      (realloc (core func $mem "realloc"))))
      (core module $m
        (import "" "h" (func $h (param {flat} i32)))
        (func (export "f") (param {flat}) (result i32)
          {args} i32.const 64 call $h i32.const 64))
      (core instance $i (instantiate $m (with "" (instance (export "h" (func $h))))))
      (func (export "f") (param "x" $t) (result $t)
        (canon lift (core func $i "f") (memory (core memory $mem "memory"))
                    (realloc (core func $mem "realloc")))))
    """
