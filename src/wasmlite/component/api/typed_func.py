"""TypedFunc: a component function whose type was checked once, when it was
made by :meth:`Func.typed <wasmlite.component.Func.typed>`."""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

from ...api.store import check_store
from ...errors import WasmtimeError
from ...runtime.trap import Trap
from .. import types as t
from .shapes import Shape, result_shape_of, shape_of, signature_text
from .wrap import check_signature

__all__ = ["TypedFunc", "make_typed"]


class TypedFunc:
    """A component function of a known signature: ``typed(store, *args)``
    calls it with the annotated values (dataclasses, ``Enum`` members, ... as
    :mod:`wasmlite.component.api.markers` lists them) and returns the annotated
    result. The codecs and conversions are chosen once, when it is made."""

    __slots__ = ("func", "_store", "_call", "_count", "_to_component", "_to_host",
                 "__weakref__")
    func: Any
    _store: Any
    _call: Callable[..., Any]
    _count: int
    _to_component: Optional[list[Callable[[Any], Any]]]
    _to_host: Optional[Callable[[Any], Any]]

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `TypedFunc`")

    def __call__(self, store: Any, *args: Any) -> Any:
        check_store(self._store, store)
        if len(args) != self._count:
            raise TypeError(f"wrong number of parameters provided: given {len(args)}, "
                            f"expected {self._count}")
        convert = self._to_component
        if convert is not None:
            args = tuple(c(a) for c, a in zip(convert, args))
        try:
            value = self._call(args, None)
        except Trap as trap:
            from .func import trap_error
            raise trap_error(trap) from trap
        to_host = self._to_host
        return value if to_host is None else to_host(value)

    call = __call__

    def __repr__(self) -> str:
        return f"<component TypedFunc {self.func._func.type}>"


def make_typed(func: Any, params: Sequence[Any], result: Any) -> TypedFunc:
    """``func`` (a :class:`~wasmlite.component.Func`) as a :class:`TypedFunc`
    after checking that its type is ``params -> result`` (annotations);
    :class:`WasmtimeError` names both types when it is not."""
    if isinstance(params, (str, bytes)) or not isinstance(params, Sequence):
        raise TypeError("expected a sequence of parameter types")
    shapes: list[Shape] = [shape_of(p, f"parameter {i}") for i, p in enumerate(params)]
    result_shape: Optional[Shape] = result_shape_of(result, "the result")
    ft: t.FuncType = func._func.type
    if not check_signature(shapes, result_shape, ft):
        wanted = signature_text([(f"p{i}", s) for i, s in enumerate(shapes)], result_shape)
        raise WasmtimeError(f"type mismatch: the function's type is `{ft}`, but "
                            f"`{wanted}` was asked for")
    self = TypedFunc.__new__(TypedFunc)
    self.func = func
    self._store = func._store
    self._call = func._func.call
    self._count = len(shapes)
    self._to_component = (None if all(s.identity for s in shapes)
                          else [s.from_host for s in shapes])
    to_host: Optional[Callable[[Any], Any]] = None
    if result_shape is not None and not result_shape.identity:
        to_host = result_shape.to_host
    self._to_host = to_host
    return self
