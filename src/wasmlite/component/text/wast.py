"""The component forms of WAST scripts: component commands and component
values, read by the script parser (:mod:`wasmlite.text.wast`)."""

from __future__ import annotations

from ...text.cursor import Cursor
from ...text.error import LiteralError
from ...text.lexer import KEYWORD, LPAR, NUMBER, STRING, tokenize
from ...text.numbers import parse_int, parse_uint
from ...text.wast import quote_text, script_item
from .component import parse_component, parse_component_fields
from .script import ComponentCommand, ComponentDefinition, ComponentInstance, ComponentValue, \
    ScriptComponent

_INTEGERS = {"u8": (8, False), "s8": (8, True), "u16": (16, False), "s16": (16, True),
             "u32": (32, False), "s32": (32, True), "u64": (64, False), "s64": (64, True)}
VALUE_KEYWORDS = frozenset({"bool.const", "char.const", "str.const", "list.const", "record.const",
                            "tuple.const", "variant.const", "enum.const", "option.none",
                            "option.some", "result.ok", "result.err", "flags.const"}
                           | {t + ".const" for t in _INTEGERS})
"""The keywords of component values (``f32.const``/``f64.const`` are core values)."""


def quote_source(parts: list[bytes]) -> str:
    """The text of ``(component quote "..."*)``: a component of the strings,
    each followed by a space."""
    return "(component " + quote_text(parts) + ")"


def _component_source(source: str) -> bytes:
    return parse_component(Cursor(tokenize(source)))


def _component_fields(cur: Cursor, name: str | None) -> bytes:
    wasm = parse_component_fields(cur, name)
    cur.rpar()
    return wasm


def script_component(cur: Cursor) -> tuple[str | None, ScriptComponent]:
    """``(component definition? $name? ...)`` in text, binary or quote form,
    from its ``(``; the cursor ends after its ``)``."""
    return script_item(cur, ScriptComponent, quote_source, _component_source, _component_fields)


def component_command(cur: Cursor, line: int):
    """A ``(component ...)`` command: a definition, an instance or a component."""
    kw = cur.peek_keyword(2)
    if kw == "instance":
        cur.i += 3
        instance = cur.id()
        definition = cur.id()
        cur.rpar()
        return ComponentInstance(line, instance, definition)
    name, component = script_component(cur)
    if kw == "definition":
        return ComponentDefinition(line, name, component)
    return ComponentCommand(line, name, component)


def component_value(cur: Cursor) -> ComponentValue:
    """The contents of a component value, from its keyword (inside its parentheses)."""
    at = cur.i
    kw = cur.keyword()
    if kw not in VALUE_KEYWORDS:
        raise cur.error("unexpected token", "a component value", at)
    t = kw.split(".")[0]
    if t in _INTEGERS:
        bits, signed = _INTEGERS[t]
        i = cur.i
        if cur.kind() not in (NUMBER, KEYWORD):
            raise cur.unexpected("a number")
        try:
            value = parse_int(cur.texts[i], bits) if signed else parse_uint(cur.texts[i], bits)
        except LiteralError as e:
            raise cur.literal_error(e) from None
        if signed and value >= 1 << (bits - 1):
            value -= 1 << bits
        cur.i = i + 1
        return ComponentValue(t, value)
    if kw == "bool.const":
        word = cur.keyword()
        if word not in ("true", "false"):
            raise cur.error("unexpected token", "'true' or 'false'", cur.i - 1)
        return ComponentValue("bool", word == "true")
    if kw == "char.const":
        text = cur.name()
        if len(text) != 1:
            raise cur.error("expected a single character", "one character", cur.i - 1)
        return ComponentValue("char", text)
    if kw == "str.const":
        return ComponentValue("string", cur.name())
    if kw in ("list.const", "tuple.const"):
        items = []
        while cur.kind() == LPAR:
            items.append(nested_value(cur))
        return ComponentValue(t, tuple(items))
    if kw == "record.const":
        fields = []
        while cur.accept_sexpr("field"):
            label = cur.name()
            fields.append((label, nested_value(cur, bare=True)))
            cur.rpar()
        return ComponentValue("record", tuple(fields))
    if kw == "variant.const":
        case = cur.name()
        payload = nested_value(cur) if cur.kind() == LPAR else None
        return ComponentValue("variant", (case, payload))
    if kw == "enum.const":
        return ComponentValue("enum", cur.name())
    if kw == "option.none":
        return ComponentValue("option", None)
    if kw == "option.some":
        return ComponentValue("option", nested_value(cur))
    if kw in ("result.ok", "result.err"):
        payload = nested_value(cur) if cur.kind() == LPAR else None
        return ComponentValue("result", (kw[7:], payload))
    flags = []
    while cur.kind() == STRING:
        flags.append(cur.name())
    return ComponentValue("flags", tuple(flags))


def nested_value(cur: Cursor, bare: bool = False):
    """A value inside another: ``(t.const ...)``, or (``bare``, as a record
    field's) either that or the contents without parentheses."""
    from ...text.wast import ScriptParser
    if bare and cur.kind() != LPAR:
        return _bare_value(cur)
    parser = ScriptParser.__new__(ScriptParser)
    parser.cur = cur
    parser.tokens = cur.tokens
    return parser.value(result=False)


def _bare_value(cur: Cursor):
    """A value written without its parentheses (``(field "a" u32.const 1)``)."""
    kw = cur.peek_keyword()
    if kw in VALUE_KEYWORDS:
        return component_value(cur)
    from ...text import script as s
    from ...text.numbers import F32, F64, parse_float
    if kw in ("f32.const", "f64.const"):
        cur.i += 1
        fmt = F32 if kw == "f32.const" else F64
        i = cur.i
        try:
            bits = parse_float(cur.texts[i], fmt)
        except LiteralError as e:
            raise cur.literal_error(e) from None
        cur.i = i + 1
        return s.Value(kw[:3], bits)
    raise cur.unexpected("a component value")
