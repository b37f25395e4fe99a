"""Rules of the memory instructions: memargs, address types, bulk memory."""

from __future__ import annotations

import re

from .. import opcodes
from ..errors import InvalidError
from .code import CodeValidator, handles
from .tables import min_address_type

_ACCESS = re.compile(r"(?:load|store|rmw)(\d+)?(?:x(\d+))?")
_VALUE_BITS = {"i32": 32, "i64": 64, "f32": 32, "f64": 64, "v128": 128}


def natural_alignment(name: str) -> int:
    """The natural alignment, in bytes, of a memory access instruction.

    It is the access width, read from the name: ``i64.load32_s`` -> 4,
    ``i32.store8`` -> 1, ``v128.load16x4_s`` -> 8, ``v128.load`` -> 16,
    ``i64.atomic.rmw16.add_u`` -> 2, ``memory.atomic.wait64`` -> 8.
    """
    if name.startswith("memory.atomic."):
        return 8 if name.endswith("64") else 4
    prefix, _, rest = name.partition(".")
    m = _ACCESS.search(rest)
    if m is None or m.group(1) is None:
        return _VALUE_BITS[prefix] // 8
    bits = int(m.group(1)) * (int(m.group(2)) if m.group(2) else 1)
    return bits // 8


def _resolve(types: tuple[str, ...], at: str) -> tuple[str, ...]:
    return tuple(at if t == "a" else t for t in types)


def _address_sigs(op: opcodes.Op) -> dict[str, tuple[list, tuple]]:
    return {at: (list(_resolve(op.params, at)), _resolve(op.results, at)) for at in ("i32", "i64")}


_MEMARG: dict[opcodes.Op, tuple[int, bool, int, dict]] = {}
"""op -> (natural alignment exponent, atomic?, lane count or 0, {address type: (params, results)})."""

_SIGS: dict[opcodes.Op, dict[str, tuple[list, tuple]]] = {}
"""Memory instructions without memarg whose signature names the address type."""

for _op in opcodes.OPS:
    if _op.params is None:
        continue
    if "memarg" in _op.imm:
        _bytes = natural_alignment(_op.name)
        _MEMARG[_op] = (_bytes.bit_length() - 1, _op.feature == "threads",
                        16 // _bytes if "lane" in _op.imm else 0, _address_sigs(_op))
    elif "mem" in _op.imm:
        _SIGS[_op] = _address_sigs(_op)


def _apply(v: CodeValidator, sig: tuple[list, tuple]) -> None:
    params, results = sig
    v.pop_vals(params)
    v.vals.extend(results)


def memarg_check(v: CodeValidator, instr) -> None:
    """Rule of every instruction with a memarg: memory, alignment, offset, lane, typing."""
    align_log2, atomic, lanes, sigs = _MEMARG[instr[0]]
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


for _op in _MEMARG:
    handles(_op.name)(memarg_check)


def _memory_sig(v: CodeValidator, instr) -> None:
    _apply(v, _SIGS[instr[0]][v.ctx.mem(instr[1])])


for _op in _SIGS:
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
