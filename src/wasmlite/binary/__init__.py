"""The binary format: decoding ``.wasm`` bytes into the module IR and encoding
the IR back into bytes."""

from .decoder import decode_module

__all__ = ["decode_module", "encode_module"]


def __getattr__(name: str) -> object:
    """``encode_module``, imported on first use: running a binary never needs it."""
    if name == "encode_module":
        from .encoder import encode_module
        return encode_module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
