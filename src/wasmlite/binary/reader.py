"""Reading the primitive values of the binary format: bytes, LEB128 integers, names.

Two interfaces over the same rules:

* functions ``read_*(data, pos) -> (value, new_pos)`` for hot loops, which keep
  ``data`` and ``pos`` in local variables;
* :class:`Reader`, a cursor over a whole binary for the less frequent reads.

Reads are bounded by the end of the whole binary, as in the reference
interpreter: running past it is ``unexpected end of section or function``;
sections and function bodies check their declared size afterwards.
"""

from __future__ import annotations

from ..errors import MalformedError

UNEXPECTED_END = "unexpected end of section or function"


def unexpected_end(data: bytes) -> MalformedError:
    """The error for reading past the end of ``data``."""
    return MalformedError(UNEXPECTED_END, len(data))


def _read_unsigned(data: bytes, pos: int, bits: int) -> tuple[int, int]:
    """An unsigned LEB128 integer of at most ``bits`` bits."""
    result = 0
    shift = 0
    try:
        while True:
            b = data[pos]
            remaining = bits - shift
            if remaining < 7 and (b & 0x7F) >> remaining:
                raise MalformedError("integer too large", pos)
            pos += 1
            result |= (b & 0x7F) << shift
            if b < 0x80:
                return result, pos
            shift += 7
            if shift >= bits:
                raise MalformedError("integer representation too long", pos)
    except IndexError:
        raise unexpected_end(data) from None


def _read_signed(data: bytes, pos: int, bits: int) -> tuple[int, int]:
    """A signed LEB128 integer of at most ``bits`` bits."""
    result = 0
    shift = 0
    try:
        while True:
            b = data[pos]
            remaining = bits - shift
            if remaining < 7:
                mask = (-1 << (remaining - 1)) & 0x7F
                high = b & mask
                if high and high != mask:
                    raise MalformedError("integer too large", pos)
            pos += 1
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                if b & 0x40:
                    result -= 1 << shift
                return result, pos
            if shift >= bits:
                raise MalformedError("integer representation too long", pos)
    except IndexError:
        raise unexpected_end(data) from None


def read_u32(data: bytes, pos: int) -> tuple[int, int]:
    """``u32``: unsigned LEB128, at most 5 bytes, unused bits zero."""
    try:
        b = data[pos]
        if b < 0x80:
            return b, pos + 1
        c = data[pos + 1]
        if c < 0x80:
            return (b & 0x7F) | (c << 7), pos + 2
    except IndexError:
        raise unexpected_end(data) from None
    return _read_unsigned(data, pos, 32)


def read_u64(data: bytes, pos: int) -> tuple[int, int]:
    """``u64``: unsigned LEB128, at most 10 bytes."""
    try:
        b = data[pos]
        if b < 0x80:
            return b, pos + 1
        c = data[pos + 1]
        if c < 0x80:
            return (b & 0x7F) | (c << 7), pos + 2
    except IndexError:
        raise unexpected_end(data) from None
    return _read_unsigned(data, pos, 64)


def read_s32(data: bytes, pos: int) -> tuple[int, int]:
    """``s32``: signed LEB128, at most 5 bytes, unused bits a sign extension."""
    try:
        b = data[pos]
        if b < 0x80:
            return (b - 0x80 if b & 0x40 else b), pos + 1
        c = data[pos + 1]
        if c < 0x80:
            value = (b & 0x7F) | (c << 7)
            return (value - 0x4000 if c & 0x40 else value), pos + 2
    except IndexError:
        raise unexpected_end(data) from None
    return _read_signed(data, pos, 32)


def read_s33(data: bytes, pos: int) -> tuple[int, int]:
    """``s33`` (block types, heap types)."""
    return _read_signed(data, pos, 33)


def read_s64(data: bytes, pos: int) -> tuple[int, int]:
    """``s64``: signed LEB128, at most 10 bytes."""
    try:
        b = data[pos]
        if b < 0x80:
            return (b - 0x80 if b & 0x40 else b), pos + 1
        c = data[pos + 1]
        if c < 0x80:
            value = (b & 0x7F) | (c << 7)
            return (value - 0x4000 if c & 0x40 else value), pos + 2
    except IndexError:
        raise unexpected_end(data) from None
    return _read_signed(data, pos, 64)


def read_fixed(data: bytes, pos: int, size: int) -> tuple[int, int]:
    """A little-endian unsigned integer stored in exactly ``size`` bytes."""
    end = pos + size
    if end > len(data):
        raise unexpected_end(data)
    return int.from_bytes(data[pos:end], "little"), end


def read_len32(data: bytes, pos: int) -> tuple[int, int]:
    """A ``u32`` length (vector count, byte count, size) that cannot exceed the
    bytes left in the binary (counted from the length itself)."""
    n, new_pos = read_u32(data, pos)
    if n > len(data) - pos:
        raise MalformedError("length out of bounds", pos)
    return n, new_pos


def read_bytes(data: bytes, pos: int) -> tuple[bytes, int]:
    """``vec(byte)``: a length followed by that many raw bytes."""
    n, pos = read_len32(data, pos)
    end = pos + n
    if end > len(data):
        raise unexpected_end(data)
    return data[pos:end], end


def read_name(data: bytes, pos: int) -> tuple[str, int]:
    """``name``: a length-prefixed UTF-8 string."""
    start = pos
    raw, pos = read_bytes(data, pos)
    try:
        return raw.decode("utf-8"), pos
    except UnicodeDecodeError:
        raise MalformedError("malformed UTF-8 encoding", start) from None


class Reader:
    """A cursor over a binary: ``data`` and the current position ``pos``."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes, pos: int = 0):
        self.data = data
        self.pos = pos

    def at_end(self) -> bool:
        """Whether every byte has been read."""
        return self.pos >= len(self.data)

    def peek(self) -> int:
        """The next byte, without consuming it."""
        if self.pos >= len(self.data):
            raise unexpected_end(self.data)
        return self.data[self.pos]

    def byte(self) -> int:
        """One raw byte."""
        pos = self.pos
        if pos >= len(self.data):
            raise unexpected_end(self.data)
        self.pos = pos + 1
        return self.data[pos]

    def expect_zero(self) -> None:
        """A reserved byte that must be zero."""
        if self.byte() != 0:
            raise MalformedError("zero byte expected", self.pos - 1)

    def u32(self) -> int:
        """``u32``."""
        value, self.pos = read_u32(self.data, self.pos)
        return value

    def u64(self) -> int:
        """``u64``."""
        value, self.pos = read_u64(self.data, self.pos)
        return value

    def s32(self) -> int:
        """``s32``."""
        value, self.pos = read_s32(self.data, self.pos)
        return value

    def s33(self) -> int:
        """``s33``."""
        value, self.pos = read_s33(self.data, self.pos)
        return value

    def s64(self) -> int:
        """``s64``."""
        value, self.pos = read_s64(self.data, self.pos)
        return value

    def len32(self) -> int:
        """A vector count or byte length (see :func:`read_len32`)."""
        value, self.pos = read_len32(self.data, self.pos)
        return value

    def byte_vec(self) -> bytes:
        """``vec(byte)``."""
        value, self.pos = read_bytes(self.data, self.pos)
        return value

    def raw(self, n: int) -> bytes:
        """Exactly ``n`` raw bytes."""
        pos = self.pos
        end = pos + n
        if n < 0 or end > len(self.data):
            raise unexpected_end(self.data)
        self.pos = end
        return self.data[pos:end]

    def name(self) -> str:
        """A UTF-8 ``name``."""
        value, self.pos = read_name(self.data, self.pos)
        return value
