"""Tokens: strings and their escapes, identifiers, comments, annotations, illegal input."""

import pytest

from wasmlite.errors import MalformedError
from wasmlite.text import ParseError
from wasmlite.text.error import LiteralError
from wasmlite.text.lexer import ID, KEYWORD, LPAR, NUMBER, RESERVED, RPAR, STRING, tokenize
from wasmlite.text.strings import string_bytes, string_name


@pytest.mark.parametrize("literal, data", [
    ('""', b""),
    ('"abc"', b"abc"),
    (r'"\t\n\r\"\'\\"', b"\t\n\r\"'\\"),
    (r'"\00\ff\7F"', b"\x00\xff\x7f"),
    (r'"\u{41}\u{e9}\u{1F600}\u{1_0000}"', "Aé😀\U00010000".encode()),
    ('"Modül"', "Modül".encode()),
])
def test_string_escapes_denote_bytes(literal, data):
    assert string_bytes(literal) == data


@pytest.mark.parametrize("literal", [r'"\x"', r'"\0"', r'"\u{}"', r'"\u{D800}"', r'"\u{110000}"',
                                     '"a\tb"', '"a\x7fb"'])
def test_malformed_strings_are_rejected(literal):
    with pytest.raises(LiteralError):
        string_bytes(literal)


def test_names_must_be_utf8():
    assert string_name(r'"\e2\82\ac"') == "€"
    with pytest.raises(LiteralError, match="malformed UTF-8"):
        string_name(r'"\80"')


def kinds_and_texts(source):
    t = tokenize(source)
    return list(zip(t.kinds, t.texts))


def test_tokens_are_classified():
    assert kinds_and_texts('(func $f "s" 1 -0x2 i32.add offset=4 $"a b" 0x1x)') == [
        (LPAR, "("), (KEYWORD, "func"), (ID, "f"), (STRING, '"s"'), (NUMBER, "1"),
        (NUMBER, "-0x2"), (KEYWORD, "i32.add"), (KEYWORD, "offset=4"), (ID, "a b"),
        (NUMBER, "0x1x"), (RPAR, ")")]


def test_tokens_that_run_together_form_one_reserved_token():
    assert kinds_and_texts('$l$l 0$l "a"b') == [(ID, "l$l"), (NUMBER, "0$l"), (RESERVED, '"a"b')]


def test_comments_nest_and_delimit_tokens():
    source = "(; outer (; inner ;) still ;)nop;;line\rnop (;;)nop ;; end"
    assert kinds_and_texts(source) == [(KEYWORD, "nop"), (KEYWORD, "nop"), (KEYWORD, "nop")]


def test_offsets_give_line_and_column():
    t = tokenize("(module\n  (func\n\t  nop))")
    i = t.texts.index("nop")
    assert t.position(t.offsets[i]) == (3, 4)


def test_unknown_annotations_are_dropped():
    t = tokenize('(module (@a x (y) "z" (@b)) (@"quoted" ) (func))')
    assert t.texts == ["(", "module", "(", "func", ")", ")"]
    assert t.annotations == []


def test_interpreted_annotations_are_kept_with_their_position():
    t = tokenize('(module (@custom "c" "d") (func (@name "f")))')
    assert t.texts == ["(", "module", "(", "func", ")", ")"]
    custom, name = t.annotations
    assert (custom.name, custom.tokens.texts, custom.at) == ("custom", ['"c"', '"d"'], 2)
    assert (name.name, name.tokens.texts, name.at) == ("name", ['"f"'], 4)


@pytest.mark.parametrize("source, reason", [
    ("(func \x00)", "illegal character"),
    ("(func é)", "illegal character"),
    ('(data "abc', "unclosed string"),
    ("(; never closed", "unclosed comment"),
    ("(@a (b)", "unclosed annotation"),
    ('(@"")', "empty annotation id"),
    ('$""', "empty identifier"),
])
def test_lexical_errors_name_their_cause(source, reason):
    with pytest.raises(ParseError, match=reason) as info:
        tokenize(source)
    assert isinstance(info.value, MalformedError)
