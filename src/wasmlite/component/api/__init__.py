"""The classes of ``wasmlite.component``, wasmtime-py's ``wasmtime.component``:

* ``component.py``: :class:`Component` and :class:`ExportIndex`;
* ``linker.py``: :class:`Linker` and :class:`LinkerInstance`;
* ``instance.py``: :class:`Instance`;
* ``func.py``: :class:`Func`; ``typed_func.py``: :class:`TypedFunc`;
* ``markers.py``: the annotation markers (``u32``, ``char``, ``Result``, ...);
* ``shapes.py``: what an annotation says about a component type;
* ``wrap.py``: host functions typed by annotations, or given value lists;
* ``types.py``: :class:`ComponentType`, :class:`ComponentInstanceType`,
  :class:`ModuleType` and :class:`ComponentExtern`.
"""

from .component import Component, ExportIndex
from .func import Func
from .instance import Instance
from .linker import Linker, LinkerInstance
from .markers import Borrow, Own, Result, char, s8, s16, s32, s64, u8, u16, u32, u64
from .typed_func import TypedFunc
from .types import ComponentExtern, ComponentInstanceType, ComponentItem, ComponentType, ModuleType

__all__ = ["Component", "ExportIndex", "Func", "Instance", "Linker", "LinkerInstance",
           "ComponentExtern", "ComponentInstanceType", "ComponentItem", "ComponentType",
           "ModuleType", "TypedFunc", "Borrow", "Own", "Result", "char", "s8", "s16", "s32",
           "s64", "u8", "u16", "u32", "u64"]
