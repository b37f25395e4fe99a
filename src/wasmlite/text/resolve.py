"""Identifier contexts: which symbolic name stands for which index."""

from __future__ import annotations

from .. import ir
from .cursor import Cursor
from .error import LiteralError
from .lexer import ID, NUMBER
from .numbers import parse_uint


class Space:
    """One index space (functions, types, locals, fields, ...): names and a count."""

    __slots__ = ("kind", "names", "count")

    def __init__(self, kind: str):
        self.kind = kind
        self.names: dict[str, int] = {}
        self.count = 0

    def define(self, cur: Cursor, name: str | None, at: int) -> int:
        """Append an entry (named ``name`` if given); its index."""
        index = self.count
        if name is not None:
            if name in self.names:
                raise cur.error(f"duplicate {self.kind}", f"a {self.kind} identifier not used before", at)
            self.names[name] = index
        self.count = index + 1
        return index

    def index(self, cur: Cursor) -> int:
        """Consume a numeric or symbolic reference into this space."""
        i = cur.i
        kind = cur.kinds[i] if i < len(cur.kinds) else -1
        if kind == NUMBER:
            text = cur.texts[i]
            try:
                value = int(text) if text.isdigit() else parse_uint(text, 32)
            except LiteralError as e:
                raise cur.literal_error(e) from None
            cur.i = i + 1
            return value
        if kind == ID:
            value = self.names.get(cur.texts[i])
            if value is None:
                raise cur.error(f"unknown {self.kind}", f"a defined {self.kind} identifier")
            cur.i = i + 1
            return value
        raise cur.unexpected(f"a {self.kind} index")

    def has_index(self, cur: Cursor) -> bool:
        """Whether the current token can be a reference into an index space."""
        kind = cur.kind()
        return kind == NUMBER or kind == ID


class ModuleContext:
    """Everything identifiers in a module's fields may refer to."""

    __slots__ = ("types", "funcs", "tables", "mems", "globals", "tags", "elems", "datas",
                 "type_defs", "field_names", "func_type_index", "implicit_types",
                 "explicit_type_count")

    def __init__(self) -> None:
        self.types = Space("type")
        self.funcs = Space("function")
        self.tables = Space("table")
        self.mems = Space("memory")
        self.globals = Space("global")
        self.tags = Space("tag")
        self.elems = Space("elem segment")
        self.datas = Space("data segment")
        self.type_defs: list[ir.SubType | None] = []
        self.field_names: dict[int, dict[str, int]] = {}
        # function types that an inline type use may reuse: first index wins
        self.func_type_index: dict[ir.FuncType, int] = {}
        self.implicit_types: list[ir.SubType] = []
        self.explicit_type_count = 0

    def type_use(self, functype: ir.FuncType) -> int:
        """The index of the type an inline function type stands for,
        appending a new type to the module if no explicit one matches."""
        index = self.func_type_index.get(functype)
        if index is None:
            index = self.explicit_type_count + len(self.implicit_types)
            self.implicit_types.append(ir.SubType(True, (), functype))
            self.type_defs.append(self.implicit_types[-1])
            self.func_type_index[functype] = index
        return index

    def func_type(self, cur: Cursor, index: int, at: int) -> ir.FuncType:
        """The function type at ``index``; a parse error if it is not one."""
        if index >= len(self.type_defs):
            raise cur.error("unknown type", "a defined type index", at)
        sub = self.type_defs[index]
        if sub is None or not isinstance(sub.comptype, ir.FuncType):
            raise cur.error("unknown type", "the index of a function type", at)
        return sub.comptype

    def field(self, cur: Cursor, typeidx: int) -> int:
        """Consume a field reference of struct type ``typeidx``."""
        if cur.kind() == ID:
            names = self.field_names.get(typeidx, {})
            value = names.get(cur.texts[cur.i])
            if value is None:
                raise cur.error("unknown field", "a field identifier of the struct type")
            cur.i += 1
            return value
        return cur.u32()


class FuncContext:
    """The identifiers visible in one function body: locals and labels."""

    __slots__ = ("locals", "labels")

    def __init__(self) -> None:
        self.locals = Space("local")
        self.labels: list[str | None] = []

    def label(self, cur: Cursor) -> int:
        """Consume a label reference; its relative depth."""
        i = cur.i
        kind = cur.kind()
        if kind == NUMBER:
            return cur.u32()
        if kind == ID:
            name = cur.texts[i]
            labels = self.labels
            for depth in range(len(labels) - 1, -1, -1):
                if labels[depth] == name:
                    cur.i = i + 1
                    return len(labels) - 1 - depth
            raise cur.error("unknown label", "the identifier of an enclosing block")
        raise cur.unexpected("a label")
