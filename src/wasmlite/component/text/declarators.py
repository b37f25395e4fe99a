"""The declarators of component and instance types: core types, types,
aliases, imports and exports."""

from __future__ import annotations

from .alias import parse_alias
from .context import FieldContext
from .core_types import core_type_field
from .scope import Item
from .types import DECL_ALIAS, DECL_CORE_TYPE, DECL_EXPORT, DECL_IMPORT, DECL_TYPE, extern_desc, \
    name_attributes, type_definition


def parse_declarator(ctx: FieldContext, kind: str) -> Item:
    """One declarator of a ``kind`` (``component type`` or ``instance type``)."""
    cur = ctx.cur
    at = cur.i
    kw = ctx.peek_keyword_sexpr()
    if kw == "core type":
        cur.i += 3
        item = core_type_field(ctx, DECL_CORE_TYPE)
        cur.rpar()
        return item
    if kw == "type":
        cur.i += 2
        ident = cur.id()
        encode = type_definition(ctx, ident)
        cur.rpar()
        return Item(DECL_TYPE, [("type", ident)], encode)
    if kw == "alias":
        cur.i += 2
        item = parse_alias(ctx, DECL_ALIAS)
        cur.rpar()
        return item
    if kw == "export" or (kw == "import" and kind == "component type"):
        cur.i += 2
        extern_name = name_attributes(ctx)
        sort, ident, desc = extern_desc(ctx)
        cur.rpar()
        return Item(DECL_EXPORT if kw == "export" else DECL_IMPORT, [(sort, ident)],
                    lambda scope: extern_name + desc(scope))
    raise cur.error("unexpected token", f"a {kind} declarator", at + 1 if kw else at)

