"""A byte region with a stable base address that can grow in place.

The whole platform mechanism behind linear memory lives here. On POSIX systems
the maximum size is reserved up front as inaccessible address space
(``mmap(PROT_NONE)``) and made readable and writable page by page as the
region grows (``mprotect``), so the base address never changes. Elsewhere the
region falls back to one anonymous :mod:`mmap` of the reserved size.
"""

from __future__ import annotations

import ctypes
import mmap
import weakref

__all__ = ["Region"]

_OS_PAGE = mmap.PAGESIZE

_PROT_NONE = 0
_PROT_READ_WRITE = 0x1 | 0x2
_MAP_NORESERVE = getattr(mmap, "MAP_NORESERVE", 0x4000)


def _load_libc():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                              ctypes.c_int, ctypes.c_long]
        libc.mprotect.restype = ctypes.c_int
        libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        libc.munmap.restype = ctypes.c_int
        libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    if not hasattr(mmap, "MAP_ANONYMOUS"):
        return None
    return libc


_LIBC = _load_libc()
_MAP_FAILED = ctypes.c_void_p(-1).value


def _round_up(n: int) -> int:
    return (n + _OS_PAGE - 1) // _OS_PAGE * _OS_PAGE


class Region:
    """``reserved`` bytes of address space at ``address``, of which the first
    ``committed`` are readable and writable (and start out zero)."""

    __slots__ = ("address", "reserved", "committed", "_backing", "__weakref__")

    def __init__(self, reserve: int):
        """Reserve ``reserve`` bytes (rounded up to whole OS pages); raises
        :class:`MemoryError` when the address space is not available."""
        reserve = max(_round_up(reserve), _OS_PAGE)
        self.reserved = reserve
        self.committed = 0
        if _LIBC is not None:
            flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | _MAP_NORESERVE
            addr = _LIBC.mmap(None, reserve, _PROT_NONE, flags, -1, 0)
            if addr is None or addr == _MAP_FAILED:
                raise MemoryError(f"cannot reserve {reserve} bytes of address space")
            self.address = addr
            self._backing = None
            weakref.finalize(self, _LIBC.munmap, addr, reserve)
        else:
            backing = mmap.mmap(-1, reserve)
            self._backing = backing
            self.address = ctypes.addressof(ctypes.c_char.from_buffer(backing))

    def commit(self, size: int) -> bool:
        """Make the first ``size`` bytes accessible; ``False`` if beyond the reservation."""
        if size > self.reserved:
            return False
        size = _round_up(size)
        if size <= self.committed:
            return True
        if _LIBC is not None:
            start = self.address + self.committed
            if _LIBC.mprotect(start, size - self.committed, _PROT_READ_WRITE) != 0:
                return False
        self.committed = size
        return True

    def view(self, size: int) -> memoryview:
        """A writable byte view (format ``'B'``) of the first ``size`` committed bytes.

        The view keeps the region alive, so the address range stays mapped for
        as long as any view of it exists.
        """
        array = (ctypes.c_ubyte * size).from_address(self.address)
        array.region = self
        return memoryview(array).cast("B")
