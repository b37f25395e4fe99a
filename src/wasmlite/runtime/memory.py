"""Memory instances: linear memory with a stable base address."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from .. import ir
from .mmap_region import Region

__all__ = ["MemoryInstance", "MemoryLimiter", "RESERVE_MEMORY64"]

MemoryLimiter = Callable[[int, int, int | None], bool]
"""``(current bytes, desired bytes, maximum bytes or None) -> allowed``: the
store's resource limiter, consulted before a memory grows."""

RESERVE_MEMORY64 = 16 << 30
"""Address space reserved for a 64-bit memory without a maximum; growing
beyond it fails (``memory.grow`` returns -1, which the spec allows)."""


class MemoryInstance:
    """A linear memory.

    ``view`` is a writable ``memoryview`` (format ``'B'``) over exactly the
    current size; growing replaces it by a longer one. ``address`` is the base
    address of the bytes and never changes. ``max_pages`` is the declared
    maximum, or the largest size the address type allows.
    """

    __slots__ = ("type", "page_size", "is64", "shared", "max_pages", "region", "view",
                 "size_bytes", "limiter", "_bindings", "__weakref__")

    def __init__(self, memtype: ir.MemType, limiter: MemoryLimiter | None = None):
        """Allocate ``memtype.limits.min`` pages of zeroed memory.

        Raises :class:`MemoryError` when the memory cannot be reserved or the
        limiter refuses its initial size.
        """
        limits = memtype.limits
        self.type = memtype
        log2 = 16 if limits.page_size_log2 is None else limits.page_size_log2
        self.page_size = 1 << log2
        self.is64 = limits.is64
        self.shared = limits.shared
        address_space = 1 << (64 if limits.is64 else 32)
        if log2 == 0:
            address_space -= 1      # a size must fit the address type
        arch_max = address_space >> log2
        self.max_pages = arch_max if limits.max is None else min(limits.max, arch_max)
        self.limiter = limiter
        self._bindings: list[tuple[weakref.ref, str]] = []
        size = limits.min * self.page_size
        max_bytes = None if limits.max is None else limits.max * self.page_size
        if limiter is not None and not limiter(0, size, max_bytes):
            raise MemoryError(f"memory minimum size of {limits.min} pages exceeds memory limits")
        reserve = self.max_pages * self.page_size
        if limits.is64 or reserve > 1 << 32:
            reserve = min(reserve, max(RESERVE_MEMORY64, size))
        self.region = Region(reserve)
        if not self.region.commit(size):
            raise MemoryError(f"cannot allocate a memory of {limits.min} pages")
        self.size_bytes = size
        self.view = self.region.view(size)

    @property
    def address(self) -> int:
        """The base address of the bytes."""
        return self.region.address

    @property
    def pages(self) -> int:
        """The current size in pages."""
        return self.size_bytes // self.page_size

    def grow(self, delta: int) -> int:
        """Grow by ``delta`` pages; the old size in pages, or -1 if it cannot grow."""
        old_pages = self.size_bytes // self.page_size
        new_pages = old_pages + delta
        if delta < 0 or new_pages > self.max_pages:
            return -1
        if delta == 0:
            return old_pages
        new_size = new_pages * self.page_size
        limiter = self.limiter
        if limiter is not None:
            limits = self.type.limits
            max_bytes = None if limits.max is None else limits.max * self.page_size
            if not limiter(self.size_bytes, new_size, max_bytes):
                return -1
        if not self.region.commit(new_size):
            return -1
        self.size_bytes = new_size
        view = self.view = self.region.view(new_size)
        live = []
        for ref, name in self._bindings:
            holder = ref()
            if holder is not None:
                holder.namespace[name] = view
                live.append((ref, name))
        self._bindings = live
        return old_pages

    def bind(self, holder, name: str) -> None:
        """Keep ``holder.namespace[name]`` equal to ``view`` across growth, for as
        long as ``holder`` (held weakly) lives."""
        holder.namespace[name] = self.view
        self._bindings.append((weakref.ref(holder), name))

    def read(self, address: int, length: int) -> bytes:
        """``length`` bytes at ``address``; :class:`IndexError` if out of bounds."""
        if address < 0 or length < 0 or address + length > self.size_bytes:
            raise IndexError("out of bounds memory access")
        return bytes(self.view[address:address + length])

    def write(self, address: int, data: bytes) -> None:
        """Store ``data`` at ``address``; :class:`IndexError` if out of bounds."""
        end = address + len(data)
        if address < 0 or end > self.size_bytes:
            raise IndexError("out of bounds memory access")
        self.view[address:end] = data
