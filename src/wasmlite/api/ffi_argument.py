"""The error for a number-like argument of the wrong type.

wasmtime-py hands such arguments to its C library through ctypes, which refuses
them with ``ctypes.ArgumentError``; this module is imported only when one is
refused, so that running wasm never imports ctypes.
"""

from __future__ import annotations

import ctypes


class FfiArgumentError(TypeError, ctypes.ArgumentError):
    """An argument that is not a number where one is needed: both a ``TypeError``
    and the ``ctypes.ArgumentError`` wasmtime-py raises for it."""
