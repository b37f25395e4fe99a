"""The ``spectest`` host module every spec script may import from.

Its contents follow the reference interpreter: print functions that do
nothing observable, four globals holding 666 / 666.6, a 10..20 funcref table,
a 1..2 page memory, and (where the API can build them) a 64-bit table and a
shared memory.
"""

from __future__ import annotations

from typing import Any

from .values import f32_nearest

PRINT_SIGNATURES: dict[str, tuple[str, ...]] = {
    "print": (),
    "print_i32": ("i32",),
    "print_i64": ("i64",),
    "print_f32": ("f32",),
    "print_f64": ("f64",),
    "print_i32_f32": ("i32", "f32"),
    "print_f64_f64": ("f64", "f64"),
}


def _ignore(*args: Any) -> None:
    """The body of every print function: the printed values are not checked."""


def define_spectest(api: Any, engine: Any, store: Any, linker: Any) -> None:
    """Define the ``spectest`` module's exports in ``linker``."""
    vt = api.ValType
    types = {"i32": vt.i32(), "i64": vt.i64(), "f32": vt.f32(), "f64": vt.f64()}

    def define(name: str, item: Any) -> None:
        linker.define(store, "spectest", name, item)

    for name, params in PRINT_SIGNATURES.items():
        func_type = api.FuncType([types[p] for p in params], [])
        define(name, api.Func(store, func_type, _ignore))

    for name, type_, value in (
        ("global_i32", "i32", api.Val.i32(666)),
        ("global_i64", "i64", api.Val.i64(666)),
        ("global_f32", "f32", api.Val.f32(f32_nearest(666.6))),
        ("global_f64", "f64", api.Val.f64(666.6)),
    ):
        define(name, api.Global(store, api.GlobalType(types[type_], False), value))

    define("table", api.Table(store, api.TableType(vt.funcref(), api.Limits(10, 20)), None))
    define("memory", api.Memory(store, api.MemoryType(api.Limits(1, 2))))

    # Optional exports: defined only when the API can build and link them.
    for name, build in (("table64", _table64), ("shared_memory", _shared_memory)):
        try:
            define(name, build(api, engine, store))
        except Exception:  # this API cannot express it; importers fail to link
            pass


def _table64(api: Any, engine: Any, store: Any) -> Any:
    table_type = api.TableType(api.ValType.funcref(), api.Limits(10, 20), is_64=True)
    return api.Table(store, table_type, None)


def _shared_memory(api: Any, engine: Any, store: Any) -> Any:
    return api.SharedMemory(engine, api.MemoryType(api.Limits(1, 2), shared=True))
