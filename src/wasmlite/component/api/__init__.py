"""The classes of ``wasmlite.component``, wasmtime-py's ``wasmtime.component``:

* ``component.py``: :class:`Component` and :class:`ExportIndex`;
* ``linker.py``: :class:`Linker` and :class:`LinkerInstance`;
* ``instance.py``: :class:`Instance`;
* ``func.py``: :class:`Func`;
* ``types.py``: :class:`ComponentType`, :class:`ComponentInstanceType`,
  :class:`ModuleType` and :class:`ComponentExtern`.
"""

from .component import Component, ExportIndex
from .func import Func
from .instance import Instance
from .linker import Linker, LinkerInstance
from .types import ComponentExtern, ComponentInstanceType, ComponentItem, ComponentType, ModuleType

__all__ = ["Component", "ExportIndex", "Func", "Instance", "Linker", "LinkerInstance",
           "ComponentExtern", "ComponentInstanceType", "ComponentItem", "ComponentType",
           "ModuleType"]
