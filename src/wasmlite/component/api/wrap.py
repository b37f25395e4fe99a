"""Host functions typed by their annotations (``LinkerInstance.func_wrap``) or
called with value lists (``LinkerInstance.func_new``).

:func:`host_signature` reads a Python function's annotations (see
:mod:`.markers`) into a :class:`HostSignature`: whether its first parameter
is the store, the shape of each parameter and of the result. A
:class:`WrappedFuncDef` is checked against the import it is given to when a
component is instantiated; a mismatch is refused with the function's name,
the import's type and the annotated one.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any, Callable, Optional

from ...api.caller import Caller
from ...api.store import Store, StoreContext
from .. import types as t
from ..instantiate import HostFuncDef, SignatureMismatch
from .shapes import Shape, result_shape_of, shape_of, signature_text

__all__ = ["HostSignature", "host_signature", "WrappedFuncDef", "DynamicFuncDef",
           "check_signature"]

_STORE_ANNOTATIONS = (Store, StoreContext, Caller, "Store", "StoreContext", "Storelike")


def _is_store(annotation: Any) -> bool:
    if annotation in _STORE_ANNOTATIONS:
        return True
    return (typing.get_origin(annotation) is typing.Union
            and set(typing.get_args(annotation)) <= {Store, StoreContext, Caller})


class HostSignature:
    """What a host function's annotations say: ``takes_store`` (its first
    parameter is annotated as a store and receives it), ``params`` as
    ``(name, shape)`` and ``result`` (``None`` for ``-> None``)."""

    __slots__ = ("takes_store", "params", "result")

    def __init__(self, takes_store: bool, params: list[tuple[str, Shape]],
                 result: Optional[Shape]) -> None:
        self.takes_store = takes_store
        self.params = params
        self.result = result

    def __str__(self) -> str:
        return signature_text(self.params, self.result)


def host_signature(fn: Callable[..., Any]) -> HostSignature:
    """The :class:`HostSignature` of ``fn``; TypeError names the parameter
    whose annotation is missing or stands for no component type."""
    try:
        sig = inspect.signature(fn, eval_str=True)
    except (NameError, SyntaxError) as e:
        raise TypeError(f"cannot read the annotations of {fn!r}: {e}") from None
    params = list(sig.parameters.values())
    takes_store = bool(params) and _is_store(params[0].annotation)
    if takes_store:
        params = params[1:]
    shapes = []
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.KEYWORD_ONLY):
            raise TypeError(f"parameter `{p.name}` of {fn!r} must be positional")
        if p.annotation is p.empty:
            raise TypeError(f"parameter `{p.name}` of {fn!r} has no annotation")
        if _is_store(p.annotation):
            raise TypeError(f"parameter `{p.name}` of {fn!r}: the store must be the first "
                            "parameter")
        shapes.append((p.name, shape_of(p.annotation, f"parameter `{p.name}` of {fn!r}")))
    if sig.return_annotation is sig.empty:
        raise TypeError(f"the return value of {fn!r} has no annotation (use `-> None` for "
                        "no result)")
    result = result_shape_of(sig.return_annotation, f"the return value of {fn!r}")
    return HostSignature(takes_store, shapes, result)


def check_signature(params: list[Shape], result: Optional[Shape], ft: t.FuncType) -> bool:
    """Whether ``ft`` has the parameters and result the shapes describe."""
    types = ft.param_types
    if len(types) != len(params) or (result is None) != (ft.result is None):
        return False
    if not all(s.matches(x) for s, x in zip(params, types)):
        return False
    return result is None or result.matches(ft.result)  # type: ignore[arg-type]


class WrappedFuncDef(HostFuncDef):
    """A host function typed by its annotations, defined as ``name``."""

    __slots__ = ("name", "signature")

    def __init__(self, name: str, fn: Callable[..., Any]) -> None:
        super().__init__(fn)
        self.name = name
        self.signature = host_signature(fn)

    def implement(self, ft: t.FuncType) -> Callable[..., Any]:
        sig = self.signature
        if not check_signature([s for _, s in sig.params], sig.result, ft):
            fn_name = getattr(self.fn, "__qualname__", repr(self.fn))
            raise SignatureMismatch(f"host function `{self.name}` ({fn_name}): expected type "
                                    f"`{ft}`, found type `{sig}`")
        return _adapter(self.fn, sig)


def _adapter(fn: Callable[..., Any], sig: HostSignature) -> Callable[..., Any]:
    """``fn`` as a callable ``(store, *args)`` taking and returning the runtime's values."""
    converts = not all(s.identity for _, s in sig.params)
    result = sig.result
    convert_result = None if result is None or result.identity else result.from_host
    if not converts and convert_result is None:
        if sig.takes_store:
            return fn
        return lambda store, *args: fn(*args)
    to_host = [s.to_host for _, s in sig.params]
    takes_store = sig.takes_store

    def call(store: Any, *args: Any) -> Any:
        if converts:
            args = tuple(conv(a) for conv, a in zip(to_host, args))
        value = fn(store, *args) if takes_store else fn(*args)
        return value if convert_result is None else convert_result(value)

    call.__name__ = getattr(fn, "__name__", "call")
    return call


class DynamicFuncDef(HostFuncDef):
    """A host function ``fn(store, params, results)`` that reads its arguments
    from the list ``params`` and fills the list ``results`` (as long as the
    import has results: zero or one)."""

    __slots__ = ()

    def implement(self, ft: t.FuncType) -> Callable[..., Any]:
        fn = self.fn
        count = len(ft.result_types)

        def call(store: Any, *args: Any) -> Any:
            results: list = [None] * count
            fn(store, list(args), results)
            return results[0] if count else None

        call.__name__ = getattr(fn, "__name__", "call")
        return call
