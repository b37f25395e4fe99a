"""The parts of the Canonical ABI that validation needs (CanonicalABI.md),
applied to resolved types: the canonical ABI's own flattening and layout
(:mod:`..canonical.flatten`, :mod:`..canonical.layout`) measure the public
form of each type (:mod:`.public`). Validation flattens lifted and lowered
signatures, asks whether a type holds pointers into linear memory, and
checks every defined type's byte size, with 64-bit pointers, against the
maximum-size rule.
"""

from __future__ import annotations

from ...errors import InvalidError
from ..canonical.flatten import FlatSignature, flatten_signature
from ..canonical.layout import contains_pointers, size_align
from .public import PublicTypes
from .resolved import FuncType, ValType

__all__ = ["FlatSignature", "flatten_functype", "contains_ptr", "Sizes", "MAX_VALUE_BYTE_SIZE"]

MAX_VALUE_BYTE_SIZE = 1 << 28
"""Every value type's size, with 64-bit pointers, is below this (CanonicalABI.md,
"Element Size")."""


def flatten_functype(ft: FuncType, context: str, is_async: bool = False) -> FlatSignature:
    """``flatten_functype`` for ``context`` ``"lift"`` or ``"lower"``."""
    return flatten_signature(PublicTypes().functype(ft), context, is_async)


def contains_ptr(t: ValType | None) -> bool:
    """Whether a value of type ``t`` points into linear memory (a string, a
    list or a map somewhere inside it)."""
    return t is not None and contains_pointers(PublicTypes().valtype(t))


class Sizes:
    """Byte sizes of resolved value types with 64-bit pointers, each part of
    a type measured once however many types share it."""

    __slots__ = ("types", "memo")

    def __init__(self) -> None:
        self.types = PublicTypes()
        self.memo: dict = {}

    def check_max_size(self, t: ValType) -> None:
        """Raise when a value of type ``t`` would take ``2^28`` bytes or more."""
        size, _ = size_align(self.types.valtype(t), 8, self.memo)
        if size >= MAX_VALUE_BYTE_SIZE:
            raise InvalidError(f"value type of {size} bytes exceeds maximum byte size "
                               f"({MAX_VALUE_BYTE_SIZE - 1})")
