"""Alignment and size of every value type in linear memory.

``alignment(t)`` and ``elem_size(t)`` follow the canonical ABI's definitions
for 32-bit memories; :func:`size_align` computes both for either pointer
width (the validator's maximum-size rule measures with 64-bit pointers). A
variant's discriminant is the smallest of u8, u16, u32 that counts its
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
    "max_case_alignment", "payload_offset", "field_offsets", "flags_size", "size_align",
    "contains_pointers", "PTR_SIZE", "MAX_FLAGS",
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
    """Bytes of a flags type with ``count`` labels: 1, 2 or 4 (then 4 for each
    32 labels, beyond the canonical ABI's limit, for the validator's sizes)."""
    if count <= 8:
        return 1
    if count <= 16:
        return 2
    return 4 * ((count + 31) // 32)


def max_case_alignment(cases) -> int:
    """The largest alignment of the payload types of ``cases`` (1 if none has one)."""
    a = 1
    for _, t in cases:
        if t is not None:
            a = max(a, alignment(t))
    return a


def alignment(t: ValType) -> int:
    """The alignment in bytes of a value of type ``t`` in linear memory."""
    return size_align(t)[1]


def elem_size(t: ValType) -> int:
    """The size in bytes of a value of type ``t`` in linear memory."""
    return size_align(t)[0]


def size_align(t: ValType | None, ptr_size: int = PTR_SIZE,
               memo: dict[int, tuple[ValType, int, int]] | None = None) -> tuple[int, int]:
    """``(elem_size, alignment)`` of ``t`` with pointers of ``ptr_size`` bytes
    (``None``, an absent payload, is ``(0, 1)``). ``memo`` keeps the results by
    the identity of each type, so that a type whose parts are shared is
    measured once per part."""
    if t is None:
        return 0, 1
    size = _PRIMITIVE_SIZES.get(t.__class__)
    if size is not None:
        return size, size
    if memo is None:
        memo = {}
    known = memo.get(id(t))
    if known is not None and known[0] is t:
        return known[1], known[2]
    size, align = _size_align(despecialize(t), ptr_size, memo)
    memo[id(t)] = (t, size, align)
    return size, align


def _size_align(t: ValType, ptr_size: int,
                memo: dict[int, tuple[ValType, int, int]]) -> tuple[int, int]:
    if isinstance(t, String):
        return 2 * ptr_size, ptr_size
    if isinstance(t, List):
        if t.length is None:
            return 2 * ptr_size, ptr_size
        size, align = size_align(t.element, ptr_size, memo)
        return t.length * size, align
    if isinstance(t, Record):
        s, a = 0, 1
        for _, f in t.fields:
            fs, fa = size_align(f, ptr_size, memo)
            s = align_to(s, fa) + fs
            a = max(a, fa)
        return align_to(s, a), a
    if isinstance(t, Variant):
        disc = discriminant_size(len(t.cases))
        payload_size, payload_align = 0, 1
        for _, c in t.cases:
            cs, ca = size_align(c, ptr_size, memo)
            payload_size = max(payload_size, cs)
            payload_align = max(payload_align, ca)
        a = max(disc, payload_align)
        return align_to(align_to(disc, payload_align) + payload_size, a), a
    if isinstance(t, Flags):
        size = flags_size(len(t.names))
        return size, min(size, 4)
    raise TypeError(f"no canonical ABI layout for {t!r}")


def contains_pointers(t: ValType | None) -> bool:
    """Whether a value of type ``t`` points into linear memory (holds a string
    or a variable-length list somewhere inside it)."""
    if t is None:
        return False
    t = despecialize(t)
    if isinstance(t, String):
        return True
    if isinstance(t, List):
        return t.length is None or contains_pointers(t.element)
    if isinstance(t, Record):
        return any(contains_pointers(f) for _, f in t.fields)
    if isinstance(t, Variant):
        return any(contains_pointers(c) for _, c in t.cases)
    return False


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
