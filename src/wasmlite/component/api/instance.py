"""Instance: an instantiated component in a store, and its exports."""

from __future__ import annotations

from typing import Any, Optional, Union

from ...api.store import check_store
from ...errors import WasmtimeError
from .. import types as t
from ..instantiate import ComponentFunc, InstanceValue, ModuleDef, PreparedComponent
from ..semver import find_compatible
from .component import ExportIndex
from .func import Func

__all__ = ["Instance"]


class Instance:
    """A component instance: exports are found by name or
    :class:`~wasmlite.component.ExportIndex` (of the instance or of its
    component)."""

    __slots__ = ("_store", "_owner", "_value")

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct an `Instance`")

    @classmethod
    def _new(cls, store: Any, owner: PreparedComponent, value: InstanceValue) -> Instance:
        self = cls.__new__(cls)
        self._store = store
        self._owner = owner
        self._value = value
        return self

    def _item(self, path: tuple[str, ...]) -> Any:
        item: Any = self._value
        for name in path:
            if not isinstance(item, InstanceValue):
                return None
            item = item.exports.get(name)
        return item

    def _resolve(self, store: Any, index: Union[ExportIndex, str]) -> Any:
        check_store(self._store, store)
        if isinstance(index, str):
            found = find_compatible(self._value.exports, index)
            return None if found is None else self._value.exports[found]
        if not isinstance(index, ExportIndex):
            raise TypeError("expected an ExportIndex or a str")
        if index._owner is not self._owner:
            return None
        return self._item(index._path)

    def get_export_index(self, store: Any, name: str, instance: Optional[ExportIndex] = None
                         ) -> Optional[ExportIndex]:
        """The export ``name`` (of the exported instance ``instance`` when given),
        or ``None``."""
        check_store(self._store, store)
        path: tuple[str, ...] = ()
        if instance is not None:
            if not isinstance(instance, ExportIndex):
                raise TypeError("expected an ExportIndex")
            if instance._owner is not self._owner:
                return None
            path = instance._path
        holder = self._item(path)
        if not isinstance(holder, InstanceValue):
            return None
        found = find_compatible(holder.exports, name)
        if found is None:
            return None
        return ExportIndex._new(self._owner, path + (found,))

    def get_func(self, store: Any, index: Union[ExportIndex, str]) -> Optional[Func]:
        """The exported function at ``index``, or ``None`` if it is not a function."""
        item = self._resolve(store, index)
        if isinstance(item, ComponentFunc):
            return Func._new(self._store, item)
        return None

    def get_module(self, store: Any, index: Union[ExportIndex, str]) -> Any:
        """The exported core module at ``index`` (a :class:`~wasmlite.Module`), or ``None``."""
        item = self._resolve(store, index)
        if not isinstance(item, ModuleDef):
            return None
        if item.source is not None:
            return item.source
        from ...api.module import Module
        assert item.binary is not None
        return Module(self._store.engine, item.binary)

    def get_resource(self, store: Any, index: Union[ExportIndex, str]) -> Optional[t.ResourceType]:
        """The exported resource type at ``index``, or ``None``."""
        item = self._resolve(store, index)
        return item if isinstance(item, t.ResourceType) else None

    def __repr__(self) -> str:
        return f"<component Instance {self._value!r}>"
