"""Alias definitions (Binary.md, "Alias Definitions").

An :class:`Alias` adds an item of sort ``sort`` to the current index space,
taken from an instance's exports, a core instance's exports, or an
enclosing scope.
"""

from __future__ import annotations

from ...ir import _Record


class AliasExport(_Record):
    """``export i "name"``: the export ``name`` of the component instance ``instance``."""

    __slots__ = ("instance", "name")

    def __init__(self, instance: int, name: str) -> None:
        self.instance = instance
        self.name = name


class AliasCoreExport(_Record):
    """``core export i "name"``: the export ``name`` of the core instance ``instance``."""

    __slots__ = ("instance", "name")

    def __init__(self, instance: int, name: str) -> None:
        self.instance = instance
        self.name = name


class AliasOuter(_Record):
    """``outer ct idx``: item ``index`` of the enclosing scope ``count`` levels
    out (0 is the current scope)."""

    __slots__ = ("count", "index")

    def __init__(self, count: int, index: int) -> None:
        self.count = count
        self.index = index


AliasTarget = AliasExport | AliasCoreExport | AliasOuter


class Alias(_Record):
    """``(alias target (sort))``; ``sort`` is a sort name (see ``sorts.py``)."""

    __slots__ = ("sort", "target")

    def __init__(self, sort: str, target: AliasTarget) -> None:
        self.sort = sort
        self.target = target
