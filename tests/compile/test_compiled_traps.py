"""Traps raised by compiled code: division, memory bounds, tables, indirect calls."""

import pytest

from wasmlite.runtime import Trap, TrapCode

MEMORY = """
(module (memory 1)
  (func (export "load") (param i32) (result i32) (i32.load offset=8 (local.get 0)))
  (func (export "load_far") (param i32) (result i32) (i32.load offset=4294967295 (local.get 0)))
  (func (export "store8") (param i32) (i32.store8 (local.get 0) (i32.const 1)))
  (func (export "f32") (param i32) (result f32) (f32.load (local.get 0))))
"""


def trap_of(fn, *args) -> Trap:
    with pytest.raises(Trap) as info:
        fn.call(*args)
    return info.value


def test_integer_division_by_zero(instance):
    inst = instance("""(module
        (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
        (func (export "rem_s") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
        (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))""")
    assert trap_of(inst.exports["div_u"], 1, 0).trap_code is TrapCode.INTEGER_DIVISION_BY_ZERO
    assert trap_of(inst.exports["rem_s"], 1, 0).message == "integer divide by zero"
    assert trap_of(inst.exports["div_s"], 0x80000000, 0xFFFFFFFF).message == "integer overflow"
    assert inst.exports["div_s"].call(0xFFFFFFF9, 2) == 0xFFFFFFFD


def test_memory_access_bounds(instance):
    inst = instance(MEMORY)
    assert inst.exports["load"].call(65528 - 4) == 0
    assert trap_of(inst.exports["load"], 65528 - 3).trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS
    assert trap_of(inst.exports["store8"], 65536).message == "out of bounds memory access"
    assert trap_of(inst.exports["f32"], 65533).message == "out of bounds memory access"


def test_effective_address_does_not_wrap(instance):
    inst = instance(MEMORY)
    assert trap_of(inst.exports["load_far"], 1).trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS
    assert trap_of(inst.exports["load"], 0xFFFFFFFC).trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS


def test_memory64_addresses(instance):
    inst = instance("""(module (memory i64 1)
        (func (export "load") (param i64) (result i32) (i32.load (local.get 0))))""")
    assert inst.exports["load"].call(65532) == 0
    assert trap_of(inst.exports["load"], 1 << 63).message == "out of bounds memory access"


def test_grown_memory_is_visible_to_compiled_code(instance):
    inst = instance("""(module (memory 1)
        (func (export "grow") (result i32) (memory.grow (i32.const 1)))
        (func (export "size") (result i32) (memory.size))
        (func (export "poke") (param i32) (i32.store (local.get 0) (i32.const 7)))
        (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))""")
    assert trap_of(inst.exports["poke"], 70000).trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS
    assert inst.exports["grow"].call() == 1
    assert inst.exports["size"].call() == 2
    inst.exports["poke"].call(70000)
    assert inst.exports["peek"].call(70000) == 7


INDIRECT = """
(module
  (type $ii (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $double $nothing)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $nothing)
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0))))
"""


def test_call_indirect_checks(instance):
    call = instance(INDIRECT).exports["call"]
    assert call.call(0, 21) == 42
    assert trap_of(call, 1, 0).trap_code is TrapCode.BAD_SIGNATURE
    assert trap_of(call, 1, 0).message == "indirect call type mismatch"
    assert trap_of(call, 2, 0).trap_code is TrapCode.INDIRECT_CALL_TO_NULL
    assert "uninitialized element" in trap_of(call, 2, 0).message
    assert "undefined element" in trap_of(call, 3, 0).message


def test_table_access_bounds(instance):
    inst = instance("""(module (table 2 externref)
        (func (export "get") (param i32) (result externref) (table.get (local.get 0)))
        (func (export "set") (param i32 externref) (table.set (local.get 0) (local.get 1))))""")
    inst.exports["set"].call(1, "x")
    assert inst.exports["get"].call(1) == "x"
    assert trap_of(inst.exports["get"], 2).trap_code is TrapCode.TABLE_OUT_OF_BOUNDS
    assert "out of bounds table access" in trap_of(inst.exports["set"], 5, None).message


def test_null_function_reference(instance):
    inst = instance("""(module (type $t (func))
        (func (export "f") (call_ref $t (ref.null $t)))
        (func (export "g") (drop (ref.as_non_null (ref.null extern)))))""")
    assert trap_of(inst.exports["f"]).trap_code is TrapCode.NULL_REFERENCE
    assert trap_of(inst.exports["g"]).message == "null reference"


def test_trunc_of_nan_traps(instance):
    inst = instance("""(module (func (export "f") (param f64) (result i32)
        (i32.trunc_f64_s (local.get 0))))""")
    assert trap_of(inst.exports["f"], float("nan")).message == "invalid conversion to integer"
    assert inst.exports["f"].call(-3.9) == 0xFFFFFFFD
