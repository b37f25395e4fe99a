"""Variants, enums, options and results.

In memory a variant is its discriminant (u8, u16 or u32 by the number of
cases) followed, at the largest payload alignment, by the payload of its
case. Flat, it is an ``i32`` discriminant followed by the joined payload
slots: a case's ``f32`` travels bit-cast in an ``i32`` or ``i64`` slot, an
``f64`` in an ``i64``, an ``i32`` zero-extended in an ``i64``; unused slots
are zero. A discriminant that names no case traps.

In Python an enum case is its name (``str``). A variant, option or result
value is, as in wasmtime-py, its bare payload (``None`` for a case without
one) when the Python classes of the cases do not overlap, and a
:class:`~wasmlite.component.values.Variant` ``(tag, payload)`` when they do.
Lowering an untagged value picks the first case whose classes it is an
instance of (``None`` picks the first case without payload).
"""

from __future__ import annotations

import struct
from typing import Any, Callable

from ...runtime.floats import f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits
from ..types import Enum, Option, Result, ValType, Variant as VariantType
from ..values import Variant
from .codec import Codec, codec, register
from .errors import InvalidValueError, bad_discriminant
from .flatten import flatten_variant
from .layout import discriminant_size, payload_offset
from .scalars import CANONICAL_NAN32, CANONICAL_NAN64

__all__ = ["variant_cases", "is_tagged"]

_DISCRIMINANT = {1: struct.Struct("<B"), 2: struct.Struct("<H"), 4: struct.Struct("<I")}


def variant_cases(t: ValType) -> list[tuple[str, ValType | None]]:
    """The cases of a variant, option or result, with their Python tag names
    (``none``/``some``, ``ok``/``err``)."""
    if isinstance(t, Option):
        return [("none", None), ("some", t.payload)]
    if isinstance(t, Result):
        return [("ok", t.ok), ("err", t.err)]
    assert isinstance(t, VariantType)
    return list(t.cases)


def _case_classes(ct: ValType | None) -> frozenset[type]:
    return frozenset({object}) if ct is None else codec(ct).classes


def is_tagged(cases: list[tuple[str, ValType | None]]) -> bool:
    """Whether values of a variant with these cases are :class:`Variant` objects:
    when two cases' Python classes overlap (wasmtime-py's rule)."""
    seen: set[type] = set()
    for _, ct in cases:
        classes = _case_classes(ct)
        if classes & seen:
            return True
        seen |= classes
    return False


# --- flat payload coercions ----------------------------------------------------------------

def _i32_to_f32(x: int) -> float:
    f = f32_from_bits(x)
    return CANONICAL_NAN32 if f != f else f


def _i64_to_i32(x: int) -> int:
    return x & 0xFFFFFFFF


def _i64_to_f32(x: int) -> float:
    return _i32_to_f32(x & 0xFFFFFFFF)


def _i64_to_f64(x: int) -> float:
    f = f64_from_bits(x)
    return CANONICAL_NAN64 if f != f else f


def _f32_to_int(f: float) -> int:
    return f32_to_bits(CANONICAL_NAN32 if f != f else f)


def _f64_to_i64(f: float) -> int:
    return f64_to_bits(CANONICAL_NAN64 if f != f else f)


_LIFT_COERCE: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("i32", "f32"): _i32_to_f32, ("i64", "i32"): _i64_to_i32,
    ("i64", "f32"): _i64_to_f32, ("i64", "f64"): _i64_to_f64,
}
_LOWER_COERCE: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("f32", "i32"): _f32_to_int, ("f32", "i64"): _f32_to_int, ("f64", "i64"): _f64_to_i64,
}


def _coercions(have: list[str], want: list[str], table: dict) -> list | None:
    """Per slot, the function that turns a ``have`` value into a ``want`` value (or
    ``None`` for the same type); ``None`` when no slot needs one."""
    fs = [table.get((h, w)) if h != w else None for h, w in zip(have, want)]
    return fs if any(f is not None for f in fs) else None


# --- the codec -----------------------------------------------------------------------------

@register(VariantType, Option, Result, Enum)
def _variant(t: ValType) -> Codec:
    if isinstance(t, Enum):
        cases: list[tuple[str, ValType | None]] = [(n, None) for n in t.names]
        tagged = False
        enum = True
    else:
        cases = variant_cases(t)
        tagged = is_tagged(cases)
        enum = False
    n = len(cases)
    disc = _DISCRIMINANT[discriminant_size(n)]
    dunpack, dpack = disc.unpack_from, disc.pack_into
    poff = payload_offset(t)
    joined = flatten_variant(t)[1:]
    slots = len(joined)
    zeros = [0.0 if ft in ("f32", "f64") else 0 for ft in joined]
    index_of = {name: i for i, (name, _) in enumerate(cases)}
    codecs = [None if ct is None else codec(ct) for _, ct in cases]
    names = [name for name, _ in cases]
    case_classes = [None if ct is None else tuple(codec(ct).classes) for _, ct in cases]
    lift_coerce = []
    lower_coerce = []
    for c in codecs:
        if c is None:
            lift_coerce.append(None)
            lower_coerce.append(None)
        else:
            have = list(c.flat)
            lift_coerce.append(_coercions(joined, have, _LIFT_COERCE))
            lower_coerce.append(_coercions(have, joined, _LOWER_COERCE))

    if enum:
        classes: frozenset[type] = frozenset({str})
    elif tagged:
        classes = frozenset({Variant})
    else:
        classes = frozenset().union(*(_case_classes(ct) for _, ct in cases))

    # Python value -> (case index, payload)
    if enum:
        def match(v: Any) -> tuple[int, Any]:
            if not isinstance(v, str):
                raise TypeError("expected str type")
            i = index_of.get(v)
            if i is None:
                raise InvalidValueError(f"enum variant name `{v}` is not valid")
            return i, None
    elif tagged:
        def match(v: Any) -> tuple[int, Any]:
            if not isinstance(v, Variant):
                raise TypeError("expected Variant type")
            i = index_of.get(v.tag)
            if i is None:
                raise ValueError("value not valid for this variant")
            return i, v.payload
    else:
        def match(v: Any) -> tuple[int, Any]:
            for i, cls in enumerate(case_classes):
                if cls is None:
                    if v is None:
                        return i, None
                elif isinstance(v, cls):
                    return i, v
            raise ValueError("value not valid for this variant")

    # (case index, payload) -> Python value
    if enum:
        def make(i: int, payload: Any) -> Any:
            return names[i]
    elif tagged:
        def make(i: int, payload: Any) -> Any:
            return Variant(names[i], payload)
    else:
        def make(i: int, payload: Any) -> Any:
            return payload

    def load(cx: Any, ptr: int) -> Any:
        i = dunpack(cx.memory.view, ptr)[0]
        if i >= n:
            bad_discriminant(i, n)
        c = codecs[i]
        return make(i, None if c is None else c.load(cx, ptr + poff))

    def store(cx: Any, v: Any, ptr: int) -> None:
        i, payload = match(v)
        dpack(cx.memory.view, ptr, i)
        c = codecs[i]
        if c is not None:
            c.store(cx, payload, ptr + poff)

    def lift_flat(cx: Any, it: Any) -> Any:
        i = next(it)
        if i >= n:
            bad_discriminant(i, n)
        values = [next(it) for _ in range(slots)]
        c = codecs[i]
        if c is None:
            return make(i, None)
        coerce = lift_coerce[i]
        if coerce is not None:
            values = [x if f is None else f(x) for f, x in zip(coerce, values)]
        return make(i, c.lift_flat(cx, iter(values)))

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        i, payload = match(v)
        out.append(i)
        c = codecs[i]
        if c is None:
            out.extend(zeros)
            return
        flat: list = []
        c.lower_flat(cx, payload, flat)
        coerce = lower_coerce[i]
        if coerce is not None:
            flat = [x if f is None else f(x) for f, x in zip(coerce, flat)]
        out.extend(flat)
        out.extend(zeros[len(flat):])

    return Codec(t, classes, load, store, lift_flat, lower_flat)


