"""Imports, exports and their extern descriptors (Binary.md, "Type
Definitions" and "Import and Export Definitions").

``externtype`` (the explainer's ``externdesc``) says what an import or an
export is: :class:`ExternDesc` with a ``sort`` (``"core module" "func"
"value" "type" "component" "instance"``) and ``type``:

* a type index for ``core module`` (a core module type), ``func``,
  ``component`` and ``instance``;
* a type bound for ``type``: :class:`EqBound` (``(eq i)``) or
  :class:`SubResource` (``(sub resource)``);
* a value bound for ``value``: :class:`EqBound` (``(eq i)``, a value index)
  or a value type.
"""

from __future__ import annotations

from ...ir import _FrozenRecord, _Record
from .names import ExternName
from .sorts import SortIdx
from .value_types import ValType


class EqBound(_FrozenRecord):
    """``(eq i)``: the same type (or value) as index ``index``."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


class SubResource(_FrozenRecord):
    """``(sub resource)``: a fresh abstract resource type."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return other.__class__ is SubResource

    def __hash__(self) -> int:
        return hash(SubResource)

    def __repr__(self) -> str:
        return "SubResource()"


TypeBound = EqBound | SubResource
ValueBound = EqBound | ValType


class ExternDesc(_FrozenRecord):
    """``externtype``: the sort of an import or export and its type (see above)."""

    __slots__ = ("sort", "type")

    def __init__(self, sort: str, type: int | TypeBound | ValueBound) -> None:
        self.sort = sort
        self.type = type


class Import(_Record):
    """``(import "name" externtype)``, in a component or a component type."""

    __slots__ = ("name", "desc")

    def __init__(self, name: ExternName, desc: ExternDesc) -> None:
        self.name = name
        self.desc = desc


class Export(_Record):
    """``(export "name" sortidx externtype?)``: a component's export of an item,
    with an optional type ascription ``desc``."""

    __slots__ = ("name", "item", "desc")

    def __init__(self, name: ExternName, item: SortIdx, desc: ExternDesc | None = None) -> None:
        self.name = name
        self.item = item
        self.desc = desc


class ExportDecl(_Record):
    """``(export "name" externtype)`` in a component type or an instance type."""

    __slots__ = ("name", "desc")

    def __init__(self, name: ExternName, desc: ExternDesc) -> None:
        self.name = name
        self.desc = desc
