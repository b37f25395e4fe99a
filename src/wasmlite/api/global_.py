"""Global: a global variable, viewed from the host."""

from __future__ import annotations

from ..errors import ArgumentTypeError, WasmtimeError
from ..runtime.global_ import GlobalInstance
from .convert import lifter, lowerer
from .store import Store, check_store, store_of
from .types import GlobalType, ValType
from .value import Val

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .store import Storelike
    import typing


class Global:
    """A global variable."""

    __slots__ = ("_store", "_global", "__weakref__")

    def __init__(self, store: Storelike, ty: GlobalType, val: typing.Any):
        if not isinstance(ty, GlobalType):
            raise ArgumentTypeError("expected a GlobalType")
        owner = store_of(store)
        raw = lowerer(ty._ir.valtype, owner)(val)
        self._store = owner
        self._global = GlobalInstance(ty._ir, raw)
        owner._wrappers[self._global] = self

    @classmethod
    def _from_runtime(cls, store: Store, glob: GlobalInstance) -> "Global":
        g = object.__new__(cls)
        g._store = store
        g._global = glob
        return g

    def type(self, store: Storelike) -> GlobalType:
        """The global's type."""
        check_store(self._store, store)
        return GlobalType._from_ir(self._global.type)

    def value(self, store: Storelike) -> typing.Any:
        """The current value (a null ``Val`` for a null reference)."""
        check_store(self._store, store)
        glob = self._global
        raw = glob.value
        valtype = glob.type.valtype
        if raw is None:
            return Val(ValType._from_ir(valtype), None)
        return lifter(valtype, self._store)(raw)

    def set_value(self, store: Storelike, val: typing.Any) -> None:
        """Set a mutable global."""
        check_store(self._store, store)
        glob = self._global
        raw = lowerer(glob.type.valtype, self._store)(val)
        if not glob.type.mutable:
            raise WasmtimeError("immutable global cannot be set")
        glob.value = raw
