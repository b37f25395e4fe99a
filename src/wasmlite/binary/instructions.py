"""Decoding instruction sequences (function bodies and constant expressions).

Driven by the instruction table: an opcode is looked up in ``BY_CODE`` /
``BY_PREFIX`` and its immediates are read according to their kinds. The only
instructions known by name are the structural ones, which decide where blocks
and the whole expression end: ``end``, ``else`` (which needs an ``if``) and
the legacy ``catch`` / ``catch_all`` / ``delegate`` (which need a ``try``).

The decoder guarantees a well-nested sequence: every instruction that takes a
``blocktype`` opens a block that is closed by ``end`` (or ``delegate`` for a
legacy ``try``); ``else`` appears only directly in an ``if``; ``catch`` and
``catch_all`` only directly in a legacy ``try``.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import opcodes
from ..errors import MalformedError, NotSupportedError
from .reader import (read_fixed, read_len32, read_s32, read_s64, read_u32, read_u64,
                     unexpected_end)
from .types import decode_blocktype, decode_heaptype, decode_valtypes


# -- immediate readers ----------------------------------------------------------
# Each reader appends the immediate's value(s) to ``imms`` and returns the new
# position.

ImmReader = Callable[[bytes, int, list], int]


def _imm_u32(data: bytes, pos: int, imms: list) -> int:
    value, pos = read_u32(data, pos)
    imms.append(value)
    return pos


def _imm_s32(data: bytes, pos: int, imms: list) -> int:
    value, pos = read_s32(data, pos)
    imms.append(value)
    return pos


def _imm_s64(data: bytes, pos: int, imms: list) -> int:
    value, pos = read_s64(data, pos)
    imms.append(value)
    return pos


def _imm_f32(data: bytes, pos: int, imms: list) -> int:
    value, pos = read_fixed(data, pos, 4)
    imms.append(value)
    return pos


def _imm_f64(data: bytes, pos: int, imms: list) -> int:
    value, pos = read_fixed(data, pos, 8)
    imms.append(value)
    return pos


def _imm_v128(data: bytes, pos: int, imms: list) -> int:
    value, pos = read_fixed(data, pos, 16)
    imms.append(value)
    return pos


def _imm_byte(data: bytes, pos: int, imms: list) -> int:
    imms.append(data[pos])
    return pos + 1


def _imm_shuffle(data: bytes, pos: int, imms: list) -> int:
    end = pos + 16
    if end > len(data):
        raise unexpected_end(data)
    imms.append(tuple(data[pos:end]))
    return end


def _imm_memarg(data: bytes, pos: int, imms: list) -> int:
    start = pos
    flags, pos = read_u32(data, pos)
    if flags >= 0x80:
        raise MalformedError("malformed memop flags", start)
    memidx = 0
    if flags & 0x40:
        memidx, pos = read_u32(data, pos)
    offset, pos = read_u64(data, pos)
    imms.append(flags & 0x3F)
    imms.append(offset)
    imms.append(memidx)
    return pos


def _imm_blocktype(data: bytes, pos: int, imms: list) -> int:
    value, pos = decode_blocktype(data, pos)
    imms.append(value)
    return pos


def _imm_heaptype(data: bytes, pos: int, imms: list) -> int:
    value, pos = decode_heaptype(data, pos)
    imms.append(value)
    return pos


def _imm_valtypes(data: bytes, pos: int, imms: list) -> int:
    value, pos = decode_valtypes(data, pos)
    imms.append(value)
    return pos


def _imm_labels(data: bytes, pos: int, imms: list) -> int:
    n, pos = read_len32(data, pos)
    labels = []
    for _ in range(n):
        label, pos = read_u32(data, pos)
        labels.append(label)
    imms.append(tuple(labels))
    return pos


def _imm_zero(data: bytes, pos: int, imms: list) -> int:
    if data[pos] != 0:
        raise MalformedError("zero byte expected", pos)
    return pos + 1


def _imm_castflags(data: bytes, pos: int, imms: list) -> int:
    flags = data[pos]
    if flags & ~0x03:
        raise MalformedError("malformed br_on_cast flags", pos)
    imms.append(flags)
    return pos + 1


def _imm_catches(data: bytes, pos: int, imms: list) -> int:
    n, pos = read_len32(data, pos)
    catches = []
    for _ in range(n):
        kind = data[pos]
        if kind > 3:
            raise MalformedError("malformed catch clause", pos)
        pos += 1
        tag = None
        if kind < 2:
            tag, pos = read_u32(data, pos)
        label, pos = read_u32(data, pos)
        catches.append((kind, tag, label))
    imms.append(tuple(catches))
    return pos


_INDEX_KINDS = ("label", "func", "type", "table", "mem", "global", "local", "elem", "data",
                "tag", "field", "u32")

IMM_READERS: dict[str, ImmReader] = {
    **{kind: _imm_u32 for kind in _INDEX_KINDS},
    "i32": _imm_s32, "i64": _imm_s64, "f32": _imm_f32, "f64": _imm_f64, "v128": _imm_v128,
    "lane": _imm_byte, "shuffle": _imm_shuffle, "memarg": _imm_memarg,
    "blocktype": _imm_blocktype, "heaptype": _imm_heaptype, "valtypes": _imm_valtypes,
    "labels": _imm_labels, "zero": _imm_zero, "castflags": _imm_castflags,
    "catches": _imm_catches,
}
"""How to read each immediate kind of the instruction table."""

# -- decoding plans ---------------------------------------------------------------
# Every opcode gets a plan: how the loop below reads it. The common shapes are
# read inline; everything else goes through IMM_READERS.

(P_NONE, P_INDEX, P_MEMARG, P_I32, P_I64, P_END, P_BLOCK, P_GENERIC, P_ELSE, P_CATCH,
 P_DELEGATE, P_PREFIX, P_ILLEGAL) = range(13)

# Kinds of open blocks on the control stack.
_BLOCK, _IF, _ELSE, _TRY, _CATCH, _CATCH_ALL = range(6)

_STRUCTURAL = {"end": P_END, "else": P_ELSE, "catch": P_CATCH, "catch_all": P_CATCH,
               "delegate": P_DELEGATE}
_BLOCK_KINDS = {"if": _IF, "try": _TRY}


class _Plan:
    """How one opcode is decoded."""

    __slots__ = ("plan", "op", "bare", "readers", "opens", "uses_data")

    def __init__(self, op: opcodes.Op):
        self.op = op
        self.bare = (op,)                  # the shared tuple of an instruction without immediates
        self.readers = tuple(IMM_READERS[kind] for kind in op.imm)
        self.opens = _BLOCK_KINDS.get(op.name, _BLOCK) if op.imm[:1] == ("blocktype",) else None
        self.uses_data = "data" in op.imm
        if op.name in _STRUCTURAL:
            self.plan = _STRUCTURAL[op.name]
        elif not op.imm:
            self.plan = P_NONE
        elif self.uses_data:
            self.plan = P_GENERIC
        elif len(op.imm) == 1 and op.imm[0] in _INDEX_KINDS:
            self.plan = P_INDEX
        elif op.imm == ("memarg",):
            self.plan = P_MEMARG
        elif op.imm == ("i32",):
            self.plan = P_I32
        elif op.imm == ("i64",):
            self.plan = P_I64
        elif op.imm == ("blocktype",):
            self.plan = P_BLOCK
        else:
            self.plan = P_GENERIC


def _single_byte_plans() -> tuple[list[int], list]:
    plans = [P_ILLEGAL] * 256
    entries: list = [None] * 256
    for code, op in opcodes.BY_CODE.items():
        p = _Plan(op)
        plans[code] = p.plan
        entries[code] = p
    for prefix in opcodes.PREFIXES:
        plans[prefix] = P_PREFIX
    return plans, entries


_PLANS, _ENTRIES = _single_byte_plans()
_PREFIXED: dict[int, dict[int, _Plan]] = {prefix: {} for prefix in opcodes.PREFIXES}
"""Plans of the prefixed opcodes, made on first use (most modules use few of them)."""


UNSUPPORTED_PREFIXED: dict[int, tuple[range, str]] = {
    0xFB: (range(0x20, 0x27), "type descriptor instructions (custom descriptors)"),
}
"""Prefixed opcodes of proposals wasmlite recognises but does not implement."""


def _prefixed_plan(prefix: int, sub: int, pos: int) -> _Plan:
    op = opcodes.BY_PREFIX[prefix].get(sub)
    if op is None:
        codes, feature = UNSUPPORTED_PREFIXED.get(prefix, (range(0), ""))
        if sub in codes:
            raise NotSupportedError(feature)
        raise MalformedError(f"illegal opcode {prefix:02x} {sub:02x}", pos)
    plan = _PREFIXED[prefix][sub] = _Plan(op)
    return plan


def _misnested(pos: int) -> MalformedError:
    return MalformedError("END opcode expected", pos)


def decode_expr(data: bytes, pos: int) -> tuple[list, int, bool]:
    """Decode instructions from ``pos`` up to and including the ``end`` that
    closes the expression.

    Returns the instructions, the position after that ``end``, and whether an
    instruction names a data segment (which requires the data count section).
    """
    plans = _PLANS
    entries = _ENTRIES
    prefixed = _PREFIXED
    instrs: list = []
    append = instrs.append
    control: list[int] = []
    push = control.append
    pop = control.pop
    uses_data = False
    try:
        while True:
            start = pos
            b = data[pos]
            pos += 1
            plan = plans[b]
            if plan == P_NONE:
                append(entries[b].bare)
                continue
            if plan == P_INDEX:
                x = data[pos]
                if x < 0x80:
                    pos += 1
                else:
                    y = data[pos + 1]
                    if y < 0x80:
                        x = (x & 0x7F) | (y << 7)
                        pos += 2
                    else:
                        x, pos = read_u32(data, pos)
                append((entries[b].op, x))
                continue
            if plan == P_PREFIX:
                sub, pos = read_u32(data, pos)
                entry = prefixed[b].get(sub) or _prefixed_plan(b, sub, start)
                plan = entry.plan
                if plan == P_NONE:
                    append(entry.bare)
                    continue
            else:
                entry = entries[b]
            if plan == P_MEMARG:
                flags = data[pos]
                if flags < 0x40:
                    pos += 1
                    memidx = 0
                else:
                    flags_at = pos
                    flags, pos = read_u32(data, pos)
                    if flags >= 0x80:
                        raise MalformedError("malformed memop flags", flags_at)
                    memidx = 0
                    if flags & 0x40:
                        memidx, pos = read_u32(data, pos)
                    flags &= 0x3F
                offset = data[pos]
                if offset < 0x80:
                    pos += 1
                else:
                    offset, pos = read_u64(data, pos)
                append((entry.op, flags, offset, memidx))
            elif plan == P_I32 or plan == P_I64:
                value = data[pos]
                if value < 0x40:
                    pos += 1
                elif plan == P_I32:
                    value, pos = read_s32(data, pos)
                else:
                    value, pos = read_s64(data, pos)
                append((entry.op, value))
            elif plan == P_END:
                append(entry.bare)
                if not control:
                    return instrs, pos, uses_data
                pop()
            elif plan == P_BLOCK:
                blocktype, pos = decode_blocktype(data, pos)
                append((entry.op, blocktype))
                push(entry.opens)
            elif plan == P_INDEX:
                value, pos = read_u32(data, pos)
                append((entry.op, value))
            elif plan == P_GENERIC:
                imms = [entry.op]
                for reader in entry.readers:
                    pos = reader(data, pos, imms)
                append(tuple(imms))
                if entry.opens is not None:
                    push(entry.opens)
                if entry.uses_data:
                    uses_data = True
            elif plan == P_ELSE:
                if not control or control[-1] != _IF:
                    raise _misnested(start)
                control[-1] = _ELSE
                append(entry.bare)
            elif plan == P_CATCH:
                if not control or control[-1] not in (_TRY, _CATCH):
                    raise _misnested(start)
                imms = [entry.op]
                for reader in entry.readers:
                    pos = reader(data, pos, imms)
                append(tuple(imms))
                control[-1] = _CATCH if entry.readers else _CATCH_ALL
            elif plan == P_DELEGATE:
                if not control or control[-1] != _TRY:
                    raise _misnested(start)
                label, pos = read_u32(data, pos)
                append((entry.op, label))
                pop()
            else:
                raise MalformedError(f"illegal opcode {b:02x}", start)
    except IndexError:
        raise unexpected_end(data) from None
