"""Rules of the memory instructions: memargs, address types, bulk memory."""

from __future__ import annotations

from functools import cache

from .. import opcodes
from ..errors import InvalidError
from .code import CodeValidator, handles
from .tables import min_address_type


def _resolve(types: tuple[str, ...], at: str) -> tuple[str, ...]:
    return tuple(at if t == "a" else t for t in types)


# What a rule needs of an instruction is worked out from its table row on first use.

@cache
def _address_sigs(op: opcodes.Op) -> dict[str, tuple[list, tuple]]:
    """{address type: (params, results)} of an instruction whose signature names it."""
    return {at: (list(_resolve(op.params, at)), _resolve(op.results, at)) for at in ("i32", "i64")}


@cache
def _memarg_rule(op: opcodes.Op) -> tuple[int, bool, int, dict]:
    """(natural alignment exponent, atomic?, lane count or 0, {address type: (params, results)})."""
    align_log2 = opcodes.natural_alignment(op)
    lanes = 16 >> align_log2 if "lane" in op.imm else 0
    return align_log2, op.feature == "threads", lanes, _address_sigs(op)


def _apply(v: CodeValidator, sig: tuple[list, tuple]) -> None:
    params, results = sig
    v.pop_vals(params)
    v.vals.extend(results)


def memarg_check(v: CodeValidator, instr) -> None:
    """Rule of every instruction with a memarg: memory, alignment, offset, lane, typing."""
    align_log2, atomic, lanes, sigs = _memarg_rule(instr[0])
    at = v.ctx.mem(instr[3])
    align = instr[1]
    if atomic:
        if align != align_log2:
            raise InvalidError(f"alignment must be exactly natural: atomic access of"
                               f" {1 << align_log2} bytes has alignment 2**{align}")
    elif align > align_log2:
        raise InvalidError(f"alignment must not be larger than natural: 2**{align}"
                           f" is larger than {1 << align_log2} bytes")
    if at == "i32" and instr[2] >= 1 << 32:
        raise InvalidError(f"offset out of range: {instr[2]} does not fit a 32-bit memory")
    if lanes and not 0 <= instr[4] < lanes:
        raise InvalidError(f"invalid lane index {instr[4]}, expected less than {lanes}")
    _apply(v, sigs[at])


def _memory_sig(v: CodeValidator, instr) -> None:
    _apply(v, _address_sigs(instr[0])[v.ctx.mem(instr[1])])


for _op in opcodes.OPS:
    if _op.params is None:
        continue
    if "memarg" in _op.imm:
        handles(_op.name)(memarg_check)
    elif "mem" in _op.imm:
        handles(_op.name)(_memory_sig)


@handles("memory.copy")
def _memory_copy(v: CodeValidator, instr) -> None:
    at1 = v.ctx.mem(instr[1])
    at2 = v.ctx.mem(instr[2])
    v.pop(min_address_type(at1, at2))
    v.pop(at2)
    v.pop(at1)


@handles("memory.init")
def _memory_init(v: CodeValidator, instr) -> None:
    at = v.ctx.mem(instr[2])
    v.ctx.data(instr[1])
    v.pop("i32")
    v.pop("i32")
    v.pop(at)


@handles("data.drop")
def _data_drop(v: CodeValidator, instr) -> None:
    v.ctx.data(instr[1])
