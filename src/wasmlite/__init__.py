"""wasmlite: a WebAssembly runtime in Python with a wasmtime-py compatible API.

``import wasmlite as wasmtime`` works for code written against wasmtime-py.
"""

from .api import (CallHook, Caller, Config, Engine, ExitTrap, ExportType, ExternRef, Frame, Func,
                  FuncType, Global, GlobalType, ImportType, Instance, InstanceExports, InstancePre,
                  Limits, Linker, Memory, MemoryType, Module, SharedMemory, Store, StoreContext,
                  Storelike, Table, TableType, Tag, TagType, Trap, TrapCode, TypedFunc, Val,
                  ValType, WasmtimeError, f32, f64, i32, i64, v128, wat2wasm)
from .wasi import DirPerms, FilePerms, WasiConfig

__version__ = "0.1.0"

__all__ = [
    "CallHook", "Caller", "Config", "DirPerms", "Engine", "ExitTrap", "ExportType", "ExternRef",
    "FilePerms", "Frame", "Func", "FuncType", "Global", "GlobalType", "ImportType", "Instance",
    "InstanceExports", "InstancePre", "Limits", "Linker", "Memory", "MemoryType", "Module",
    "SharedMemory", "Store", "StoreContext", "Storelike", "Table", "TableType", "Tag", "TagType",
    "Trap", "TrapCode", "TypedFunc", "Val", "ValType", "WasiConfig", "WasmtimeError", "f32", "f64",
    "i32", "i64", "v128", "wat2wasm", "__version__",
]
