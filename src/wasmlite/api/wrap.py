"""Host functions described by Python annotations (``Linker.func_wrap``) or called with
value lists (``Linker.func_new``), and the annotation markers they use.

Markers: ``i32 i64 f32 f64 v128`` (``typing.Annotated`` aliases of ``int``/``float``),
``ExternRef`` (any Python object), ``Func``; ``X | None`` makes a reference nullable.
"""

from __future__ import annotations

import types
import typing

from .. import ir
from ..errors import WasmtimeError
from .types import FuncType, ValType
from .value import Val

i32 = typing.Annotated[int, ValType.i32()]
i64 = typing.Annotated[int, ValType.i64()]
f32 = typing.Annotated[float, ValType.f32()]
f64 = typing.Annotated[float, ValType.f64()]
v128 = typing.Annotated[int, ValType.v128()]
ExternRef = typing.Annotated[object, ValType._from_ir(ir.RefType(False, "extern"))]
"""A non-null external reference; ``ExternRef | None`` is ``externref``."""

_NON_NULL_FUNC = ValType._from_ir(ir.RefType(False, "func"))


def _marker_valtype(hint: typing.Any) -> typing.Optional[ValType]:
    """The value type a non-optional annotation stands for, or None."""
    from .func import Func
    if hint is Func:
        return _NON_NULL_FUNC
    if isinstance(hint, ValType):
        return hint
    if typing.get_origin(hint) is typing.Annotated:
        for meta in hint.__metadata__:
            if isinstance(meta, ValType):
                return meta
    return None


def valtype_of(hint: typing.Any) -> typing.Optional[ValType]:
    """The value type of a marker annotation (``i32``, ``ExternRef | None``, ``Func``,
    a ValType...), or None if it is not one."""
    vt = _marker_valtype(hint)
    if vt is not None:
        return vt
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            inner = _marker_valtype(args[0])
            if inner is not None and isinstance(inner._ir, ir.RefType):
                return ValType._from_ir(ir.RefType(True, inner._ir.heap))
    return None


def _check_marker(hint: typing.Any, what: str) -> ValType:
    vt = valtype_of(hint)
    if vt is None:
        raise TypeError(f"unsupported annotation {hint!r} for {what}: expected one of "
                        "wasmlite.i32, i64, f32, f64, v128, ExternRef | None, Func | None")
    return vt


def signature_of(fn: typing.Callable) -> tuple[FuncType, bool]:
    """The wasm function type declared by ``fn``'s annotations, and whether its first
    parameter is the Caller. TypeError names the parameter whose annotation is missing
    or unsupported."""
    import inspect

    from .caller import Caller
    try:
        sig = inspect.signature(fn, eval_str=True)
    except (NameError, SyntaxError) as e:
        raise TypeError(f"cannot read the annotations of {fn!r}: {e}") from None
    params = list(sig.parameters.values())
    access_caller = False
    if params and params[0].annotation is Caller:
        access_caller = True
        params = params[1:]
    param_types = []
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.KEYWORD_ONLY):
            raise TypeError(f"parameter `{p.name}` of {fn!r} must be positional")
        if p.annotation is p.empty:
            raise TypeError(f"parameter `{p.name}` of {fn!r} has no annotation")
        if p.annotation is Caller:
            raise TypeError(f"parameter `{p.name}` of {fn!r}: the Caller must be the first parameter")
        param_types.append(_check_marker(p.annotation, f"parameter `{p.name}`"))
    ret = sig.return_annotation
    if ret is sig.empty:
        raise TypeError(f"the return value of {fn!r} has no annotation (use `-> None` for no results)")
    if ret is None or ret is type(None):
        results = []
    elif typing.get_origin(ret) is tuple:
        results = [_check_marker(r, "the return value") for r in typing.get_args(ret)]
    else:
        results = [_check_marker(ret, "the return value")]
    return FuncType(param_types, results), access_caller


_INCOMPATIBLE = "function attempted to return an incompatible value"


def dynamic_adapter(functype: ir.FuncType, fn: typing.Callable) -> typing.Callable:
    """A caller-taking function that calls ``fn(caller, params, results)`` with ``Val``
    parameters and returns the values ``fn`` put into ``results``."""
    from .convert import lowerer
    from .store import store_of
    param_types = [ValType._from_ir(t) for t in functype.params]
    result_types = functype.results
    n = len(result_types)

    def check(store: typing.Any, results: list) -> list:
        if len(results) != n:
            raise WasmtimeError(f"{_INCOMPATIBLE}: expected {n} results, found {len(results)}")
        out = []
        for t, value in zip(result_types, results):
            try:
                lowerer(t, store)(value)
            except (TypeError, WasmtimeError):
                raise WasmtimeError(f"{_INCOMPATIBLE}: {value!r} is not a value of type {t}") from None
            out.append(value.value if isinstance(value, Val) else value)
        return out

    def call(caller: typing.Any, *args: typing.Any) -> typing.Any:
        params = [Val(t, a) for t, a in zip(param_types, args)]
        results: list = [None] * n
        fn(caller, params, results)
        out = check(store_of(caller), results)
        if n == 0:
            return None
        return out[0] if n == 1 else out
    return call
