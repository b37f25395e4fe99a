"""``define_wasi``: puts the wasi_snapshot_preview1 host functions into a ``Linker``.

The functions are written against the wasmtime-py API surface only (``FuncType``,
``ValType``, ``Linker.define_func`` with ``access_caller=True``, ``Caller.get`` and
``Memory.data_ptr``/``data_len``), so any engine that offers that surface can run
them.
"""

from __future__ import annotations

from types import ModuleType

from ..errors import WasmtimeError
from .errno import WasiError, errno_from_host
from .memory import guest_memory
from .proc import ProcExit
from .signatures import MODULE, SIGNATURES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

    from .context import WasiContext

    ContextOf = Callable[[Any], WasiContext | None]
    ExitTrapFactory = Callable[[int], BaseException]

_IMPLEMENTED_IN = {
    "args": ("args_get", "args_sizes_get", "environ_get", "environ_sizes_get"),
    "clocks": ("clock_res_get", "clock_time_get"),
    "fd_state": ("fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get",
                 "fd_fdstat_set_flags", "fd_fdstat_set_rights", "fd_prestat_get",
                 "fd_prestat_dir_name", "fd_renumber", "fd_sync"),
    "filestat": ("fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times"),
    "fd_io": ("fd_pread", "fd_pwrite", "fd_read", "fd_seek", "fd_tell", "fd_write"),
    "readdir": ("fd_readdir",),
    "path_ops": ("path_create_directory", "path_filestat_get", "path_filestat_set_times",
                 "path_link", "path_open", "path_readlink", "path_remove_directory",
                 "path_rename", "path_symlink", "path_unlink_file"),
    "poll": ("poll_oneoff",),
    "proc": ("proc_exit", "proc_raise", "sched_yield", "random_get"),
    "sockets": ("sock_accept", "sock_recv", "sock_send", "sock_shutdown"),
}
"""The module of this package implementing each function: a module is imported
only when a program imports one of its functions."""

_MODULE_OF = {name: module for module, names in _IMPLEMENTED_IN.items() for name in names}

_WITHOUT_MEMORY = frozenset({
    "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_set_flags",
    "fd_fdstat_set_rights", "fd_filestat_set_size", "fd_filestat_set_times", "fd_renumber",
    "fd_sync", "proc_exit", "proc_raise", "sched_yield", "sock_shutdown",
})
"""Functions that take no pointers, so need no guest memory."""

_MASKS = {"i32": 0xFFFFFFFF, "i64": 0xFFFFFFFFFFFFFFFF}

def implementation(name: str) -> Callable[..., int]:
    """The function implementing ``name``: ``f(ctx, mem, *args) -> errno``."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise LookupError(f"no implementation of {MODULE}.{name}")
    return getattr(__import__(f"{__package__}.{module}", fromlist=[name]), name)


def _caller_memory(caller: Any) -> memoryview:
    memory = caller.get("memory")
    if memory is None or not hasattr(memory, "data_ptr"):
        raise WasmtimeError("missing required memory export")
    return guest_memory(memory, caller)


def needs_memory(name: str) -> bool:
    """Whether ``name`` takes pointers into the caller's memory."""
    return name not in _WITHOUT_MEMORY


def not_configured(name: str) -> WasmtimeError:
    """The error of a call of ``name`` in a store without WASI state."""
    return WasmtimeError(f"{MODULE}.{name} was called but WASI is not configured "
                         "for this store (call Store.set_wasi first)")


def run(function: Callable[..., int], ctx: WasiContext, mem: memoryview | None, args,
        exit_trap: ExitTrapFactory | None) -> int:
    """``function(ctx, mem, *args)``, with WASI and host errors as the errno it returns
    and ``proc_exit`` as ``exit_trap(code)`` (``ProcExit`` itself without a factory)."""
    try:
        return function(ctx, mem, *args)
    except WasiError as exc:
        return exc.errno
    except OSError as exc:
        return errno_from_host(exc.errno)
    except ProcExit as exc:
        if exit_trap is None:
            raise
        raise exit_trap(exc.code) from None


def _host_function(name: str, context_of: ContextOf,
                   exit_trap: ExitTrapFactory | None) -> Callable[..., Any]:
    function = implementation(name)
    params, _results = SIGNATURES[name]
    masks = tuple(_MASKS[param] for param in params)
    memory = needs_memory(name)

    def call(caller: Any, *values: int) -> Any:
        ctx = context_of(caller)
        if ctx is None:
            raise not_configured(name)
        mem = _caller_memory(caller) if memory else None
        return run(function, ctx, mem, [value & mask for value, mask in zip(values, masks)],
                   exit_trap)

    call.__name__ = name
    call.__qualname__ = f"{MODULE}.{name}"
    return call


def define_wasi(linker: Any, context_of: ContextOf, api: ModuleType | None = None,
                exit_trap: ExitTrapFactory | None = None) -> None:
    """Define every wasi_snapshot_preview1 function in ``linker``.

    ``context_of(caller)`` returns the ``WasiContext`` of the store a call runs in.
    ``api`` is the module providing ``FuncType`` and ``ValType`` (wasmlite itself by
    default; ``wasmtime`` works too). ``proc_exit(code)`` raises
    ``exit_trap(code)``; without a factory it raises ``ProcExit`` (``.code``).
    """
    if api is None:
        import wasmlite as api
    types = {"i32": api.ValType.i32(), "i64": api.ValType.i64()}
    for name, (params, results) in SIGNATURES.items():
        func_type = api.FuncType([types[p] for p in params], [types[r] for r in results])
        linker.define_func(MODULE, name, func_type, _host_function(name, context_of, exit_trap),
                           access_caller=True)
