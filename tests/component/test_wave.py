"""WAVE text: every value type parsed to its Python value and printed back, and
errors that say what was expected, what was found and where."""

from __future__ import annotations

import math
from typing import Any

import pytest

from wasmlite.component import types as t
from wasmlite.component.values import Record, Variant
from wasmlite.component.wave import (WaveError, format_results, format_value, parse_args,
                                     parse_call, parse_value)

RECORD = t.Record([("a", t.U8()), ("long-name", t.String())])
OPTIONAL_RECORD = t.Record([("need", t.U8()), ("maybe", t.Option(t.U8()))])
VARIANT = t.Variant([("empty", None), ("days", t.U32()), ("name", t.String())])
KEYWORD_VARIANT = t.Variant([("ok", None), ("err", t.String())])
ENUM = t.Enum(["north", "south", "ok"])
FLAGS = t.Flags(["read", "write", "exec"])

# (type, WAVE text, Python value, the text printed for that value)
ROUND_TRIPS: list[tuple[t.ValType, str, Any, str]] = [
    (t.Bool(), "true", True, "true"),
    (t.Bool(), "false", False, "false"),
    (t.S8(), "-128", -128, "-128"),
    (t.U8(), "255", 255, "255"),
    (t.S16(), "-32768", -32768, "-32768"),
    (t.U16(), "65535", 65535, "65535"),
    (t.S32(), "-7", -7, "-7"),
    (t.U32(), "4294967295", 4294967295, "4294967295"),
    (t.S64(), "-9223372036854775808", -2**63, "-9223372036854775808"),
    (t.U64(), "18446744073709551615", 2**64 - 1, "18446744073709551615"),
    (t.F64(), "1.5", 1.5, "1.5"),
    (t.F64(), "6.022e+23", 6.022e23, "602200000000000000000000"),
    (t.F64(), "1e-7", 1e-7, "0.0000001"),
    (t.F64(), "-0.0", -0.0, "-0"),
    (t.F64(), "3", 3.0, "3"),
    (t.F64(), "inf", math.inf, "inf"),
    (t.F64(), "-inf", -math.inf, "-inf"),
    (t.F32(), "0.1", 0.10000000149011612, "0.1"),
    (t.F32(), "123456789", 123456792.0, "123456790"),
    (t.F32(), "3.4028235e38", 3.4028234663852886e38, "340282350000000000000000000000000000000"),
    (t.F32(), "1e39", math.inf, "inf"),
    (t.Char(), "'x'", "x", "'x'"),
    (t.Char(), "'☃'", "☃", "'☃'"),
    (t.Char(), "'\\''", "'", "'\\''"),
    (t.Char(), "'\"'", '"', "'\\\"'"),
    (t.Char(), "'\\u{1F44B}'", "\U0001F44B", "'\U0001F44B'"),
    (t.Char(), "'\\u{7}'", "\x07", "'\\u{7}'"),
    (t.String(), '"abc\\t123"', "abc\t123", '"abc\\t123"'),
    (t.String(), '"a\\\\b \\"q\\" x\'y"', 'a\\b "q" x\'y', '"a\\\\b \\"q\\" x\\\'y"'),
    (t.String(), '"\\u{0}\\u{7f}\\u{a0}\\u{200b}é\\n\\r"', "\x00\x7f\xa0\u200bé\n\r",
     '"\\u{0}\\u{7f}\\u{a0}\\u{200b}é\\n\\r"'),
    (t.String(), '""', "", '""'),
    (t.List(t.S16()), "[1, -2, 3,]", [1, -2, 3], "[1, -2, 3]"),
    (t.List(t.S16()), "[]", [], "[]"),
    (t.List(t.U8()), "[79, 75]", b"OK", "[79, 75]"),
    (t.List(t.List(t.Char())), "[['a'], []]", [["a"], []], "[['a'], []]"),
    (t.Tuple([t.U8(), t.String()]), '(123, "abc")', (123, "abc"), '(123, "abc")'),
    (RECORD, '{long-name: "two", a: 1,}', Record(**{"a": 1, "long-name": "two"}),
     '{a: 1, long-name: "two"}'),
    (RECORD, '{%a: 1, long-name: ""}', Record(**{"a": 1, "long-name": ""}),
     '{a: 1, long-name: ""}'),
    (OPTIONAL_RECORD, "{need: 1}", Record(need=1, maybe=None), "{need: 1}"),
    (OPTIONAL_RECORD, "{need: 1, maybe: some(2)}", Record(need=1, maybe=2),
     "{need: 1, maybe: some(2)}"),
    (t.Record([("maybe", t.Option(t.U8()))]), "{:}", Record(maybe=None), "{:}"),
    (VARIANT, "empty", None, "empty"),
    (VARIANT, "days(30)", 30, "days(30)"),
    (VARIANT, 'name("n")', "n", 'name("n")'),
    (KEYWORD_VARIANT, "%ok", None, "%ok"),
    (KEYWORD_VARIANT, '%err("x")', "x", '%err("x")'),
    (ENUM, "south", "south", "south"),
    (ENUM, "%ok", "ok", "%ok"),
    (t.Option(t.U32()), "some(5)", 5, "some(5)"),
    (t.Option(t.U32()), "5", 5, "some(5)"),
    (t.Option(t.U32()), "none", None, "none"),
    (t.Option(t.Option(t.U8())), "some(none)", Variant("some", None), "some(none)"),
    (t.Option(t.Option(t.U8())), "some(some(3))", Variant("some", 3), "some(some(3))"),
    (t.Option(t.Option(t.U8())), "none", Variant("none", None), "none"),
    (t.Result(t.String(), t.U8()), 'ok("hi")', "hi", 'ok("hi")'),
    (t.Result(t.String(), t.U8()), '"flat"', "flat", 'ok("flat")'),
    (t.Result(t.String(), t.U8()), "err(3)", 3, "err(3)"),
    (t.Result(t.U8(), t.U8()), "err(3)", Variant("err", 3), "err(3)"),
    (t.Result(None, t.String()), "ok", None, "ok"),
    (t.Result(), "err", Variant("err", None), "err"),
    (FLAGS, "{write, read,}", {"read", "write"}, "{read, write}"),
    (FLAGS, "{}", set(), "{}"),
]


@pytest.mark.parametrize("ty, text, value, printed", ROUND_TRIPS,
                         ids=[f"{ty}:{text}" for ty, text, _, _ in ROUND_TRIPS])
def test_round_trip(ty: t.ValType, text: str, value: Any, printed: str) -> None:
    parsed = parse_value(text, ty)
    assert parsed == value and type(parsed) is type(value)
    assert format_value(parsed, ty) == printed
    assert parse_value(printed, ty) == value


def test_nan_round_trips() -> None:
    for ty in (t.F32(), t.F64()):
        assert math.isnan(parse_value("nan", ty))
        assert format_value(math.nan, ty) == "nan"


def test_whitespace_and_comments_between_tokens() -> None:
    text = "{ a : 1 , // the first\n  long-name: \"x\" }"
    assert parse_value(text, RECORD) == Record(**{"a": 1, "long-name": "x"})


def test_multiline_string_is_dedented() -> None:
    text = '"""\n    Indentation determined\n      by ending delimiter\n  """'
    assert parse_value(text, t.String()) == "  Indentation determined\n    by ending delimiter"
    assert parse_value('"""\nA single line\n"""', t.String()) == "A single line"


# (type, text, the start of the message, the span)
ERRORS: list[tuple[t.ValType, str, str, tuple[int, int]]] = [
    (t.U32(), "-1", "expected u32 (from 0 to 4294967295), found `-1`", (0, 2)),
    (t.U8(), "256", "expected u8 (from 0 to 255), found `256`", (0, 3)),
    (t.S32(), "1.5", "expected an integer of type s32, found `1.5`", (0, 3)),
    (t.S32(), '"1"', 'expected an integer of type s32, found `"1"`', (0, 3)),
    (t.F64(), "-nan", "expected a number, found `-nan`", (0, 4)),
    (t.F64(), "x", "expected a number of type f64 (or nan, inf, -inf), found `x`", (0, 1)),
    (t.Bool(), "True", "expected a bool (`true` or `false`), found `True`", (0, 4)),
    (t.Char(), "''", "expected a character or an escape, found '", (1, 2)),
    (t.Char(), "'ab'", "expected one character between single quotes, found `'ab`", (0, 3)),
    (t.Char(), '"x"', "expected a char ('x'), found `\"x\"`", (0, 3)),
    (t.String(), '"abc', 'expected a character before ", found end of input', (4, 4)),
    (t.String(), '"\\q"', "expected an escape", (1, 3)),
    (t.String(), '"\\u{d800}"', "expected a Unicode scalar value, found U+D800", (1, 9)),
    (t.List(t.U8()), "[1 2]", "expected `,` or `]`, found `2`", (3, 4)),
    (t.List(t.U8()), "[1,", "expected an integer of type u8, found end of input", (3, 3)),
    (t.Tuple([t.U8(), t.U8()]), "(1)", "expected 2 elements of tuple<u8, u8>, found 1", (0, 3)),
    (t.Tuple([t.U8()]), "(1, 2)", "expected `)` after 1 elements", (4, 5)),
    (RECORD, "{a: 1}", "missing field `long-name` of record", (0, 6)),
    (RECORD, '{a: 1, b: 2}', "expected a field of record { a: u8, long-name: string }, "
                             "found `b`", (7, 8)),
    (RECORD, '{a: 1, a: 2}', "duplicate field `a`", (7, 8)),
    (FLAGS, "{read, read}", "duplicate flag `read`", (7, 11)),
    (FLAGS, "{delete}", "expected a flag of flags { read, write, exec }, found `delete`",
     (1, 7)),
    (ENUM, "west", "expected a case of enum { north, south, ok }, found `west`", (0, 4)),
    (ENUM, "ok", "expected a case of enum", (0, 2)),
    (VARIANT, "days", "expected `(` and the payload of case `days`, found end of input",
     (4, 4)),
    (VARIANT, "empty(1)", "expected no payload for case `empty`, found `(`", (5, 6)),
    (KEYWORD_VARIANT, "ok", "expected a case of variant", (0, 2)),
    (t.Option(t.Option(t.U8())), "3", "expected a case of option<option<u8>> "
                                      "(`none`, `some`), found `3`", (0, 1)),
    (t.Option(t.U8()), "some(1", "expected `)`, found end of input", (6, 6)),
    (t.U8(), "1 2", "expected end of input, found `2`", (2, 3)),
    (t.Own(t.ResourceType("r")), "1", "values of type", (0, 1)),
]


@pytest.mark.parametrize("ty, text, message, span", ERRORS,
                         ids=[f"{ty}:{text}" for ty, text, _, _ in ERRORS])
def test_errors_say_what_was_expected_and_found(ty: t.ValType, text: str, message: str,
                                                span: tuple[int, int]) -> None:
    with pytest.raises(WaveError) as info:
        parse_value(text, ty)
    assert info.value.message.startswith(message)
    assert (info.value.start, info.value.end) == span
    assert str(info.value).endswith(f" at {span[0]}..{span[1]}")


def test_call_and_arguments() -> None:
    name, arguments, offset = parse_call('greet("x", some(2))')
    assert (name, arguments, offset) == ("greet", '"x", some(2)', 6)
    params = [t.String(), t.Option(t.U8()), t.Option(t.U8())]
    assert parse_args(arguments, params, offset) == ["x", 2, None]
    assert parse_args("", []) == []
    with pytest.raises(WaveError, match=r"expected `\(` and the payload|expected a call"):
        parse_call("greet")
    with pytest.raises(WaveError) as info:
        parse_args("1", [t.U8(), t.U8()], 6)
    assert info.value.message == "expected 2 argument(s) (u8, u8), found 1"
    with pytest.raises(WaveError) as info:
        parse_args("1, 2", [t.U8()], 6)
    assert info.value.message == "expected end of the 1 argument(s), found `2`"
    assert (info.value.start, info.value.end) == (9, 10)


def test_results_print_unit_as_empty_tuple() -> None:
    assert format_results(None, None) == "()"
    assert format_results((7, 2.5), t.Tuple([t.U32(), t.F64()])) == "(7, 2.5)"
