"""Alias definitions: ``(alias export ...)``, ``(alias core export ...)`` and
``(alias outer ...)``, in components and in component and instance types."""

from __future__ import annotations

from .binary import name, u32
from .context import FieldContext
from .scope import SORT_BYTES, Item, Ref, Scope


def alias_target(ctx: FieldContext) -> tuple[str, object]:
    """The target after ``alias``: ``("export", (ref, name))``,
    ``("core export", (ref, name))`` or ``("outer", (count, index, at))``."""
    cur = ctx.cur
    if cur.accept("export"):
        at = cur.i
        instance = ctx.target()
        return "export", (Ref("instance", instance, (), at), cur.name())
    if cur.accept("core"):
        cur.keyword("export")
        at = cur.i
        instance = ctx.target()
        return "core export", (Ref("core instance", instance, (), at), cur.name())
    cur.keyword("outer")
    at = cur.i
    outer = ctx.target()
    index = ctx.target()
    return "outer", (outer, index, at)


def alias_encoder(kind: str, target: object, sort: str, in_module_type: bool = False):
    """Encodes an alias of ``sort`` to ``target`` (see :func:`alias_target`)."""
    def encode(scope: Scope) -> bytes:
        if kind == "outer":
            outer, index, at = target
            if isinstance(outer, int) and isinstance(index, int):
                body = b"\x02" + u32(outer) + u32(index)
                return b"\x10\x01" + body[1:] if in_module_type else SORT_BYTES[sort] + body
            depth, where = scope.outer(outer, at)
            found = index if isinstance(index, int) else where.spaces[sort].names.get(index)
            if found is None:
                raise scope.error(f"unknown {sort}", at, f"a {sort} of the outer scope")
            body = b"\x02" + u32(depth) + u32(found)
            if in_module_type:
                return b"\x10\x01" + body[1:]
            return SORT_BYTES[sort] + body
        ref, export = target
        instance = scope.resolve(ref)
        code = b"\x00" if kind == "export" else b"\x01"
        return SORT_BYTES[sort] + code + u32(instance) + name(export)
    return encode


def parse_alias(ctx: FieldContext, section: int) -> Item:
    """The inside of ``(alias target (sort $id?))``, after ``alias``."""
    cur = ctx.cur
    kind, target = alias_target(ctx)
    cur.lpar()
    sort = ctx.sort()
    ident = cur.id()
    cur.rpar()
    return Item(section, [(sort, ident)], alias_encoder(kind, target, sort))
