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

__all__ = ["available", "require", "compile_module", "MISSING", "announce_slow_compiles"]

MISSING = "the native tier needs the llvmlite package: pip install 'wasmlite[native]'"
"""The error message when llvmlite is not installed."""


SLOW_COMPILE = 1.0
"""Seconds after which a compile to machine code in progress is announced."""

_announce: list = [None]


def announce_slow_compiles(report) -> None:
    """Have ``report(line)`` called when a module's compile to machine code has
    taken :data:`SLOW_COMPILE` seconds, and again when it ends (``None``: silence)."""
    _announce[0] = report


class compile_announced:
    """A context around a compile to machine code that announces it when slow."""

    def __init__(self, what: str):
        self.what = what

    def __enter__(self) -> None:
        import threading
        import time
        self.report, self.shown, self.started = _announce[0], False, time.monotonic()
        self.timer = None
        if self.report is not None:
            self.timer = threading.Timer(SLOW_COMPILE, self._show)
            self.timer.daemon = True
            self.timer.start()

    def _show(self) -> None:
        self.shown = True
        self.report(f"compiling {self.what} to machine code...")

    def __exit__(self, *exc) -> None:
        import time
        if self.timer is not None:
            self.timer.cancel()
        if self.shown:
            self.report(f"compiled {self.what} to machine code in "
                        f"{time.monotonic() - self.started:.1f} s")


def available() -> bool:
    """Whether llvmlite can be imported (without importing it)."""
    return importlib.util.find_spec("llvmlite") is not None


def require() -> None:
    """Raise :class:`WasmtimeError` naming the missing package unless llvmlite is installed."""
    if not available():
        from ...errors import WasmtimeError
        raise WasmtimeError(MISSING)


def compile_module(module: ir.Module, *, fuel: bool = False, epoch: bool = False,
                   cache=None, binary: bytes | None = None, opt: str = "speed",
                   tiered: bool = False) -> CompiledModule:
    """``module`` prepared for the native tier (consuming fuel / checking the epoch
    deadline as the portable tier does when ``fuel`` / ``epoch``; optimized at
    ``opt``, a ``Config.cranelift_opt_level``), or for the portable tier when
    the native tier does not compile all of it. ``tiered``: run portable until
    the module runs hot (see :mod:`.tiering`; whether the native tier compiles
    all of it is found then), unless its machine code was compiled before."""
    require()
    settings = dict(binary=binary, cache=cache, fuel=fuel, epoch=epoch, opt=opt)
    if tiered:
        from .objects import stored_object
        if stored_object(cache, opt, fuel, epoch) is None:
            from .tiering import TieredModule
            return TieredModule(module, **settings)
    from .coverage import unsupported
    if unsupported(module, fuel=fuel, epoch=epoch) is not None:
        from ..python import compile_module as portable
        return portable(module, fuel=fuel, epoch=epoch, cache=cache, binary=binary)
    from .module import NativeModule
    return NativeModule(module, **settings)
