"""Sorts and sort indices: what an index refers to (Binary.md, "Instance Definitions").

A sort is a string. Component-level sorts are ``"func" "value" "type"
"component" "instance"``; the core sorts seen from a component are prefixed:
``"core func" "core table" "core memory" "core global" "core tag" "core type"
"core module" "core instance"``. A core sort index (``core:sortidx``, in core
inline exports) uses the unprefixed core sort names ``"func" ... "instance"``.
"""

from __future__ import annotations

from ...ir import _FrozenRecord

CORE_SORTS = ("func", "table", "memory", "global", "tag", "type", "module", "instance")
"""The ``core:sort`` names."""

SORTS = tuple(f"core {s}" for s in CORE_SORTS) + ("func", "value", "type", "component",
                                                    "instance")
"""The component-level ``sort`` names."""

OUTER_ALIAS_SORTS = ("core module", "core type", "type", "component")
"""The sorts an ``outer`` alias may name (``outeraliassort``)."""


class SortIdx(_FrozenRecord):
    """``sortidx``: an index into the index space of a component-level ``sort``."""

    __slots__ = ("sort", "index")

    def __init__(self, sort: str, index: int) -> None:
        self.sort = sort
        self.index = index


class CoreSortIdx(_FrozenRecord):
    """``core:sortidx``: an index into the index space of a ``core:sort``
    (``"func"``, ``"table"``, ..., unprefixed)."""

    __slots__ = ("sort", "index")

    def __init__(self, sort: str, index: int) -> None:
        self.sort = sort
        self.index = index
