"""Serialized modules: a module's binary with the code compiled for every one
of its functions, as ``Module.serialize`` writes and ``Module.deserialize``
reads. Like wasmtime's, the format is tied to the wasmlite version, the Python
bytecode version and the engine settings, and its contents are trusted: load
only what this program or another trusted one wrote.
"""

from __future__ import annotations

import marshal
import sys

from .. import __version__
from ..errors import WasmtimeError
from .cache import Entry

__all__ = ["dump", "load"]

_MAGIC = b"\0wasmlite module\n"


def dump(binary: bytes, settings: str, codes: dict[int, Entry]) -> bytes:
    """The serialized form of a module."""
    return _MAGIC + marshal.dumps((__version__, sys.implementation.cache_tag, settings,
                                   binary, codes))


def load(data: bytes, settings: str) -> tuple[bytes, dict[int, Entry]]:
    """The module binary and compiled code in ``data``, which must have been
    written by this wasmlite on this Python under the same ``settings``."""
    if not data.startswith(_MAGIC):
        raise WasmtimeError("not a serialized wasmlite module")
    try:
        version, tag, written_settings, binary, codes = marshal.loads(data[len(_MAGIC):])
    except (EOFError, ValueError, TypeError):
        raise WasmtimeError("serialized module is damaged") from None
    if (version, tag) != (__version__, sys.implementation.cache_tag):
        raise WasmtimeError(f"module was serialized by wasmlite {version} on {tag}, "
                            f"not by wasmlite {__version__} on {sys.implementation.cache_tag}")
    if written_settings != settings:
        raise WasmtimeError("module was serialized with different engine settings "
                            f"({written_settings}) from this engine's ({settings})")
    return binary, codes
