"""Global instances."""

from __future__ import annotations

from .. import ir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["GlobalInstance"]


class GlobalInstance:
    """A global variable: its ``type`` and current raw ``value``."""

    __slots__ = ("type", "value", "__weakref__")

    def __init__(self, globaltype: ir.GlobalType, value: Any):
        self.type = globaltype
        self.value = value

    def __repr__(self) -> str:
        return f"<global {self.type.valtype} {'mut ' if self.type.mutable else ''}= {self.value!r}>"
