"""Component-level type definitions (``deftype``; Binary.md, "Type Definitions"):
function types, component types, instance types and resource types. Defined
value types are in ``value_types.py``.

Component and instance types list declarators, which build their own type
index spaces:

* :class:`CoreTypeDecl` (a core type), :class:`TypeDecl` (a type),
  :class:`Alias`, :class:`ExportDecl` in both;
* :class:`Import` (an ``importdecl``) in component types only.
"""

from __future__ import annotations

from ... import ir as core
from ...ir import _FrozenRecord, _Record
from .aliases import Alias
from .core_types import CoreTypeDecl
from .externs import ExportDecl, Import
from .value_types import DefValType, ValType


class FuncType(_FrozenRecord):
    """``(func async? (param "label" t)* (result t)?)``; ``params`` is a tuple of
    ``(label, valtype)``, ``result`` a value type or ``None``."""

    __slots__ = ("params", "result", "is_async")

    def __init__(self, params: tuple[tuple[str, ValType], ...], result: ValType | None = None,
                 is_async: bool = False) -> None:
        self.params = params
        self.result = result
        self.is_async = is_async


class ResourceType(_FrozenRecord):
    """``(resource (rep t) (dtor f)?)``: a resource type defined by this
    component, represented in core code as ``rep`` (a core value type,
    ``"i32"``), with an optional destructor (a core function index)."""

    __slots__ = ("rep", "dtor")

    def __init__(self, rep: core.ValType, dtor: int | None = None) -> None:
        self.rep = rep
        self.dtor = dtor


class TypeDecl(_Record):
    """``type`` inside a component type or an instance type."""

    __slots__ = ("type",)

    def __init__(self, type: DefType) -> None:
        self.type = type


InstanceDecl = CoreTypeDecl | TypeDecl | Alias | ExportDecl
ComponentDecl = InstanceDecl | Import


class ComponentType(_Record):
    """``(component componentdecl*)``: the type of a component."""

    __slots__ = ("decls",)

    def __init__(self, decls: list[ComponentDecl]) -> None:
        self.decls = decls


class InstanceType(_Record):
    """``(instance instancedecl*)``: the type of a component instance."""

    __slots__ = ("decls",)

    def __init__(self, decls: list[InstanceDecl]) -> None:
        self.decls = decls


DefType = DefValType | FuncType | ComponentType | InstanceType | ResourceType
"""``deftype``: what a type section (or a ``type`` declarator) defines."""
