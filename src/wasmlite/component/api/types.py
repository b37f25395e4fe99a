"""The type classes of wasmtime-py's ``wasmtime.component`` that describe
components, instances and core modules: :class:`ComponentType`,
:class:`ComponentInstanceType`, :class:`ModuleType` and
:class:`ComponentExtern` (one import or export). Function, resource and
value types are :mod:`wasmlite.component.types`' classes themselves.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from ... import ir
from ...errors import WasmtimeError
from .. import types as t

__all__ = ["ComponentType", "ComponentInstanceType", "ModuleType", "ComponentExtern",
           "ComponentItem", "item_of"]


NameAttributes = Dict[str, Dict[str, str]]
"""Name attributes of imports or exports: name -> {"implements" | "external-id": text}."""


class ComponentType:
    """A component's type: :meth:`imports` and :meth:`exports` by name."""

    __slots__ = ("_type", "_attributes")

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `ComponentType`")

    @classmethod
    def _new(cls, ty: t.ComponentType,
             attributes: Optional[tuple[NameAttributes, NameAttributes]] = None
             ) -> ComponentType:
        self = cls.__new__(cls)
        self._type = ty
        self._attributes = attributes or ({}, {})
        return self

    def imports(self, engine: Any = None) -> Dict[str, ComponentExtern]:
        """The imports, by name, in order."""
        attrs = self._attributes[0]
        return {n: ComponentExtern._new(x, attrs.get(n)) for n, x in self._type.imports}

    def exports(self, engine: Any = None) -> Dict[str, ComponentExtern]:
        """The exports, by name, in order."""
        attrs = self._attributes[1]
        return {n: ComponentExtern._new(x, attrs.get(n)) for n, x in self._type.exports}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ComponentType) and self._type == other._type

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<ComponentType {self._type}>"


class ComponentInstanceType:
    """A component instance's type: its :meth:`exports` by name."""

    __slots__ = ("_type",)

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `ComponentInstanceType`")

    @classmethod
    def _new(cls, ty: t.InstanceType) -> ComponentInstanceType:
        self = cls.__new__(cls)
        self._type = ty
        return self

    def exports(self, engine: Any = None) -> Dict[str, ComponentExtern]:
        """The exports, by name, in order."""
        return {n: ComponentExtern._new(x) for n, x in self._type.exports}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ComponentInstanceType) and self._type == other._type

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<ComponentInstanceType {self._type}>"


def _core_type(x: Any) -> Any:
    from ...api.types import FuncType, GlobalType, MemoryType, TableType
    if isinstance(x, ir.FuncType):
        return FuncType._from_ir(x)
    if isinstance(x, ir.TableType):
        return TableType._from_ir(x)
    if isinstance(x, ir.MemType):
        return MemoryType._from_ir(x)
    if isinstance(x, ir.GlobalType):
        return GlobalType._from_ir(x)
    comptype = getattr(x, "comptype", None)
    if isinstance(comptype, ir.FuncType):
        return FuncType._from_ir(comptype)
    raise WasmtimeError(f"unknown core extern type {x!r}")


class ModuleType:
    """A core module's type: :meth:`imports` and :meth:`exports` as the core
    API's :class:`~wasmlite.ImportType` and :class:`~wasmlite.ExportType`."""

    __slots__ = ("_type",)

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `ModuleType`")

    @classmethod
    def _new(cls, ty: t.ModuleType) -> ModuleType:
        self = cls.__new__(cls)
        self._type = ty
        return self

    def imports(self, engine: Any = None) -> List[Any]:
        """The imports, in order."""
        from ...api.types import ImportType
        return [ImportType(m, n, _core_type(x)) for m, n, x in self._type.imports]

    def exports(self, engine: Any = None) -> List[Any]:
        """The exports, in order."""
        from ...api.types import ExportType
        return [ExportType(n, _core_type(x)) for n, x in self._type.exports]

    def __repr__(self) -> str:
        return "<ModuleType>"


ComponentItem = Union[ComponentType, ModuleType, ComponentInstanceType, t.ResourceType,
                      t.ValType, t.FuncType]
"""What an import or export of a component is (wasmtime-py's ``ComponentItem``)."""


def item_of(x: Any) -> Any:
    """The API object for the public extern type ``x``."""
    if isinstance(x, t.ComponentType):
        return ComponentType._new(x)
    if isinstance(x, t.InstanceType):
        return ComponentInstanceType._new(x)
    if isinstance(x, t.ModuleType):
        return ModuleType._new(x)
    return x


class ComponentExtern:
    """One import or export of a component or instance type: its type ``ty``
    and the name attributes written with it (those of a component's own
    imports and exports are kept; an instance type's exports have none)."""

    __slots__ = ("_ty", "_attributes")

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `ComponentExtern`")

    @classmethod
    def _new(cls, ty: Any, attributes: Optional[Dict[str, str]] = None) -> ComponentExtern:
        self = cls.__new__(cls)
        self._ty = ty
        self._attributes = attributes or {}
        return self

    @property
    def ty(self) -> ComponentItem:
        """The item's type."""
        return item_of(self._ty)  # type: ignore[no-any-return]

    @property
    def implements(self) -> Optional[str]:
        """The interface an ``(implements ...)`` name attribute names, or ``None``."""
        return self._attributes.get("implements")

    def is_implements(self, s: str) -> bool:
        """Whether the item implements interface ``s``."""
        return self.implements == s

    @property
    def external_id(self) -> Optional[str]:
        """The ``external-id`` name attribute, or ``None``."""
        return self._attributes.get("external-id")

    def __repr__(self) -> str:
        return f"<ComponentExtern {self._ty}>"
