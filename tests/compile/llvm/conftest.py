"""Shared helpers of the native tier tests: running a module on either tier and
recording what it does, bit for bit."""

from __future__ import annotations

import hashlib
import struct

import wasmlite

NEEDS_LLVMLITE = "the native tier needs llvmlite (pip install 'wasmlite[native]')"


def engine(tier: str) -> wasmlite.Engine:
    config = wasmlite.Config()
    config.strategy = tier
    return wasmlite.Engine(config)


def observable(value):
    """A value as comparable data: floats by their bits (NaN payloads included)."""
    if isinstance(value, float):
        return ("float", struct.pack("<d", value))
    if isinstance(value, (list, tuple)):
        return [observable(v) for v in value]
    if isinstance(value, wasmlite.Val):
        return observable(value.value)
    if isinstance(value, wasmlite.Func):
        return "funcref"    # each tier's instance has its own function objects
    return value


def outcome(call):
    """What calling ``call()`` does: its results, or the trap's code and message."""
    try:
        return ("ok", observable(call()))
    except wasmlite.Trap as trap:
        return ("trap", trap.trap_code, trap.message)


def memory_digest(store, exports) -> list:
    """The digest of every exported memory's bytes and the value of every exported global."""
    seen = []
    for name, ext in sorted(exports.items(), key=lambda item: item[0]):
        if isinstance(ext, wasmlite.Memory):
            data = bytes(ext.read(store, 0, ext.data_len(store)))
            seen.append((name, hashlib.md5(data).hexdigest()))
        elif isinstance(ext, wasmlite.Global):
            seen.append((name, observable(ext.value(store))))
    return seen


def is_native(module: wasmlite.Module) -> bool:
    """Whether ``module`` runs as machine code from its first call."""
    from wasmlite.compile.llvm.module import NativeModule
    from wasmlite.compile.llvm.tiering import TieredModule
    compiled = module._prepared()
    return isinstance(compiled, NativeModule) and not isinstance(compiled, TieredModule)
