"""The binary format: decoding ``.wasm`` bytes into the module IR and encoding
the IR back into bytes."""

from .decoder import decode_module
from .encoder import encode_module

__all__ = ["decode_module", "encode_module"]
