"""Malformed text raises ParseError saying where, what was found and what was expected."""

import pytest

from wasmlite.errors import MalformedError, NotSupportedError
from wasmlite.text import ParseError, parse_wat, wat2wasm


def error_of(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_wat(text)
    return info.value


def test_error_message_has_position_token_and_expectation():
    e = error_of("(module\n  (func\n    i32.add\n    i32.frob))")
    assert (e.line, e.column, e.token, e.reason) == (4, 5, "i32.frob", "unknown operator")
    assert str(e) == "4:5: unknown operator: found 'i32.frob', expected an instruction"
    assert isinstance(e, MalformedError)


def test_wat2wasm_raises_parse_errors_too():
    with pytest.raises(MalformedError, match="1:14: unexpected token"):
        wat2wasm("(func (param i33))")


def test_end_of_input_is_reported():
    e = error_of("(module (func")
    assert e.token is None
    assert "found end of input" in str(e)


@pytest.mark.parametrize("text, reason", [
    ("(func (local.get $x))", "unknown local"),
    ("(func (call $nowhere))", "unknown function"),
    ("(func (br $l))", "unknown label"),
    ("(func $f) (func $f)", "duplicate function"),
    ("(func (param $a i32) (local $a i32))", "duplicate local"),
    ("(type (struct (field $a i32) (field $a i64)))", "duplicate field"),
    ("(func) (import \"m\" \"n\" (func))", "import after function"),
    ("(memory 1) (import \"m\" \"n\" (global i32))", "import after memory"),
    ("(func $f) (start $f) (start $f)", "multiple start sections"),
    ("(memory 1) (func (i32.load align=3 (i32.const 0)) drop)", "alignment"),
    ("(func (i32.const 0x1_0000_0000) drop)", "constant out of range"),
    ("(func (f32.const 1e39) drop)", "constant out of range"),
    ("(type $t (func (param i32))) (func (type $t) (param i64))", "inline function type"),
    ("(func (block (param $x i32)))", "unexpected token"),
    ("(func (i32.const0))", "unknown operator"),
    ("(memory 1 (pagesize 3))", "invalid custom page size"),
    ("(func) x", "unexpected token"),
    ("(module (func)) (func)", "unexpected token"),
])
def test_malformed_modules_are_rejected_with_the_spec_reason(text, reason):
    assert reason in error_of(text).reason


def test_numeric_indices_out_of_range_are_left_to_validation():
    m = parse_wat("(func (call 7) (local.get 3) (br 9))")
    assert [i[1] for i in m.funcs[0].body[:3]] == [7, 3, 9]


def test_unsupported_proposals_raise_not_supported():
    with pytest.raises(NotSupportedError):
        parse_wat("(type (descriptor 1) (struct))")


@pytest.mark.parametrize("text, reason", [
    ('(module (@name "a") (@name "b"))', "@name annotation: multiple module names"),
    ('(func (@name "a") (@name "b"))', "@name annotation: multiple function names"),
    ('(module (func) (@name "a"))', "misplaced @name annotation"),
    ('(func (@custom "x"))', "misplaced @custom annotation"),
    ("(@custom 4)", "missing section name"),
    ('(@custom "x" (before types))', "malformed section kind"),
    ('(@custom "x" here)', "unexpected token"),
])
def test_misused_annotations_are_rejected(text, reason):
    assert reason in error_of(text).reason
