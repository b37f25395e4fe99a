"""The component binary format as the text parser writes it: the preamble,
sections, and how consecutive definitions of one kind share a section."""

from __future__ import annotations

from ...binary.writer import write_name, write_u32

PREAMBLE = b"\x00asm\x0d\x00\x01\x00"
"""``magic version layer`` of a component."""

CUSTOM, CORE_MODULE, CORE_INSTANCE, CORE_TYPE, COMPONENT, INSTANCE, ALIAS, TYPE, CANON, \
    START, IMPORT, EXPORT, VALUE = range(13)
"""The section ids."""

_SINGLE = frozenset((CUSTOM, CORE_MODULE, COMPONENT, START))
"""Sections that hold one definition each; the others hold a vector."""


def u32(value: int) -> bytes:
    """``value`` as an unsigned LEB128 number."""
    out = bytearray()
    write_u32(out, value)
    return bytes(out)


def s33(value: int) -> bytes:
    """``value`` as a signed LEB128 number (type indices where a type opcode may stand)."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def name(text: str) -> bytes:
    """A length-prefixed UTF-8 name."""
    out = bytearray()
    write_name(out, text)
    return bytes(out)


def vec(items: list[bytes]) -> bytes:
    """A vector: the count, then the items."""
    return u32(len(items)) + b"".join(items)


def section(section_id: int, content: bytes) -> bytes:
    """A section: its id, size and content."""
    return bytes((section_id,)) + u32(len(content)) + content


def custom_section(section_name: str, payload: bytes) -> bytes:
    """A custom section named ``section_name``."""
    return section(CUSTOM, name(section_name) + payload)


def encode_sections(entries: list[tuple[int, bytes]]) -> bytes:
    """The sections of a component from its definitions in order.

    ``entries`` are ``(section id, encoded definition)``; consecutive
    definitions of a vector section share one section, the others are written
    one section each (with the definition as the section's content).
    """
    out = bytearray()
    run: list[bytes] = []
    run_id = -1
    for section_id, payload in entries:
        if section_id != run_id and run:
            out += section(run_id, vec(run))
            run = []
        if section_id in _SINGLE:
            out += section(section_id, payload)
            run_id = -1
        else:
            run.append(payload)
            run_id = section_id
    if run:
        out += section(run_id, vec(run))
    return bytes(out)
