"""Text-format entry points of the embedding API: ``wat2wasm`` and the text/binary sniffing
that ``Module`` applies to its input."""

from __future__ import annotations

from ..errors import NotSupportedError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Union


def wat2wasm(wat: Union[str, bytes, bytearray]) -> bytearray:
    """Convert WebAssembly text (a module) to the binary format.

    ``wat`` is a ``str``, or UTF-8 text as ``bytes``/``bytearray``; anything that is
    not valid text raises WasmtimeError (``input was not valid utf-8`` for bytes that
    are not UTF-8), anything that is not a string TypeError.
    """
    if not isinstance(wat, (str, bytes, bytearray)):
        raise TypeError("expected a str")
    try:
        from ..text import wat2wasm as text_wat2wasm
    except ImportError:
        raise NotSupportedError("the WebAssembly text format") from None
    return bytearray(text_wat2wasm(wat))


def to_binary(wasm: Union[str, bytes, bytearray]) -> bytes:
    """The module binary for ``wasm``: text (a ``str``, or bytes not starting with
    ``\\0``) is converted, binary is returned as is."""
    if isinstance(wasm, str) and wasm and wasm[0] != "\0":
        return bytes(wat2wasm(wasm))
    if isinstance(wasm, (bytes, bytearray)) and wasm and wasm[0] != 0:
        return bytes(wat2wasm(wasm))
    if isinstance(wasm, memoryview):
        return wasm.tobytes()
    if not isinstance(wasm, (bytes, bytearray)):
        raise TypeError("expected wasm bytes")
    return bytes(wasm)
