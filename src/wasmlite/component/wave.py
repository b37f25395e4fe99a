"""WAVE, the WebAssembly Value Encoding: component values as text.

WAVE writes component values much as WIT writes their types: ``true``,
``-9``, ``3.5``, ``nan``, ``'x'``, ``"a\\tb"``, ``[1, 2]``, ``(1, "a")``,
``{name: "x", size: 2}`` for records, ``days(30)`` or ``forever`` for variant
cases, ``south`` for enums, ``some(1)``/``none`` (or the bare payload) for
options, ``ok(1)``/``err("e")`` (or the bare ``ok`` payload) for results and
``{read, write}`` for flags. A label that is a keyword (``true``, ``false``,
``inf``, ``nan``, ``some``, ``none``, ``ok``, ``err``) is written ``%ok``.
``//`` starts a comment that runs to the end of the line.

Parsing is typed: :func:`parse_value` reads the text of one value of a given
component type and returns the Python value the canonical ABI takes for it
(as :mod:`wasmlite.component.values` describes), :func:`format_value` writes
such a value back. :func:`parse_call` reads a call ``name(arg, ...)`` and
:func:`parse_args` its arguments for the function's parameter types (trailing
``none`` options may be left out). Errors are :class:`WaveError`, which say
what was expected, what was found, and where (character offsets).
"""

from __future__ import annotations

import math
import re
import struct
import unicodedata
from decimal import Decimal
from typing import Any, Iterator, NamedTuple, Sequence

from . import types as t
from .canonical.variants import is_tagged, variant_cases
from .values import Record, Variant

__all__ = ["WaveError", "parse_value", "format_value", "parse_call", "parse_args",
           "format_results", "KEYWORDS"]

KEYWORDS = frozenset({"true", "false", "inf", "nan", "some", "none", "ok", "err"})
"""Words a label must be prefixed with ``%`` to be read as a label."""

_INT_RANGES: dict[type, tuple[int, int]] = {
    t.S8: (-2**7, 2**7 - 1), t.U8: (0, 2**8 - 1),
    t.S16: (-2**15, 2**15 - 1), t.U16: (0, 2**16 - 1),
    t.S32: (-2**31, 2**31 - 1), t.U32: (0, 2**32 - 1),
    t.S64: (-2**63, 2**63 - 1), t.U64: (0, 2**64 - 1),
}


class WaveError(ValueError):
    """Text that is not WAVE, or not a value of the expected type. ``start`` and
    ``end`` delimit the offending text (character offsets)."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(f"{message} at {start}..{end}")
        self.message = message
        self.start = start
        self.end = end


# --- tokens ------------------------------------------------------------------------------

class Token(NamedTuple):
    """One token: its ``kind`` (``number``, ``label``, ``char``, ``string``, a
    punctuation character, or ``end``), its decoded ``value`` and its span."""

    kind: str
    value: Any
    start: int
    end: int
    escaped: bool = False
    """For a label: written with a leading ``%``."""

    def text(self, source: str) -> str:
        """The token as written."""
        return source[self.start:self.end] if self.kind != "end" else "end of input"


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![0-9A-Za-z_.])")
_LABEL = re.compile(r"%?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z][A-Za-z0-9]*)*(?![A-Za-z0-9_-])")
_SPACE = re.compile(r"(?:[ \t\r\n]+|//[^\n]*)*")
_PUNCT = frozenset("()[]{},:")
_ESCAPES = {"'": "'", '"': '"', "\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _scan_char(source: str, pos: int, quote: str) -> tuple[str, int]:
    """The character at ``pos`` inside a ``quote``-delimited literal (an escape
    or one character) and the position after it."""
    if pos >= len(source):
        raise WaveError(f"expected a character before {quote}, found end of input", pos, pos)
    ch = source[pos]
    if ch == quote:
        raise WaveError(f"expected a character or an escape, found {quote}", pos, pos + 1)
    if ch == "\n":
        raise WaveError("expected `\\n` for a line break inside a literal, found a line break",
                        pos, pos + 1)
    if ch != "\\":
        return ch, pos + 1
    code = source[pos + 1:pos + 2]
    if code in _ESCAPES:
        return _ESCAPES[code], pos + 2
    if code == "u":
        match = re.compile(r"\{([0-9A-Fa-f]{1,6})\}").match(source, pos + 2)
        if match is not None:
            value = int(match.group(1), 16)
            if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
                return chr(value), match.end()
            raise WaveError(f"expected a Unicode scalar value, found U+{value:X}",
                            pos, match.end())
    raise WaveError("expected an escape (\\', \\\", \\\\, \\t, \\n, \\r or \\u{HEX}), "
                    f"found `{source[pos:pos + 2]}`", pos, pos + 2)


def _scan_multiline(source: str, pos: int) -> tuple[str, int]:
    """A multiline string starting at ``pos`` (its opening ``\"\"\"``): the
    dedented text and the position after the closing ``\"\"\"``."""
    start = pos
    pos += 3
    if source.startswith("\r\n", pos):
        pos += 2
    elif source.startswith("\n", pos):
        pos += 1
    else:
        raise WaveError("expected a line break after `\"\"\"`", pos, pos + 1)
    lines: list[list[str]] = [[]]
    while True:
        if pos >= len(source):
            raise WaveError("expected `\"\"\"` to end the multiline string, found end of input",
                            start, pos)
        if source.startswith('"""', pos):
            break
        ch = source[pos]
        if ch == "\n" or source.startswith("\r\n", pos):
            lines.append([])
            pos += 1 if ch == "\n" else 2
        elif ch == "\\":
            decoded, pos = _scan_char(source, pos, '"')
            lines[-1].append("\x00" + decoded)  # escaped: not indentation
        else:
            lines[-1].append(ch)
            pos += 1
    last = lines.pop()
    if any(c != " " for c in last):
        raise WaveError("expected the closing `\"\"\"` of a multiline string on a line of its own",
                        start, pos + 3)
    indent = len(last)
    out = []
    for line in lines:
        head = line[:indent]
        if len(head) < indent or any(c != " " for c in head):
            if line:
                raise WaveError(f"expected each line of a multiline string to start with "
                                f"{indent} spaces", start, pos + 3)
        out.append("".join(c[-1] if c.startswith("\x00") else c for c in line[indent:]))
    return "\n".join(out), pos + 3


def _label_end(source: str, pos: int) -> int:
    """Where the label starting at ``pos`` ends (``pos`` when there is none)."""
    match = _LABEL.match(source, pos)
    return pos if match is None else match.end()


def tokenize(source: str) -> Iterator[Token]:
    """The tokens of ``source``, ending with an ``end`` token."""
    pos = _SPACE.match(source, 0).end()  # type: ignore[union-attr]
    n = len(source)
    while pos < n:
        ch = source[pos]
        start = pos
        if ch in _PUNCT:
            yield Token(ch, ch, pos, pos + 1)
            pos += 1
        elif ch == "'":
            value, pos = _scan_char(source, pos + 1, "'")
            if source[pos:pos + 1] != "'":
                raise WaveError("expected one character between single quotes, found "
                                f"`{source[start:pos + 1]}`", start, pos + 1)
            pos += 1
            yield Token("char", value, start, pos)
        elif ch == '"':
            if source.startswith('"""', pos):
                text, pos = _scan_multiline(source, pos)
                yield Token("string", text, start, pos)
            else:
                pos += 1
                parts = []
                while source[pos:pos + 1] != '"':
                    part, pos = _scan_char(source, pos, '"')
                    parts.append(part)
                pos += 1
                yield Token("string", "".join(parts), start, pos)
        elif source.startswith("-inf", pos) and _label_end(source, pos + 1) == pos + 4:
            yield Token("number", "-inf", pos, pos + 4)
            pos += 4
        elif ch == "-" or ch.isdigit():
            match = _NUMBER.match(source, pos)
            if match is None:
                end = pos + 1
                while end < n and (source[end].isalnum() or source[end] in "._+-"):
                    end += 1
                raise WaveError(f"expected a number, found `{source[pos:end]}`", pos, end)
            yield Token("number", match.group(), pos, match.end())
            pos = match.end()
        else:
            match = _LABEL.match(source, pos)
            if match is None:
                end = pos + 1
                while end < n and not source[end].isspace() and source[end] not in _PUNCT:
                    end += 1
                raise WaveError(f"expected a value, found `{source[pos:end]}`", pos, end)
            word = match.group()
            escaped = word.startswith("%")
            yield Token("label", word[1:] if escaped else word, pos, match.end(), escaped)
            pos = match.end()
        pos = _SPACE.match(source, pos).end()  # type: ignore[union-attr]
    yield Token("end", None, n, n)


_F32_OVERFLOW = 2.0 ** 128 - 2.0 ** 103
"""The smallest magnitude that rounds to infinity as an ``f32``."""


def _to_f32(value: float) -> float:
    """``value`` rounded to the nearest ``f32`` (to nearest even; infinity past
    the largest finite ``f32``)."""
    if math.isfinite(value) and abs(value) >= _F32_OVERFLOW:
        return math.copysign(math.inf, value)
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:  # rounds down to the largest finite f32
        return math.copysign(struct.unpack("<f", b"\xff\xff\x7f\x7f")[0], value)


# --- the typed parser ---------------------------------------------------------------------

def _is_option_or_result(ty: t.ValType | None) -> bool:
    return isinstance(ty, (t.Option, t.Result))


def _type_text(ty: t.ValType) -> str:
    return str(ty)


class _Parser:
    """Reads values of given types from the tokens of one text."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = list(tokenize(source))
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def fail(self, expected: str, token: Token | None = None) -> WaveError:
        token = token or self.token
        found = token.text(self.source)
        return WaveError(f"expected {expected}, found "
                         f"{found if token.kind == 'end' else '`' + found + '`'}",
                         token.start, token.end)

    def expect(self, kind: str) -> Token:
        if self.token.kind != kind:
            raise self.fail(f"`{kind}`")
        return self.advance()

    def comma_or(self, close: str) -> bool:
        """After an item of a sequence: ``True`` when ``close`` ends it (consumed)."""
        if self.token.kind == ",":
            self.advance()
            if self.token.kind == close:
                self.advance()
                return True
            return False
        if self.token.kind == close:
            self.advance()
            return True
        raise self.fail(f"`,` or `{close}`")

    def sequence(self, open_: str, close: str) -> Iterator[None]:
        """Yield once per item of a delimited, comma-separated sequence (trailing
        comma allowed); the caller reads each item."""
        self.expect(open_)
        if self.token.kind == close:
            self.advance()
            return
        while True:
            yield None
            if self.comma_or(close):
                return

    def keyword(self, word: str) -> bool:
        token = self.token
        return token.kind == "label" and not token.escaped and token.value == word

    def value(self, ty: t.ValType) -> Any:
        """Read one value of type ``ty``."""
        token = self.token
        if isinstance(ty, t.Bool):
            if self.keyword("true") or self.keyword("false"):
                self.advance()
                return token.value == "true"
            raise self.fail("a bool (`true` or `false`)")
        if type(ty) in _INT_RANGES:
            return self.integer(ty)
        if isinstance(ty, (t.F32, t.F64)):
            return self.float_value(ty)
        if isinstance(ty, t.Char):
            if token.kind != "char":
                raise self.fail("a char ('x')")
            self.advance()
            return token.value
        if isinstance(ty, t.String):
            if token.kind != "string":
                raise self.fail('a string ("...")')
            self.advance()
            return token.value
        if isinstance(ty, t.List):
            return self.list_value(ty)
        if isinstance(ty, t.Tuple):
            return self.tuple_value(ty)
        if isinstance(ty, t.Record):
            return self.record(ty)
        if isinstance(ty, t.Flags):
            return self.flags(ty)
        if isinstance(ty, t.Enum):
            return self.enum(ty)
        if isinstance(ty, (t.Variant, t.Option, t.Result)):
            return self.variant(ty)
        raise WaveError(f"values of type `{ty}` cannot be written in WAVE",
                        token.start, token.end)

    def integer(self, ty: t.ValType) -> int:
        token = self.token
        low, high = _INT_RANGES[type(ty)]
        if token.kind != "number" or not re.fullmatch(r"-?[0-9]+", token.value):
            raise self.fail(f"an integer of type {ty}")
        value = int(token.value)
        if not low <= value <= high:
            raise WaveError(f"expected {ty} (from {low} to {high}), found `{token.value}`",
                            token.start, token.end)
        self.advance()
        return value

    def float_value(self, ty: t.ValType) -> float:
        token = self.token
        if token.kind == "label" and not token.escaped and token.value in ("nan", "inf"):
            self.advance()
            return math.nan if token.value == "nan" else math.inf
        if token.kind != "number":
            raise self.fail(f"a number of type {ty} (or nan, inf, -inf)")
        self.advance()
        value = float(token.value)
        return _to_f32(value) if isinstance(ty, t.F32) else value

    def list_value(self, ty: t.List) -> Any:
        items: list[Any] = []
        for _ in self.sequence("[", "]"):
            items.append(self.value(ty.element))
        if ty.length is not None and len(items) != ty.length:
            raise WaveError(f"expected {ty.length} elements, found {len(items)}",
                            self.tokens[self.index - 1].start, self.tokens[self.index - 1].end)
        if isinstance(ty.element, t.U8):
            return bytes(items)
        return items

    def tuple_value(self, ty: t.Tuple) -> tuple[Any, ...]:
        start = self.token
        items: list[Any] = []
        for _ in self.sequence("(", ")"):
            if len(items) == len(ty.elements):
                raise self.fail(f"`)` after {len(items)} elements of {ty}")
            items.append(self.value(ty.elements[len(items)]))
        if len(items) != len(ty.elements):
            raise WaveError(f"expected {len(ty.elements)} elements of {ty}, found {len(items)}",
                            start.start, self.tokens[self.index - 1].end)
        return tuple(items)

    def record(self, ty: t.Record) -> Record:
        start = self.token
        fields = dict(ty.fields)
        values: dict[str, Any] = {}
        self.expect("{")
        if self.token.kind == ":":  # `{:}`: every field is a `none` option
            self.advance()
            self.expect("}")
        elif self.token.kind == "}":
            self.advance()
        else:
            while True:
                label = self.token
                if label.kind != "label":
                    raise self.fail(f"a field name of {ty}")
                if label.value not in fields:
                    raise WaveError(f"expected a field of {ty}, found `{label.value}`",
                                    label.start, label.end)
                if label.value in values:
                    raise WaveError(f"duplicate field `{label.value}`", label.start, label.end)
                self.advance()
                self.expect(":")
                values[label.value] = self.value(fields[label.value])
                if self.comma_or("}"):
                    break
        end = self.tokens[self.index - 1].end
        result = {}
        for name, field_type in ty.fields:
            if name in values:
                result[name] = values[name]
            elif isinstance(field_type, t.Option):
                result[name] = self.none_of(field_type)
            else:
                raise WaveError(f"missing field `{name}` of {ty}", start.start, end)
        return Record(**result)

    def none_of(self, ty: t.Option) -> Any:
        """The Python value of ``none`` for the option type ``ty``."""
        return _make_case(ty, "none", None)

    def flags(self, ty: t.Flags) -> set[str]:
        names = set()
        for _ in self.sequence("{", "}"):
            label = self.token
            if label.kind != "label" or label.value not in ty.names:
                raise self.fail(f"a flag of {ty}")
            if label.value in names:
                raise WaveError(f"duplicate flag `{label.value}`", label.start, label.end)
            names.add(label.value)
            self.advance()
        return names

    def enum(self, ty: t.Enum) -> str:
        label = self.token
        if label.kind != "label" or label.value not in ty.names or (
                label.value in KEYWORDS and not label.escaped):
            raise self.fail(f"a case of {ty}")
        self.advance()
        return label.value

    def variant(self, ty: t.ValType) -> Any:
        cases = dict(variant_cases(ty))
        label = self.token
        if isinstance(ty, t.Variant):
            named = label.escaped or label.value not in KEYWORDS
        else:
            named = not label.escaped
        if label.kind == "label" and named and label.value in cases:
            self.advance()
            payload_type = cases[label.value]
            payload = None
            if payload_type is not None:
                if self.token.kind != "(":
                    raise self.fail(f"`(` and the payload of case `{label.value}`")
                self.advance()
                payload = self.value(payload_type)
                self.expect(")")
            elif self.token.kind == "(":
                raise self.fail(f"no payload for case `{label.value}`")
            return _make_case(ty, label.value, payload)
        flat = "some" if isinstance(ty, t.Option) else "ok" if isinstance(ty, t.Result) else None
        if flat is not None and cases[flat] is not None and not _is_option_or_result(cases[flat]):
            return _make_case(ty, flat, self.value(cases[flat]))  # type: ignore[arg-type]
        names = ", ".join(f"`{name}`" for name in cases)
        raise self.fail(f"a case of {ty} ({names})")


def _make_case(ty: t.ValType, name: str, payload: Any) -> Any:
    """The Python value of case ``name`` of the variant-like type ``ty``."""
    if is_tagged(variant_cases(ty)):
        return Variant(name, payload)
    return payload


def parse_value(text: str, ty: t.ValType) -> Any:
    """The Python value of the WAVE ``text`` of one value of type ``ty``."""
    parser = _Parser(text)
    value = parser.value(ty)
    if parser.token.kind != "end":
        raise parser.fail("end of input")
    return value


def parse_call(text: str) -> tuple[str, str, int]:
    """Split the call ``name(args...)``: the name, the text of the arguments
    (without the parentheses) and the offset where that text starts."""
    match = re.fullmatch(r"([^\s()]+)\((.*)\)\s*(?://[^\n]*)?", text, re.S)
    if match is None:
        raise WaveError(f"expected a call `name(arg, ...)`, found `{text}`", 0, len(text))
    return match.group(1), match.group(2), match.start(2)


def parse_args(text: str, params: Sequence[t.ValType], offset: int = 0) -> list[Any]:
    """The arguments, for parameters of types ``params``, given by the WAVE
    ``text`` of a comma-separated list (trailing ``none`` options may be left
    out). ``offset`` is added to the positions errors report."""
    parser = _Parser(text)
    values: list[Any] = []
    try:
        while parser.token.kind != "end":
            if len(values) == len(params):
                raise parser.fail(f"end of the {len(params)} argument(s)")
            values.append(parser.value(params[len(values)]))
            if parser.token.kind == ",":
                parser.advance()
            elif parser.token.kind != "end":
                raise parser.fail("`,` or the end of the arguments")
        for ty in params[len(values):]:
            if not isinstance(ty, t.Option):
                raise WaveError(f"expected {len(params)} argument(s) ("
                                + ", ".join(str(p) for p in params)
                                + f"), found {len(values)}", len(text), len(text))
            values.append(_make_case(ty, "none", None))
    except WaveError as exc:
        raise WaveError(exc.message, exc.start + offset, exc.end + offset) from None
    return values


# --- the printer --------------------------------------------------------------------------

def _escape_char(ch: str) -> str:
    """``ch`` as written inside a char or string literal."""
    if ch in _ESCAPED_OUT:
        return _ESCAPED_OUT[ch]
    if ch.isprintable() and unicodedata.category(ch) not in ("Mn", "Me"):
        return ch
    return f"\\u{{{ord(ch):x}}}"


_ESCAPED_OUT = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\t": "\\t", "\r": "\\r", "\n": "\\n"}


def _format_float(value: float, single: bool) -> str:
    """A float as WAVE writes it: the shortest digits that read back as the same
    ``f32``/``f64``, without an exponent (``100000000000000000000``, ``0.0000001``)."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if single:
        exact = _to_f32(value)
        digits = repr(exact)
        for precision in range(1, 10):
            candidate = f"{exact:.{precision}g}"
            if _to_f32(float(candidate)) == exact:
                digits = candidate
                break
    else:
        digits = repr(value)
    text = format(Decimal(digits), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "-0" if text in ("-0", "-0.") else text


def _label(name: str) -> str:
    return "%" + name if name in KEYWORDS else name


def _case_of(ty: t.ValType, value: Any) -> tuple[str, Any]:
    """The case name and payload of a Python value of a variant-like type."""
    cases = variant_cases(ty)
    if is_tagged(cases):
        if not isinstance(value, Variant):
            raise TypeError(f"expected a Variant for {ty}, found {value!r}")
        return value.tag, value.payload
    from .canonical.codec import codec
    for name, case_type in cases:
        if case_type is None:
            if value is None:
                return name, None
        elif isinstance(value, tuple(codec(case_type).classes)):
            return name, value
    raise TypeError(f"expected a value of {ty}, found {value!r}")


def format_value(value: Any, ty: t.ValType) -> str:
    """The WAVE text of the Python ``value`` of type ``ty``."""
    out: list[str] = []
    _write(out, value, ty)
    return "".join(out)


def _write(out: list[str], value: Any, ty: t.ValType) -> None:
    if isinstance(ty, t.Bool):
        out.append("true" if value else "false")
    elif type(ty) in _INT_RANGES:
        out.append(str(int(value)))
    elif isinstance(ty, (t.F32, t.F64)):
        out.append(_format_float(value, isinstance(ty, t.F32)))
    elif isinstance(ty, t.Char):
        out.append("'" + _escape_char(value) + "'")
    elif isinstance(ty, t.String):
        out.append('"' + "".join(_escape_char(ch) for ch in value) + '"')
    elif isinstance(ty, t.List):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(", ")
            _write(out, item, ty.element)
        out.append("]")
    elif isinstance(ty, t.Tuple):
        out.append("(")
        for i, (item, item_type) in enumerate(zip(value, ty.elements)):
            if i:
                out.append(", ")
            _write(out, item, item_type)
        out.append(")")
    elif isinstance(ty, t.Record):
        out.append("{")
        first = True
        for name, field_type in ty.fields:
            field = getattr(value, name)
            if isinstance(field_type, t.Option) and _case_of(field_type, field)[0] == "none":
                continue
            if not first:
                out.append(", ")
            first = False
            out.append(name + ": ")
            _write(out, field, field_type)
        out.append(":}" if first else "}")
    elif isinstance(ty, t.Flags):
        out.append("{" + ", ".join(name for name in ty.names if name in value) + "}")
    elif isinstance(ty, t.Enum):
        out.append(_label(value))
    elif isinstance(ty, (t.Variant, t.Option, t.Result)):
        name, payload = _case_of(ty, value)
        out.append(_label(name) if isinstance(ty, t.Variant) else name)
        payload_type = dict(variant_cases(ty))[name]
        if payload_type is not None:
            out.append("(")
            _write(out, payload, payload_type)
            out.append(")")
    else:
        raise TypeError(f"values of type `{ty}` cannot be written in WAVE")


def format_results(value: Any, result: t.ValType | None) -> str:
    """The WAVE text of a function's result: ``()`` when it has none."""
    return "()" if result is None else format_value(value, result)
