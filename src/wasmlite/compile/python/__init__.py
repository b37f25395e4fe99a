"""The portable tier: each wasm function compiled, on its first call, to a Python function."""

from __future__ import annotations

import _thread
import weakref

from ... import ir
from .module import CompiledModule

TYPE_CHECKING = False

if TYPE_CHECKING:
    from ..cache import CodeCache

__all__ = ["CompiledModule", "compile_module"]

_prepared: "weakref.WeakValueDictionary[tuple, CompiledModule]" = \
    weakref.WeakValueDictionary()
_preparing = _thread.allocate_lock()


def compile_module(module: ir.Module, *, fuel: bool = False, epoch: bool = False,
                   cache: CodeCache | None = None, binary: bytes | None = None,
                   binary_offset: int = 0) -> CompiledModule:
    """The portable-tier form of a validated ``module``; the same object for as
    long as it is in use, so that instances share compiled code. ``fuel`` and
    ``epoch`` turn on fuel metering and epoch interruption checks; ``cache``
    keeps the compiled code on disk for later processes; ``binary`` (the bytes
    ``module`` was decoded from) gives backtraces instruction offsets, counted
    from ``binary_offset`` (where ``binary`` starts in a component's bytes)."""
    key = (id(module), fuel, epoch)
    with _preparing:        # threads instantiating one module at once share one result
        cm = _prepared.get(key)
        if cm is None or cm.module is not module:
            cm = _prepared[key] = CompiledModule(module, fuel=fuel, epoch=epoch, cache=cache,
                                                 binary=binary, binary_offset=binary_offset)
        elif cm.binary is None:
            cm.binary, cm.binary_offset = binary, binary_offset
    return cm
