"""Component types in the text format: value types, defined value types,
function, resource, component and instance types, and the extern
descriptions of imports and exports (with their inline type uses)."""

from __future__ import annotations

from ...text.cursor import Cursor
from ...text.lexer import ID, KEYWORD, LPAR, NUMBER, RPAR, STRING
from .binary import name, s33, u32, vec
from .context import FieldContext
from .scope import Encode, Item, Ref, Scope

PRIMITIVES: dict[str, int] = {
    "bool": 0x7F, "s8": 0x7E, "u8": 0x7D, "s16": 0x7C, "u16": 0x7B, "s32": 0x7A, "u32": 0x79,
    "s64": 0x78, "u64": 0x77, "f32": 0x76, "float32": 0x76, "f64": 0x75, "float64": 0x75,
    "char": 0x74, "string": 0x73, "error-context": 0x64,
}
"""The primitive value types and their opcodes."""

DEFINED_TYPE_KEYWORDS = frozenset(("record", "variant", "list", "tuple", "flags", "enum", "option",
                                   "result", "own", "borrow", "stream", "future", "map"))
"""The keywords that open a defined value type other than a primitive."""

_CORE_VALTYPES = {"i32": 0x7F, "i64": 0x7E, "f32": 0x7D, "f64": 0x7C, "v128": 0x7B}
_EXTERN_SORTS = {"core module": 0x00, "func": 0x01, "value": 0x02, "type": 0x03,
                 "component": 0x04, "instance": 0x05}

# declarator opcodes of component and instance types
DECL_CORE_TYPE, DECL_TYPE, DECL_ALIAS, DECL_IMPORT, DECL_EXPORT = 0x00, 0x01, 0x02, 0x03, 0x04


def _const(data: bytes) -> Encode:
    return lambda scope: data


def _type_index(ref: Ref) -> Encode:
    return lambda scope: u32(scope.resolve(ref))


def _option(encode: Encode | None) -> Encode:
    if encode is None:
        return _const(b"\x00")
    return lambda scope: b"\x01" + encode(scope)


def _concat(parts: list[Encode]) -> Encode:
    return lambda scope: b"".join(part(scope) for part in parts)


# -- value types --------------------------------------------------------------------


def _primitive(cur: Cursor, expected: str) -> Encode:
    """A primitive value type, written as its keyword (``expected`` names
    what else could stand there, for the error)."""
    at = cur.i
    kw = cur.keyword()
    if kw in PRIMITIVES:
        return _const(bytes((PRIMITIVES[kw],)))
    raise cur.error("unexpected token", expected, at)


def value_type(ctx: FieldContext) -> Encode:
    """A value type: a primitive, a type reference, or an inline defined type
    (defined before the field, as a type of its own)."""
    cur = ctx.cur
    if cur.kind() == KEYWORD:
        return _primitive(cur, "a value type")
    if ctx.has_target():
        ref = Ref("type", ctx.target(), (), cur.i - 1)
        return lambda scope: s33(scope.resolve(ref))
    if cur.kind() == LPAR:
        cur.lpar()
        kw = cur.peek_keyword()
        if kw in PRIMITIVES:
            cur.i += 1
            cur.rpar()
            return _const(bytes((PRIMITIVES[kw],)))
        if kw not in DEFINED_TYPE_KEYWORDS:
            raise cur.unexpected("a value type")
        encode = defined_type_body(ctx)
        cur.rpar()
        ref = ctx.inline_type(encode)
        return lambda scope: s33(scope.resolve(ref))
    raise cur.unexpected("a value type")


def defined_type_body(ctx: FieldContext) -> Encode:
    """The inside of a defined value type's parentheses, from its keyword."""
    cur = ctx.cur
    at = cur.i
    kw = cur.keyword()
    if kw == "record":
        fields = []
        while cur.accept_sexpr("field"):
            label = cur.name()
            fields.append((label, value_type(ctx)))
            cur.rpar()
        return lambda scope: b"\x72" + vec([name(label) + t(scope) for label, t in fields])
    if kw == "variant":
        cases = []
        while cur.accept_sexpr("case"):
            cur.id()
            label = cur.name()
            payload = None
            if not cur.at_rpar() and not cur.peek_sexpr("refines"):
                payload = value_type(ctx)
            if cur.accept_sexpr("refines"):
                ctx.target()
                cur.rpar()
            cur.rpar()
            cases.append((label, _option(payload)))
        return lambda scope: b"\x71" + vec([name(label) + t(scope) + b"\x00" for label, t in cases])
    if kw == "list":
        element = value_type(ctx)
        if cur.kind() == NUMBER:
            length = cur.u32()
            return lambda scope: b"\x67" + element(scope) + u32(length)
        return lambda scope: b"\x70" + element(scope)
    if kw == "map":
        key = value_type(ctx)
        value = value_type(ctx)
        return lambda scope: b"\x63" + key(scope) + value(scope)
    if kw == "tuple":
        items = []
        while not cur.at_rpar():
            items.append(value_type(ctx))
        return lambda scope: b"\x6f" + vec([t(scope) for t in items])
    if kw in ("flags", "enum"):
        labels = []
        while cur.kind() == STRING:
            labels.append(name(cur.name()))
        data = (b"\x6e" if kw == "flags" else b"\x6d") + vec(labels)
        return _const(data)
    if kw == "option":
        element = value_type(ctx)
        return lambda scope: b"\x6b" + element(scope)
    if kw == "result":
        ok = None
        if not cur.at_rpar() and not cur.peek_sexpr("error"):
            ok = value_type(ctx)
        err = None
        if cur.accept_sexpr("error"):
            err = value_type(ctx)
            cur.rpar()
        ok_e, err_e = _option(ok), _option(err)
        return lambda scope: b"\x6a" + ok_e(scope) + err_e(scope)
    if kw in ("own", "borrow"):
        ref = Ref("type", ctx.target(), (), cur.i - 1)
        opcode = b"\x69" if kw == "own" else b"\x68"
        return lambda scope: opcode + u32(scope.resolve(ref))
    if kw in ("stream", "future"):
        element = None if cur.at_rpar() else value_type(ctx)
        opcode = b"\x66" if kw == "stream" else b"\x65"
        e = _option(element)
        return lambda scope: opcode + e(scope)
    raise cur.error("unexpected token", "a defined value type", at)


# -- function and resource types ---------------------------------------------------------


def func_type_body(ctx: FieldContext) -> Encode:
    """``async? (param "label" t)* (result t)?`` of a function type."""
    cur = ctx.cur
    is_async = cur.accept("async")
    params = []
    while cur.accept_sexpr("param"):
        label = cur.name()
        params.append((label, value_type(ctx)))
        cur.rpar()
    result = None
    if cur.accept_sexpr("result"):
        result = value_type(ctx)
        cur.rpar()
    opcode = b"\x43" if is_async else b"\x40"

    def encode(scope: Scope) -> bytes:
        out = opcode + vec([name(label) + t(scope) for label, t in params])
        return out + (b"\x00" + result(scope) if result is not None else b"\x01\x00")
    return encode


def resource_type_body(ctx: FieldContext) -> Encode:
    """``(rep i32) (dtor f)?`` of a resource type."""
    cur = ctx.cur
    cur.open("rep")
    at = cur.i
    rep = cur.keyword()
    if rep not in _CORE_VALTYPES:
        raise cur.error("unexpected token", "a core value type", at)
    cur.rpar()
    dtor = None
    if cur.accept_sexpr("dtor"):
        dtor = ctx.core_ref("core func")
        cur.rpar()
    head = b"\x3f" + bytes((_CORE_VALTYPES[rep],))
    if dtor is None:
        return _const(head + b"\x00")
    return lambda scope: head + b"\x01" + u32(scope.resolve(dtor))


def type_definition(ctx: FieldContext, ident: str | None = None) -> Encode:
    """The definition of ``(type $id? ...)``: a primitive, a defined value type,
    or ``(func ...)``, ``(component ...)``, ``(instance ...)``, ``(resource ...)``."""
    cur = ctx.cur
    if cur.kind() == KEYWORD:
        return _primitive(cur, "a type definition")
    cur.lpar()
    kw = cur.peek_keyword()
    if kw == "func":
        cur.i += 1
        encode = func_type_body(ctx)
    elif kw == "component":
        cur.i += 1
        encode = declarators(ctx, "component type", ident)
    elif kw == "instance":
        cur.i += 1
        encode = declarators(ctx, "instance type", ident)
    elif kw == "resource":
        cur.i += 1
        encode = resource_type_body(ctx)
    elif kw in PRIMITIVES:
        cur.i += 1
        encode = _const(bytes((PRIMITIVES[kw],)))
    else:
        encode = defined_type_body(ctx)
    cur.rpar()
    return encode


# -- component and instance types -----------------------------------------------------


def declarators(ctx: FieldContext, kind: str, ident: str | None) -> Encode:
    """The declarators of a component or instance type, up to ``)``: encoded
    in a scope of their own, nested in the scope the type is defined in."""
    from .declarators import parse_declarator      # declarators use types: imported late
    cur = ctx.cur
    items: list[Item] = []
    while cur.kind() == LPAR:
        inner = FieldContext(cur, in_type=True)
        main = parse_declarator(inner, kind)
        items.extend(inner.pre)
        items.append(main)
    opcode = b"\x41" if kind == "component type" else b"\x42"
    tokens = cur

    def encode(scope: Scope) -> bytes:
        inner_scope = Scope(tokens, kind, ident, scope)
        inner_scope.run(items)
        return opcode + vec([bytes((prefix,)) + payload for prefix, payload in inner_scope.entries])
    return encode


# -- extern descriptions ---------------------------------------------------------------


def name_attributes(ctx: FieldContext) -> bytes:
    """An import or export name with its attributes, each at most once and in
    this order: ``(implements "...")``, ``(versionsuffix "...")``,
    ``(external-id "...")``; encoded."""
    cur = ctx.cur
    text = cur.name()
    attrs = []
    for code, keyword in enumerate(("implements", "versionsuffix", "external-id")):
        if cur.accept_sexpr(keyword):
            attrs.append(bytes((code,)) + name(cur.name()))
            cur.rpar()
    if not attrs:
        return b"\x00" + name(text)
    return b"\x02" + name(text) + vec(attrs)


def type_use(ctx: FieldContext, sort: str, ident: str | None) -> Ref:
    """``(type idx)`` or an inline type of the kind ``sort`` describes."""
    cur = ctx.cur
    if sort != "core module" and ctx.peek_type_ref():
        return ctx.type_ref()
    if sort == "core module":
        if cur.peek_sexpr("type") and cur.kind(2) in (ID, NUMBER) and cur.kind(3) == RPAR:
            cur.i += 2
            ref = Ref("core type", ctx.target(), (), cur.i - 1)
            cur.rpar()
            return ref
        from .core_types import module_type_body
        return ctx.inline_type(module_type_body(ctx, None), core=True)
    if sort == "func":
        return ctx.inline_type(func_type_body(ctx))
    if sort == "component":
        return ctx.inline_type(declarators(ctx, "component type", None))
    return ctx.inline_type(declarators(ctx, "instance type", None))


def extern_desc(ctx: FieldContext) -> tuple[str, str | None, Encode]:
    """``(sort $id? ...)`` of an import or export: its sort, identifier and encoding."""
    cur = ctx.cur
    at = cur.i
    cur.lpar()
    sort = ctx.sort()
    if sort not in _EXTERN_SORTS:
        raise cur.error("unexpected token", "an extern description", at + 1)
    ident = cur.id()
    if sort == "type":
        if cur.accept_sexpr("eq"):
            ref = Ref("type", ctx.target(), (), cur.i - 1)
            cur.rpar()
            encode = lambda scope: b"\x03\x00" + u32(scope.resolve(ref))
        else:
            cur.open("sub")
            cur.keyword("resource")
            cur.rpar()
            encode = _const(b"\x03\x01")
    elif sort == "value":
        if cur.accept_sexpr("eq"):
            ref = Ref("value", ctx.target(), (), cur.i - 1)
            cur.rpar()
            encode = lambda scope: b"\x02\x00" + u32(scope.resolve(ref))
        else:
            t = value_type(ctx)
            encode = lambda scope: b"\x02" + t(scope)
    else:
        ref = type_use(ctx, sort, ident)
        prefix = b"\x00\x11" if sort == "core module" else bytes((_EXTERN_SORTS[sort],))
        encode = lambda scope: prefix + u32(scope.resolve(ref))
    cur.rpar()
    return sort, ident, encode
