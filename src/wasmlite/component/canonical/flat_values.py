"""``lift_flat_values`` and ``lower_flat_values``: a list of values as core values.

Values of the types ``ts`` travel as their flat core values when those number
at most ``max_flat``, and otherwise through memory, as one tuple: a pointer
to it among the core values, or (when lowering results) written at an
out-pointer the caller passed. The flat limit depends on the crossing:
:data:`~.flatten.MAX_FLAT_PARAMS` for a lifted function's parameters and
``task.return``'s result, :data:`~.flatten.MAX_FLAT_ASYNC_PARAMS` for the
parameters of an ``async`` lowering, ``0`` for its result (always written at
the out-pointer).
"""

from __future__ import annotations

from typing import Any, Iterator, Sequence

from ..types import Tuple, ValType
from .codec import Codec, codec
from .context import LiftLowerContext
from .errors import POINTER_NOT_ALIGNED, POINTER_OUT_OF_BOUNDS, trap
from .flatten import flatten_types

__all__ = ["FlatValues"]


class FlatValues:
    """How values of the types ``ts`` cross with at most ``max_flat`` core values:
    their codecs, and the codec of their tuple when they go through memory."""

    __slots__ = ("codecs", "in_memory", "tuple_codec")

    def __init__(self, ts: Sequence[ValType], max_flat: int) -> None:
        self.codecs: tuple[Codec, ...] = tuple(codec(t) for t in ts)
        self.in_memory = len(flatten_types(ts)) > max_flat
        self.tuple_codec: Codec | None = codec(Tuple(ts)) if self.in_memory else None

    def _checked(self, cx: LiftLowerContext, ptr: int) -> int:
        """``ptr``, trapping unless the tuple fits there, aligned, in the memory."""
        tc = self.tuple_codec
        assert tc is not None
        if ptr % tc.align:
            trap(POINTER_NOT_ALIGNED)
        if ptr + tc.size > cx.memory.size_bytes:
            trap(POINTER_OUT_OF_BOUNDS)
        return ptr

    def lift(self, cx: LiftLowerContext, flat: Iterator[Any]) -> list[Any]:
        """``lift_flat_values``: the values read from the core values ``flat``
        (or from memory at the pointer that is the next of them)."""
        tc = self.tuple_codec
        if tc is not None:
            return list(tc.load(cx, self._checked(cx, next(flat))))
        return [c.lift_flat(cx, flat) for c in self.codecs]

    def lower(self, cx: LiftLowerContext, values: Sequence[Any],
              out_param: Iterator[Any] | None = None) -> list[Any]:
        """``lower_flat_values``: the core values of ``values``. In memory, the
        tuple goes to a block from ``realloc`` (whose pointer is the one core
        value), or, given ``out_param``, to the pointer that is its next value
        (and no core values are returned)."""
        tc = self.tuple_codec
        if tc is None:
            out: list[Any] = []
            for c, v in zip(self.codecs, values):
                c.lower_flat(cx, v, out)
            return out
        if out_param is None:
            ptr = cx.allocate(tc.align, tc.size)
            flat = [ptr]
        else:
            ptr = next(out_param)
            flat = []
        tc.store(cx, tuple(values), self._checked(cx, ptr))
        return flat
