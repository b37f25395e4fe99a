"""Core types in components: ``(core type $id? deftype)`` with core
function, struct and array types, and module types ``(module decl*)``."""

from __future__ import annotations

from ... import ir
from ...binary.writer import write_globaltype, write_limits, write_subtype, write_tabletype
from ...text import types as core
from ...text.resolve import ModuleContext
from .binary import name, u32, vec
from .context import FieldContext
from .scope import Encode, Item, Scope

_SUB = 0x50


def _core_context(scope: Scope) -> ModuleContext:
    """A core module context whose type space is the scope's core type space."""
    ctx = ModuleContext()
    ctx.types = scope.spaces["core type"]
    return ctx


def deftype_bytes(sub: ir.SubType) -> bytes:
    """A core type definition; a non-final ``sub`` is prefixed with ``0x00`` (it
    would read as a module type otherwise)."""
    out = bytearray()
    write_subtype(out, sub)
    if out[0] == _SUB:
        out[0:0] = b"\x00"
    return bytes(out)


def core_type_field(ctx: FieldContext, section: int) -> Item:
    """The inside of ``(core type $id? ...)`` after ``type``."""
    cur = ctx.cur
    ident = cur.id()
    if cur.peek_sexpr("module"):
        cur.i += 2
        encode = module_type_body(ctx, ident)
        cur.rpar()
        return Item(section, [("core type", ident)], encode)
    start = cur.i
    cur.skip_sexpr()

    def encode(scope: Scope) -> bytes:
        save = cur.i
        cur.i = start
        sub = core.sub_type(cur, _core_context(scope), {})
        cur.i = save
        return deftype_bytes(sub)
    return Item(section, [("core type", ident)], encode, early=True)


def module_type_body(ctx: FieldContext, ident: str | None) -> Encode:
    """The declarators of ``(module ...)`` up to ``)``, encoded in a scope of their own."""
    cur = ctx.cur
    start = cur.i
    while not cur.at_rpar():
        if cur.kind() == -1:
            raise cur.unexpected("')'")
        cur.skip_sexpr()

    def encode(scope: Scope) -> bytes:
        save = cur.i
        cur.i = start
        inner = Scope(cur, "module type", ident, scope)
        _module_decls(inner)
        cur.i = save
        return b"\x50" + vec([bytes((prefix,)) + payload for prefix, payload in inner.entries])
    return encode


def _module_decls(scope: Scope) -> None:
    cur = scope.cur
    ctx = _core_context(scope)
    while not cur.at_rpar():
        at = cur.i
        kw = cur.sexpr_keyword()
        if kw == "type":
            cur.i += 2
            ident = cur.id()
            scope.define("core type", ident, at + 2)
            sub = core.sub_type(cur, ctx, {})
            cur.rpar()
            scope.entries.append((0x01, deftype_bytes(sub)))
        elif kw == "import":
            cur.i += 2
            module, field = cur.name(), cur.name()
            desc = _extern_type(scope, ctx)
            cur.rpar()
            scope.entries.append((0x00, name(module) + name(field) + desc))
        elif kw == "export":
            cur.i += 2
            field = cur.name()
            desc = _extern_type(scope, ctx)
            cur.rpar()
            scope.entries.append((0x03, name(field) + desc))
        elif kw == "alias":
            cur.i += 2
            cur.keyword("outer")
            fctx = FieldContext(cur, False)
            outer_at = cur.i
            outer = fctx.target()
            index = fctx.target()
            cur.open("type")
            ident = cur.id()
            cur.rpar()
            cur.rpar()
            depth, where = scope.outer(outer, outer_at)
            found = index if isinstance(index, int) else where.spaces["core type"].names.get(index)
            if found is None:
                raise scope.error("unknown core type", outer_at + 1)
            scope.entries.append((0x02, b"\x10\x01" + u32(depth) + u32(found)))
            scope.define("core type", ident, at)
        else:
            raise cur.error("unexpected token", "a module type declarator", at + 1 if kw else at)


def _extern_type(scope: Scope, ctx: ModuleContext) -> bytes:
    """A core extern type (``(func ...)``, ``(memory ...)``, ...); inline
    function types are declared first, each as a type of its own."""
    cur = scope.cur
    at = cur.i
    kw = cur.sexpr_keyword()
    cur.i += 2
    cur.id()
    out = bytearray()
    if kw in ("func", "tag"):
        out += b"\x00" if kw == "func" else b"\x04\x00"
        out += u32(_func_type_use(scope, ctx))
    elif kw == "memory":
        out.append(0x02)
        write_limits(out, core.mem_type(cur, core.address_type(cur)).limits)
    elif kw == "table":
        out.append(0x01)
        write_tabletype(out, core.table_type(cur, ctx, core.address_type(cur)))
    elif kw == "global":
        out.append(0x03)
        write_globaltype(out, core.global_type(cur, ctx))
    else:
        raise cur.error("unexpected token", "a core extern type", at + 1)
    cur.rpar()
    return bytes(out)


def _func_type_use(scope: Scope, ctx: ModuleContext) -> int:
    cur = scope.cur
    if cur.accept_sexpr("type"):
        index = ctx.types.index(cur)
        cur.rpar()
        while cur.peek_sexpr("param") or cur.peek_sexpr("result"):
            cur.skip_sexpr()
        return index
    ps: list = []
    rs: list = []
    core.params(cur, ctx, ps, None)
    core.results(cur, ctx, rs)
    ft = ir.FuncType(tuple(ps), tuple(rs))
    index = scope.define("core type", None)
    scope.entries.append((0x01, deftype_bytes(ir.SubType(True, (), ft))))
    return index
