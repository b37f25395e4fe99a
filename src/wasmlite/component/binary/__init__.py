"""The component binary format: decoding component bytes into the component
IR (``decoder.py``) and encoding the IR back into bytes (``encoder.py``)."""

from .decoder import decode_component, is_component

__all__ = ["decode_component", "encode_component", "is_component"]


def __getattr__(name: str) -> object:
    """``encode_component``, imported on first use: decoding never needs it."""
    if name == "encode_component":
        from .encoder import encode_component
        return encode_component
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
