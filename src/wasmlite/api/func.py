"""Func: a function (defined by wasm or by the host) that Python can call."""

from __future__ import annotations

from ..errors import WasmtimeError
from ..runtime.function import HostFunction
from .boundary import entry_method, invoker, make_host_adapter
from .store import Store, check_store, store_of
from .types import FuncType, functype_text

TYPE_CHECKING = False

if TYPE_CHECKING:
    from .store import Storelike
    import typing
    from .typed_func import TypedFunc


class Func:
    """A function of a store. ``func(store, *args)`` (or ``func.call(store, *args)``)
    calls it: arguments are Python values (or ``Val``); the result is None, the value,
    or a list for several results.

    Each Func is an instance of a subclass specialised to its signature, whose
    ``__call__`` converts exactly those parameter and result types.
    """

    __slots__ = ("_store", "_fn", "_invoke", "__weakref__")

    def __init__(self, store: Storelike, ty: FuncType, func: typing.Callable,
                 access_caller: bool = False):
        owner = store_of(store)
        if not isinstance(ty, FuncType):
            raise TypeError("expected a FuncType")
        if not callable(func):
            raise TypeError("expected a callable")
        host = HostFunction(ty._ir, make_host_adapter(owner, ty._ir, func, bool(access_caller)))
        self._store = owner
        self._fn = host
        self._invoke = invoker(host)
        self.__class__ = _specialised(host.type.comptype)
        owner._wrappers[host] = self

    @classmethod
    def _from_runtime(cls, store: Store, fn: typing.Any) -> "Func":
        f = object.__new__(_specialised(fn.type.comptype))
        f._store = store
        f._fn = fn
        f._invoke = invoker(fn)
        return f

    def type(self, store: Storelike) -> FuncType:
        """The function's type."""
        check_store(self._store, store)
        return FuncType._from_ir(self._fn.type.comptype)

    ty = type

    def __call__(self, store: Storelike, *params: typing.Any) -> typing.Any:
        raise NotImplementedError  # replaced in every signature's subclass

    call = __call__

    def typed(self, store: Storelike, params: typing.Sequence[typing.Any],
              results: typing.Sequence[typing.Any]) -> "TypedFunc":
        """This function as a :class:`TypedFunc`, after checking that its type is
        ``params -> results`` (ValTypes or the ``wasmlite.i32``-style markers)."""
        from .typed_func import TypedFunc
        from .wrap import valtype_of
        check_store(self._store, store)
        expected = FuncType([valtype_of(p) for p in params], [valtype_of(r) for r in results])
        actual = self._fn.type.comptype
        if expected._ir != actual:
            raise WasmtimeError(f"type mismatch: expected `{functype_text(expected._ir)}`, "
                                f"found `{functype_text(actual)}`")
        return TypedFunc(self)

    def __repr__(self) -> str:
        return f"<Func {functype_text(self._fn.type.comptype)}>"


_classes: dict[tuple, type] = {}


def _specialised(functype: typing.Any) -> type:
    """The Func subclass for functions of ``functype``."""
    key = (functype.params, functype.results)
    cls = _classes.get(key)
    if cls is None:
        method = entry_method(functype.params, functype.results)
        cls = _classes[key] = type("Func", (Func,), {
            "__slots__": (), "__call__": method, "call": method, "__module__": __name__,
            "__qualname__": "Func", "__doc__": Func.__doc__})
    return cls
