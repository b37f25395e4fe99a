"""GC instructions: structures, arrays, i31 references and casts."""

import pytest

from wasmlite.runtime import Trap, TrapCode

WAT = """
(module
  (type $point (struct (field $x (mut i32)) (field $y i8)))
  (type $bytes (array (mut i8)))
  (func (export "point") (param i32 i32) (result i32)
    (local $p (ref $point))
    (local.set $p (struct.new $point (local.get 0) (local.get 1)))
    (struct.set $point $x (local.get $p) (i32.add (struct.get $point $x (local.get $p)) (i32.const 1)))
    (i32.add (struct.get $point $x (local.get $p)) (struct.get_s $point $y (local.get $p))))
  (func (export "bytes") (param i32 i32) (result i32)
    (local $a (ref $bytes))
    (local.set $a (array.new $bytes (i32.const 200) (local.get 0)))
    (array.get_s $bytes (local.get $a) (local.get 1)))
  (func (export "len") (param i32) (result i32) (array.len (array.new_default $bytes (local.get 0))))
  (func (export "null_struct") (result i32) (struct.get $point $x (ref.null $point)))
  (func (export "i31") (param i32) (result i32) (i31.get_s (ref.i31 (local.get 0))))
  (func (export "is_point") (param i32) (result i32)
    (ref.test (ref $point)
      (select (result anyref) (struct.new_default $point) (ref.i31 (i32.const 1)) (local.get 0))))
  (func (export "cast") (result i32)
    (drop (ref.cast (ref $bytes) (struct.new_default $point))) (i32.const 0)))
"""


def test_structure_fields_and_packed_sign_extension(instance):
    assert instance(WAT).exports["point"].call(41, 0xFF) == 41


def test_array_bounds_and_packed_elements(instance):
    inst = instance(WAT)
    assert inst.exports["bytes"].call(3, 2) == (200 - 256) & 0xFFFFFFFF
    with pytest.raises(Trap) as info:
        inst.exports["bytes"].call(3, 3)
    assert info.value.message == "out of bounds array access"
    assert inst.exports["len"].call(7) == 7


def test_null_structure_reference_traps_with_wasmtimes_message(instance):
    with pytest.raises(Trap) as info:
        instance(WAT).exports["null_struct"].call()
    assert info.value.trap_code is TrapCode.NULL_REFERENCE
    assert info.value.message == "null reference"


def test_i31_round_trip_sign_extends(instance):
    assert instance(WAT).exports["i31"].call(0x7FFFFFFF) == 0xFFFFFFFF


def test_casts(instance):
    inst = instance(WAT)
    assert inst.exports["is_point"].call(1) == 1
    assert inst.exports["is_point"].call(0) == 0
    with pytest.raises(Trap) as info:
        inst.exports["cast"].call()
    assert info.value.message == "cast failure"
