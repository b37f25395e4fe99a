"""Writing small binary modules by hand in tests."""

from __future__ import annotations

HEADER = b"\x00asm\x01\x00\x00\x00"


def u(value: int) -> bytes:
    """Unsigned LEB128."""
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def s(value: int) -> bytes:
    """Signed LEB128."""
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if (value == 0 and not b & 0x40) or (value == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(*items: bytes) -> bytes:
    """A vector: its length, then the items."""
    return u(len(items)) + b"".join(items)


def name(text: str) -> bytes:
    encoded = text.encode("utf-8")
    return u(len(encoded)) + encoded


def section(section_id: int, *content: bytes) -> bytes:
    payload = b"".join(content)
    return bytes([section_id]) + u(len(payload)) + payload


def custom(section_name: str, payload: bytes) -> bytes:
    return section(0, name(section_name), payload)


def module(*sections: bytes) -> bytes:
    return HEADER + b"".join(sections)


def body(code: bytes, *locals_: bytes) -> bytes:
    """A function body: local declarations (``u(count) + type``) and code."""
    content = vec(*locals_) + code
    return u(len(content)) + content


def func_module(code: bytes, *locals_: bytes, extra: tuple[bytes, ...] = ()) -> bytes:
    """A module with the type ``[] -> []`` and one function of that type.

    ``extra`` sections go between the function and code sections (in the
    order the caller gives)."""
    return module(
        section(1, vec(b"\x60\x00\x00")),
        section(3, vec(u(0))),
        *extra,
        section(10, vec(body(code, *locals_))),
    )
