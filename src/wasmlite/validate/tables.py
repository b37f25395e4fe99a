"""Rules of the table instructions and ``elem.drop``."""

from __future__ import annotations

from ..errors import InvalidError
from .code import CodeValidator, handles
from .types import ref_subtype


def min_address_type(at1: str, at2: str) -> str:
    """The smaller of two address types (``i32`` unless both are ``i64``)."""
    return "i64" if at1 == "i64" and at2 == "i64" else "i32"


@handles("table.get")
def _table_get(v: CodeValidator, instr) -> None:
    at, rt = v.ctx.table(instr[1])
    v.pop(at)
    v.push(rt)


@handles("table.set")
def _table_set(v: CodeValidator, instr) -> None:
    at, rt = v.ctx.table(instr[1])
    v.pop(rt)
    v.pop(at)


@handles("table.size")
def _table_size(v: CodeValidator, instr) -> None:
    v.push(v.ctx.table(instr[1])[0])


@handles("table.grow")
def _table_grow(v: CodeValidator, instr) -> None:
    at, rt = v.ctx.table(instr[1])
    v.pop(at)
    v.pop(rt)
    v.push(at)


@handles("table.fill")
def _table_fill(v: CodeValidator, instr) -> None:
    at, rt = v.ctx.table(instr[1])
    v.pop(at)
    v.pop(rt)
    v.pop(at)


@handles("table.copy")
def _table_copy(v: CodeValidator, instr) -> None:
    at1, rt1 = v.ctx.table(instr[1])
    at2, rt2 = v.ctx.table(instr[2])
    if not ref_subtype(rt2, rt1):
        raise InvalidError(f"type mismatch: source element type {rt2}"
                           f" does not match destination element type {rt1}")
    v.pop(min_address_type(at1, at2))
    v.pop(at2)
    v.pop(at1)


@handles("table.init")
def _table_init(v: CodeValidator, instr) -> None:
    at, rt = v.ctx.table(instr[2])
    et = v.ctx.elem(instr[1])
    if not ref_subtype(et, rt):
        raise InvalidError(f"type mismatch: element segment's type {et}"
                           f" does not match table's element type {rt}")
    v.pop("i32")
    v.pop("i32")
    v.pop(at)


@handles("elem.drop")
def _elem_drop(v: CodeValidator, instr) -> None:
    v.ctx.elem(instr[1])
