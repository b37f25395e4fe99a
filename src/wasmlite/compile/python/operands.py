"""The compile-time operand stack.

An operand is a Python expression (:class:`~.values.Value`) that is only
stored in a temporary ``t<n>`` when an effect, a write to a local it reads, a
merge point or its size requires it. Impure operands (those that may trap,
have effects, or read memory, globals or tables) keep their relative order:
before any statement with effects, every pending impure operand is evaluated,
oldest first.
"""

from __future__ import annotations

from .values import MASKS, Value, canonical_upper, name
from .writer import Writer

__all__ = ["OperandStack", "MAX_DEPTH"]

MAX_DEPTH = 24
"""Deepest expression kept symbolic before it is stored in a temporary."""


class OperandStack:
    """The operands of the function being compiled and the writer of its lines."""

    def __init__(self):
        self.w = Writer()
        self.stack: list[Value] = []
        self.ntemps = 0

    def push(self, v: Value) -> None:
        self.stack.append(v)

    def pop(self) -> Value:
        return self.stack.pop()

    def popn(self, n: int) -> list[Value]:
        if not n:
            return []
        vals = self.stack[-n:]
        del self.stack[-n:]
        return vals

    def temp(self) -> str:
        self.ntemps += 1
        return f"t{self.ntemps}"

    def materialize(self, i: int) -> None:
        """Store operand ``i`` in a temporary (after earlier impure operands)."""
        v = self.stack[i]
        if _stable(v):
            return
        if not v.pure:
            for j in range(i):
                if not self.stack[j].pure:
                    self.materialize(j)
        t = self.temp()
        self.w.emit(f"{t} = {v.value_code()}")
        self.stack[i] = name(t, v.type, bound=canonical_upper(v) if v.type in MASKS else None)

    def flush(self) -> None:
        """Evaluate every impure operand, in stack order."""
        for i, v in enumerate(self.stack):
            if not v.pure:
                self.materialize(i)

    def flush_below(self, n: int) -> None:
        """Evaluate every impure operand under the top ``n``, in stack order."""
        for i in range(len(self.stack) - n):
            if not self.stack[i].pure:
                self.materialize(i)

    def spill_all(self) -> None:
        """Store every operand that is not a constant (before a merge point)."""
        for i in range(len(self.stack)):
            self.materialize(i)

    def spill_local(self, x: int) -> None:
        """Store every operand that reads local ``x`` (before it is written)."""
        bit = 1 << x
        for i, v in enumerate(self.stack):
            if v.locals & bit:
                self.materialize(i)

    def statement(self, line: str) -> None:
        """Emit a statement with effects, after every pending impure operand."""
        self.flush()
        self.w.emit(line)

    def _limit_depth(self, n: int) -> None:
        for i in range(len(self.stack) - n, len(self.stack)):
            if self.stack[i].depth >= MAX_DEPTH:
                self.materialize(i)


def _stable(v: Value) -> bool:
    """A constant or a name that nothing in the function reassigns while it is in use."""
    return v.depth == 0 and v.pure and v.exact and not v.cond and not v.locals
