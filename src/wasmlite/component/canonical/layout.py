"""Alignment and size of every value type in linear memory (32-bit memories).

``alignment(t)`` and ``elem_size(t)`` follow the canonical ABI's definitions;
a variant's discriminant is the smallest of u8, u16, u32 that counts its
cases, and its payload starts at the largest alignment of the cases. The
limits (at most 32 flags, handles below 2**28, byte lengths that fit a u32)
are checked where values cross.
"""

from __future__ import annotations

from ..types import (
    Bool, Borrow, Char, ErrorContext, F32, F64, Flags, Future, List, Own, Record, S16, S32,
    S64, S8, Stream, String, U16, U32, U64, U8, ValType, Variant,
)
from .despecialize import despecialize

__all__ = [
    "alignment", "elem_size", "align_to", "discriminant_type", "discriminant_size",
    "max_case_alignment", "payload_offset", "field_offsets", "flags_size", "PTR_SIZE",
    "MAX_FLAGS",
]

PTR_SIZE = 4
"""Bytes of a pointer or length in a 32-bit memory."""

MAX_FLAGS = 32
"""The most labels a flags type has."""

_PRIMITIVE_SIZES: dict[type, int] = {
    Bool: 1, S8: 1, U8: 1, S16: 2, U16: 2, S32: 4, U32: 4, S64: 8, U64: 8, F32: 4, F64: 8,
    Char: 4, ErrorContext: 4, Own: 4, Borrow: 4, Stream: 4, Future: 4,
}


def align_to(ptr: int, alignment: int) -> int:
    """``ptr`` rounded up to a multiple of ``alignment`` (a power of two)."""
    return (ptr + alignment - 1) & -alignment


def discriminant_size(cases: int) -> int:
    """Bytes of the discriminant of a variant with ``cases`` cases: 1, 2 or 4."""
    if cases <= 1 << 8:
        return 1
    if cases <= 1 << 16:
        return 2
    return 4


def discriminant_type(cases: int) -> ValType:
    """The discriminant type of a variant with ``cases`` cases: u8, u16 or u32."""
    return {1: U8, 2: U16, 4: U32}[discriminant_size(cases)]()


def flags_size(count: int) -> int:
    """Bytes of a flags type with ``count`` labels: 1, 2 or 4."""
    if count <= 8:
        return 1
    if count <= 16:
        return 2
    return 4


def max_case_alignment(cases) -> int:
    """The largest alignment of the payload types of ``cases`` (1 if none has one)."""
    a = 1
    for _, t in cases:
        if t is not None:
            a = max(a, alignment(t))
    return a


def alignment(t: ValType) -> int:
    """The alignment in bytes of a value of type ``t`` in linear memory."""
    t = despecialize(t)
    size = _PRIMITIVE_SIZES.get(t.__class__)
    if size is not None:
        return size
    if isinstance(t, String):
        return PTR_SIZE
    if isinstance(t, List):
        return PTR_SIZE if t.length is None else alignment(t.element)
    if isinstance(t, Record):
        a = 1
        for _, f in t.fields:
            a = max(a, alignment(f))
        return a
    if isinstance(t, Variant):
        return max(discriminant_size(len(t.cases)), max_case_alignment(t.cases))
    if isinstance(t, Flags):
        return flags_size(len(t.names))
    raise TypeError(f"no canonical ABI alignment for {t!r}")


def elem_size(t: ValType) -> int:
    """The size in bytes of a value of type ``t`` in linear memory."""
    t = despecialize(t)
    size = _PRIMITIVE_SIZES.get(t.__class__)
    if size is not None:
        return size
    if isinstance(t, String):
        return 2 * PTR_SIZE
    if isinstance(t, List):
        return 2 * PTR_SIZE if t.length is None else t.length * elem_size(t.element)
    if isinstance(t, Record):
        s = 0
        for _, f in t.fields:
            s = align_to(s, alignment(f)) + elem_size(f)
        return align_to(s, alignment(t))
    if isinstance(t, Variant):
        s = payload_offset(t)
        cs = 0
        for _, c in t.cases:
            if c is not None:
                cs = max(cs, elem_size(c))
        return align_to(s + cs, alignment(t))
    if isinstance(t, Flags):
        return flags_size(len(t.names))
    raise TypeError(f"no canonical ABI size for {t!r}")


def payload_offset(t: ValType) -> int:
    """The offset of a variant's payload from the start of the variant."""
    v = despecialize(t)
    assert isinstance(v, Variant)
    return align_to(discriminant_size(len(v.cases)), max_case_alignment(v.cases))


def field_offsets(t: ValType) -> list[int]:
    """The offsets of a record's (or tuple's) fields from the start of the record."""
    r = despecialize(t)
    assert isinstance(r, Record)
    offsets = []
    s = 0
    for _, f in r.fields:
        s = align_to(s, alignment(f))
        offsets.append(s)
        s += elem_size(f)
    return offsets
