"""Lists: ``list<T>`` (a pointer and a length) and ``list<T, N>`` (N elements in place).

A ``list<u8>`` is ``bytes`` in Python, any other list a ``list``. Lifting a
list checks that its elements lie inside the memory, then that the pointer
is aligned; lowering allocates ``length * elem_size`` bytes with ``realloc``
at the element alignment and stores the elements one after the other. Lists
of integers and floats are read and written with one ``struct`` call.
"""

from __future__ import annotations

import struct
from typing import Any

from ..types import F32, F64, List, S16, S32, S64, S8, U16, U32, U64, U8, ValType
from .codec import Codec, codec, range_codec, register
from .errors import (
    FIXED_LIST_OUT_OF_BOUNDS, LIST_NOT_ALIGNED, LIST_OUT_OF_BOUNDS, LIST_SIZE_OVERFLOW, trap,
)
from .scalars import CANONICAL_NAN32, CANONICAL_NAN64

__all__ = ["check_list_range"]


_NUMERIC_FORMATS = {S8: "b", S16: "h", U16: "H", S32: "i", U32: "I", S64: "q", U64: "Q",
                    F32: "f", F64: "d"}


def check_list_range(cx: Any, ptr: int, length: int, size: int, align: int) -> None:
    """Trap unless ``length`` elements of ``size`` bytes at ``ptr`` lie in the memory
    and ``ptr`` is a multiple of ``align``."""
    if ptr + length * size > cx.memory.size_bytes:
        trap(LIST_OUT_OF_BOUNDS)
    if ptr & (align - 1):
        trap(LIST_NOT_ALIGNED)


def _allocate(cx: Any, length: int, size: int, align: int) -> int:
    byte_length = length * size
    if byte_length > 0xFFFFFFFF:
        trap(LIST_SIZE_OVERFLOW)
    return cx.allocate(align, byte_length)  # type: ignore[no-any-return]


@register(List)
def _list(t: ValType) -> Codec:
    assert isinstance(t, List)
    ec = codec(t.element)
    if t.length is not None:
        return _fixed_list(t, ec)
    is_bytes = t.element.__class__ is U8
    fmt = _NUMERIC_FORMATS.get(t.element.__class__)
    size, align = ec.size, ec.align
    eload, estore = ec.load, ec.store
    if is_bytes:
        def load_range(cx: Any, ptr: int, n: int) -> Any:
            check_list_range(cx, ptr, n, 1, 1)
            return bytes(cx.memory.view[ptr:ptr + n])

        def store_range(cx: Any, v: Any) -> tuple[int, int]:
            if not isinstance(v, bytes):
                raise TypeError("expected bytes value")
            n = len(v)
            ptr = _allocate(cx, n, 1, 1)
            cx.memory.view[ptr:ptr + n] = v
            return ptr, n
    elif fmt is not None:
        nan = CANONICAL_NAN32 if fmt == "f" else CANONICAL_NAN64
        floats = fmt in "fd"

        def load_range(cx: Any, ptr: int, n: int) -> Any:
            check_list_range(cx, ptr, n, size, align)
            items = list(struct.unpack_from(f"<{n}{fmt}", cx.memory.view, ptr))
            if floats:
                for i, f in enumerate(items):
                    if f != f:
                        items[i] = nan
            return items

        def store_range(cx: Any, v: Any) -> tuple[int, int]:
            if not isinstance(v, list):
                raise TypeError("expected list value")
            n = len(v)
            ptr = _allocate(cx, n, size, align)
            if not floats:
                try:
                    struct.pack_into(f"<{n}{fmt}", cx.memory.view, ptr, *v)
                    return ptr, n
                except struct.error:
                    pass
            for i, e in enumerate(v):
                estore(cx, e, ptr + i * size)
            return ptr, n
    else:
        def load_range(cx: Any, ptr: int, n: int) -> Any:
            check_list_range(cx, ptr, n, size, align)
            return [eload(cx, ptr + i * size) for i in range(n)]

        def store_range(cx: Any, v: Any) -> tuple[int, int]:
            if not isinstance(v, list):
                raise TypeError("expected list value")
            n = len(v)
            ptr = _allocate(cx, n, size, align)
            for i, e in enumerate(v):
                estore(cx, e, ptr + i * size)
            return ptr, n

    return range_codec(t, frozenset({bytes if is_bytes else list}), load_range, store_range)


def _fixed_list(t: List, ec: Codec) -> Codec:
    length = t.length
    assert length is not None
    is_bytes = t.element.__class__ is U8
    size = ec.size
    eload, estore, elift, elower = ec.load, ec.store, ec.lift_flat, ec.lower_flat

    def check(v: Any) -> None:
        if is_bytes:
            if not isinstance(v, bytes):
                raise TypeError("expected bytes value")
        elif not isinstance(v, list):
            raise TypeError("expected list value")
        if len(v) != length:
            raise ValueError(f"expected vec of size {length}, got {len(v)}")

    def load(cx: Any, ptr: int) -> Any:
        if ptr + length * size > cx.memory.size_bytes:
            trap(FIXED_LIST_OUT_OF_BOUNDS)
        if is_bytes:
            return bytes(cx.memory.view[ptr:ptr + length])
        return [eload(cx, ptr + i * size) for i in range(length)]

    def store(cx: Any, v: Any, ptr: int) -> None:
        check(v)
        if is_bytes:
            cx.memory.view[ptr:ptr + length] = v
            return
        for i, e in enumerate(v):
            estore(cx, e, ptr + i * size)

    def lift_flat(cx: Any, it: Any) -> Any:
        items = [elift(cx, it) for _ in range(length)]
        return bytes(items) if is_bytes else items

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        check(v)
        for e in v:
            elower(cx, e, out)

    return Codec(t, frozenset({bytes if is_bytes else list}), load, store, lift_flat,
                 lower_flat)
