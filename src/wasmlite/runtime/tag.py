"""Tag instances (exception handling)."""

from __future__ import annotations

from ..validate.types import DefType

__all__ = ["TagInstance"]


class TagInstance:
    """An exception tag; ``type`` is the closed function type of its payload.
    Tags are compared by identity."""

    __slots__ = ("type", "__weakref__")

    def __init__(self, deftype: DefType):
        self.type = deftype
