"""Table instances: vectors of references."""

from __future__ import annotations

from collections.abc import Callable

from .. import ir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["TableInstance", "TableLimiter"]

TableLimiter = Callable[[int, int, int | None], bool]
"""``(current elements, desired elements, maximum or None) -> allowed``: the
store's resource limiter, consulted before a table grows."""


MAX_ELEMENTS = 1 << 26
"""The most elements a table may have in wasmlite (512 MiB of element slots): a
Python list is allocated in full, so a larger size would exhaust the host's
memory; growing past it fails (``table.grow`` gives -1, as the spec allows), and
a larger minimum is an error at instantiation."""


class TableInstance:
    """A table. ``elements`` is a Python list of raw reference values (``None``
    is null); it is only ever changed in place, so compiled code may keep it.
    ``max_size`` is the declared maximum, or the largest size the address type
    allows."""

    __slots__ = ("type", "elements", "max_size", "is64", "limiter", "__weakref__")

    def __init__(self, tabletype: ir.TableType, init: Any = None,
                 limiter: TableLimiter | None = None):
        """Allocate ``tabletype.limits.min`` elements, each ``init``.

        Raises :class:`MemoryError` when the limiter refuses the initial size.
        """
        limits = tabletype.limits
        self.type = tabletype
        self.is64 = limits.is64
        arch_max = (1 << 64) - 1 if limits.is64 else (1 << 32) - 1
        self.max_size = arch_max if limits.max is None else min(limits.max, arch_max)
        self.limiter = limiter
        if limiter is not None and not limiter(0, limits.min, limits.max):
            raise MemoryError(f"table minimum size of {limits.min} elements exceeds table limits")
        if limits.min > MAX_ELEMENTS:
            raise MemoryError(f"table minimum size of {limits.min} elements exceeds wasmlite's "
                              f"limit of {MAX_ELEMENTS} elements")
        self.elements: list[Any] = [init] * limits.min

    @property
    def size(self) -> int:
        """The current number of elements."""
        return len(self.elements)

    def grow(self, delta: int, init: Any) -> int:
        """Append ``delta`` elements ``init``; the old size, or -1 if it cannot grow."""
        elements = self.elements
        old = len(elements)
        if delta < 0 or old + delta > self.max_size or old + delta > MAX_ELEMENTS:
            return -1
        if delta == 0:
            return old
        limiter = self.limiter
        if limiter is not None and not limiter(old, old + delta, self.type.limits.max):
            return -1
        try:
            elements.extend([init] * delta)
        except (MemoryError, OverflowError):
            return -1
        return old
