"""Flattening: the core value types a component value travels as.

A function's parameters travel flat when they need at most
:data:`MAX_FLAT_PARAMS` core values, and otherwise through memory (one
pointer); its result travels flat in at most :data:`MAX_FLAT_RESULTS` core
value, and otherwise through memory: a lifted function returns a pointer to
it, a lowered function receives a pointer to write it to as an extra last
parameter. A variant's payloads share flat slots, each slot the join of what
the cases put there (``i32`` with ``f32`` is ``i32``, any other mix ``i64``).
"""

from __future__ import annotations

from ... import ir
from ..types import (
    Bool, Borrow, Char, ErrorContext, F32, F64, Flags, FuncType, Future, List, Own, Record,
    S16, S32, S64, S8, Stream, String, U16, U32, U64, U8, ValType, Variant,
)
from .despecialize import despecialize

__all__ = ["flatten_type", "flatten_types", "flatten_variant", "flatten_functype", "join",
           "MAX_FLAT_PARAMS", "MAX_FLAT_RESULTS", "MAX_FLAT_ASYNC_PARAMS"]

MAX_FLAT_PARAMS = 16
MAX_FLAT_RESULTS = 1
MAX_FLAT_ASYNC_PARAMS = 4

_FLAT: dict[type, tuple[str, ...]] = {
    Bool: ("i32",), S8: ("i32",), U8: ("i32",), S16: ("i32",), U16: ("i32",),
    S32: ("i32",), U32: ("i32",), S64: ("i64",), U64: ("i64",), F32: ("f32",),
    F64: ("f64",), Char: ("i32",), ErrorContext: ("i32",), Flags: ("i32",), Own: ("i32",),
    Borrow: ("i32",), Stream: ("i32",), Future: ("i32",), String: ("i32", "i32"),
}


def join(a: str, b: str) -> str:
    """The flat type that holds both ``a`` and ``b``."""
    if a == b:
        return a
    if {a, b} == {"i32", "f32"}:
        return "i32"
    return "i64"


def flatten_type(t: ValType) -> list[str]:
    """The core value types of a value of type ``t``, in order."""
    t = despecialize(t)
    flat = _FLAT.get(t.__class__)
    if flat is not None:
        return list(flat)
    if isinstance(t, List):
        if t.length is None:
            return ["i32", "i32"]
        return flatten_type(t.element) * t.length
    if isinstance(t, Record):
        return [ft for _, f in t.fields for ft in flatten_type(f)]
    if isinstance(t, Variant):
        return flatten_variant(t)
    raise TypeError(f"cannot flatten {t!r}")


def flatten_variant(t: ValType) -> list[str]:
    """A variant's flat types: its discriminant, then the joined payload slots."""
    v = despecialize(t)
    assert isinstance(v, Variant)
    flat: list[str] = []
    for _, c in v.cases:
        if c is not None:
            for i, ft in enumerate(flatten_type(c)):
                if i < len(flat):
                    flat[i] = join(flat[i], ft)
                else:
                    flat.append(ft)
    return ["i32"] + flat


def flatten_types(ts) -> list[str]:
    """The core value types of values of types ``ts``, one after the other."""
    return [ft for t in ts for ft in flatten_type(t)]


def flatten_functype(ft: FuncType, context: str) -> ir.FuncType:
    """The core function type of a synchronous ``canon lift`` (``context`` ``"lift"``)
    or ``canon lower`` (``"lower"``) of the component function type ``ft``."""
    flat_params = flatten_types(ft.param_types)
    flat_results = flatten_types(ft.result_types)
    if len(flat_params) > MAX_FLAT_PARAMS:
        flat_params = ["i32"]
    if len(flat_results) > MAX_FLAT_RESULTS:
        if context == "lift":
            flat_results = ["i32"]
        else:
            flat_params = flat_params + ["i32"]
            flat_results = []
    return ir.FuncType(tuple(flat_params), tuple(flat_results))
