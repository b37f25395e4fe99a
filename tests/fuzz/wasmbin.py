"""The outer framing of a binary module: the header and its sections.

Enough for the fuzzers to tell whether a module has code, and to mutate one
section's contents and write the module back with correct section sizes, so
that mutations reach the decoders of the sections' contents instead of
stopping at a wrong size.
"""

from __future__ import annotations

HEADER = b"\0asm\1\0\0\0"
CODE_SECTION = 10


def read_uleb(data: bytes, pos: int) -> tuple[int, int]:
    """The unsigned LEB128 at ``pos`` and the position after it; ValueError if cut off."""
    result = shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated LEB128")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sections(module: bytes) -> list[tuple[int, bytes]]:
    """``(id, contents)`` of every section; ValueError if the framing is broken."""
    if module[:8] != HEADER:
        raise ValueError("not a core module header")
    pos = 8
    found = []
    while pos < len(module):
        section_id = module[pos]
        size, pos = read_uleb(module, pos + 1)
        if pos + size > len(module):
            raise ValueError("section runs past the end")
        found.append((section_id, module[pos:pos + size]))
        pos += size
    return found


def assemble(parts: list[tuple[int, bytes]]) -> bytes:
    """A module of the sections ``parts`` (the inverse of :func:`sections`)."""
    out = bytearray(HEADER)
    for section_id, contents in parts:
        out.append(section_id)
        out += uleb(len(contents))
        out += contents
    return bytes(out)


def function_count(module: bytes) -> int:
    """How many function bodies the code section declares (0 without one)."""
    for section_id, contents in sections(module):
        if section_id == CODE_SECTION:
            return read_uleb(contents, 0)[0]
    return 0
