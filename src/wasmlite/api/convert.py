"""Conversion between the embedding API's Python values and the runtime's raw values.

Raw values: i32/i64 unsigned ints, f32/f64 floats (f32 exactly representable in
binary32), v128 an unsigned 128-bit int, references the runtime's objects
(``None`` is null; a funcref is a function instance, an externref any Python object).

API values: i32/i64 signed ints (any int is accepted: its low 32 or 64 bits are
taken, as wasmtime does, so unsigned spellings work),
floats (an int is refused, as wasmtime-py refuses it), v128 ints, ``Func`` for funcref, any Python object for externref.

Besides plain converters, this module provides source fragments that
:mod:`wasmlite.api.boundary` pastes into generated per-signature call code.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import ir
from ..errors import WasmtimeError
from ..validate.types import val_subtype
from .value import Val, to_f32

TYPE_CHECKING = False

if TYPE_CHECKING:
    import typing
    from .store import Store

    Lower = Callable[[typing.Any], typing.Any]
    Lift = Callable[[typing.Any], typing.Any]

_V128_BOUNDS = (-(1 << 127), (1 << 128) - 1)
_MASK: dict[ir.ValType, int] = {"i32": (1 << 32) - 1, "i64": (1 << 64) - 1, "v128": (1 << 128) - 1}


def _refuse(val: object, t: ir.ValType) -> typing.NoReturn:
    raise TypeError("don't know how to convert %r to %s" % (val, t))


def is_func_heap(t: ir.ValType) -> bool:
    """Whether ``t`` is a reference to functions (funcref, nofunc or a function type)."""
    if not isinstance(t, ir.RefType):
        return False
    heap = t.heap
    if isinstance(heap, str):
        return heap in ("func", "nofunc")
    return getattr(heap, "kind", None) == "func"


_ANY_HEAPS = frozenset({"any", "eq", "i31", "struct", "array", "none"})


def is_any_heap(t: ir.ValType) -> bool:
    """Whether ``t`` is a reference in the ``any`` hierarchy (GC values, i31, host
    values internalized with ``any.convert_extern``)."""
    if not isinstance(t, ir.RefType):
        return False
    heap = t.heap
    if isinstance(heap, str):
        return heap in _ANY_HEAPS
    return getattr(heap, "kind", None) in ("struct", "array")


def lower(t: ir.ValType, val: typing.Any, store: "Store") -> typing.Any:
    """The raw value of API value ``val`` of type ``t`` in ``store``.

    Raises TypeError for a value that does not convert.
    """
    if type(val) is Val:
        val = _unwrap(val, t)
    mask = _MASK.get(t)
    if mask is not None:
        if isinstance(val, int) and (t != "v128" or _V128_BOUNDS[0] <= val <= _V128_BOUNDS[1]):
            return val & mask
        _refuse(val, t)
    if t == "f32" or t == "f64":
        if isinstance(val, float):
            return to_f32(val) if t == "f32" else float(val)
        _refuse(val, t)
    if not isinstance(t, ir.RefType):
        _refuse(val, t)
    if val is None:
        if t.nullable:
            return None
        _refuse(val, t)
    if is_func_heap(t):
        fn = getattr(val, "_fn", None)
        if fn is None or getattr(val, "_store", None) is None:
            _refuse(val, t)
        if val._store is not store:
            raise WasmtimeError("object used with the wrong store")
        heap = t.heap
        if not isinstance(heap, str) and not fn.type.matches(heap):
            _refuse(val, t)
        return fn
    if t.heap == "any":
        from ..runtime.aggregate import anyref_from_host
        return anyref_from_host(val)
    return val


def lowerer(t: ir.ValType, store: "Store") -> Lower:
    """The converter of API values of type ``t`` to raw values for ``store``."""
    return lambda val: lower(t, val, store)


def _unwrap(val: Val, t: ir.ValType) -> typing.Any:
    vt = val._type._ir
    if vt != t and not (isinstance(t, ir.RefType) and isinstance(vt, ir.RefType)
                        and (val._val is None or val_subtype(vt, t))):
        raise TypeError("wrong type of `Val` provided")
    return val._val


def lifter(t: ir.ValType, store: "Store") -> Lift:
    """The converter of raw values of type ``t`` in ``store`` to API values."""
    if t == "i32":
        return lambda r: (r ^ 0x80000000) - 0x80000000
    if t == "i64":
        return lambda r: (r ^ 0x8000000000000000) - 0x8000000000000000
    if is_func_heap(t):
        wrap = store._wrap
        return lambda r: None if r is None else wrap(r)
    if is_any_heap(t):
        return _anyref_to_host
    return _identity


def _identity(r: typing.Any) -> typing.Any:
    return r


def _anyref_to_host(r: typing.Any) -> typing.Any:
    """The host value of raw anyref ``r`` (GC objects stay opaque)."""
    from ..runtime.aggregate import anyref_to_host as convert     # only GC programs need it
    return convert(r)


# --- source fragments for generated code ------------------------------------------
#
# ``lower_lines(t, var, tname, store)``: statements turning the API value in ``var``
# into a raw value in place; ``tname`` names the value type and ``store`` the Store,
# for the call of :func:`lower` in the cases the inline test does not settle.
# ``lift_expr(t, var, wrap)``: an expression for the API value of the raw value in
# ``var``; ``wrap`` names the store's funcref wrapper.

def lower_lines(t: ir.ValType, var: str, tname: str, store: str) -> list[str]:
    """Statements converting ``var`` from an API value to a raw value of type ``t``."""
    slow = f"{var} = _lower({tname}, {var}, {store})"
    if t == "i32" or t == "i64":
        return [f"if type({var}) is int: {var} &= {_MASK[t]}", f"else: {slow}"]
    if t == "f64":
        return [f"if type({var}) is not float: {slow}"]
    if t == "f32":
        return [f"if type({var}) is float: {var} = _to_f32({var})", f"else: {slow}"]
    if isinstance(t, ir.RefType) and t.heap == "any":
        return [slow]
    if isinstance(t, ir.RefType) and not is_func_heap(t) and t.nullable:
        return [f"if type({var}) is _Val: {slow}"]
    if isinstance(t, ir.RefType) and is_func_heap(t) and t.nullable:
        return [f"if {var} is not None: {slow}"]
    return [slow]


def lift_expr(t: ir.ValType, var: str, wrap: str) -> str:
    """An expression for the API value of the raw value ``var`` of type ``t``."""
    if t == "i32":
        return f"(({var} ^ 0x80000000) - 0x80000000)"
    if t == "i64":
        return f"(({var} ^ 0x8000000000000000) - 0x8000000000000000)"
    if is_func_heap(t):
        return f"(None if {var} is None else {wrap}({var}))"
    if is_any_heap(t):
        return f"_anyref_to_host({var})"
    return var


FRAGMENT_GLOBALS = {"_to_f32": to_f32, "_Val": Val, "_lower": lower,
                    "_anyref_to_host": _anyref_to_host}
"""Names the fragments refer to besides the ones the caller supplies."""
