"""Core types defined in a component (``core:type``; Binary.md, "Type Definitions").

A component's core type index space holds core function, struct and array
types (a core ``rectype``, as in a module's type section) and core module
types, which describe a module's imports and exports.
"""

from __future__ import annotations

from ... import ir as core
from ...ir import _Record


class CoreRecType(_Record):
    """``core:rectype``: a recursion group of core subtypes.

    ``explicit`` tells whether the group was written with ``rec`` (a group of
    one type may be written either way).
    """

    __slots__ = ("subtypes", "explicit")

    def __init__(self, subtypes: tuple[core.SubType, ...], explicit: bool = False) -> None:
        self.subtypes = subtypes
        self.explicit = explicit


class CoreTypeDecl(_Record):
    """``core:type`` inside a module type, component type or instance type."""

    __slots__ = ("type",)

    def __init__(self, type: CoreType) -> None:
        self.type = type


class CoreOuterAlias(_Record):
    """``(alias outer ct idx (type))`` in a module type: the core type ``index``
    of the scope ``count`` levels out."""

    __slots__ = ("count", "index")

    def __init__(self, count: int, index: int) -> None:
        self.count = count
        self.index = index


class CoreExportDecl(_Record):
    """``(export "name" externtype)`` in a module type. ``kind`` and ``desc``
    are as in a core import (:class:`wasmlite.ir.Import`): ``"func"`` with a
    type index, ``"table"`` with a ``TableType``, and so on."""

    __slots__ = ("name", "kind", "desc")

    def __init__(self, name: str, kind: str, desc: object) -> None:
        self.name = name
        self.kind = kind
        self.desc = desc


ModuleDecl = core.Import | CoreTypeDecl | CoreOuterAlias | CoreExportDecl
"""``core:moduledecl``: an import (a core :class:`wasmlite.ir.Import`), a type,
an outer type alias or an export."""


class ModuleType(_Record):
    """``(module moduledecl*)``: the type of a core module."""

    __slots__ = ("decls",)

    def __init__(self, decls: list[ModuleDecl]) -> None:
        self.decls = decls


CoreType = CoreRecType | ModuleType
"""``core:deftype``."""
