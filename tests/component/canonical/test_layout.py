"""Alignment, size and flattening against the canonical ABI's definitions."""

from __future__ import annotations

import pytest

from wasmlite.component.canonical import (
    MAX_FLAT_PARAMS, alignment, despecialize, discriminant_type, elem_size,
    flatten_functype, flatten_type,
)
from wasmlite.component.types import (
    Bool, Borrow, Char, Enum, ErrorContext, F32, F64, Flags, FuncType, Future, List, Option,
    Own, Record, ResourceType, Result, S16, S32, S64, S8, Stream, String, Tuple, U16, U32,
    U64, U8, Variant,
)

R = ResourceType("r")

CASES = [
    (Bool(), 1, 1, ["i32"]), (S8(), 1, 1, ["i32"]), (U8(), 1, 1, ["i32"]),
    (S16(), 2, 2, ["i32"]), (U16(), 2, 2, ["i32"]), (S32(), 4, 4, ["i32"]),
    (U32(), 4, 4, ["i32"]), (S64(), 8, 8, ["i64"]), (U64(), 8, 8, ["i64"]),
    (F32(), 4, 4, ["f32"]), (F64(), 8, 8, ["f64"]), (Char(), 4, 4, ["i32"]),
    (String(), 4, 8, ["i32", "i32"]), (ErrorContext(), 4, 4, ["i32"]),
    (List(U8()), 4, 8, ["i32", "i32"]), (List(U64()), 4, 8, ["i32", "i32"]),
    (List(U16(), 3), 2, 6, ["i32"] * 3), (List(F64(), 2), 8, 16, ["f64", "f64"]),
    (Record({"a": U8(), "b": U32()}), 4, 8, ["i32", "i32"]),
    (Record({"a": U8(), "b": U64(), "c": U8()}), 8, 24, ["i32", "i64", "i32"]),
    (Record({"a": U8(), "b": U16()}), 2, 4, ["i32", "i32"]),
    (Tuple([U8(), F32()]), 4, 8, ["i32", "f32"]),
    (Tuple([String(), Char()]), 4, 12, ["i32", "i32", "i32"]),
    (Variant([("a", None), ("b", U8())]), 1, 2, ["i32", "i32"]),
    (Variant([("a", F32()), ("b", U32())]), 4, 8, ["i32", "i32"]),
    (Variant([("a", F32()), ("b", U64())]), 8, 16, ["i32", "i64"]),
    (Variant([("a", F64()), ("b", F32())]), 8, 16, ["i32", "i64"]),
    (Variant([("a", F64()), ("b", F64())]), 8, 16, ["i32", "f64"]),
    (Variant([("a", Tuple([F32(), U32()])), ("b", Tuple([U32(), F32()]))]), 4, 12,
     ["i32", "i32", "i32"]),
    (Variant([("a", String()), ("b", Tuple([U64(), F32(), F32()]))]), 8, 24,
     ["i32", "i64", "i32", "f32"]),
    (Enum(["a", "b"]), 1, 1, ["i32"]),
    (Enum([f"c{i}" for i in range(256)]), 1, 1, ["i32"]),
    (Enum([f"c{i}" for i in range(257)]), 2, 2, ["i32"]),
    (Option(U8()), 1, 2, ["i32", "i32"]), (Option(String()), 4, 12, ["i32", "i32", "i32"]),
    (Option(U64()), 8, 16, ["i32", "i64"]), (Option(Option(F32())), 4, 12,
                                              ["i32", "i32", "f32"]),
    (Result(), 1, 1, ["i32"]), (Result(U32()), 4, 8, ["i32", "i32"]),
    (Result(None, String()), 4, 12, ["i32", "i32", "i32"]),
    (Result(String(), U64()), 8, 16, ["i32", "i64", "i32"]),
    (Result(F32(), F64()), 8, 16, ["i32", "i64"]),
    (Flags(["a"]), 1, 1, ["i32"]), (Flags([f"f{i}" for i in range(8)]), 1, 1, ["i32"]),
    (Flags([f"f{i}" for i in range(9)]), 2, 2, ["i32"]),
    (Flags([f"f{i}" for i in range(17)]), 4, 4, ["i32"]),
    (Flags([f"f{i}" for i in range(32)]), 4, 4, ["i32"]),
    (Own(R), 4, 4, ["i32"]), (Borrow(R), 4, 4, ["i32"]),
    (Stream(U8()), 4, 4, ["i32"]), (Future(), 4, 4, ["i32"]),
]


@pytest.mark.parametrize("t,align,size,flat", CASES, ids=[str(c[0])[:40] for c in CASES])
def test_layout(t, align, size, flat):
    assert alignment(t) == align
    assert elem_size(t) == size
    assert flatten_type(t) == flat
    assert elem_size(t) % alignment(t) == 0


def test_discriminant_types():
    assert discriminant_type(1) == U8()
    assert discriminant_type(256) == U8()
    assert discriminant_type(257) == U16()
    assert discriminant_type(65536) == U16()
    assert discriminant_type(65537) == U32()


def test_despecialize():
    assert despecialize(Tuple([U8(), U16()])) == Record([("0", U8()), ("1", U16())])
    assert despecialize(Enum(["x"])) == Variant([("x", None)])
    assert despecialize(Option(U8())) == Variant([("none", None), ("some", U8())])
    assert despecialize(Result(U8())) == Variant([("ok", U8()), ("error", None)])
    assert despecialize(U8()) == U8()


def test_flatten_functype_limits():
    ft = FuncType([(f"p{i}", U32()) for i in range(MAX_FLAT_PARAMS)], U32())
    assert flatten_functype(ft, "lift").params == ("i32",) * 16
    assert flatten_functype(ft, "lift").results == ("i32",)
    ft17 = FuncType([(f"p{i}", U32()) for i in range(17)], None)
    assert flatten_functype(ft17, "lift").params == ("i32",)
    assert flatten_functype(ft17, "lower").params == ("i32",)
    s = FuncType([("s", String())], String())
    assert flatten_functype(s, "lift").params == ("i32", "i32")
    assert flatten_functype(s, "lift").results == ("i32",)
    assert flatten_functype(s, "lower").params == ("i32", "i32", "i32")
    assert flatten_functype(s, "lower").results == ()
    f = FuncType([], F64())
    assert flatten_functype(f, "lower").results == ("f64",)
