"""The WASI functions in the runtime's raw calling convention, for wasmlite's own
``Linker``.

They run the same implementations as :mod:`.linking`, without the API's host
adapters: arguments arrive as raw (unsigned) integers, and the caller's
``memory`` export is found from the calling wasm frame rather than through a
``Caller``, so a call costs a few microseconds less and instantiation compiles
no adapters. The store's call hook, if any, still sees each call.
"""

from __future__ import annotations

import sys

from .. import ir
from ..errors import WasmtimeError
from ..runtime.memory import MemoryInstance
from ..runtime.instance import calling_instance
from .linking import implementation, needs_memory, not_configured, run
from .signatures import SIGNATURES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

    from .linking import ExitTrapFactory


def calling_memory() -> memoryview:
    """The bytes of the ``memory`` export of the wasm instance whose code called
    the host function that calls this."""
    instance = calling_instance(sys._getframe(2))
    memory = instance.exports.get("memory") if instance is not None else None
    if type(memory) is not MemoryInstance:
        raise WasmtimeError("missing required memory export")
    return memory.view


def raw_functions(exit_trap: ExitTrapFactory) -> Iterator[tuple[str, ir.FuncType, Callable]]:
    """``(name, type, factory)`` for every wasi_snapshot_preview1 function:
    ``factory(store)`` is the raw callable for an API ``Store``, acting on the
    WASI state ``Store.set_wasi`` gave it."""
    for name, (params, results) in SIGNATURES.items():
        yield name, ir.FuncType(params, results), _factory(name, exit_trap)


def _factory(name: str, exit_trap: ExitTrapFactory) -> Callable[[Any], Callable[..., int]]:
    memory = needs_memory(name)

    def make(store: Any) -> Callable[..., int]:
        state = store._state
        function = implementation(name)     # made only for the functions a module imports

        def call(*args: int) -> int:
            ctx = store._wasi
            if ctx is None:
                raise not_configured(name)
            hook = state.call_hook
            if hook is None:
                return run(function, ctx, calling_memory() if memory else None, args, exit_trap)
            hook("calling_host")
            try:
                return run(function, ctx, calling_memory() if memory else None, args, exit_trap)
            finally:
                hook("returning_from_host")

        call.__qualname__ = call.__name__ = name
        return call

    return make
