"""Table: a table of references, viewed from the host."""

from __future__ import annotations

from ..errors import ArgumentTypeError, WasmtimeError
from .arguments import c_int
from ..runtime.table import TableInstance
from .convert import lifter, lowerer
from .store import Store, check_store, store_of
from .types import TableType, ValType
from .value import Val

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .store import Storelike
    import typing


class Table:
    """A table. Elements are shown as API values: ``Func`` for functions, the
    Python object for externrefs."""

    __slots__ = ("_store", "_table", "__weakref__")

    def __init__(self, store: Storelike, ty: TableType, init: typing.Any):
        if not isinstance(ty, TableType):
            raise ArgumentTypeError("expected a TableType")
        owner = store_of(store)
        raw = lowerer(ty._ir.element, owner)(init)
        try:
            table = TableInstance(ty._ir, raw, owner._state.table_limiter)
        except MemoryError as e:
            raise WasmtimeError(str(e)) from None
        self._store = owner
        self._table = table
        owner._wrappers[table] = self

    @classmethod
    def _from_runtime(cls, store: Store, table: TableInstance) -> "Table":
        t = object.__new__(cls)
        t._store = store
        t._table = table
        return t

    def type(self, store: Storelike) -> TableType:
        """The table's type."""
        check_store(self._store, store)
        return TableType._from_ir(self._table.type)

    def size(self, store: Storelike) -> int:
        """The number of elements."""
        check_store(self._store, store)
        return len(self._table.elements)

    def grow(self, store: Storelike, amt: int, init: typing.Any) -> int:
        """Append ``amt`` elements ``init``; returns the previous size."""
        check_store(self._store, store)
        table = self._table
        raw = lowerer(table.type.element, self._store)(init)
        amt = c_int(amt, "amt")
        old = table.grow(amt, raw) if amt >= 0 else -1
        if old < 0:
            raise WasmtimeError(f"failed to grow table by `{amt}`")
        return old

    def get(self, store: Storelike, idx: int) -> typing.Optional[typing.Any]:
        """Element ``idx``: its value, a null ``Val`` for a null reference, or
        ``None`` when ``idx`` is out of bounds."""
        check_store(self._store, store)
        elements = self._table.elements
        if type(idx) is not int:
            idx = c_int(idx, "idx")
        if not 0 <= idx < len(elements):
            return None
        raw = elements[idx]
        element = self._table.type.element
        if raw is None:
            return Val(ValType._from_ir(element), None)
        return lifter(element, self._store)(raw)

    def set(self, store: Storelike, idx: int, val: typing.Any) -> None:
        """Store ``val`` at element ``idx``."""
        check_store(self._store, store)
        table = self._table
        raw = lowerer(table.type.element, self._store)(val)
        elements = table.elements
        if type(idx) is not int:
            idx = c_int(idx, "idx")
        if not 0 <= idx < len(elements):
            raise WasmtimeError("wasm trap: undefined element: out of bounds table access")
        elements[idx] = raw
