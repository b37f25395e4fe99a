"""Instructions: rows chosen by mnemonic and immediates, immediates in IR order."""

import pytest

from wasmlite import ir
from wasmlite.opcodes import BY_NAME
from wasmlite.text import ParseError, parse_wat


def body(text: str, prelude: str = "") -> list[tuple]:
    """The first function's body, as (name, *immediates) with the final ``end`` dropped."""
    m = parse_wat(f"{prelude} (func {text})")
    return [(i[0].name, *i[1:]) for i in m.funcs[0].body[:-1]]


def test_select_with_result_types_is_the_typed_row():
    assert body("select") == [("select",)]
    assert body("select (result i32) (result)") == [("select t", ("i32",))]
    assert body("select (result)") == [("select t", ())]


def test_nullable_cast_types_choose_the_null_rows():
    code = body("ref.test (ref null any) ref.test anyref ref.test (ref $t) ref.cast (ref null 0) ref.cast i31ref",
                "(type $t (struct))")
    assert code == [("ref.test null", "any"), ("ref.test null", "any"), ("ref.test", 0),
                    ("ref.cast null", 0), ("ref.cast null", "i31")]


def test_br_on_cast_flags_record_nullability():
    code = body("(block $l (result anyref) (br_on_cast $l anyref (ref i31) (ref.null any)))")
    assert code[1] == ("ref.null", "any")
    assert code[2] == ("br_on_cast", 0b01, 0, "any", "i31")


def test_memargs_default_to_natural_alignment():
    code = body("i32.load i64.load8_u offset=0x10 align=1 v128.load i64.atomic.rmw16.add_u"
                " memory.atomic.wait64 v128.load32_zero i32.store offset=1_000",
                "(memory 1 1 shared)")
    assert code == [("i32.load", 2, 0, 0), ("i64.load8_u", 0, 16, 0), ("v128.load", 4, 0, 0),
                    ("i64.atomic.rmw16.add_u", 1, 0, 0), ("memory.atomic.wait64", 3, 0, 0),
                    ("v128.load32_zero", 2, 0, 0), ("i32.store", 2, 1000, 0)]


def test_memory_indices_and_64_bit_offsets():
    code = body("i64.load $b offset=0xffff_ffff_ffff align=8 i32.load 1 v128.load8_lane $b 3"
                " v128.load8_lane 1 2 memory.size $b memory.copy $a $b memory.init $b $d",
                "(memory $a 1) (memory $b i64 1) (data $d \"\")")
    assert code == [("i64.load", 3, 0xFFFFFFFFFFFF, 1), ("i32.load", 2, 0, 1),
                    ("v128.load8_lane", 0, 0, 1, 3), ("v128.load8_lane", 0, 0, 1, 2),
                    ("memory.size", 1), ("memory.copy", 0, 1), ("memory.init", 0, 1)]


def test_text_order_of_table_immediates():
    code = body("(call_indirect $t (type $f) (i32.const 0)) table.init $t $e table.init $e table.copy $t $u",
                "(type $f (func)) (table $u 1 funcref) (table $t 1 funcref) (elem $e func)")
    assert code == [("i32.const", 0), ("call_indirect", 0, 1), ("table.init", 0, 1),
                    ("table.init", 0, 0), ("table.copy", 1, 0)]


def test_labels_resolve_to_depths():
    code = body("(block $a (block $b (br_table $a $b 0 $a) (br_if $b (i32.const 0)))) (loop $a (br $a))")
    assert ("br_table", (1, 0, 0), 1) in code
    assert ("br_if", 0) in code
    assert code[-2:] == [("br", 0), ("end",)]


def test_labels_shadow_outer_labels_of_the_same_name():
    code = body("block $l block $l br $l end br $l end")
    assert [i for i in code if i[0] == "br"] == [("br", 0), ("br", 0)]


def test_end_label_must_match():
    assert body("block $l end $l") == [("block", None), ("end",)]
    with pytest.raises(ParseError, match="mismatching label"):
        body("block $l end $m")


def test_v128_const_in_every_shape():
    code = body("v128.const i8x16 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0x80"
                " v128.const i16x8 1 2 3 4 5 6 7 -1"
                " v128.const i32x4 0xffffffff 0 0 1"
                " v128.const i64x2 -1 1"
                " v128.const f32x4 1 -0 nan inf"
                " v128.const f64x2 0x1p0 -nan")
    assert code[0][1] == 0xFF | (0x80 << 120)
    assert code[1][1] == sum(v << (16 * k) for k, v in enumerate([1, 2, 3, 4, 5, 6, 7, 0xFFFF]))
    assert code[2][1] == 0xFFFFFFFF | (1 << 96)
    assert code[3][1] == (1 << 64) - 1 | (1 << 64)
    assert code[4][1] == 0x3F800000 | 0x80000000 << 32 | 0x7FC00000 << 64 | 0x7F800000 << 96
    assert code[5][1] == 0x3FF0000000000000 | 0xFFF8000000000000 << 64


def test_v128_const_needs_the_right_number_of_lanes():
    with pytest.raises(ParseError, match="wrong number of lane literals"):
        body("v128.const i32x4 1 2 3")
    with pytest.raises(ParseError, match="out of range"):
        body("v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0")


def test_shuffle_and_lane_immediates():
    code = body("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 i32x4.extract_lane 3")
    assert code == [("i8x16.shuffle", (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31)),
                    ("i32x4.extract_lane", 3)]
    with pytest.raises(ParseError, match="invalid lane length"):
        body("i8x16.shuffle 0 1 2")


def test_try_table_catch_clauses():
    code = body("(block $out (result exnref) (try_table (catch $e 0) (catch_ref $e $out) (catch_all 0)"
                " (catch_all_ref $out) (throw $e)) unreachable)", "(tag $e)")
    assert code[1] == ("try_table", None, ((0, 0, 0), (1, 0, 0), (2, None, 0), (3, None, 0)))
    assert code[2] == ("throw", 0)


def test_legacy_try_catch_and_delegate():
    flat = body("try $t catch $e catch_all end try delegate 0 block $b try delegate $b end", "(tag $e)")
    folded = body("(try $t (do) (catch $e) (catch_all)) (try (do) (delegate 0))"
                  " (block $b (try (do) (delegate $b)))", "(tag $e)")
    assert flat == folded == [("try", None), ("catch", 0), ("catch_all",), ("end",),
                              ("try", None), ("delegate", 0),
                              ("block", None), ("try", None), ("delegate", 0), ("end",)]


def test_delegate_cannot_follow_catch():
    with pytest.raises(ParseError):
        body("(try (do) (catch_all) (delegate 0))")


def test_constants():
    code = body("i32.const 0xffff_ffff i64.const -0x8000_0000_0000_0000 f32.const 0x1p-149"
                " f64.const -0.0 f32.const nan:0x1")
    assert code == [("i32.const", -1), ("i64.const", -(1 << 63)), ("f32.const", 1),
                    ("f64.const", 1 << 63), ("f32.const", 0x7F800001)]


def test_gc_instructions_take_type_and_field_indices():
    code = body("(struct.new $p (i32.const 1) (f64.const 2)) (struct.get $p $y) drop"
                " (array.new_fixed $a 2 (i32.const 0) (i32.const 1)) (array.copy $a $a) ref.null $p drop",
                "(type $p (struct (field $x i32) (field $y f64))) (type $a (array (mut i32)))")
    names = [(i[0], *i[1:]) for i in code]
    assert ("struct.get", 0, 1) in names
    assert ("array.new_fixed", 1, 2) in names
    assert ("array.copy", 1, 1) in names
    assert ("ref.null", 0) in names


def test_call_indirect_inline_type_is_registered_after_its_operands():
    m = parse_wat("(table 1 funcref) (func (call_indirect (param i64) (call_indirect (param f32) (i32.const 0))))")
    assert [t.comptype for t in m.types] == [ir.FuncType((), ()), ir.FuncType(("f32",), ()),
                                             ir.FuncType(("i64",), ())]


def test_unknown_mnemonics_are_unknown_operators():
    with pytest.raises(ParseError, match="unknown operator") as info:
        body("nop get_local 0")
    assert info.value.token == "get_local"


@pytest.mark.parametrize("name", ["select t", "ref.test null", "ref.cast null"])
def test_row_names_with_a_suffix_are_not_mnemonics(name):
    assert BY_NAME[name]
    with pytest.raises(ParseError):
        body(name.replace(" ", "_"))


@pytest.mark.parametrize("text", [
    "block " * 5000 + "end " * 5000,
    "(block " * 5000 + ")" * 5000,
    "(if (i32.const 0) (then " * 2000 + "))" * 2000,
    "(try (do " * 2000 + "))" * 2000,
])
def test_deep_nesting_needs_no_recursion(text):
    code = body(text)
    assert code.count(("end",)) == len(code) // (3 if "then" in text else 2)


def test_folded_if_evaluates_its_condition_outside_the_block():
    assert body("(if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))) drop") == [
        ("i32.const", 1), ("if", "i32"), ("i32.const", 2), ("else",), ("i32.const", 3), ("end",), ("drop",)]


@pytest.mark.parametrize("text", [
    "(block end)", "(if (i32.const 0) (else))", "(if (then) (then))", "(i32.add i32.const 1)",
    "block else end", "(try (catch_all) (do))", "end", "(then)",
])
def test_misplaced_structure_is_rejected(text):
    with pytest.raises(ParseError):
        body(text)
