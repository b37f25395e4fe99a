"""Val: typed values and their conversions."""

import math
import struct

import pytest

from wasmlite import Engine, Instance, Module, Store, Val, ValType, WasmtimeError


def test_integer_vals_are_signed():
    assert Val.i32(2 ** 31).value == -(2 ** 31)
    assert Val.i32(-1).value == -1
    assert Val.i32(0xFFFFFFFF).value == -1
    assert Val.i64(2 ** 64 - 1).value == -1
    assert Val.i32(5).type == ValType.i32()


@pytest.mark.parametrize("make, value", [(Val.i32, 1.5), (Val.i64, "1"), (Val.i32, None)])
def test_integer_vals_reject_non_integers(make, value):
    with pytest.raises(TypeError):
        make(value)


@pytest.mark.parametrize("make, value, wrapped", [
    (Val.i32, 2 ** 32, 0), (Val.i32, -(2 ** 31) - 1, 2 ** 31 - 1), (Val.i32, 2 ** 40 + 5, 5),
    (Val.i64, 2 ** 64, 0), (Val.i64, 2 ** 70 + 3, 3), (Val.i64, -(2 ** 63) - 1, 2 ** 63 - 1),
    (Val.i32, True, 1),
])
def test_integer_vals_keep_the_low_bits_of_larger_integers(make, value, wrapped):
    assert make(value).value == wrapped


def test_f32_vals_round_to_single_precision():
    assert Val.f32(0.1).value == struct.unpack("<f", struct.pack("<f", 0.1))[0]
    assert Val.f32(1e300).value == math.inf
    assert Val.f64(0.1).value == 0.1


def test_f32_val_keeps_signalling_nan_payload():
    from wasmlite.runtime.floats import f32_from_bits, f32_to_bits
    snan = f32_from_bits(0x7FA00001)
    assert f32_to_bits(Val.f32(snan).value) == 0x7FA00001


def test_reference_vals():
    obj = object()
    assert Val.externref(obj).value is obj
    assert Val.externref(None).value is None
    assert Val.funcref(None).type == ValType.funcref()
    assert Val.ref_null(ValType.externref()).value is None
    with pytest.raises(WasmtimeError, match="Invalid reference type for `ref_null`: i32"):
        Val.ref_null(ValType.i32())


def test_val_equality_and_accessors():
    assert Val.i32(1) == 1
    assert Val.i32(1) == Val.i32(1)
    assert Val.i32(1) != Val.i64(1)
    assert Val.i32(3).as_i32() == 3 and Val.i32(3).as_i64() is None
    assert Val.f64(2.5).as_f64() == 2.5
    assert Val.v128(2 ** 128 - 1).as_v128() == 2 ** 128 - 1


def test_host_object_passes_through_anyref_as_itself():
    engine = Engine()
    store = Store(engine)
    module = Module(engine, """
      (module
        (func (export "id") (param anyref) (result anyref) (local.get 0))
        (func (export "internalize") (param externref) (result anyref)
          (any.convert_extern (local.get 0)))
        (func (export "externalize") (param anyref) (result externref)
          (extern.convert_any (local.get 0))))""")
    exports = Instance(store, module, []).exports(store)
    token = object()
    assert exports["id"](store, token) is token
    assert exports["internalize"](store, token) is token
    assert exports["externalize"](store, token) is token
    assert exports["id"](store, None) is None
