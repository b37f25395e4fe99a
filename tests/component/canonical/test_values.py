"""Every value type stored, loaded, lowered and lifted through a real memory,
with the Python representation of wasmtime-py's component API."""

from __future__ import annotations

import math
import struct

import pytest

from wasmlite.component.canonical import CallContext, LiftLowerContext, codec
from wasmlite.component.types import (
    Bool, Char, Enum, F32, F64, Flags, List, Option, Record, Result, S16, S32, S64, S8,
    String, Tuple, U16, U32, U64, U8, Variant,
)
from wasmlite.component.values import Record as RecordValue, Variant as VariantValue


def cx_of(env, encoding="utf8"):
    return LiftLowerContext(env.opts(encoding), CallContext())


def roundtrip(env, t, v):
    """``v`` through store/load and through lower_flat/lift_flat."""
    c = codec(t)
    cx = cx_of(env)
    ptr = cx.allocate(c.align, c.size)
    c.store(cx, v, ptr)
    stored = c.load(cx, ptr)
    flat: list = []
    c.lower_flat(cx, v, flat)
    assert len(flat) == len(c.flat)
    lifted = c.lift_flat(cx, iter(flat))
    return stored, lifted


R = RecordValue

VALUES = [
    (Bool(), True), (Bool(), False), (S8(), -128), (S8(), 127), (U8(), 255), (S16(), -32768),
    (U16(), 65535), (S32(), -(1 << 31)), (U32(), (1 << 32) - 1), (S64(), -(1 << 63)),
    (U64(), (1 << 64) - 1), (F32(), 1.5), (F32(), -0.0), (F32(), math.inf), (F64(), 1e300),
    (F64(), -2.5), (Char(), "a"), (Char(), "\U0010ffff"), (Char(), "\ue000"),
    (String(), ""), (String(), "hello"), (String(), "h\u00e9llo \u4e16\u754c \U0001f600"),
    (List(U8()), b"\x00\x01\xff"), (List(U32()), [0, 1, (1 << 32) - 1]),
    (List(S16()), [-1, 2]), (List(F64()), [1.0, -0.5]), (List(F32()), [0.25]),
    (List(String()), ["a", "", "\u00ff"]), (List(List(U8())), [b"ab", b""]),
    (List(U8(), 3), b"abc"), (List(U32(), 2), [7, 8]), (List(String(), 2), ["x", "y"]),
    (Record({"a": U8(), "b-c": String()}), R(**{"a": 1, "b-c": "two"})),
    (Tuple([U8(), String(), F64()]), (1, "s", 2.0)),
    (Variant([("a", U32()), ("b", String())]), 5),
    (Variant([("a", U32()), ("b", String())]), "x"),
    (Variant([("a", U32()), ("b", U32())]), VariantValue("b", 3)),
    (Variant([("a", None), ("b", F32())]), None), (Variant([("a", None), ("b", F32())]), 2.0),
    (Variant([("a", F32()), ("b", S64())]), 1.5), (Variant([("a", F32()), ("b", S64())]), -3),
    (Variant([("a", F64()), ("b", U32()), ("c", None)]), 2**32 - 1),
    (Variant([("a", None), ("b", None)]), VariantValue("b")),
    (Enum(["x", "y", "z"]), "z"),
    (Option(U32()), None), (Option(U32()), 7),
    (Option(Option(U32())), VariantValue("none")),
    (Option(Option(U32())), VariantValue("some", 3)),
    (Option(Option(U32())), VariantValue("some", None)),
    (Result(U32(), String()), 3), (Result(U32(), String()), "bad"),
    (Result(U32(), U32()), VariantValue("err", 3)), (Result(), VariantValue("ok")),
    (Result(None, String()), None), (Result(None, String()), "e"),
    (Flags(["a", "b", "c"]), {"a", "c"}), (Flags(["a", "b", "c"]), set()),
    (Flags([f"f{i}" for i in range(12)]), {"f11", "f0"}),
    (Flags([f"f{i}" for i in range(32)]), {"f31", "f16"}),
]


@pytest.mark.parametrize("t,v", VALUES, ids=[f"{i}-{t}"[:50] for i, (t, _) in enumerate(VALUES)])
def test_roundtrip(env, t, v):
    stored, lifted = roundtrip(env, t, v)
    assert stored == v
    assert lifted == v
    assert type(stored) is type(v)


def test_integers_wrap(env):
    assert roundtrip(env, U8(), 256 + 5) == (5, 5)
    assert roundtrip(env, S8(), 200) == (-56, -56)
    assert roundtrip(env, U32(), -1) == ((1 << 32) - 1, (1 << 32) - 1)
    assert roundtrip(env, S64(), 1 << 63) == (-(1 << 63), -(1 << 63))


def test_flat_integers_truncate(env):
    cx = cx_of(env)
    assert codec(U8()).lift_flat(cx, iter([0x1FF])) == 0xFF
    assert codec(S8()).lift_flat(cx, iter([0xFF])) == -1
    assert codec(S16()).lift_flat(cx, iter([0x18000])) == -32768
    assert codec(S32()).lift_flat(cx, iter([0xFFFFFFFF])) == -1
    assert codec(Bool()).lift_flat(cx, iter([2])) is True
    out: list = []
    codec(S32()).lower_flat(cx, -1, out)
    codec(S64()).lower_flat(cx, -2, out)
    assert out == [0xFFFFFFFF, 0xFFFFFFFFFFFFFFFE]


def test_bool_lifts_nonzero_bytes(env):
    cx = cx_of(env)
    env.write(100, b"\x07")
    assert codec(Bool()).load(cx, 100) is True


def test_f32_rounds_and_nan_canonical(env):
    cx = cx_of(env)
    stored, lifted = roundtrip(env, F32(), 0.1)
    assert stored == lifted == struct.unpack("<f", struct.pack("<f", 0.1))[0]
    # any NaN in memory lifts as the canonical NaN
    env.write(100, struct.pack("<I", 0x7FA00001))
    assert struct.pack("<f", codec(F32()).load(cx, 100)) == struct.pack("<I", 0x7FC00000)
    env.write(104, struct.pack("<Q", 0xFFF0000000000001))
    f = codec(F64()).load(cx, 104)
    assert struct.pack("<d", f) == struct.pack("<Q", 0x7FF8000000000000)
    # lowering a NaN stores the canonical NaN
    codec(F32()).store(cx, math.nan, 200)
    assert env.read(200, 4) == struct.pack("<I", 0x7FC00000)
    codec(F64()).store(cx, -math.nan, 208)
    assert env.read(208, 8) == struct.pack("<Q", 0x7FF8000000000000)


def test_variant_payload_bit_casts(env):
    cx = cx_of(env)
    t = Variant([("a", F32()), ("b", U64())])
    out: list = []
    codec(t).lower_flat(cx, 1.0, out)
    assert out == [0, 0x3F800000]
    out = []
    codec(t).lower_flat(cx, 5, out)
    assert out == [1, 5]
    assert codec(t).lift_flat(cx, iter([0, 0x3F800000])) == 1.0
    t2 = Variant([("a", F64()), ("b", F32())])
    out = []
    codec(t2).lower_flat(cx, VariantValue("a", 2.0), out)
    assert out == [0, 0x4000000000000000]
    assert codec(t2).lift_flat(cx, iter([1, 0xFFFFFFFF_3F800000])) == VariantValue("b", 1.0)
    t3 = Variant([("a", F32()), ("b", U32())])
    out = []
    codec(t3).lower_flat(cx, 7, out)
    assert out == [1, 7]
    # an unused slot is zero of its type
    t4 = Variant([("a", None), ("b", F64())])
    out = []
    codec(t4).lower_flat(cx, None, out)
    assert out == [0, 0.0] and isinstance(out[1], float)


def test_variant_memory_layout(env):
    cx = cx_of(env)
    t = Result(U64(), String())
    c = codec(t)
    c.store(cx, 0x0102030405060708, 64)
    assert env.read(64, 16) == b"\x00" + env.read(65, 7) + struct.pack("<Q", 0x0102030405060708)
    env.write(80, b"\x01" + bytes(7) + struct.pack("<II", 300, 0))
    assert c.load(cx, 80) == ""


def test_flags_ignore_extra_bits(env):
    cx = cx_of(env)
    t = Flags(["a", "b"])
    assert codec(t).lift_flat(cx, iter([0xFFFFFFFF])) == {"a", "b"}
    env.write(100, b"\xfe")
    assert codec(t).load(cx, 100) == {"b"}


def test_record_lowering_reads_attributes(env):
    class Point:
        def __init__(self):
            self.x, self.y = 1, 2
    t = Record({"x": U8(), "y": U8()})
    stored, lifted = roundtrip(env, t, Point())
    assert stored.x == 1 and lifted.y == 2 and stored == lifted


WRONG = [
    (Bool(), 1, TypeError, "expected bool for Bool type"),
    (U8(), 1.0, TypeError, "expected int for U8 type"),
    (S64(), "1", TypeError, "expected int for S64 type"),
    (F32(), 1, TypeError, "expected float for F32 type"),
    (F64(), None, TypeError, "expected float for F64 type"),
    (Char(), "ab", TypeError, "expected single-character string for Char type"),
    (Char(), "\ud800", ValueError, "surrogate"),
    (String(), b"x", TypeError, "expected string type"),
    (String(), "\ud800", UnicodeEncodeError, ""),
    (List(U8()), [1], TypeError, "expected bytes value"),
    (List(U32()), (1,), TypeError, "expected list value"),
    (List(U32()), [1, "x"], TypeError, "expected int for U32 type"),
    (List(F32()), [1], TypeError, "expected float for F32 type"),
    (List(U32(), 2), [1], ValueError, "expected vec of size 2, got 1"),
    (Tuple([U8(), U8()]), [1, 2], TypeError, "expected tuple type"),
    (Tuple([U8(), U8()]), (1,), TypeError, "tuple length mismatch"),
    (Record({"a": U8()}), RecordValue(b=1), AttributeError, ""),
    (Enum(["a"]), 0, TypeError, "expected str type"),
    (Enum(["a"]), "b", ValueError, "enum variant name `b` is not valid"),
    (Variant([("a", U32()), ("b", U32())]), 1, TypeError, "expected Variant type"),
    (Variant([("a", U32()), ("b", U32())]), VariantValue("c", 1), ValueError,
     "value not valid for this variant"),
    (Variant([("a", U32()), ("b", String())]), 1.0, ValueError,
     "value not valid for this variant"),
    (Option(U32()), "x", ValueError, "value not valid for this variant"),
    (Flags(["a"]), ["a"], TypeError, "expected set type for Flags type"),
    (Flags(["a"]), {1}, TypeError, "expected set of strings for Flags type"),
    (Flags(["a"]), {"b"}, ValueError, "unknown flag: `b`"),
]


@pytest.mark.parametrize("t,v,exc,message", WRONG, ids=[f"{i}-{t}"[:50] for i, (t, *_) in enumerate(WRONG)])
def test_wrong_python_values(env, t, v, exc, message):
    cx = cx_of(env)
    c = codec(t)
    with pytest.raises(exc, match=message or None):
        c.lower_flat(cx, v, [])
    with pytest.raises(exc, match=message or None):
        c.store(cx, v, cx.allocate(c.align, c.size))


def test_untagged_classes_follow_wasmtime_py():
    # option<u32>: None or an int; option<option<u32>>: Variant objects
    assert codec(Option(U32())).classes == frozenset({object, int})
    assert codec(Option(Option(U32()))).classes == frozenset({VariantValue})
    assert codec(Result(U32(), String())).classes == frozenset({int, str})
    assert codec(Result()).classes == frozenset({VariantValue})
    assert codec(List(U8())).classes == frozenset({bytes})
