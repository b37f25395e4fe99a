"""The module-level validation context ``C``: the index spaces, as closed types."""

from __future__ import annotations

from .. import ir
from ..errors import InvalidError
from .types import DefType, close_valtype


def unknown(category: str, index: int) -> InvalidError:
    """The error for an index outside its index space (``unknown global 3``)."""
    return InvalidError(f"unknown {category} {index}")


class ModuleContext:
    """The types of everything a module's code may refer to.

    Index spaces put imports first. Value types are closed (see ``types.py``).
    ``globals`` grows while globals are validated, so that a global's
    initializer sees only the globals before it.
    """

    __slots__ = ("module", "deftypes", "funcs", "tables", "mems", "globals", "tags",
                 "elems", "ndatas", "has_data_count", "refs", "_closed")

    def __init__(self, module: ir.Module, deftypes: list[DefType]):
        self.module = module
        self.deftypes = deftypes
        self.funcs: list[DefType] = []
        self.tables: list[tuple[str, ir.RefType]] = []     # (address type, element type)
        self.mems: list[str] = []                          # address type
        self.globals: list[tuple[ir.ValType, bool]] = []   # (value type, mutable)
        self.tags: list[DefType] = []
        self.elems: list[ir.RefType] = []
        self.ndatas = len(module.datas)
        self.has_data_count = module.data_count is not None
        self.refs: frozenset[int] = frozenset()
        self._closed: dict = {}

    # -- types --

    def close(self, t: ir.ValType) -> ir.ValType:
        """The closed form of one of the module's value types."""
        if type(t) is str:
            if t in ("i32", "i64", "f32", "f64", "v128"):
                return t
            raise InvalidError(f"unknown value type {t!r}")
        closed = self._closed.get(t)
        if closed is None:
            closed = self._closed[t] = close_valtype(t, self.deftypes)
        return closed

    def close_heap(self, heap: ir.HeapType):
        """The closed form of a heap type immediate."""
        return self.close(ir.RefType(True, heap)).heap

    def deftype(self, x: int) -> DefType:
        if 0 <= x < len(self.deftypes):
            return self.deftypes[x]
        raise unknown("type", x)

    def functype(self, x: int) -> ir.FuncType:
        """The closed function type at type index ``x``."""
        dt = self.deftype(x)
        if dt.kind != "func":
            raise InvalidError(f"type mismatch: type {x} is a {dt.kind} type, not a function type")
        return dt.comptype

    def blocktype(self, bt) -> tuple[tuple, tuple]:
        """``(params, results)`` of a block type immediate."""
        if bt is None:
            return (), ()
        if type(bt) is int:
            ft = self.functype(bt)
            return ft.params, ft.results
        return (), (self.close(bt),)

    # -- index spaces --

    def func(self, x: int) -> DefType:
        if 0 <= x < len(self.funcs):
            return self.funcs[x]
        raise unknown("function", x)

    def table(self, x: int) -> tuple[str, ir.RefType]:
        if 0 <= x < len(self.tables):
            return self.tables[x]
        raise unknown("table", x)

    def mem(self, x: int) -> str:
        """The address type of memory ``x``."""
        if 0 <= x < len(self.mems):
            return self.mems[x]
        raise unknown("memory", x)

    def global_(self, x: int) -> tuple[ir.ValType, bool]:
        if 0 <= x < len(self.globals):
            return self.globals[x]
        raise unknown("global", x)

    def tag(self, x: int) -> ir.FuncType:
        """The (closed) function type of tag ``x``."""
        if 0 <= x < len(self.tags):
            return self.tags[x].comptype
        raise unknown("tag", x)

    def elem(self, x: int) -> ir.RefType:
        if 0 <= x < len(self.elems):
            return self.elems[x]
        raise unknown("elem segment", x)

    def data(self, x: int) -> None:
        """Check that data segment ``x`` exists and may be named from code."""
        if not self.has_data_count:
            raise InvalidError("data count section required")
        if not 0 <= x < self.ndatas:
            raise unknown("data segment", x)
