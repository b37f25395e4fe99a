"""Where a CPython ``list`` keeps its length and its items, for native code to read.

``call_indirect`` in native code reads a table's element list directly (its
length for the bounds check, the element's object address as a cache key)
instead of calling into Python on every call. The layout is found and
checked against a live list at first use; where it does not hold (another
Python implementation, a free-threaded build) :data:`LAYOUT` is ``None`` and
``call_indirect`` always calls into Python.
"""

from __future__ import annotations

import ctypes
import functools

__all__ = ["layout"]


@functools.cache
def layout() -> tuple[int, int] | None:
    """``(offset of the length, offset of the item array pointer)`` in a list
    object, or ``None`` when this interpreter's lists are not laid out so."""
    size_at = object.__basicsize__
    items_at = size_at + ctypes.sizeof(ctypes.c_ssize_t)
    if list.__basicsize__ < items_at + ctypes.sizeof(ctypes.c_void_p):
        return None
    probe = [object(), None, 3.5]
    try:
        if ctypes.c_ssize_t.from_address(id(probe) + size_at).value != len(probe):
            return None
        items = ctypes.c_void_p.from_address(id(probe) + items_at).value
        if not items or any(ctypes.c_void_p.from_address(items + 8 * i).value != id(x)
                            for i, x in enumerate(probe)):
            return None
    except (ValueError, OverflowError):
        return None
    return size_at, items_at
