"""Element and data segment instances, which ``elem.drop`` / ``data.drop`` empty."""

from __future__ import annotations


TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


__all__ = ["ElemInstance", "DataInstance"]


class ElemInstance:
    """An element segment: its raw references, ``()`` once dropped."""

    __slots__ = ("type", "elements")

    def __init__(self, reftype, elements: tuple[Any, ...]):
        self.type = reftype
        self.elements = elements

    def drop(self) -> None:
        """Forget the elements (``elem.drop``)."""
        self.elements = ()


class DataInstance:
    """A data segment: its bytes, ``b""`` once dropped."""

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data

    def drop(self) -> None:
        """Forget the bytes (``data.drop``)."""
        self.data = b""
