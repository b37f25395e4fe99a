"""Where the binary format offers several encodings of one module, the text
chooses as ``wasm-tools parse`` does: element segment flags, explicit one-type
recursion groups, and the places of custom sections."""

import pytest

from wasmlite import ir
from wasmlite.binary import decode_module
from wasmlite.text import parse_wat, wat2wasm

FUNCS = "(table $t 4 funcref) (table $u 4 (ref null func)) (func $f) (func $g)"


@pytest.mark.parametrize("segment, flags", [
    ("(elem (i32.const 0) $f $g)", 0),
    ("(elem (i32.const 0) func $f)", 0),
    ("(elem (offset (i32.const 0)) func $f)", 0),
    ("(elem (i32.const 0) funcref (ref.func $f) (ref.null func))", 4),
    ("(elem (i32.const 0) (ref func) (ref.func $f))", 6),
    ("(elem (table $t) (i32.const 0) func $f)", 2),
    ("(elem (table 0) (i32.const 0) func $f)", 2),
    ("(elem 0 (i32.const 0) $f)", 2),
    ("(elem (table $t) (i32.const 0) funcref (ref.func $f))", 6),
    ("(elem (table $u) (i32.const 0) (ref null func) (ref.func $f))", 6),
    ("(elem func $f $g)", 1),
    ("(elem (ref func) (ref.func $f))", 5),
    ("(elem funcref (item ref.func $f))", 5),
    ("(elem declare func $f)", 3),
    ("(elem declare funcref (ref.func $f))", 7),
])
def test_element_segment_flags(segment, flags):
    text = FUNCS + " " + segment
    assert parse_wat(text).elems[0].flags == flags
    assert decode_module(wat2wasm(text)).elems[0].flags == flags


@pytest.mark.parametrize("table, flags", [
    ("(table funcref (elem $f $g))", 2),
    ("(table funcref (elem (ref.func $f)))", 6),
    ("(table (ref func) (elem $f))", 6),
    ("(table i64 externref (elem (ref.null extern)))", 6),
])
def test_inline_table_elements_name_their_table(table, flags):
    text = "(func $f) (func $g) " + table
    elem = decode_module(wat2wasm(text)).elems[0]
    assert (elem.table, elem.flags) == (0, flags)


def test_a_rec_around_one_type_is_kept():
    text = "(type (func)) (rec (type (func (param i32)))) (rec (type (func)) (type (func))) (rec)"
    m = parse_wat(text)
    assert m.rec_groups == [(0, 1), (1, 1), (2, 2), (4, 0)]
    assert m.explicit_recs == [1]
    data = wat2wasm(text)
    assert bytes.fromhex("04 60 00 00 4e 01 60 01 7f 00 4e 02 60 00 00 60 00 00 4e 00") in data
    assert decode_module(data).explicit_recs == [1]


def test_custom_annotations_record_their_place():
    m = parse_wat('(@custom "a" "x") (@custom "b" (before first) "") (func)'
                  ' (@custom "c" (after func) "") (@custom "d" (before data) "")')
    assert m.customs == [("a", b"x"), ("b", b""), ("c", b""), ("d", b"")]
    assert m.custom_places == [("after", "last"), ("before", "first"), ("after", "func"),
                               ("before", "data")]


def test_custom_sections_are_written_in_their_place():
    data = wat2wasm('(@custom "late" "") (type (func)) (func)'
                    ' (@custom "early" (before type) "") (@custom "mid" (after type) "")'
                    ' (@custom "code" (before code) "")')
    m = decode_module(data)
    assert m.customs == [("early", b""), ("mid", b""), ("code", b""), ("late", b"")]
    assert m.custom_places == [("before", "first"), ("after", "type"), ("after", "func"),
                               ("after", "code")]


def test_abbreviated_and_explicit_segments_mean_the_same():
    short = parse_wat("(table 1 funcref) (func $f) (elem (i32.const 0) $f)").elems[0]
    long = parse_wat("(table 1 funcref) (func $f) (elem (table 0) (i32.const 0) func $f)").elems[0]
    assert (short.flags, long.flags) == (0, 2)
    assert ir.Elem(short.mode, short.type, short.init, short.table, short.offset) == \
        ir.Elem(long.mode, long.type, long.init, long.table, long.offset)
