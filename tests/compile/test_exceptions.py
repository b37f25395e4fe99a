"""Exception handling: throw, try_table catch clauses, throw_ref."""

import pytest

from wasmlite.runtime import Trap

WAT = """
(module
  (tag $e (param i32))
  (tag $other)
  (func $thrower (param i32)
    (if (i32.eqz (local.get 0)) (then (throw $other)))
    (throw $e (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $thrower (local.get 0)))
      (i32.const -1)))
  (func (export "catch_all") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h) (call $thrower (local.get 0)))
      (return (i32.const 0)))
    (i32.const 1))
  (func (export "rethrow") (param i32) (result i32) (local $exn exnref)
    (block $h (result i32 exnref)
      (try_table (catch_ref $e $h) (call $thrower (local.get 0)))
      (return (i32.const -1)))
    (local.set $exn)
    (drop)
    (throw_ref (local.get $exn)))
  (func (export "in_loop") (param i32) (result i32) (local $caught i32)
    (loop $again
      (block $h (result i32)
        (try_table (catch $e $h) (call $thrower (local.get 0)))
        (i32.const 0))
      (local.set $caught (i32.add (local.get $caught) (i32.const 1)))
      (drop)
      (br_if $again (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get $caught)))
"""


def test_catch_delivers_the_payload(instance):
    assert instance(WAT).exports["catch"].call(42) == 42


def test_unmatched_tag_escapes_as_a_trap_without_trap_code(instance):
    # wasmtime-py reports an uncaught wasm exception as a Trap with no trap code
    with pytest.raises(Trap) as info:
        instance(WAT).exports["catch"].call(0)
    assert info.value.trap_code is None
    assert "thrown Wasm exception" in str(info.value)


def test_catch_all(instance):
    inst = instance(WAT)
    assert inst.exports["catch_all"].call(0) == 1
    assert inst.exports["catch_all"].call(5) == 1


def test_throw_ref_rethrows_the_caught_exception(instance):
    with pytest.raises(Trap) as info:
        instance(WAT).exports["rethrow"].call(3)
    assert info.value.uncaught and info.value.trap_code is None


def test_handler_inside_a_loop(instance):
    assert instance(WAT).exports["in_loop"].call(4) == 4
