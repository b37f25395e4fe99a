"""Flattening: the core value types a component value travels as.

A function's parameters travel flat when they need at most
:data:`MAX_FLAT_PARAMS` core values, and otherwise through memory (one
pointer); its result travels flat in at most :data:`MAX_FLAT_RESULTS` core
value, and otherwise through memory: a lifted function returns a pointer to
it, a lowered function receives a pointer to write it to as an extra last
parameter. A variant's payloads share flat slots, each slot the join of what
the cases put there (``i32`` with ``f32`` is ``i32``, any other mix ``i64``).

The validator checks ``canon lift`` and ``canon lower`` with the same
functions: :func:`flatten_signature` also covers the ``async`` option, and a
``limit`` stops flattening once a value is known to go through memory.
"""

from __future__ import annotations

from ... import ir
from ..types import (
    Bool, Borrow, Char, ErrorContext, F32, F64, Flags, FuncType, Future, List, Own, Record,
    S16, S32, S64, S8, Stream, String, U16, U32, U64, U8, ValType, Variant,
)
from .despecialize import despecialize

__all__ = ["flatten_type", "flatten_types", "flatten_variant", "flatten_functype",
           "flatten_signature", "FlatSignature", "join", "MAX_FLAT_PARAMS", "MAX_FLAT_RESULTS",
           "MAX_FLAT_ASYNC_PARAMS"]

MAX_FLAT_PARAMS = 16
MAX_FLAT_RESULTS = 1
MAX_FLAT_ASYNC_PARAMS = 4

_FLAT: dict[type, tuple[str, ...]] = {
    Bool: ("i32",), S8: ("i32",), U8: ("i32",), S16: ("i32",), U16: ("i32",),
    S32: ("i32",), U32: ("i32",), S64: ("i64",), U64: ("i64",), F32: ("f32",),
    F64: ("f64",), Char: ("i32",), ErrorContext: ("i32",), Own: ("i32",),
    Borrow: ("i32",), Stream: ("i32",), Future: ("i32",), String: ("i32", "i32"),
}


def join(a: str, b: str) -> str:
    """The flat type that holds both ``a`` and ``b``."""
    if a == b:
        return a
    if {a, b} == {"i32", "f32"}:
        return "i32"
    return "i64"


def flatten_type(t: ValType, limit: int | None = None) -> list[str]:
    """The core value types of a value of type ``t``, in order; with ``limit``,
    flattening stops once more than ``limit`` are found (the value then
    travels through memory, and the rest does not matter)."""
    t = despecialize(t)
    flat = _FLAT.get(t.__class__)
    if flat is not None:
        return list(flat)
    if isinstance(t, List):
        if t.length is None:
            return ["i32", "i32"]
        one = flatten_type(t.element, limit)
        if limit is None or not one:
            return one * t.length
        return one * min(t.length, limit // len(one) + 1)
    if isinstance(t, Record):
        out: list[str] = []
        for _, f in t.fields:
            out.extend(flatten_type(f, limit))
            if limit is not None and len(out) > limit:
                break
        return out
    if isinstance(t, Variant):
        return flatten_variant(t, limit)
    if isinstance(t, Flags):
        return ["i32"] * ((len(t.names) + 31) // 32)
    raise TypeError(f"cannot flatten {t!r}")


def flatten_variant(t: ValType, limit: int | None = None) -> list[str]:
    """A variant's flat types: its discriminant, then the joined payload slots."""
    v = despecialize(t)
    assert isinstance(v, Variant)
    flat: list[str] = []
    for _, c in v.cases:
        if c is not None:
            for i, ft in enumerate(flatten_type(c, limit)):
                if i < len(flat):
                    flat[i] = join(flat[i], ft)
                else:
                    flat.append(ft)
    return ["i32"] + flat


def flatten_types(ts) -> list[str]:
    """The core value types of values of types ``ts``, one after the other."""
    return [ft for t in ts for ft in flatten_type(t)]


class FlatSignature:
    """A lifted or lowered function's core signature, and whether its
    parameters and its result went through memory."""

    __slots__ = ("params", "results", "params_in_memory", "results_in_memory")

    def __init__(self, params: tuple[str, ...], results: tuple[str, ...],
                 params_in_memory: bool, results_in_memory: bool) -> None:
        self.params = params
        self.results = results
        self.params_in_memory = params_in_memory
        self.results_in_memory = results_in_memory


def flatten_signature(ft: FuncType, context: str, is_async: bool = False) -> FlatSignature:
    """``flatten_functype`` of the component function type ``ft`` for ``context``
    ``"lift"`` or ``"lower"``, synchronous or with the ``async`` option."""
    max_params = MAX_FLAT_ASYNC_PARAMS if (is_async and context == "lower") else MAX_FLAT_PARAMS
    params: list[str] = []
    for t in ft.param_types:
        params.extend(flatten_type(t, max_params))
    params_in_memory = len(params) > max_params
    if params_in_memory:
        params = ["i32"]
    if is_async:
        if context == "lower" and ft.result is not None:
            params.append("i32")
        return FlatSignature(tuple(params), ("i32",), params_in_memory, False)
    results: list[str] = []
    results_in_memory = False
    if ft.result is not None:
        results = flatten_type(ft.result, MAX_FLAT_RESULTS)
        if len(results) > MAX_FLAT_RESULTS:
            results_in_memory = True
            if context == "lower":
                params.append("i32")
                results = []
            else:
                results = ["i32"]
    return FlatSignature(tuple(params), tuple(results), params_in_memory, results_in_memory)


def flatten_functype(ft: FuncType, context: str) -> ir.FuncType:
    """The core function type of a synchronous ``canon lift`` (``context`` ``"lift"``)
    or ``canon lower`` (``"lower"``) of the component function type ``ft``."""
    sig = flatten_signature(ft, context)
    return ir.FuncType(sig.params, sig.results)
