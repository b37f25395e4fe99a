"""Runs our reference semantics on bit-pattern operands, the way the oracle is run."""

from __future__ import annotations

from wasmlite.opcodes import BY_NAME
from wasmlite.runtime import numeric, simd
from wasmlite.runtime.floats import f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits

_FROM_BITS = {"i32": int, "i64": int, "v128": int, "f32": f32_from_bits, "f64": f64_from_bits}
_TO_BITS = {"i32": int, "i64": int, "v128": int, "f32": f32_to_bits, "f64": f64_to_bits}
SEMANTICS = {**numeric.SEMANTICS, **simd.SEMANTICS}


def run_reference(name: str, args: tuple[int, ...], imm: tuple = ()):
    """Our result(s) for instruction ``name`` on bit-pattern ``args``, as bit patterns."""
    op = BY_NAME[name]
    out = SEMANTICS[name](*[_FROM_BITS[t](a) for t, a in zip(op.params, args)], *imm)
    if len(op.results) == 1:
        return _TO_BITS[op.results[0]](out)
    return tuple(_TO_BITS[t](v) for t, v in zip(op.results, out))
