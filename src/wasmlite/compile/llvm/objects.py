"""The object files of modules' machine code: what they are compiled for (their
key), and where the code cache and precompiled artifacts keep them.

Light on purpose: a module under ``Config.strategy = "auto"`` asks here whether
its machine code exists before anything of LLVM is loaded (see :mod:`.tiering`).
"""

from __future__ import annotations

import hashlib
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..cache import CodeCache

__all__ = ["NATIVE_CODE_VERSION", "NATIVE_SECTION", "object_key", "object_path",
           "stored_object", "read_file", "write_file"]

NATIVE_CODE_VERSION = 8
"""Changes whenever the code this tier generates changes (it keys cached object files)."""

NATIVE_SECTION = ".wasmlite.native.object"
"""The artifact section of a module's machine code (see
:meth:`~.module.NativeModule.native_sections`)."""


def object_key(opt: str, fuel: bool, epoch: bool) -> str:
    """What a module's object file depends on besides the module: the native code
    version, the host machine, the optimization level, the interpreter's object
    layout, fuel and epochs."""
    from .jit import machine_key
    from .pylist import layout
    return hashlib.sha256(repr((NATIVE_CODE_VERSION, machine_key(), opt, layout(),
                                fuel, epoch)).encode()).hexdigest()[:16]


def object_path(cache: CodeCache | None, opt: str, fuel: bool, epoch: bool) -> str | None:
    """Where code cache ``cache`` keeps a module's object file, if it is on disk."""
    base = getattr(cache, "path", None)
    if base is None:
        return None
    return f"{base}.native-{object_key(opt, fuel, epoch)}.o"


def stored_object(cache: CodeCache | None, opt: str, fuel: bool, epoch: bool, *,
                  on_disk: bool = True) -> bytes | None:
    """The object file of a module's machine code compiled before with these
    settings: the precompiled artifact's that ``cache`` came from, or (when
    ``on_disk``) the one the code cache keeps."""
    section = getattr(cache, "native_sections", {}).get(NATIVE_SECTION)
    if section is not None:
        key, _, obj = section.partition(b"\n")
        # compiled by another native code version, or for other settings: not it
        if key == object_key(opt, fuel, epoch).encode():
            return obj
    path = object_path(cache, opt, fuel, epoch) if on_disk else None
    return read_file(path) if path is not None else None


def read_file(path: str) -> bytes | None:
    """The contents of file ``path``; None if it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def write_file(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` as a whole or not at all (a cache is best effort)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
