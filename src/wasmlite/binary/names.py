"""The ``name`` custom section: module, function and local names.

Decoding never fails: a custom section cannot make a module malformed, so
the names read before a malformation are kept and the rest is ignored.
Subsections other than module, function and local names are skipped.
"""

from __future__ import annotations

from .. import ir
from ..errors import MalformedError
from .reader import Reader
from .writer import write_name, write_u32

NAME_SECTION = "name"

MODULE_NAME = 0
FUNCTION_NAMES = 1
LOCAL_NAMES = 2


def _read_namemap(r: Reader, into: dict[int, str]) -> None:
    for _ in range(r.len32()):
        index = r.u32()
        into[index] = r.name()


def decode_names(payload: bytes, names: ir.Names) -> None:
    """Add the names found in the ``name`` section ``payload`` to ``names``."""
    r = Reader(payload)
    try:
        while not r.at_end():
            subsection = r.byte()
            size = r.len32()
            end = r.pos + size
            if subsection == MODULE_NAME:
                names.module = r.name()
            elif subsection == FUNCTION_NAMES:
                _read_namemap(r, names.funcs)
            elif subsection == LOCAL_NAMES:
                for _ in range(r.len32()):
                    func = r.u32()
                    _read_namemap(r, names.locals.setdefault(func, {}))
            if r.pos > end:
                return
            r.pos = end
    except MalformedError:
        return


def has_names(names: ir.Names) -> bool:
    """Whether ``names`` holds anything worth a ``name`` section."""
    return names.module is not None or bool(names.funcs) or bool(names.locals)


def _subsection(out: bytearray, subsection: int, content: bytearray) -> None:
    out.append(subsection)
    write_u32(out, len(content))
    out += content


def _write_namemap(out: bytearray, namemap: dict[int, str]) -> None:
    write_u32(out, len(namemap))
    for index in sorted(namemap):
        write_u32(out, index)
        write_name(out, namemap[index])


def encode_names(names: ir.Names) -> bytes:
    """The payload of a ``name`` section holding ``names``."""
    out = bytearray()
    if names.module is not None:
        content = bytearray()
        write_name(content, names.module)
        _subsection(out, MODULE_NAME, content)
    if names.funcs:
        content = bytearray()
        _write_namemap(content, names.funcs)
        _subsection(out, FUNCTION_NAMES, content)
    if names.locals:
        content = bytearray()
        write_u32(content, len(names.locals))
        for func in sorted(names.locals):
            write_u32(content, func)
            _write_namemap(content, names.locals[func])
        _subsection(out, LOCAL_NAMES, content)
    return bytes(out)
