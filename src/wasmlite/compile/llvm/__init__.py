"""The native tier: wasm functions compiled to machine code through LLVM (llvmlite).

Optional: it needs the ``llvmlite`` package (``pip install 'wasmlite[native]'``),
imported only when a module is compiled here. A module that uses anything
this tier does not compile yet (see :mod:`.coverage`) runs on the portable
tier instead, decided per module before anything is compiled.
"""

from __future__ import annotations

import importlib.util

from ... import ir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..python.module import CompiledModule

__all__ = ["available", "require", "compile_module", "MISSING"]

MISSING = "the native tier needs the llvmlite package: pip install 'wasmlite[native]'"
"""The error message when llvmlite is not installed."""


def available() -> bool:
    """Whether llvmlite can be imported (without importing it)."""
    return importlib.util.find_spec("llvmlite") is not None


def require() -> None:
    """Raise :class:`WasmtimeError` naming the missing package unless llvmlite is installed."""
    if not available():
        from ...errors import WasmtimeError
        raise WasmtimeError(MISSING)


def compile_module(module: ir.Module, *, fuel: bool = False, epoch: bool = False,
                   cache=None, binary: bytes | None = None) -> CompiledModule:
    """``module`` prepared for the native tier (consuming fuel / checking the epoch
    deadline as the portable tier does when ``fuel`` / ``epoch``), or for the
    portable tier when the native tier does not compile all of it."""
    require()
    from .coverage import unsupported
    if unsupported(module, fuel=fuel, epoch=epoch) is not None:
        from ..python import compile_module as portable
        return portable(module, fuel=fuel, epoch=epoch, cache=cache, binary=binary)
    from .module import NativeModule
    return NativeModule(module, binary=binary, cache=cache, fuel=fuel, epoch=epoch)
