"""wasmlite: a WebAssembly runtime in Python with a wasmtime-py compatible API.

``import wasmlite as wasmtime`` works for code written against wasmtime-py.
"""

from .bundle import install as _install_bundle

_install_bundle()      # the modules below come from the bytecode bundle (see bundle.py)

from .api import (CallHook, Caller, Config, Engine, EngineWeak, ExitTrap, ExportType, Frame, Func,
                  FuncType, Global, GlobalType, ImportType, Instance, InstanceExports, InstancePre,
                  Limits, Linker, Memory, MemoryType, Module, ModuleVersionStrategy,
                  SharedMemory, Store, StoreContext,
                  Storelike, Table, TableType, Tag, TagType, Trap, TrapCode, TypedFunc, Val,
                  ValType, WasmtimeError, wat2wasm)
from .api import _MARKERS

TYPE_CHECKING = False
if TYPE_CHECKING:       # imported on first use at run time (see __getattr__)
    from .api.wrap import ExternRef, f32, f64, i32, i64, v128
    from .wasi import DirPerms, FilePerms, WasiConfig

__version__ = "0.1.0"

__all__ = [
    "CallHook", "Caller", "Config", "DirPerms", "Engine", "EngineWeak", "ExitTrap", "ExportType", "ExternRef",
    "FilePerms", "Frame", "Func", "FuncType", "Global", "GlobalType", "ImportType", "Instance",
    "InstanceExports", "InstancePre", "Limits", "Linker", "Memory", "MemoryType", "Module",
    "ModuleVersionStrategy",
    "SharedMemory", "Store", "StoreContext", "Storelike", "Table", "TableType", "Tag", "TagType",
    "Trap", "TrapCode", "TypedFunc", "Val", "ValType", "WasiConfig", "WasmtimeError", "f32", "f64",
    "i32", "i64", "v128", "wat2wasm", "__version__",
]

_WASI_NAMES = ("DirPerms", "FilePerms", "WasiConfig")


def __getattr__(name: str) -> object:
    """The WASI names, the ``wasi`` package and the annotation markers, imported on first use."""
    if name in _MARKERS:
        from . import api
        value = globals()[name] = getattr(api, name)
        return value
    if name in _WASI_NAMES or name == "wasi":
        __import__(f"{__name__}.wasi")      # binds the submodule in globals()
        wasi = globals()["wasi"]
        for wasi_name in _WASI_NAMES:
            globals()[wasi_name] = getattr(wasi, wasi_name)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_WASI_NAMES, *_MARKERS, "wasi"})
