"""Every text-format abbreviation denotes the same module as its expansion."""

import pytest

from wasmlite import ir
from wasmlite.opcodes import BY_NAME
from wasmlite.text import parse_wat


def meaning(text: str) -> ir.Module:
    """The module of ``text`` without its name section and without the binary
    encoding choices the text implies (element segment flags)."""
    module = parse_wat(text)
    module.names = ir.Names()
    for e in module.elems:
        e.flags = None
    return module


EQUIVALENT = {
    "inline export": (
        '(func (export "a") (export "b"))',
        '(func $f) (export "a" (func $f)) (export "b" (func $f))'),
    "inline import": (
        '(func $f (import "m" "n") (param i32)) (global (import "m" "g") i32)'
        ' (memory (import "m" "mem") 1) (table (import "m" "t") 1 funcref) (tag (import "m" "e"))',
        '(import "m" "n" (func $f (param i32))) (import "m" "g" (global i32))'
        ' (import "m" "mem" (memory 1)) (import "m" "t" (table 1 funcref)) (import "m" "e" (tag))'),
    "inline import and export": (
        '(global (export "e") (import "m" "g") i32)',
        '(import "m" "g" (global $g i32)) (export "e" (global $g))'),
    "bare module fields": ("(func)", "(module (func))"),
    "type use matching an explicit type": (
        "(type (func (param i32))) (func (param i32))",
        "(type $t (func (param i32))) (func (type $t))"),
    "type use with an explicit type and inline signature": (
        "(type $t (func (param i32))) (func (type $t) (param i32))",
        "(type $t (func (param i32))) (func (type $t))"),
    "implicit types append in order of use": (
        "(func (param i64)) (type (func)) (func (result f32)) (func (param i64))",
        "(type (func)) (type (func (param i64))) (type (func (result f32)))"
        " (func (type 1)) (func (type 2)) (func (type 1))"),
    "parameter groups": (
        "(func (param i32 i64) (param f32) (result i32) (result) (i32.const 0))",
        "(func (param i32) (param i64) (param f32) (result i32) (i32.const 0))"),
    "offset shorthand": (
        '(memory 1) (data (i32.const 8) "x")',
        '(memory 1) (data (memory 0) (offset (i32.const 8)) "x")'),
    "elem offset shorthand without table or func keyword": (
        "(table 1 funcref) (func $f) (elem (i32.const 0) $f)",
        "(table 1 funcref) (func $f) (elem (table 0) (offset (i32.const 0)) func $f)"),
    "item shorthand": (
        "(func $f) (elem funcref (ref.func $f) (ref.null func))",
        "(func $f) (elem funcref (item ref.func $f) (item (ref.null func)))"),
    "inline table elements": (
        "(func $f) (table $t funcref (elem $f $f))",
        "(func $f) (table $t 2 2 funcref) (elem (table $t) (i32.const 0) func $f $f)"),
    "inline table element expressions": (
        "(table $t i64 externref (elem (ref.null extern)))",
        "(table $t i64 1 1 externref) (elem (table $t) (i64.const 0) externref (ref.null extern))"),
    "inline memory data": (
        '(memory $m (data "ab" "c"))',
        '(memory $m 1 1) (data (memory $m) (i32.const 0) "abc")'),
    "inline memory64 data with a page size": (
        '(memory i64 (pagesize 1) (data "abc"))',
        '(memory i64 3 3 (pagesize 1)) (data (i64.const 0) "abc")'),
    "folded instructions": (
        "(func (result i32) (i32.add (i32.const 1) (i32.mul (i32.const 2) (i32.const 3))))",
        "(func (result i32) i32.const 1 i32.const 2 i32.const 3 i32.mul i32.add)"),
    "folded if": (
        "(func (param i32) (if $l (local.get 0) (then (br $l)) (else nop)))",
        "(func (param i32) local.get 0 if $l br 0 else nop end)"),
    "folded block and loop": (
        "(func (block $a (loop $b (br $b) (br $a))))",
        "(func block $a loop $b br 0 br 1 end end)"),
    "symbolic and numeric locals": (
        "(func (param $x i32) (local $y i64) (local.get $x) (local.get $y) drop drop)",
        "(func (param i32) (local i64) (local.get 0) (local.get 1) drop drop)"),
    "symbolic field indices": (
        "(type $s (struct (field $a i32) (field $b (mut i64)))) (func (param (ref $s)) (struct.get $s $b (local.get 0)) drop)",
        "(type $s (struct (field i32) (field (mut i64)))) (func (param (ref 0)) (struct.get 0 1 (local.get 0)) drop)"),
    "start by name": ("(func $s) (start $s)", "(func) (start 0)"),
}


@pytest.mark.parametrize("name", sorted(EQUIVALENT))
def test_abbreviation_denotes_its_expansion(name):
    short, long = EQUIVALENT[name]
    assert meaning(short) == meaning(long)


def test_implicit_types_follow_explicit_ones():
    m = parse_wat("(func (param i32)) (type $t (func (result i64))) (func (type $t))")
    assert [t.comptype for t in m.types] == [ir.FuncType((), ("i64",)), ir.FuncType(("i32",), ())]
    assert [f.typeidx for f in m.funcs] == [1, 0]
    assert m.rec_groups == [(0, 1), (1, 1)]


def test_types_in_rec_groups_are_not_reused_for_inline_type_uses():
    m = parse_wat("(rec (type (func))) (func)")
    assert len(m.types) == 2 and m.funcs[0].typeidx == 1
    assert m.rec_groups == [(0, 1), (1, 1)]


def test_block_types_use_the_shortest_form():
    m = parse_wat("(func (block) (block (result i32) unreachable) (block (param i32) (result i32) unreachable)"
                  " (block (result i32 i32) unreachable))")
    blocks = [instr[1] for instr in m.funcs[0].body if instr[0] is BY_NAME["block"]]
    assert blocks[:2] == [None, "i32"]
    assert m.types[blocks[2]].comptype == ir.FuncType(("i32",), ("i32",))
    assert m.types[blocks[3]].comptype == ir.FuncType((), ("i32", "i32"))


def test_inline_imports_count_first_in_index_spaces():
    m = parse_wat('(func $a (import "m" "a")) (func $b) (func (call $b) (call $a))')
    calls = [i[1] for i in m.funcs[1].body if i[0] is BY_NAME["call"]]
    assert calls == [1, 0]


def test_identifiers_become_names():
    m = parse_wat("(module $mod (func $f (param $p i32) (local $l i64)) (func (@name \"λ\")))")
    assert m.names.module == "mod"
    assert m.names.funcs == {0: "f", 1: "λ"}
    assert m.names.locals == {0: {0: "p", 1: "l"}}


def test_custom_annotations_become_custom_sections_in_order():
    m = parse_wat('(module (@custom "a" "1" "2") (func) (@custom "b" (after func) "3"))')
    assert m.customs == [("a", b"12"), ("b", b"3")]
