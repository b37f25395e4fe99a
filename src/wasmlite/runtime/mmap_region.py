"""A byte region with a stable base address that can grow in place.

The whole platform mechanism behind linear memory lives here. The maximum size
is reserved up front, so the base address never changes. Two ways, tried in
order:

- one anonymous :mod:`mmap` of the whole reservation, readable and writable,
  with ``MAP_NORESERVE`` where the platform has it: the kernel backs a page only
  when it is first touched, and growing is bookkeeping;
- on POSIX systems whose kernel refuses that (strict overcommit accounting),
  inaccessible address space (``mmap(PROT_NONE)``, through :mod:`ctypes`)
  made readable and writable page by page as the region grows (``mprotect``).

:mod:`ctypes` is imported only for the second way, or when a caller asks for
the base address.
"""

from __future__ import annotations

import mmap
import weakref

__all__ = ["Region"]

_OS_PAGE = mmap.PAGESIZE

_PROT_NONE = 0
_PROT_READ_WRITE = 0x1 | 0x2
_MAP_NORESERVE = getattr(mmap, "MAP_NORESERVE", 0x4000)


def _round_up(n: int) -> int:
    return (n + _OS_PAGE - 1) // _OS_PAGE * _OS_PAGE


def _map_lazily(reserve: int) -> mmap.mmap | None:
    """A readable and writable anonymous mapping of ``reserve`` bytes, or ``None``
    if the kernel will not hand out that much."""
    try:
        if hasattr(mmap, "MAP_PRIVATE"):
            return mmap.mmap(-1, reserve, flags=mmap.MAP_PRIVATE | _MAP_NORESERVE)
        return mmap.mmap(-1, reserve)
    except (OSError, OverflowError, ValueError):
        return None


class _Libc:
    """``mmap``/``mprotect``/``munmap`` through :mod:`ctypes`, for the fallback."""

    def __init__(self):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                              ctypes.c_int, ctypes.c_long]
        libc.mprotect.restype = ctypes.c_int
        libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        libc.munmap.restype = ctypes.c_int
        libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        self.ctypes = ctypes
        self.mmap, self.mprotect, self.munmap = libc.mmap, libc.mprotect, libc.munmap
        self.failed = ctypes.c_void_p(-1).value

    @classmethod
    def load(cls) -> _Libc | None:
        if not hasattr(mmap, "MAP_ANONYMOUS"):
            return None
        try:
            return cls()
        except (OSError, AttributeError):
            return None


class Region:
    """``reserved`` bytes of address space, of which the first ``committed`` are
    readable and writable (and start out zero); ``address`` is where they start."""

    __slots__ = ("reserved", "committed", "_map", "_address", "_libc", "__weakref__")

    lazy_mapping = True
    """Whether the first way is tried (the tests turn it off to cover the fallback)."""

    def __init__(self, reserve: int):
        """Reserve ``reserve`` bytes (rounded up to whole OS pages); raises
        :class:`MemoryError` when the address space is not available."""
        reserve = max(_round_up(reserve), _OS_PAGE)
        self.reserved = reserve
        self.committed = 0
        self._address = None
        self._libc = None
        self._map = _map_lazily(reserve) if self.lazy_mapping else None
        if self._map is not None:
            return
        libc = self._libc = _Libc.load()
        if libc is None:
            raise MemoryError(f"cannot reserve {reserve} bytes of address space")
        flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | _MAP_NORESERVE
        addr = libc.mmap(None, reserve, _PROT_NONE, flags, -1, 0)
        if addr is None or addr == libc.failed:
            raise MemoryError(f"cannot reserve {reserve} bytes of address space")
        self._address = addr
        weakref.finalize(self, libc.munmap, addr, reserve)

    @property
    def address(self) -> int:
        """The base address; it never changes."""
        if self._address is None:
            import ctypes
            self._address = ctypes.addressof(ctypes.c_char.from_buffer(self._map))
        return self._address

    def commit(self, size: int) -> bool:
        """Make the first ``size`` bytes accessible; ``False`` if beyond the reservation."""
        if size > self.reserved:
            return False
        size = _round_up(size)
        if size <= self.committed:
            return True
        libc = self._libc
        if libc is not None:
            start = self._address + self.committed
            if libc.mprotect(start, size - self.committed, _PROT_READ_WRITE) != 0:
                return False
        self.committed = size
        return True

    def view(self, size: int) -> memoryview:
        """A writable byte view (format ``'B'``) of the first ``size`` committed bytes.

        The view keeps the region alive, so the address range stays mapped for
        as long as any view of it exists.
        """
        if self._map is not None:
            return memoryview(self._map)[:size]
        ctypes = self._libc.ctypes
        array = (ctypes.c_ubyte * size).from_address(self._address)
        array.region = self
        return memoryview(array).cast("B")
