"""TypedFunc: a Func whose type was checked once, when it was made."""

from __future__ import annotations


TYPE_CHECKING = False

if TYPE_CHECKING:
    from .store import Storelike
    import typing
    from .func import Func


class TypedFunc:
    """A function of a known signature; ``call(store, *args)`` calls it."""

    __slots__ = ("func", "call", "__weakref__")

    def __init__(self, func: "Func"):
        self.func = func
        self.call: typing.Callable[..., typing.Any] = func.__call__

    def __call__(self, store: Storelike, *params: typing.Any) -> typing.Any:
        return self.call(store, *params)
