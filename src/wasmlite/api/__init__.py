"""The embedding API: wasmtime-py compatible classes over the wasmlite runtime."""

from ..errors import WasmtimeError
from ..runtime.trap import Frame, Trap, TrapCode
from .caller import Caller
from .config import Config, ModuleVersionStrategy
from .engine import Engine, EngineWeak
from .exit_trap import ExitTrap
from .func import Func
from .global_ import Global
from .instance import Instance, InstanceExports
from .instance_pre import InstancePre
from .linker import Linker
from .memory import Memory
from .module import Module
from .shared_memory import SharedMemory
from .store import CallHook, Store, StoreContext
from .table import Table
from .tag import Tag
from .typed_func import TypedFunc
from .types import (ExportType, FuncType, GlobalType, ImportType, Limits, MemoryType,
                    TableType, TagType, ValType)
from .value import Val
from .wat import wat2wasm

Storelike = Store | Caller | StoreContext
"""Anything accepted where a store is expected."""

__all__ = [
    "WasmtimeError", "Frame", "Trap", "TrapCode", "ExitTrap", "Caller", "Config", "Engine",
    "ModuleVersionStrategy", "EngineWeak", "Func", "Global", "Instance", "InstanceExports", "InstancePre", "Linker", "Memory",
    "Module", "SharedMemory", "CallHook", "Store", "StoreContext", "Storelike", "Table", "Tag", "TypedFunc",
    "ExportType", "FuncType", "GlobalType", "ImportType", "Limits", "MemoryType", "TableType",
    "TagType", "ValType", "Val", "wat2wasm", "ExternRef", "i32", "i64", "f32", "f64", "v128",
]

_MARKERS = ("ExternRef", "i32", "i64", "f32", "f64", "v128")

TYPE_CHECKING = False
if TYPE_CHECKING:       # imported on first use at run time (see __getattr__)
    from .wrap import ExternRef, f32, f64, i32, i64, v128


def __getattr__(name: str) -> object:
    """The annotation markers of :mod:`.wrap`, imported on first use (they need ``typing``)."""
    if name in _MARKERS:
        from . import wrap
        return getattr(wrap, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
