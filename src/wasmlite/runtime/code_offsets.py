"""Byte offsets of the instructions of a function body, worked out when a trap asks.

Decoding keeps no per-instruction offsets (start-up time matters more than
traps); a backtrace re-reads the one function body it needs from the module
binary, instruction by instruction, with the decoder's immediate readers.
"""

from __future__ import annotations

__all__ = ["instruction_offsets"]


def instruction_offsets(binary: bytes, start: int, count: int) -> list[int]:
    """Offsets in ``binary`` of the first ``count`` instructions of the function
    body whose code entry (its local declarations) begins at ``start``."""
    from .. import opcodes
    from ..binary.instructions import IMM_READERS
    from ..binary.reader import read_u32
    from ..binary.types import decode_valtype

    pos = start
    groups, pos = read_u32(binary, pos)
    for _ in range(groups):
        _, pos = read_u32(binary, pos)
        _, pos = decode_valtype(binary, pos)
    offsets: list[int] = []
    scratch: list = []
    by_code = opcodes.BY_CODE
    by_prefix = opcodes.BY_PREFIX
    while len(offsets) < count:
        offsets.append(pos)
        b = binary[pos]
        pos += 1
        if b in by_prefix:
            sub, pos = read_u32(binary, pos)
            op = by_prefix[b][sub]
        else:
            op = by_code[b]
        for kind in op.imm:
            pos = IMM_READERS[kind](binary, pos, scratch)
        scratch.clear()
    return offsets
