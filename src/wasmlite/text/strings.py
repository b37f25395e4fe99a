"""String literals: escapes, byte strings and UTF-8 names."""

from __future__ import annotations

import re

from .error import LiteralError

_ESCAPE = re.compile(r'\\(?:([0-9a-fA-F]{2})|u\{([0-9a-fA-F](?:_?[0-9a-fA-F])*)\}|([tnr"\'\\]))')
_SIMPLE = {"t": b"\t", "n": b"\n", "r": b"\r", '"': b'"', "'": b"'", "\\": b"\\"}
_ILLEGAL = re.compile(r"[\x00-\x1f\x7f]")


def string_bytes(token: str) -> bytes:
    """The bytes a string token (quotes included) denotes."""
    body = token[1:-1]
    if _ILLEGAL.search(body):
        raise LiteralError("illegal character", "a printable character or an escape")
    if "\\" not in body:
        return body.encode("utf-8")
    out = bytearray()
    pos = 0
    find = body.find
    match = _ESCAPE.match
    while True:
        k = find("\\", pos)
        if k < 0:
            out += body[pos:].encode("utf-8")
            return bytes(out)
        out += body[pos:k].encode("utf-8")
        m = match(body, k)
        if m is None:
            raise LiteralError("illegal escape", "\\t \\n \\r \\\" \\' \\\\ \\hh or \\u{...}")
        hh, code, simple = m.groups()
        if hh is not None:
            out.append(int(hh, 16))
        elif code is not None:
            n = int(code.replace("_", ""), 16)
            if n >= 0x110000 or 0xD800 <= n < 0xE000:
                raise LiteralError("malformed UTF-8 encoding", "a Unicode scalar value")
            out += chr(n).encode("utf-8")
        else:
            out += _SIMPLE[simple]
        pos = m.end()


def string_name(token: str) -> str:
    """The name (valid UTF-8 text) a string token denotes."""
    data = string_bytes(token)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise LiteralError("malformed UTF-8 encoding", "a UTF-8 encoded name") from None
