"""The ``component-name`` custom section: decoding and encoding.

A name section never makes a component malformed: one that cannot be read
(or that holds subsections or sorts this decoder does not know) is kept as
a plain custom section.
"""

from __future__ import annotations

from ...binary.writer import write_name, write_u32
from ...errors import MalformedError
from .. import ir
from . import codes
from .externs import read_sort
from .reader import ComponentReader


def decode_component_names(payload: bytes) -> ir.ComponentNames | None:
    """The names in a ``component-name`` section's ``payload``, or ``None`` if the
    section is not one this decoder reads whole."""
    r = ComponentReader(payload, 0, "name section")
    names = ir.ComponentNames()
    try:
        while not r.at_end():
            subsection = r.byte()
            size = r.u32()
            sub = r.sub(size, "name subsection")
            if subsection == codes.NAME_COMPONENT and names.component is None and not names.sorts:
                names.component = sub.name()
            elif subsection == codes.NAME_SORT:
                sort = read_sort(sub)
                if sort in names.sorts:
                    return None
                namemap: dict[int, str] = {}
                for _ in range(sub.count("names")):
                    index = sub.u32()
                    namemap[index] = sub.name()
                names.sorts[sort] = namemap
            else:
                return None
            if not sub.at_end():
                return None
    except MalformedError:
        return None
    # Names written in a way the encoder would not reproduce (repeated indices,
    # overlong integers) are kept as raw bytes, so that the section round-trips.
    return names if encode_component_names(names) == payload else None


def _write_sort(out: bytearray, sort: str) -> None:
    if sort.startswith("core "):
        out.append(codes.CORE_SORT_PREFIX)
        out.append(codes.CORE_SORT_CODES[sort[5:]])
    else:
        out.append(codes.SORT_CODES[sort])


def encode_component_names(names: ir.ComponentNames) -> bytes:
    """The payload of a ``component-name`` section holding ``names``."""
    out = bytearray()
    if names.component is not None:
        sub = bytearray()
        write_name(sub, names.component)
        out.append(codes.NAME_COMPONENT)
        write_u32(out, len(sub))
        out += sub
    for sort, namemap in names.sorts.items():
        sub = bytearray()
        _write_sort(sub, sort)
        write_u32(sub, len(namemap))
        for index, name in namemap.items():
            write_u32(sub, index)
            write_name(sub, name)
        out.append(codes.NAME_SORT)
        write_u32(out, len(sub))
        out += sub
    return bytes(out)
