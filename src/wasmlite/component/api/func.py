"""Func: a component function of an instance, called with Python values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from ...api.store import check_store
from ...errors import WasmtimeError
from ...runtime.trap import Trap
from .. import types as t
from ..instantiate import ComponentFunc

if TYPE_CHECKING:
    from .typed_func import TypedFunc

__all__ = ["Func", "trap_error"]


def trap_error(trap: Trap) -> WasmtimeError:
    """The error wasmtime-py raises from a component call for ``trap``: the
    message alone for an error of the canonical ABI raised where no wasm code
    runs (it has no trap code), else the trap with its wasm backtrace."""
    bare = trap.trap_code is None and not trap.frames
    error = WasmtimeError(trap.message if bare else str(trap))
    error.__cause__ = trap
    return error


class Func:
    """A component function of an instance in a store.

    Calling it lowers the Python arguments, runs the function and lifts its
    result (``None`` when it has none); ``post-return`` runs automatically, so
    :meth:`post_return` has nothing left to do. A trap raises
    :class:`~wasmlite.WasmtimeError`; an exception raised by a host function
    surfaces unchanged.
    """

    __slots__ = ("_store", "_func")

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `Func`")

    @classmethod
    def _new(cls, store: Any, func: ComponentFunc) -> Func:
        self = cls.__new__(cls)
        self._store = store
        self._func = func
        return self

    def __call__(self, store: Any, *params: Any) -> Any:
        check_store(self._store, store)
        func = self._func
        expected = len(func.type.params)
        if len(params) != expected:
            raise TypeError(f"wrong number of parameters provided: given {len(params)}, "
                            f"expected {expected}")
        try:
            return func.call(params, None)
        except Trap as trap:
            raise trap_error(trap) from trap

    def post_return(self, store: Any) -> None:
        """Kept for wasmtime-py compatibility: post-return has already run."""
        check_store(self._store, store)

    def type(self, store: Any) -> t.FuncType:
        """The function's type."""
        check_store(self._store, store)
        return self._func.type

    def typed(self, store: Any, params: Sequence[Any], result: Any = None) -> TypedFunc:
        """This function as a :class:`TypedFunc`, after checking once that its
        type is ``params -> result``: annotations as
        :meth:`LinkerInstance.func_wrap` reads them (``[u32, str]``,
        ``Optional[u8]``, a dataclass, ...) or component types (``U32()``);
        ``result`` is ``None`` for a function without result. A function of
        another type raises :class:`WasmtimeError` naming both types."""
        check_store(self._store, store)
        from .typed_func import make_typed
        return make_typed(self, params, result)

    def __repr__(self) -> str:
        return f"<component Func {self._func.type}>"
