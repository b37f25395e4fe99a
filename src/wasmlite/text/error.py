"""The error raised for malformed text: where it is, what was found, what was expected."""

from __future__ import annotations

from bisect import bisect_right

from ..errors import MalformedError


class ParseError(MalformedError):
    """Malformed WebAssembly text.

    ``reason`` is the spec testsuite's wording (``unknown operator``,
    ``unexpected token``, ``constant out of range``, ...); ``line`` and
    ``column`` are 1-based; ``token`` is the offending token's text (or
    ``None`` at the end of input); ``expected`` says what would have been valid.
    """

    def __init__(self, reason: str, line: int, column: int,
                 token: str | None = None, expected: str | None = None):
        found = "end of input" if token is None else repr(token)
        message = f"{line}:{column}: {reason}: found {found}"
        if expected:
            message += f", expected {expected}"
        super().__init__(message)
        self.reason = reason
        self.line = line
        self.column = column
        self.token = token
        self.expected = expected


def position(source: str, offset: int, line_starts: list[int] | None = None) -> tuple[int, int]:
    """The 1-based ``(line, column)`` of character ``offset`` in ``source``."""
    if line_starts is None:
        line_starts = line_starts_of(source)
    line = bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


def line_starts_of(source: str) -> list[int]:
    """The offset at which every line of ``source`` starts."""
    starts = [0]
    find = source.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


class LiteralError(Exception):
    """A literal (number, string, name) is malformed; the parser adds the position.

    Raised by the literal decoders, which know no token positions; the parser
    always converts it into a :class:`ParseError`.
    """

    def __init__(self, reason: str, expected: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.expected = expected
