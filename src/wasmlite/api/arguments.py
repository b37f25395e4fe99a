"""Checks of the embedding API's arguments that fail as wasmtime-py fails."""

from __future__ import annotations

from ..errors import ArgumentTypeError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing
    T = typing.TypeVar("T")


def c_int(value: object, what: str) -> int:
    """``value``, which must be an ``int`` (``bool`` included, as C integer
    arguments take it); otherwise the error wasmtime-py's C call gives."""
    if isinstance(value, int):
        return value
    from .ffi_argument import FfiArgumentError
    raise FfiArgumentError(f"expected an int for `{what}`, found {type(value).__name__}")


def c_str(value: object, what: str) -> str:
    """``value``, which must be a ``str``: wasmtime-py encodes it to UTF-8 and
    fails with AttributeError on anything else."""
    if isinstance(value, str):
        return value
    raise ArgumentTypeError(f"expected a str for `{what}`, found {type(value).__name__}")


def expect(value: object, cls: type[T], what: str) -> T:
    """``value``, which must be an instance of ``cls`` (``what`` names the class
    in the message)."""
    if isinstance(value, cls):
        return value
    raise ArgumentTypeError(f"expected {what}, found {type(value).__name__}")
