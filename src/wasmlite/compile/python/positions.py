"""Which wasm instruction a position in a function's generated Python belongs to.

The portable tier fuses several wasm instructions into one Python expression
or line, so a trap's Python position (line, and the column range of the
bytecode that raised) has to be mapped back to an instruction. Nothing is
recorded while code is generated for running: when a trap needs it, the
function is generated again with markers (:func:`position_map`):

* every line starts with the index of the instruction being compiled when the
  line was written (its own code: a statement, a branch, a store, a call);
* every operand that can trap or has effects (a load, a division, a call...)
  is wrapped in the index of the instruction that produced it, so that its
  code stays identifiable wherever later instructions embed it.

The markers are control characters that never occur in generated code and
are removed again; the text left over must be exactly the source the running
code was compiled from, or the map is not used. A position belongs to the
innermost operand whose code contains it, else to its line's instruction.
"""

from __future__ import annotations

import re

from .writer import Writer

__all__ = ["PositionMap", "position_map"]

_OPEN, _MID, _CLOSE, _LINE, _LINE_END = "\x01", "\x02", "\x03", "\x04", "\x05"
_MARKS = re.compile("\x04(-?\\d+)\x05|\x01(\\d+)\x02|\x03")


class MarkingWriter(Writer):
    """A writer that starts every line with the current instruction's index."""

    __slots__ = ("pc",)

    def __init__(self):
        super().__init__()
        self.pc = -1

    def raw(self, line: str) -> None:
        super().raw(f"{_LINE}{self.pc}{_LINE_END}{line}")


class _Marker:
    """Called before each instruction is compiled (and with ``None`` at the end):
    wraps the operands the previous instruction pushed, if they may trap."""

    def __init__(self, fc):
        self.fc = fc
        self.pc: int | None = None
        self.before: list = []
        self.wrapped: set[int] = set()
        self.keep: list = []        # wrapped operands stay alive: their ids stay theirs

    def __call__(self, pc: int | None) -> None:
        fc = self.fc
        if self.pc is not None:
            old = {id(v) for v in self.before}
            for v in fc.stack:
                if not v.pure and id(v) not in old and id(v) not in self.wrapped:
                    v.code = f"{_OPEN}{self.pc}{_MID}{v.code}{_CLOSE}"
                    self.wrapped.add(id(v))
                    self.keep.append(v)
        self.pc = pc
        if pc is not None:
            fc.w.pc = pc
            self.before = list(fc.stack)


class PositionMap:
    """For each line of a function's source: the instruction index the line was
    written for (-1: none) and the column spans ``(start, end, index)`` of the
    operands it embeds; and the line's text."""

    __slots__ = ("lines",)

    def __init__(self, lines: list[tuple[int, list[tuple[int, int, int]], str]]):
        self.lines = lines

    def locate(self, lineno: int, col: int | None, end_col: int | None
               ) -> tuple[int, str] | None:
        """The instruction index at ``lineno`` (1-based) between columns ``col``
        and ``end_col``, with the code that belongs to it (the innermost operand
        span, or the whole line); ``None`` when no instruction owns the place."""
        if not 0 < lineno <= len(self.lines):
            return None
        line_pc, spans, text = self.lines[lineno - 1]
        best = None
        if col is not None and end_col is not None:
            for start, end, pc in spans:
                if start <= col and end_col <= end and (
                        best is None or end - start < best[1] - best[0]):
                    best = (start, end, pc)
        if best is not None:
            return best[2], text[best[0]:best[1]]
        if line_pc < 0:
            return None
        return line_pc, text.strip()


def position_map(cm, index: int) -> PositionMap | None:
    """The position map of defined function ``index`` of compiled module ``cm``,
    or ``None`` if the marked source does not reproduce the compiled one."""
    from .codegen import FunctionCompiler

    plain = FunctionCompiler(cm, index).compile()
    fc = FunctionCompiler(cm, index)
    fc.w = MarkingWriter()
    marked = fc.compile(_Marker(fc))
    lines = []
    for raw in marked.split("\n"):
        out: list[str] = []
        spans: list[tuple[int, int, int]] = []
        opened: list[tuple[int, int]] = []
        line_pc = -1
        length = 0
        last = 0
        for m in _MARKS.finditer(raw):
            piece = raw[last:m.start()]
            out.append(piece)
            length += len(piece)
            last = m.end()
            if m.group(1) is not None:
                line_pc = int(m.group(1))
            elif m.group(2) is not None:
                opened.append((length, int(m.group(2))))
            elif opened:
                start, pc = opened.pop()
                spans.append((start, length, pc))
        out.append(raw[last:])
        lines.append((line_pc, spans, "".join(out)))
    if "\n".join(text for _, _, text in lines) != plain:
        return None
    if lines and lines[-1][2] == "":
        lines.pop()
    return PositionMap(lines)
