"""Components in the text format: their fields, the inline forms that expand
into several definitions, and the encoding of the whole component.

A field is parsed into :class:`~.scope.Item` definitions: inline types it
uses come first, then the inline instances of its instantiation arguments,
then the field itself; inline ``(export "name")`` abbreviations become
exports at the end of the component. Definitions are encoded in that order,
each resolving its references when all before it have their indices.
"""

from __future__ import annotations

from ...binary.encoder import encode_module
from ...text.cursor import Cursor
from ...text.lexer import LPAR, RPAR, STRING
from ...text.module import parse_module_fields
from .alias import alias_encoder, alias_target, parse_alias
from .binary import ALIAS, CANON, COMPONENT, CORE_INSTANCE, CORE_MODULE, CORE_TYPE, EXPORT, \
    IMPORT, INSTANCE, PREAMBLE, START, TYPE, encode_sections, name, u32, vec
from .canon import BUILTINS, canon_body, canon_sort, options
from .context import FieldContext
from .core_types import core_type_field
from .names import names_section
from .scope import SORT_BYTES, Gensym, Item, Key, Ref, Scope
from .types import extern_desc, func_type_body, name_attributes, type_definition, type_use

_CORE_EXPORT_SORT = {"func": 0x00, "table": 0x01, "memory": 0x02, "global": 0x03, "tag": 0x04}


class ComponentParser:
    """Parses the fields of one component, up to its closing ``)``."""

    def __init__(self, cur: Cursor):
        self.cur = cur
        self.tail: list[Item] = []      # exports written inline on definitions

    def fields(self) -> list[Item]:
        """Every field's definitions, in the order they are encoded."""
        cur = self.cur
        items: list[Item] = []
        while cur.kind() == LPAR:
            ctx = FieldContext(cur, in_type=False)
            main = self.field(ctx)
            items.extend(ctx.pre)
            items.extend(ctx.bundles)
            if main is not None:
                items.append(main)
        if cur.kind() not in (RPAR, -1):
            raise cur.unexpected("a component field or ')'")
        return items + self.tail

    # -- helpers ------------------------------------------------------------------------

    def _inline_exports(self, ctx: FieldContext) -> list[bytes]:
        """``(export "name")*`` written on a definition: the encoded names."""
        cur = self.cur
        names = []
        while cur.peek_sexpr("export"):
            save = cur.i
            cur.i += 2
            if cur.kind() != STRING:
                cur.i = save
                break
            extern_name = name_attributes(ctx)
            if cur.kind() != RPAR:
                cur.i = save
                break
            cur.i += 1
            names.append(extern_name)
        return names

    def _export_later(self, names: list[bytes], sort: str, key: Key) -> Key:
        """Queue exports of the definition ``key`` (a fresh key if it has none)."""
        if not names:
            return key
        if key is None:
            key = Gensym()
        ref = Ref(sort, key, (), self.cur.i)
        for extern_name in names:
            self.tail.append(Item(EXPORT, [(sort, None)], _export_encoder(extern_name, ref, None)))
        return key

    def _inline_import(self, ctx: FieldContext) -> bytes | None:
        """``(import "name")`` written on a definition: the encoded name."""
        cur = self.cur
        if not cur.peek_sexpr("import") or cur.kind(2) != STRING:
            return None
        save = cur.i
        cur.i += 2
        extern_name = name_attributes(ctx)
        if cur.kind() != RPAR:
            cur.i = save
            return None
        cur.i += 1
        return extern_name

    def _definition(self, ctx: FieldContext, sort: str,
                    desc: bytes) -> tuple[Key, Key, Item | None]:
        """The start of a definition that may carry inline exports and an inline
        ``(import "name")``: its identifier, the key it is defined under, and
        the import (of type ``desc`` then the type's index) when it is one."""
        ident = self.cur.id()
        exports = self._inline_exports(ctx)
        key = self._export_later(exports, sort, ident)
        imported = self._inline_import(ctx)
        if imported is None:
            return ident, key, None
        ref = type_use(ctx, sort, ident)
        return ident, key, Item(IMPORT, [(sort, key)],
                                lambda scope: imported + desc + u32(scope.resolve(ref)))

    # -- fields ---------------------------------------------------------------------------

    def field(self, ctx: FieldContext) -> Item | None:
        cur = self.cur
        at = cur.i
        kw = ctx.peek_keyword_sexpr()
        if kw is None:
            raise cur.error("unexpected token", "a component field", at + 1 if cur.kind(1) != -1 else None)
        if kw.startswith("core "):
            cur.i += 3
            item = self._core_field(ctx, kw[5:], at)
        else:
            cur.i += 2
            parser = _FIELDS.get(kw)
            if parser is None:
                raise cur.error("unexpected token", "a component field", at + 1)
            item = parser(self, ctx)
        cur.rpar()
        return item

    def _core_field(self, ctx: FieldContext, kw: str, at: int) -> Item:
        cur = self.cur
        if kw == "module":
            ident, key, imported = self._definition(ctx, "core module", b"\x00\x11")
            if imported is not None:
                return imported
            module = parse_module_fields(cur, ident)
            data = encode_module(module)
            return Item(CORE_MODULE, [("core module", key)], lambda scope: data)
        if kw == "instance":
            return self._core_instance(ctx)
        if kw == "type":
            return core_type_field(ctx, CORE_TYPE)
        if kw == "func":
            ident = cur.id()
            if cur.accept_sexpr("alias"):
                kind, target = alias_target(ctx)
                cur.rpar()
                return Item(ALIAS, [("core func", ident)], alias_encoder(kind, target, "core func"))
            cur.open("canon")
            builtin = cur.keyword()
            if builtin not in BUILTINS or builtin == "lift":
                raise cur.error("unexpected token", "a canonical built-in", cur.i - 1)
            encode = canon_body(ctx, builtin)
            cur.rpar()
            return Item(CANON, [("core func", ident)], encode)
        raise cur.error("unexpected token", "a component field", at + 2)

    def _core_instance(self, ctx: FieldContext) -> Item:
        cur = self.cur
        ident = cur.id()
        if cur.accept_sexpr("instantiate"):
            module = ctx.component_ref("core module")
            args = []
            while cur.accept_sexpr("with"):
                arg_name = cur.name()
                cur.lpar()
                cur.keyword("instance")
                if ctx.has_target():
                    ref = ctx.item_ref("core instance")
                else:
                    key = Gensym()
                    bundle = self._core_exports(ctx)
                    ctx.bundles.append(Item(CORE_INSTANCE, [("core instance", key)], bundle))
                    ref = Ref("core instance", key, (), cur.i)
                cur.rpar()
                cur.rpar()
                args.append((arg_name, ref))

            def instantiate(scope: Scope) -> bytes:
                index = scope.resolve(module)
                return b"\x00" + u32(index) + vec(
                    [_name(n) + b"\x12" + u32(scope.resolve(r)) for n, r in args])
            cur.rpar()
            return Item(CORE_INSTANCE, [("core instance", ident)], instantiate)
        return Item(CORE_INSTANCE, [("core instance", ident)], self._core_exports(ctx))

    def _core_exports(self, ctx: FieldContext):
        """``(export "name" (sort ref))*`` of a core instance made of exports."""
        cur = self.cur
        exports = []
        while cur.accept_sexpr("export"):
            export_name = cur.name()
            cur.lpar()
            at = cur.i
            kw = cur.keyword()
            if kw not in _CORE_EXPORT_SORT:
                raise cur.error("unexpected token", "a core sort", at)
            ref = ctx.item_ref("core " + kw)
            cur.rpar()
            cur.rpar()
            exports.append((export_name, _CORE_EXPORT_SORT[kw], ref))
        return lambda scope: b"\x01" + vec(
            [_name(n) + bytes((sort,)) + u32(scope.resolve(r)) for n, sort, r in exports])

    def _component(self, ctx: FieldContext) -> Item:
        cur = self.cur
        ident, key, imported = self._definition(ctx, "component", b"\x04")
        if imported is not None:
            return imported
        items = ComponentParser(cur).fields()
        return Item(COMPONENT, [("component", key)],
                    lambda scope: encode_component(cur, items, ident, scope))

    def _instance(self, ctx: FieldContext) -> Item:
        cur = self.cur
        _, key, imported = self._definition(ctx, "instance", b"\x05")
        if imported is not None:
            return imported
        if cur.accept_sexpr("instantiate"):
            component = ctx.component_ref("component")
            args = []
            while cur.accept_sexpr("with"):
                arg_name = cur.name()
                args.append((arg_name, self._with_arg(ctx)))
                cur.rpar()
            cur.rpar()

            def instantiate(scope: Scope) -> bytes:
                index = scope.resolve(component)
                return b"\x00" + u32(index) + vec(
                    [_name(n) + SORT_BYTES[r.sort] + u32(scope.resolve(r)) for n, r in args])
            return Item(INSTANCE, [("instance", key)], instantiate)
        return Item(INSTANCE, [("instance", key)], self._exports_bundle(ctx))

    def _with_arg(self, ctx: FieldContext) -> Ref:
        """The item of ``(with "name" item)``; an inline instance becomes an instance of its own."""
        cur = self.cur
        if cur.peek_sexpr("instance") and cur.kind(2) not in (3, 5):   # not a NUMBER / ID
            cur.i += 2
            key = Gensym()
            bundle = self._exports_bundle(ctx)
            cur.rpar()
            ctx.bundles.append(Item(INSTANCE, [("instance", key)], bundle))
            return Ref("instance", key, (), cur.i)
        return ctx.sort_ref()

    def _exports_bundle(self, ctx: FieldContext):
        """``(export "name" (sort ref))*`` of an instance made of exports."""
        cur = self.cur
        exports = []
        while cur.accept_sexpr("export"):
            extern_name = name_attributes(ctx)
            ref = ctx.sort_ref()
            cur.rpar()
            exports.append((extern_name, ref))
        return lambda scope: b"\x01" + vec(
            [n + SORT_BYTES[r.sort] + u32(scope.resolve(r)) for n, r in exports])

    def _alias(self, ctx: FieldContext) -> Item:
        return parse_alias(ctx, ALIAS)

    def _type(self, ctx: FieldContext) -> Item:
        cur = self.cur
        ident = cur.id()
        exports = self._inline_exports(ctx)
        encode = type_definition(ctx, ident)
        key = self._export_later(exports, "type", ident)
        return Item(TYPE, [("type", key)], encode)

    def _canon(self, ctx: FieldContext) -> Item:
        cur = self.cur
        at = cur.i
        builtin = cur.keyword()
        if builtin not in BUILTINS:
            raise cur.error("unexpected token", "a canonical built-in", at)
        sort = canon_sort(builtin)
        if builtin == "lift":
            return self._lift(ctx, None, None)
        encode = canon_body(ctx, builtin)
        cur.open("core")
        cur.keyword("func")
        ident = cur.id()
        cur.rpar()
        return Item(CANON, [(sort, ident)], encode)

    def _lift(self, ctx: FieldContext, ident: Key, ty: Ref | None) -> Item:
        """``lift f opts (func $id? type)`` (the type given when written on a func)."""
        cur = self.cur
        if ty is not None:
            return Item(CANON, [("func", ident)], canon_body(ctx, "lift", ty))
        func = ctx.core_ref("core func")
        opts = options(ctx)
        cur.open("func")
        ident = cur.id()
        ty = type_use(ctx, "func", ident)
        cur.rpar()

        def lift(scope: Scope) -> bytes:
            type_index = scope.resolve(ty)
            return b"\x00\x00" + u32(scope.resolve(func)) + opts(scope) + u32(type_index)
        return Item(CANON, [("func", ident)], lift)

    def _func(self, ctx: FieldContext) -> Item:
        cur = self.cur
        _, key, imported = self._definition(ctx, "func", b"\x01")
        if imported is not None:
            return imported
        if cur.accept_sexpr("alias"):
            kind, target = alias_target(ctx)
            cur.rpar()
            return Item(ALIAS, [("func", key)], alias_encoder(kind, target, "func"))
        if ctx.peek_type_ref():
            ty = ctx.type_ref()
        else:
            ty = ctx.inline_type(func_type_body(ctx))
        cur.open("canon")
        cur.keyword("lift")
        item = self._lift(ctx, key, ty)
        cur.rpar()
        return item

    def _start(self, ctx: FieldContext) -> Item:
        cur = self.cur
        func = Ref("func", ctx.target(), (), cur.i - 1)
        args = []
        while cur.peek_sexpr("value"):
            cur.i += 2
            args.append(Ref("value", ctx.target(), (), cur.i - 1))
            cur.rpar()
        results: list[tuple[str, Key]] = []
        while cur.accept_sexpr("result"):
            cur.open("value")
            results.append(("value", cur.id()))
            cur.rpar()
            cur.rpar()
        count = len(results)
        return Item(START, results, lambda scope: u32(scope.resolve(func)) + vec(
            [u32(scope.resolve(a)) for a in args]) + u32(count), named=False)

    def _import(self, ctx: FieldContext) -> Item:
        extern_name = name_attributes(ctx)
        sort, ident, desc = extern_desc(ctx)
        return Item(IMPORT, [(sort, ident)], lambda scope: extern_name + desc(scope))

    def _export(self, ctx: FieldContext) -> Item:
        cur = self.cur
        ident = cur.id()
        extern_name = name_attributes(ctx)
        ref = ctx.sort_ref()
        desc = None
        if cur.kind() == LPAR:
            _, _, desc = extern_desc(ctx)
        return Item(EXPORT, [(ref.sort, ident)], _export_encoder(extern_name, ref, desc))


def _name(text: str) -> bytes:
    return name(text)


def _export_encoder(extern_name: bytes, ref: Ref, desc):
    def encode(scope: Scope) -> bytes:
        ascribed = b"\x01" + desc(scope) if desc is not None else b"\x00"
        return extern_name + SORT_BYTES[ref.sort] + u32(scope.resolve(ref)) + ascribed
    return encode


_FIELDS = {
    "component": ComponentParser._component, "instance": ComponentParser._instance,
    "alias": ComponentParser._alias, "type": ComponentParser._type, "canon": ComponentParser._canon,
    "func": ComponentParser._func, "start": ComponentParser._start, "import": ComponentParser._import,
    "export": ComponentParser._export,
}


def encode_component(cur: Cursor, items: list[Item], ident: str | None, parent: Scope | None) -> bytes:
    """The binary component made of ``items``, nested in ``parent`` (if any)."""
    scope = Scope(cur, "component", ident, parent)
    scope.run(items)
    return PREAMBLE + encode_sections(scope.entries) + names_section(scope)


def parse_component(cur: Cursor) -> bytes:
    """``(component $id? field*)`` (or bare fields) up to the end of the
    stream: the component's binary encoding."""
    ident = None
    wrapped = cur.peek_sexpr("component")
    if wrapped:
        cur.i += 2
        ident = cur.id()
    items = ComponentParser(cur).fields()
    if wrapped:
        cur.rpar()
    if cur.kind() != -1:
        raise cur.unexpected("end of input")
    return encode_component(cur, items, ident, None)


def parse_component_fields(cur: Cursor, ident: str | None) -> bytes:
    """The component made of the fields from the cursor up to ``)``."""
    items = ComponentParser(cur).fields()
    return encode_component(cur, items, ident, None)
