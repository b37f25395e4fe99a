"""The ``component-name`` custom section: the identifiers of a component and
of its definitions, by sort."""

from __future__ import annotations

from .binary import custom_section, name, u32, vec
from .scope import NAME_ORDER, SORT_BYTES, Scope

SECTION_NAME = "component-name"


def _subsection(kind: int, content: bytes) -> bytes:
    return bytes((kind,)) + u32(len(content)) + content


def names_section(scope: Scope) -> bytes:
    """The section naming ``scope``'s component and definitions; empty when nothing is named."""
    out = bytearray()
    if scope.ident is not None:
        out += _subsection(0, name(scope.ident))
    for sort in NAME_ORDER:
        labels = scope.labels(sort)
        if labels:
            entries = [u32(index) + name(labels[index]) for index in sorted(labels)]
            out += _subsection(1, SORT_BYTES[sort] + vec(entries))
    if not out:
        return b""
    return custom_section(SECTION_NAME, bytes(out))
