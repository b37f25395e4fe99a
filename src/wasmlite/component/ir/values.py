"""Value definitions (Binary.md, "Value Definitions")."""

from __future__ import annotations

from ...ir import _Record
from .value_types import ValType


class ValueDef(_Record):
    """``(value t v)``: a constant value of type ``type``.

    ``data`` is the value's encoding, ``val(t)``; reading it needs the type
    index space, so it is left to the stages that have it.
    """

    __slots__ = ("type", "data")

    def __init__(self, type: ValType, data: bytes) -> None:
        self.type = type
        self.data = data
