"""Indented Python source with the guards that skip code after a forward branch.

A forward branch to the end of a wasm ``block`` sets the label variable ``L``
to the target's depth. Code that follows a statement which may have set it
runs under ``if not L:`` guards; guards are kept flat (a new one at the same
level after each statement that may branch) so indentation does not grow with
the number of branches. ``pending`` is the set of label depths ``L`` may hold
at the current point (empty: ``L`` is certainly 0).
"""

from __future__ import annotations

from ...errors import NotSupportedError

__all__ = ["Writer", "MAX_INDENT", "MAX_LOOPS"]

MAX_INDENT = 90
"""Deepest indentation generated (CPython's tokenizer stops at 100)."""

MAX_LOOPS = 19
"""Most ``while``/``try`` statements nested in one function (CPython allows 20)."""


class _Block:
    __slots__ = ("kind", "header", "nonempty", "saved")

    def __init__(self, kind: str, header: int, saved: frozenset = frozenset()):
        self.kind = kind            # "try" "except" "while" "if" "else" "guard" "skip" "range"
        self.header = header        # index of the header line
        self.nonempty = False
        self.saved = saved          # guard, range: pending when it is skipped


class Writer:
    """Lines of a function being generated."""

    __slots__ = ("lines", "blocks", "pending", "loops")

    def __init__(self):
        self.lines: list[tuple[int, str]] = []
        self.blocks: list[_Block] = []
        self.pending: set[int] = set()
        self.loops = 0

    @property
    def indent(self) -> int:
        return len(self.blocks)

    def emit(self, line: str) -> None:
        """Append a statement, under a guard when ``L`` may be set."""
        if self.pending:
            self._open_guard()
        self.raw(line)

    def raw(self, line: str) -> None:
        """Append a statement that runs whatever ``L`` holds."""
        self.lines.append((len(self.blocks), line))
        if self.blocks:
            self.blocks[-1].nonempty = True

    def open(self, header: str, kind: str) -> None:
        """Append a compound statement's header and indent for its body."""
        self.emit(header)
        self._push(kind)

    def open_raw(self, header: str, kind: str) -> None:
        """Like :meth:`open`, without a guard."""
        self.raw(header)
        self._push(kind)

    def _push(self, kind: str, saved: frozenset = frozenset()) -> None:
        if kind in ("while", "try", "except"):
            self.loops += 1
            if self.loops > MAX_LOOPS:
                raise NotSupportedError("functions nesting more than 19 loops")
        if len(self.blocks) >= MAX_INDENT:
            raise NotSupportedError("functions nested more than 90 levels deep")
        self.blocks.append(_Block(kind, len(self.lines) - 1, saved))

    def close(self) -> _Block:
        """End the innermost compound statement (its body gets ``pass`` if empty)."""
        block = self.blocks.pop()
        if block.kind in ("while", "try", "except"):
            self.loops -= 1
        if not block.nonempty:
            if block.kind == "else":
                del self.lines[block.header]
            else:
                self.lines.append((len(self.blocks) + 1, "pass"))
        return block

    def _open_guard(self) -> None:
        saved = frozenset(self.pending)
        self.raw("if not L:")
        self._push("guard", saved)
        self.pending = set()

    def settle(self) -> None:
        """After a statement that may have set ``L``: leave the current guard so
        that what follows gets a guard of its own."""
        if self.pending and self.blocks and self.blocks[-1].kind == "guard":
            self.close_guards()

    def open_range(self, lo: int, hi: int) -> None:
        """Start code that only runs when ``L`` is 0 or between ``lo`` and ``hi``."""
        self.close_guards()
        inside = {d for d in self.pending if lo <= d <= hi}
        self.raw(f"if not L or {lo} <= L <= {hi}:")
        self._push("range", frozenset(self.pending - inside))
        self.pending = inside

    def close_range(self) -> None:
        """End the innermost :meth:`open_range`."""
        self.close_guards()
        self.pending |= self.close().saved

    def may_hold(self, depth: int | None = None) -> bool:
        """Whether ``L`` may hold ``depth`` here (any label when ``None``),
        counting what the guards at the innermost level skip for."""
        held = set(self.pending)
        for block in reversed(self.blocks):
            if block.kind != "guard":
                break
            held |= block.saved
        return bool(held) if depth is None else depth in held

    def close_guards(self) -> None:
        """Leave every guard at the innermost level."""
        while self.blocks and self.blocks[-1].kind == "guard":
            block = self.close()
            self.pending |= block.saved

    def source(self) -> str:
        """The generated text."""
        return "\n".join("    " * indent + line for indent, line in self.lines) + "\n"
