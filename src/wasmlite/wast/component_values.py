"""Component values of scripts as the Python values ``wasmlite.component``
passes, and comparison of results with expected values.

A script value (:class:`~wasmlite.component.text.script.ComponentValue`, or
a core :class:`~wasmlite.text.script.Value` for ``f32``/``f64``) is made
into the Python value of the function's parameter or result type (see
:mod:`wasmlite.component.values`); the type decides how lists of bytes and
variants are represented.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from ..component import types as t
from ..component.canonical.variants import is_tagged, variant_cases
from ..component.values import Record, ResourceAny, Variant
from ..runtime.floats import f32_from_bits, f64_from_bits

__all__ = ["to_python", "equal", "describe"]


def _float(v: Any, t32: bool) -> float:
    value = v.value
    if isinstance(value, str):             # nan:canonical / nan:arithmetic
        return math.nan
    return f32_from_bits(value) if t32 else f64_from_bits(value)


def to_python(v: Any, ty: t.ValType) -> Any:
    """The Python value of script value ``v`` for type ``ty``."""
    kind = v.type
    value = v.value
    if kind in ("f32", "f64"):
        return _float(v, kind == "f32")
    if isinstance(ty, t.List):
        items = [to_python(x, ty.element) for x in value]
        if isinstance(ty.element, t.U8) and ty.length is None:
            return bytes(items)
        return items
    if isinstance(ty, t.Record):
        given = dict(value)
        return Record(**{n: to_python(given[n], ft) for n, ft in ty.fields if n in given})
    if isinstance(ty, t.Tuple):
        return tuple(to_python(x, et) for x, et in zip(value, ty.elements))
    if isinstance(ty, t.Flags):
        return set(value)
    if isinstance(ty, t.Enum):
        return value
    if isinstance(ty, (t.Variant, t.Option, t.Result)):
        cases = variant_cases(ty)
        if isinstance(ty, t.Option):
            tag, payload = ("none", None) if value is None else ("some", value)
        else:
            tag, payload = value
        case_type = dict(cases)[tag]
        py = None if payload is None or case_type is None else to_python(payload, case_type)
        if is_tagged(cases):
            return Variant(tag, py)
        return py
    return value


def _float_equal(a: Any, b: float, bits: str) -> bool:
    if not isinstance(a, float):
        return False
    if math.isnan(b):
        return math.isnan(a)
    return struct.pack(bits, a) == struct.pack(bits, b)


def equal(actual: Any, expected: Any, ty: t.ValType) -> bool:
    """Whether the Python result ``actual`` equals ``expected`` (made by
    :func:`to_python`) for type ``ty``; floats compare by bits, NaNs as equal."""
    if isinstance(ty, t.F32):
        return _float_equal(actual, expected, "<f")
    if isinstance(ty, t.F64):
        return _float_equal(actual, expected, "<d")
    if isinstance(ty, t.Bool):
        return isinstance(actual, bool) and actual == expected
    if isinstance(ty, t.List):
        if isinstance(expected, bytes):
            return isinstance(actual, (bytes, bytearray)) and bytes(actual) == expected
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(equal(a, e, ty.element) for a, e in zip(actual, expected)))
    if isinstance(ty, t.Record):
        return all(hasattr(actual, n) and hasattr(expected, n)
                   and equal(getattr(actual, n), getattr(expected, n), ft)
                   for n, ft in ty.fields)
    if isinstance(ty, t.Tuple):
        return (isinstance(actual, tuple) and len(actual) == len(expected)
                and all(equal(a, e, et) for a, e, et in zip(actual, expected, ty.elements)))
    if isinstance(ty, (t.Variant, t.Option, t.Result)):
        cases = variant_cases(ty)
        if is_tagged(cases):
            if not isinstance(actual, Variant) or actual.tag != expected.tag:
                return False
            ct = dict(cases)[actual.tag]
            return ct is None or equal(actual.payload, expected.payload, ct)
        if expected is None or actual is None:
            return actual is expected
        for _, ct in cases:
            if ct is not None and _is_instance(expected, ct) and _is_instance(actual, ct):
                return equal(actual, expected, ct)
        return False
    if isinstance(ty, (t.Own, t.Borrow)):
        return isinstance(actual, ResourceAny)
    return type(actual) is type(expected) and actual == expected


def _is_instance(x: Any, ty: t.ValType) -> bool:
    from ..component.canonical import codec
    return isinstance(x, tuple(codec(ty).classes))


def describe(x: Any) -> str:
    """A short text for a Python value in failure messages."""
    text = repr(x)
    return text if len(text) <= 200 else text[:197] + "..."
