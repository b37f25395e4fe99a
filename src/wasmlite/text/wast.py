"""WAST scripts: the spec testsuite's command language, into plain command objects."""

from __future__ import annotations

from typing import Callable, TypeVar

from ..binary.encoder import encode_module
from ..errors import WasmtimeError
from . import script as s
from .cursor import Cursor
from .error import LiteralError, ParseError
from .instructions import v128_lanes
from .lexer import ID, KEYWORD, LPAR, NUMBER, STRING, Tokens, tokenize
from .module import MODULE_FIELDS, parse_module, parse_module_fields
from .numbers import F32, F64, parse_float, parse_int, parse_uint

T = TypeVar("T")

_NAN_PATTERNS = ("nan:canonical", "nan:arithmetic")
_LANE_TYPES = {"i8x16": "i8", "i16x8": "i16", "i32x4": "i32", "i64x2": "i64", "f32x4": "f32", "f64x2": "f64"}
_LANE_COUNTS = {"i8x16": 16, "i16x8": 8, "i32x4": 4, "i64x2": 2, "f32x4": 4, "f64x2": 2}
_MODULE_ASSERTIONS = {
    "assert_invalid": s.AssertInvalid, "assert_malformed": s.AssertMalformed,
    "assert_unlinkable": s.AssertUnlinkable, "assert_invalid_custom": s.AssertInvalidCustom,
    "assert_malformed_custom": s.AssertMalformedCustom,
}
_REF_PATTERNS = frozenset(("ref.func", "ref.any", "ref.eq", "ref.i31", "ref.struct", "ref.array", "ref.exn"))


def quote_text(parts: list[bytes]) -> str:
    """The source text of ``(module quote "..."*)``: the strings, each followed by a space."""
    data = b"".join(p + b" " for p in parts)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ParseError("malformed UTF-8 encoding", 1, e.start + 1, None, "UTF-8 text") from None


def _module_source(source: str) -> bytes:
    return encode_module(parse_module(Cursor(tokenize(source))))


def _module_fields(cur: Cursor, name: str | None) -> bytes:
    module = parse_module_fields(cur, name)
    cur.rpar()
    return encode_module(module)


def script_item(cur: Cursor, make: Callable[..., T], quote: Callable[[list[bytes]], str],
                parse_source: Callable[[str], bytes],
                parse_fields: Callable[[Cursor, str | None], bytes]) -> tuple[str | None, T]:
    """A module or component of a script, ``(module definition? $name? ...)``
    or ``(component ...)`` in text, binary or quote form, from its ``(``; the
    cursor ends after its ``)``. ``make(form, wasm, error, source)`` builds the
    result; ``quote`` gives the source of a quoted one, ``parse_source`` its
    binary; ``parse_fields`` reads the text form's fields and its ``)``, giving
    its binary. Text that cannot be turned into a binary is kept with its error."""
    start = cur.i
    cur.skip_sexpr()
    end = cur.i
    cur.i = start + 2
    cur.accept("definition")
    name = cur.id()
    form = cur.peek_keyword()
    if form in ("binary", "quote"):
        cur.i += 1
        parts = []
        while cur.kind() == STRING:
            parts.append(cur.string())
        cur.rpar()
        if form == "binary":
            return name, make("binary", b"".join(parts))
        try:
            source = quote(parts)
        except ParseError as e:
            return name, make("quote", None, e)
        try:
            return name, make("quote", parse_source(source), None, source)
        except WasmtimeError as e:
            return name, make("quote", None, e, source)
    try:
        result = make("text", parse_fields(cur, name))
    except WasmtimeError as e:
        result = make("text", None, e)
    cur.i = end
    return name, result


class ScriptParser:
    """Parses the commands of one script."""

    def __init__(self, tokens: Tokens):
        self.cur = Cursor(tokens)
        self.tokens = tokens

    def line(self, at: int) -> int:
        """The line of token ``at`` (of the end of input, past the last token)."""
        offsets = self.tokens.offsets
        offset = offsets[at] if at < len(offsets) else len(self.tokens.source)
        return self.tokens.position(offset)[0]

    def parse(self) -> list[s.Command]:
        cur = self.cur
        if cur.sexpr_keyword() in MODULE_FIELDS:
            line = self.line(cur.i)
            return [s.ModuleCommand(line, None, self._fields_module())]
        commands = []
        while cur.kind() != -1:
            commands.append(self.command())
        return commands

    def _fields_module(self) -> s.ScriptModule:
        """A script that is a bare list of module fields: one module."""
        try:
            return s.ScriptModule("text", encode_module(parse_module_fields(self.cur)))
        except WasmtimeError as e:
            self.cur.i = len(self.cur.kinds)
            return s.ScriptModule("text", None, e)

    # -- commands --------------------------------------------------------------

    def command(self) -> s.Command:
        cur = self.cur
        kw = cur.sexpr_keyword()
        if kw is None:
            raise cur.unexpected("a command")
        at = cur.i
        line = self.line(at + 1)
        if kw == "module":
            return self._module_command(line)
        if kw == "component":
            from ..component.text.wast import component_command
            return component_command(cur, line)
        if kw in ("invoke", "get"):
            return s.ActionCommand(line, self.action())
        cur.i += 2
        if kw == "register":
            as_name = cur.name()
            module = cur.id()
            cur.rpar()
            return s.Register(line, as_name, module)
        if kw == "assert_return":
            line = self.line(cur.i + 1)
            action = self.action()
            expected = []
            while cur.kind() == LPAR:
                expected.append(self.result())
            cur.rpar()
            return s.AssertReturn(line, action, tuple(expected))
        if kw == "assert_trap":
            if cur.peek_sexpr("module") or cur.peek_sexpr("component"):
                line = self.line(cur.i + 1)
                module = self.module()[1]
                text = self._message()
                return s.AssertUninstantiable(line, module, text)
            line = self.line(cur.i + 1)
            action = self.action()
            return s.AssertTrap(line, action, self._message())
        if kw == "assert_exhaustion":
            action = self.action()
            return s.AssertExhaustion(line, action, self._message())
        if kw == "assert_exception":
            action = self.action()
            cur.rpar()
            return s.AssertException(line, action)
        if kw in _MODULE_ASSERTIONS:
            line = self.line(cur.i + 1)
            module = self.module()[1]
            text = self._message()
            return _MODULE_ASSERTIONS[kw](line, module, text)
        if kw == "thread":
            name = cur.id()
            if name is None:
                raise cur.unexpected("a thread name")
            shared = None
            if cur.accept_sexpr("shared"):
                cur.open("module")
                shared = cur.id()
                cur.rpar()
                cur.rpar()
            commands = []
            while cur.kind() == LPAR:
                commands.append(self.command())
            cur.rpar()
            return s.Thread(line, name, shared, commands)
        if kw == "wait":
            name = cur.id()
            if name is None:
                raise cur.unexpected("a thread name")
            cur.rpar()
            return s.Wait(line, name)
        raise cur.error("unexpected token", "a command", at + 1)

    def _message(self) -> str:
        cur = self.cur
        text = cur.name()
        cur.rpar()
        return text

    def _module_command(self, line: int) -> s.Command:
        cur = self.cur
        kw = cur.peek_keyword(2)
        if kw == "instance":
            cur.i += 3
            instance = cur.id()
            module = cur.id()
            cur.rpar()
            return s.ModuleInstance(line, instance, module)
        definition = kw == "definition"
        name, module = self.module()
        if definition:
            return s.ModuleDefinition(line, name, module)
        return s.ModuleCommand(line, name, module)

    def module(self) -> tuple[str | None, s.ScriptModule]:
        """``(module definition? $name? ...)`` in text, binary or quote form
        (or a component, see :mod:`wasmlite.component.text.wast`)."""
        cur = self.cur
        if cur.peek_sexpr("component"):
            from ..component.text.wast import script_component
            return script_component(cur)
        return script_item(cur, s.ScriptModule, quote_text, _module_source, _module_fields)

    # -- actions and values -------------------------------------------------------

    def action(self) -> s.Action:
        cur = self.cur
        kw = cur.sexpr_keyword()
        if kw not in ("invoke", "get"):
            raise cur.unexpected("'(invoke' or '(get'")
        cur.i += 2
        module = cur.id()
        field = cur.name()
        if kw == "get":
            cur.rpar()
            return s.Get(module, field)
        args = []
        while cur.kind() == LPAR:
            args.append(self.value(result=False))
        cur.rpar()
        return s.Invoke(module, field, tuple(args))

    def result(self) -> s.Value:
        cur = self.cur
        if cur.accept_sexpr("either"):
            alternatives = []
            while cur.kind() == LPAR:
                alternatives.append(self.result())
            cur.rpar()
            return s.Value("either", tuple(alternatives))
        return self.value(result=True)

    def value(self, result: bool) -> s.Value:
        """``(t.const ...)`` or a reference value; patterns only in results."""
        cur = self.cur
        cur.lpar()
        at = cur.i
        kw = cur.keyword()
        if kw in ("i32.const", "i64.const"):
            bits = 32 if kw == "i32.const" else 64
            v = s.Value(kw[:3], self._literal(lambda t: parse_int(t, bits)))
        elif kw in ("f32.const", "f64.const"):
            fmt = F32 if kw == "f32.const" else F64
            v = s.Value(kw[:3], self._float(fmt, result))
        elif kw == "v128.const":
            v = self._v128(result)
        elif kw == "ref.null":
            heap = None
            if cur.kind() == KEYWORD:
                heap = cur.keyword()
            elif cur.kind() in (NUMBER, ID):
                heap = cur.u32() if cur.kind() == NUMBER else "$" + cur.id()
            elif not result:
                raise cur.unexpected("a heap type")
            v = s.Value("ref.null", heap)
        elif kw in ("ref.extern", "ref.host"):
            number = None
            if cur.kind() == NUMBER or not result or kw == "ref.host":
                number = self._literal(lambda t: parse_uint(t, 32))
            v = s.Value(kw, number)
        elif result and kw in _REF_PATTERNS:
            index = cur.u32() if cur.kind() == NUMBER else None
            v = s.Value(kw, index)
        elif _is_component_value(kw):
            from ..component.text.wast import component_value
            cur.i = at
            v = component_value(cur)
        else:
            raise cur.error("unexpected token", "a constant" if not result else "a result", at)
        cur.rpar()
        return v

    def _literal(self, parse):
        cur = self.cur
        i = cur.i
        if cur.kind() not in (NUMBER, KEYWORD):
            raise cur.unexpected("a number")
        try:
            value = parse(cur.texts[i])
        except LiteralError as e:
            raise cur.literal_error(e) from None
        cur.i = i + 1
        return value

    def _float(self, fmt, result: bool):
        cur = self.cur
        if result and cur.peek_keyword() in _NAN_PATTERNS:
            return cur.keyword()
        return self._literal(lambda t: parse_float(t, fmt))

    def _v128(self, result: bool) -> s.Value:
        cur = self.cur
        shape = cur.peek_keyword()
        lane_type = _LANE_TYPES.get(shape)
        if lane_type is None:
            raise cur.unexpected("a vector shape")
        if lane_type[0] == "i" or not result:
            bits = v128_lanes(cur)
            count = _LANE_COUNTS[shape]
            width = 128 // count
            lanes = []
            for k in range(count):
                lane = (bits >> (k * width)) & ((1 << width) - 1)
                if lane_type[0] == "i" and lane >> (width - 1):
                    lane -= 1 << width
                lanes.append(lane)
            return s.Value("v128", tuple(lanes), lane_type)
        cur.i += 1
        fmt = F32 if lane_type == "f32" else F64
        lanes = [self._float(fmt, True) for _ in range(_LANE_COUNTS[shape])]
        return s.Value("v128", tuple(lanes), lane_type)


def _is_component_value(keyword: str) -> bool:
    """Whether ``keyword`` opens a component value (``u32.const``, ``str.const``, ...)."""
    from ..component.text.wast import VALUE_KEYWORDS
    return keyword in VALUE_KEYWORDS


def parse_wast(text: str) -> list[s.Command]:
    """The commands of a WAST script.

    Text modules are parsed and encoded here: each command's module carries its
    binary, or the error that made it malformed. A malformed script (as opposed
    to a malformed module inside it) raises :class:`ParseError`.
    """
    return ScriptParser(tokenize(text)).parse()

