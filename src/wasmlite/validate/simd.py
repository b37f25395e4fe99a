"""Rules of the vector instructions with lane immediates (``extract_lane``, ``shuffle``...).

Vector instructions without lane immediates are typed from the instruction
table alone; vector memory instructions are in ``memory.py``.
"""

from __future__ import annotations

from .. import opcodes
from ..errors import InvalidError
from .code import CodeValidator, handles

_SHAPE_LANES = {"i8x16": 16, "i16x8": 8, "i32x4": 4, "i64x2": 2, "f32x4": 4, "f64x2": 2}

_LANE_OPS: dict[opcodes.Op, tuple[int, list, tuple]] = {
    op: (_SHAPE_LANES[op.name.partition(".")[0]], list(op.params), tuple(op.results))
    for op in opcodes.OPS if op.imm == ("lane",)
}
"""op -> (lane count of its shape, params, results)."""


def _lane(v: CodeValidator, instr) -> None:
    lanes, params, results = _LANE_OPS[instr[0]]
    if not 0 <= instr[1] < lanes:
        raise InvalidError(f"invalid lane index {instr[1]}, expected less than {lanes}")
    v.pop_vals(params)
    v.vals.extend(results)


for _op in _LANE_OPS:
    handles(_op.name)(_lane)


@handles("i8x16.shuffle")
def _shuffle(v: CodeValidator, instr) -> None:
    for lane in instr[1]:
        if not 0 <= lane < 32:
            raise InvalidError(f"invalid lane index {lane}, expected less than 32")
    v.pop("v128")
    v.pop("v128")
    v.push("v128")
