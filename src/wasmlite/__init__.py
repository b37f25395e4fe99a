"""wasmlite: a WebAssembly runtime in Python with a wasmtime-py compatible API."""

from .errors import WasmtimeError

__version__ = "0.1.0"

__all__ = ["WasmtimeError", "__version__"]
