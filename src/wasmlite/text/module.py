"""Modules in the text format: fields, their abbreviations, and index spaces.

Parsing takes three passes over a module's fields:

1. every field is scanned (without parsing its contents) to give each
   definition its index and record its identifier, so that references may
   point forward;
2. the type definitions are parsed, so that inline type uses can be matched
   against them and struct field names are known;
3. every other field is parsed in order. Inline function types that match no
   explicit ``(type (func ...))`` definition are appended to the type section
   in the order they occur.
"""

from __future__ import annotations

from .. import ir
from ..binary.branch_hints import BRANCH_HINT_PLACE, BRANCH_HINT_SECTION, encode_branch_hints
from ..binary.encoder import body_offsets
from ..errors import NotSupportedError
from ..opcodes import BY_NAME
from . import types
from .annotations import ModuleAnnotations
from .cursor import Cursor
from .expressions import BodyParser, parse_expr, parse_folded_expr
from .lexer import ID, KEYWORD, LPAR, NUMBER, RPAR
from .resolve import FuncContext, ModuleContext, Space

_END = BY_NAME["end"]
_REF_FUNC = BY_NAME["ref.func"]
_I32_CONST = BY_NAME["i32.const"]
_I64_CONST = BY_NAME["i64.const"]
_FUNC_ELEM_TYPE = ir.RefType(False, "func")     # the type of a `func x*` element list

# Element segment flags of the binary format. A segment that names its table
# (inline elements name theirs) is written with a table index; one that
# does not is written without, unless its elements are expressions of
# another type than funcref.
_ACTIVE, _PASSIVE, _ACTIVE_WITH_TABLE, _DECLARATIVE = 0, 1, 2, 3
_EXPRESSIONS = 4


def _elem_flags(kind: int, indices: bool) -> int:
    """The flags of a segment of ``kind`` (its two low flag bits) that lists
    function indices (``indices``) or element expressions."""
    return kind if indices else kind | _EXPRESSIONS


_IMPORTABLE = {"func": "function", "table": "table", "memory": "memory", "global": "global", "tag": "tag"}
MODULE_FIELDS = frozenset(("type", "rec", "import", "func", "table", "memory", "global", "tag",
                           "export", "start", "elem", "data"))
"""The keywords that open a module field."""


def _zero_offset(is64: bool) -> list:
    """The offset expression of inline elements and data: address 0."""
    return [(_I64_CONST if is64 else _I32_CONST, 0), (_END,)]


class ModuleParser:
    """Parses the fields of one module, from the current token up to ``)`` or the end."""

    def __init__(self, cur: Cursor, name: str | None = None):
        self.cur = cur
        self.ctx = ModuleContext()
        self.module = ir.Module()
        self.module.names.module = name
        self.fields: list[tuple[str, int]] = []
        self.import_spaces: dict[str, Space] = {
            "func": self.ctx.funcs, "table": self.ctx.tables, "memory": self.ctx.mems,
            "global": self.ctx.globals, "tag": self.ctx.tags,
        }
        self.func_names: list[str | None] = []      # identifiers, by function index
        self.func_index = 0                          # index of the next function parsed
        self.annotations: ModuleAnnotations | None = None
        self.field_at = 0                            # first token of the field being parsed
        # branch hints: (function index, [(instruction offset in the body, hint)])
        self.branch_hints: list[tuple[int, list[tuple[int, int]]]] = []

    # -- pass 1: indices and identifiers -----------------------------------------

    def scan(self) -> None:
        """Record every field and give each definition its index."""
        cur = self.cur
        ctx = self.ctx
        kinds, texts = cur.kinds, cur.texts
        first_definition: str | None = None
        while cur.kind() == LPAR:
            at = cur.i
            if cur.kind(1) != KEYWORD or texts[at + 1] not in MODULE_FIELDS:
                raise cur.error("unexpected token", "a module field", at + 1 if cur.kind(1) != -1 else None)
            kw = texts[at + 1]
            self.fields.append((kw, at))
            name = texts[at + 2] if cur.kind(2) == ID else None
            if kw == "type":
                ctx.types.define(cur, name, at + 2)
            elif kw == "rec":
                cur.i = at + 2
                while cur.peek_sexpr("type"):
                    ctx.types.define(cur, texts[cur.i + 2] if cur.kind(2) == ID else None, cur.i + 2)
                    cur.skip_sexpr()
            elif kw in _IMPORTABLE:
                if self._inline_import(at + 3 if name is not None else at + 2):
                    if first_definition is not None:
                        raise cur.error(f"import after {first_definition}", "imports before definitions", at + 1)
                elif first_definition is None:
                    first_definition = _IMPORTABLE[kw]
                self.import_spaces[kw].define(cur, name, at + 2)
                if kw == "func":
                    self.func_names.append(name)
            elif kw == "import":
                if first_definition is not None:
                    raise cur.error(f"import after {first_definition}", "imports before definitions", at + 1)
                desc = at + 4
                if not (desc + 1 < len(kinds) and kinds[desc] == LPAR and kinds[desc + 1] == KEYWORD
                        and texts[desc + 1] in _IMPORTABLE):
                    cur.i = at + 2
                    cur.name()
                    cur.name()
                    raise cur.unexpected("an import description")
                dkind = texts[desc + 1]
                dname = texts[desc + 2] if desc + 2 < len(kinds) and kinds[desc + 2] == ID else None
                self.import_spaces[dkind].define(cur, dname, desc + 2)
                if dkind == "func":
                    self.func_names.append(dname)
            elif kw == "elem":
                ctx.elems.define(cur, name, at + 2)
            elif kw == "data":
                ctx.datas.define(cur, name, at + 2)
            cur.i = at
            cur.skip_sexpr()
        if cur.kind() not in (RPAR, -1):
            raise cur.unexpected("a module field or ')'")

    def _inline_import(self, i: int) -> bool:
        """Whether the field whose exports may start at token ``i`` has an inline import."""
        cur = self.cur
        save = cur.i
        cur.i = i
        while cur.peek_sexpr("export"):
            cur.skip_sexpr()
        found = cur.peek_sexpr("import")
        cur.i = save
        return found

    # -- pass 2: types --------------------------------------------------------

    def define_types(self) -> None:
        ctx = self.ctx
        cur = self.cur
        ctx.type_defs = [None] * ctx.types.count
        module = self.module
        index = 0
        for kw, at in self.fields:
            if kw == "type":
                cur.i = at + 2
                self._type_def(index)
                module.rec_groups.append((index, 1))
                sub = ctx.type_defs[index]
                if isinstance(sub.comptype, ir.FuncType):
                    ctx.func_type_index.setdefault(sub.comptype, index)
                index += 1
            elif kw == "rec":
                cur.i = at + 2
                first = index
                while cur.accept_sexpr("type"):
                    self._type_def(index)
                    index += 1
                cur.rpar()
                module.rec_groups.append((first, index - first))
                if index - first == 1:
                    module.explicit_recs.append(first)
        ctx.explicit_type_count = index

    def _type_def(self, index: int) -> None:
        """The inside of ``(type $id? subtype)``, after ``type``."""
        cur = self.cur
        cur.id()
        names: dict[str, int] = {}
        self.ctx.type_defs[index] = types.sub_type(cur, self.ctx, names)
        if names:
            self.ctx.field_names[index] = names
        cur.rpar()

    # -- pass 3: everything else ------------------------------------------------

    def parse(self) -> ir.Module:
        """Parse the module's fields; the cursor ends at the closing ``)`` (or end)."""
        cur = self.cur
        start = cur.i
        self.scan()
        end = cur.i
        self.annotations = ModuleAnnotations(cur, start, end, self.fields)
        self.annotations.module_name(self.module.names)
        self.define_types()
        parsers = {
            "import": self._import, "func": self._func, "table": self._table,
            "memory": self._memory, "global": self._global, "tag": self._tag,
            "export": self._export, "start": self._start, "elem": self._elem, "data": self._data,
        }
        for kw, at in self.fields:
            self.annotations.customs_before(at, self.module)
            parser = parsers.get(kw)
            if parser is not None:
                self.field_at = at
                cur.i = at + 2
                parser()
                cur.rpar()
        self.annotations.customs_before(end, self.module)
        module = self.module
        if self.branch_hints:
            module.customs.append((BRANCH_HINT_SECTION, encode_branch_hints(self.branch_hints)))
            module.custom_places.append(BRANCH_HINT_PLACE)
        module.types.extend(self.ctx.type_defs[:self.ctx.explicit_type_count])
        for sub in self.ctx.implicit_types:
            module.rec_groups.append((len(module.types), 1))
            module.types.append(sub)
        cur.i = end
        return module

    def _exports(self, kind: str, index: int) -> None:
        """Inline ``(export "name")*``."""
        cur = self.cur
        while cur.accept_sexpr("export"):
            self.module.exports.append(ir.Export(cur.name(), kind, index))
            cur.rpar()

    def _inline_import_names(self) -> tuple[str, str] | None:
        cur = self.cur
        if cur.accept_sexpr("import"):
            names = (cur.name(), cur.name())
            cur.rpar()
            return names
        return None

    def type_use(self, param_names: list | None) -> tuple[int, int]:
        """``(type x)? (param ...)* (result ...)*`` of a function or tag:
        its type index and its number of parameters."""
        cur = self.cur
        ctx = self.ctx
        at = cur.i
        if cur.peek_sexpr("exact"):
            raise NotSupportedError("exact function imports (custom descriptors)")
        index = None
        if cur.accept_sexpr("type"):
            index = ctx.types.index(cur)
            cur.rpar()
        ps: list = []
        rs: list = []
        types.params(cur, ctx, ps, param_names)
        types.results(cur, ctx, rs)
        if index is None:
            return ctx.type_use(ir.FuncType(tuple(ps), tuple(rs))), len(ps)
        if ps or rs:
            if ctx.func_type(cur, index, at) != ir.FuncType(tuple(ps), tuple(rs)):
                raise cur.error("inline function type", "parameters and results matching the type", at)
            return index, len(ps)
        sub = ctx.type_defs[index] if index < len(ctx.type_defs) else None
        if sub is not None and isinstance(sub.comptype, ir.FuncType):
            return index, len(sub.comptype.params)
        return index, 0

    def _import(self) -> None:
        cur = self.cur
        module_name = cur.name()
        name = cur.name()
        kw = cur.sexpr_keyword()
        if kw not in _IMPORTABLE:
            raise cur.unexpected("an import description")
        cur.i += 2
        head = cur.i
        cur.id()
        desc = self._import_desc(kw, head)
        self.module.imports.append(ir.Import(module_name, name, kw, desc))
        cur.rpar()

    def _import_desc(self, kw: str, head: int):
        """The description of an imported entity (after its identifier)."""
        cur = self.cur
        if kw == "func":
            self.annotations.func_name(head, self.func_index, self.module.names, self.func_names)
            typeidx, _ = self.type_use(None)
            self.func_index += 1
            return typeidx
        if kw == "table":
            return types.table_type(cur, self.ctx, types.address_type(cur))
        if kw == "memory":
            return types.mem_type(cur, types.address_type(cur))
        if kw == "global":
            return types.global_type(cur, self.ctx)
        return ir.TagType(self.type_use(None)[0])

    def _header(self, kind: str, index: int) -> tuple[str, str] | None:
        """``$id? (export ...)* (import ...)?`` of a definition: the import names, if any."""
        cur = self.cur
        cur.id()
        self._exports(kind, index)
        return self._inline_import_names()

    def _func(self) -> None:
        cur = self.cur
        index = self.func_index
        self.func_index += 1
        head = cur.i
        imported = self._header("func", index)
        self.annotations.func_name(head, index, self.module.names, self.func_names)
        hints = self.annotations.branch_hints.get(self.field_at)
        if imported is not None:
            if hints:
                raise self.annotations.misplaced_branch_hint(min(hints), "not in a function")
            typeidx, _ = self.type_use(None)
            self.module.imports.append(ir.Import(imported[0], imported[1], "func", typeidx))
            return
        param_names: list = []
        typeidx, nparams = self.type_use(param_names)
        fctx = FuncContext()
        local_names: dict[int, str] = {}
        locals_space = fctx.locals
        if param_names:
            for name, at in param_names:
                k = locals_space.define(cur, name, at)
                if name is not None:
                    local_names[k] = name
        else:
            locals_space.count = nparams
        locals_: list = []
        while cur.accept_sexpr("local"):
            at = cur.i
            name = cur.id()
            if name is not None:
                locals_.append(types.value_type(cur, self.ctx))
                local_names[locals_space.define(cur, name, at)] = name
            else:
                while not cur.at_rpar():
                    locals_.append(types.value_type(cur, self.ctx))
                    locals_space.count += 1
            cur.rpar()
        p = BodyParser(cur, self.ctx, fctx, hints)
        p.instrs()
        p.out.append((_END,))
        func = ir.Func(typeidx, locals_, p.out)
        self.module.funcs.append(func)
        if local_names:
            self.module.names.locals[index] = local_names
        if hints:
            raise self.annotations.misplaced_branch_hint(min(hints))
        if p.hinted:
            offsets = body_offsets(func, [k for k, _ in p.hinted])
            self.branch_hints.append((index, [(offset, hint) for offset, (_, hint) in zip(offsets, p.hinted)]))

    def _table(self) -> None:
        cur = self.cur
        ctx = self.ctx
        index = len(self.module.imported("table")) + len(self.module.tables)
        imported = self._header("table", index)
        if imported is not None:
            t = types.table_type(cur, ctx, types.address_type(cur))
            self.module.imports.append(ir.Import(imported[0], imported[1], "table", t))
            return
        is64 = types.address_type(cur)
        if types.is_value_type_start(cur) or cur.peek_sexpr("ref"):
            element = types.ref_type(cur, ctx)
            cur.open("elem")
            elem_type, init, indices = self._elem_list(element, inline=True)
            cur.rpar()
            n = len(init)
            self.module.tables.append(ir.Table(ir.TableType(element, ir.Limits(n, n, is64))))
            self.module.elems.append(ir.Elem("active", elem_type, init, index, _zero_offset(is64),
                                             _elem_flags(_ACTIVE_WITH_TABLE, indices)))
            return
        t = types.table_type(cur, ctx, is64)
        init = None
        if not cur.at_rpar():
            init = parse_expr(cur, ctx)
        self.module.tables.append(ir.Table(t, init))

    def _memory(self) -> None:
        cur = self.cur
        index = len(self.module.imported("memory")) + len(self.module.mems)
        imported = self._header("memory", index)
        if imported is not None:
            t = types.mem_type(cur, types.address_type(cur))
            self.module.imports.append(ir.Import(imported[0], imported[1], "memory", t))
            return
        is64 = types.address_type(cur)
        page_log2 = None
        if cur.accept_sexpr("pagesize"):
            page_log2 = types.page_size(cur)
        if cur.accept_sexpr("data"):
            data = cur.strings()
            cur.rpar()
            page = 1 << (16 if page_log2 is None else page_log2)
            pages = (len(data) + page - 1) // page
            self.module.mems.append(ir.MemType(ir.Limits(pages, pages, is64, False, page_log2)))
            self.module.datas.append(ir.Data("active", data, index, _zero_offset(is64)))
            return
        if page_log2 is not None:
            raise cur.unexpected("'(data'")
        self.module.mems.append(types.mem_type(cur, is64))

    def _global(self) -> None:
        cur = self.cur
        index = len(self.module.imported("global")) + len(self.module.globals)
        imported = self._header("global", index)
        t = types.global_type(cur, self.ctx)
        if imported is not None:
            self.module.imports.append(ir.Import(imported[0], imported[1], "global", t))
            return
        self.module.globals.append(ir.Global(t, parse_expr(cur, self.ctx)))

    def _tag(self) -> None:
        index = len(self.module.imported("tag")) + len(self.module.tags)
        imported = self._header("tag", index)
        typeidx, _ = self.type_use(None)
        if imported is not None:
            self.module.imports.append(ir.Import(imported[0], imported[1], "tag", ir.TagType(typeidx)))
            return
        self.module.tags.append(ir.TagType(typeidx))

    def _export(self) -> None:
        cur = self.cur
        name = cur.name()
        kw = cur.sexpr_keyword()
        if kw not in _IMPORTABLE:
            raise cur.unexpected("an export description")
        cur.i += 2
        index = self.import_spaces[kw].index(cur)
        cur.rpar()
        self.module.exports.append(ir.Export(name, kw, index))

    def _start(self) -> None:
        cur = self.cur
        if self.module.start is not None:
            raise cur.error("multiple start sections", "one start function", cur.i - 1)
        self.module.start = self.ctx.funcs.index(cur)

    def _elem_list(self, default: ir.RefType | None, inline: bool = False) -> tuple[ir.RefType, list, bool]:
        """``func x*`` | ``reftype elemexpr*`` | ``x*`` (where allowed): type,
        items, and whether the binary format lists them as function indices.

        ``default`` is the type of a bare list of function indices, or ``None``
        where no bare list is allowed. Inside a table's inline ``(elem ...)``
        the type comes from the table: ``inline`` lists have no type of their
        own, and their function indices are expressions unless the table holds
        ``funcref``.
        """
        cur = self.cur
        ctx = self.ctx
        if inline:
            if cur.kind() == LPAR:
                return default, self._elem_exprs(), False
            if default == ir.FUNCREF:
                return _FUNC_ELEM_TYPE, self._func_indices(), True
            return default, self._func_indices(), False
        if cur.accept("func"):
            return _FUNC_ELEM_TYPE, self._func_indices(), True
        if types.is_value_type_start(cur):
            t = types.ref_type(cur, ctx)
            return t, self._elem_exprs(), False
        if default is not None:
            return default, self._func_indices(), True
        raise cur.unexpected("'func' or a reference type")

    def _func_indices(self) -> list:
        cur = self.cur
        funcs = self.ctx.funcs
        out = []
        while funcs.has_index(cur):
            out.append([(_REF_FUNC, funcs.index(cur)), (_END,)])
        return out

    def _elem_exprs(self) -> list:
        cur = self.cur
        out = []
        while cur.kind() == LPAR:
            if cur.accept_sexpr("item"):
                out.append(parse_expr(cur, self.ctx))
                cur.rpar()
            else:
                out.append(parse_folded_expr(cur, self.ctx))
        return out

    def _offset(self) -> list:
        """``(offset expr)`` or one folded instruction."""
        cur = self.cur
        if cur.accept_sexpr("offset"):
            expr = parse_expr(cur, self.ctx)
            cur.rpar()
            return expr
        if cur.kind() != LPAR:
            raise cur.unexpected("'(offset' or a folded instruction")
        return parse_folded_expr(cur, self.ctx)

    def _elem(self) -> None:
        cur = self.cur
        cur.id()
        elems = self.module.elems
        if cur.accept("declare"):
            t, init, indices = self._elem_list(None)
            elems.append(ir.Elem("declarative", t, init, flags=_elem_flags(_DECLARATIVE, indices)))
            return
        table = None
        if cur.accept_sexpr("table"):
            table = self.ctx.tables.index(cur)
            cur.rpar()
        elif cur.kind() == NUMBER:          # the table index without "(table ...)" (MVP syntax)
            table = self.ctx.tables.index(cur)
        elif cur.kind() != LPAR or cur.peek_sexpr("ref"):
            t, init, indices = self._elem_list(None)
            elems.append(ir.Elem("passive", t, init, flags=_elem_flags(_PASSIVE, indices)))
            return
        offset = self._offset()
        t, init, indices = self._elem_list(_FUNC_ELEM_TYPE)
        if table is None and (indices or t == ir.FUNCREF):
            flags = _elem_flags(_ACTIVE, indices)
        else:
            flags = _elem_flags(_ACTIVE_WITH_TABLE, indices)
        elems.append(ir.Elem("active", t, init, table or 0, offset, flags))

    def _data(self) -> None:
        cur = self.cur
        cur.id()
        memory = None
        if cur.accept_sexpr("memory"):
            memory = self.ctx.mems.index(cur)
            cur.rpar()
        elif cur.kind() == NUMBER:          # the memory index without "(memory ...)" (MVP syntax)
            memory = self.ctx.mems.index(cur)
        elif cur.kind() != LPAR:
            self.module.datas.append(ir.Data("passive", cur.strings()))
            return
        offset = self._offset()
        self.module.datas.append(ir.Data("active", cur.strings(), memory or 0, offset))


def parse_module_fields(cur: Cursor, name: str | None = None) -> ir.Module:
    """The module made of the fields from the cursor up to ``)`` or the end."""
    return ModuleParser(cur, name).parse()


def parse_module(cur: Cursor) -> ir.Module:
    """``(module $id? field*)``, or bare fields, up to the end of the stream."""
    if cur.peek_sexpr("module"):
        cur.i += 2
        name = cur.id()
        module = parse_module_fields(cur, name)
        cur.rpar()
    else:
        module = parse_module_fields(cur)
    if cur.kind() != -1:
        raise cur.unexpected("end of input")
    return module

