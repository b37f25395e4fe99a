"""A cursor over one part of a component binary (the whole binary, a section,
a subsection), reading the primitive values with the core reader's rules.

Each part is read from its own slice of bytes, so reading past its end fails
right there (``unexpected end-of-file``). ``base`` is where the slice starts
in the outermost binary: every error reports its offset from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ...binary.reader import UNEXPECTED_END, read_bytes, read_name, read_s33, read_u32
from ...errors import MalformedError

T = TypeVar("T")

EOF = "unexpected end-of-file"
LENGTH_OUT_OF_BOUNDS = "length out of bounds"
"""The core reader's message for a length larger than the bytes left."""


class ComponentReader:
    """``data`` (one part of the binary), the position ``pos`` in it, its offset
    ``base`` in the outermost binary, and what it is (``part``, for messages)."""

    __slots__ = ("data", "pos", "base", "part")

    def __init__(self, data: bytes, base: int = 0, part: str = "binary", pos: int = 0) -> None:
        self.data = data
        self.pos = pos
        self.base = base
        self.part = part

    # -- errors -------------------------------------------------------------------

    def offset(self, pos: int | None = None) -> int:
        """The offset in the outermost binary of ``pos`` (default: the current position)."""
        return self.base + (self.pos if pos is None else pos)

    def error(self, message: str, pos: int | None = None) -> MalformedError:
        """A decode error at ``pos`` (default: the current position)."""
        return MalformedError(message, self.offset(pos))

    def end_of_file(self) -> MalformedError:
        """The error for reading past the end of this part."""
        return MalformedError(f"{EOF}: the {self.part} ends at offset "
                              f"0x{self.base + len(self.data):x}", self.base + len(self.data))

    def invalid_byte(self, found: int, what: str, expected: str, pos: int) -> MalformedError:
        """The error for a byte ``found`` at ``pos`` that does not start any of the
        alternatives of ``what``; ``expected`` lists them."""
        return self.error(f"invalid leading byte (0x{found:x}) for {what}: expected {expected}",
                          pos)

    def _relocated(self, e: MalformedError) -> MalformedError:
        """An error of the core reader, at its offset in the outermost binary."""
        if e.message == UNEXPECTED_END:
            return self.end_of_file()
        if e.message == LENGTH_OUT_OF_BOUNDS and e.offset is not None:
            return MalformedError(f"{EOF}: the length at offset 0x{e.offset + self.base:x} "
                                  f"runs past the end of the {self.part}", e.offset + self.base)
        at = None if e.offset is None else e.offset + self.base
        return MalformedError(e.message, at)

    # -- reading ------------------------------------------------------------------

    def at_end(self) -> bool:
        """Whether every byte of this part has been read."""
        return self.pos >= len(self.data)

    def remaining(self) -> int:
        """How many bytes of this part are left."""
        return len(self.data) - self.pos

    def peek(self) -> int:
        """The next byte, without consuming it."""
        if self.pos >= len(self.data):
            raise self.end_of_file()
        return self.data[self.pos]

    def byte(self) -> int:
        """One byte."""
        pos = self.pos
        if pos >= len(self.data):
            raise self.end_of_file()
        self.pos = pos + 1
        return self.data[pos]

    def flag(self, what: str) -> bool:
        """A ``0x00`` / ``0x01`` byte (``async?``, ``cancel?``, ``sh?``)."""
        pos = self.pos
        b = self.byte()
        if b > 1:
            raise self.error(f"invalid boolean value for {what}: expected 0x00 or 0x01, "
                             f"found 0x{b:x}", pos)
        return b == 1

    def raw(self, n: int) -> bytes:
        """The next ``n`` bytes."""
        end = self.pos + n
        if end > len(self.data):
            raise self.end_of_file()
        data = self.data[self.pos:end]
        self.pos = end
        return data

    def core(self, decode: Callable[[bytes, int], tuple[T, int]]) -> T:
        """A value read by a core ``decode(data, pos) -> (value, pos)`` function."""
        try:
            value, self.pos = decode(self.data, self.pos)
        except MalformedError as e:
            raise self._relocated(e) from None
        return value

    def u32(self) -> int:
        """``u32``."""
        return self.core(read_u32)

    def s33(self) -> int:
        """``s33``."""
        return self.core(read_s33)

    def count(self, what: str) -> int:
        """The length of a vector of ``what``; each item takes at least one byte,
        so the length cannot exceed the bytes left."""
        pos = self.pos
        n = self.u32()
        if n > len(self.data) - self.pos:
            raise MalformedError(
                f"{EOF}: {n} {what} cannot fit in the {len(self.data) - self.pos} bytes left "
                f"of the {self.part}", self.offset(pos))
        return n

    def name(self) -> str:
        """``name``: a length-prefixed UTF-8 string."""
        return self.core(read_name)

    def byte_vec(self) -> bytes:
        """``vec(byte)``."""
        return self.core(read_bytes)

    def sub(self, size: int, part: str) -> ComponentReader:
        """A reader over the next ``size`` bytes (a section's contents, ...),
        which this reader then skips."""
        start = self.pos
        data = self.raw(size)
        return ComponentReader(data, self.base + start, part)
