"""Every numeric instruction the native tier compiles gives, bit for bit, what the
portable tier gives: results (NaN payloads included) and traps, over operands
chosen at the edges (zeros, extremes, infinities, quiet and signalling NaNs
with payloads, values at each truncation bound)."""

from __future__ import annotations

import itertools
import struct

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite
from wasmlite.opcodes import OPS
from wasmlite.runtime.floats import f32_from_bits, f64_from_bits

from .conftest import engine, is_native, outcome

from wasmlite.compile.llvm.numeric import HANDLERS  # noqa: E402

_F32_BITS = [0x00000000, 0x80000000, 0x3F800000, 0xBFC00000, 0x7F800000, 0xFF800000,
             0x7FC00000, 0xFFC00000, 0x7FA00001, 0xFF812345, 0x7F7FFFFF, 0x00000001,
             0x4F000000, 0xCF000000, 0x4F800000, 0x5F000000, 0xDF000001, 0x3F000000,
             0x40200000]
_F64_BITS = [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xC004000000000000,
             0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000,
             0x7FF4000000000001, 0xFFF0000012345678, 0x7FEFFFFFFFFFFFFF, 0x0000000000000001,
             0x41E0000000000000, 0xC1E0000000200000, 0x41F0000000000000, 0x43E0000000000000,
             0xC3E0000000000000, 0x3FE0000000000000, 0x4004000000000000, 0x3FF8000000000001]

VALUES = {
    "i32": [0, 1, 2, 7, 31, 32, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF9, 0x12345678],
    "i64": [0, 1, 3, 63, 64, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF,
            0xFFFFFFFFFFFFFFF9, 0x123456789ABCDEF0, 0x80000000, 0xFFFFFFFF],
    "f32": [f32_from_bits(b) for b in _F32_BITS],
    "f64": [f64_from_bits(b) for b in _F64_BITS],
}

NUMERIC = sorted(name for name in HANDLERS)


def _module(ops) -> str:
    funcs = []
    for op in ops:
        params = " ".join(op.params)
        gets = " ".join(f"(local.get {i})" for i in range(len(op.params)))
        funcs.append(f'(func (export "{op.name}") (param {params}) (result {op.results[0]}) '
                     f"{gets} {op.name})")
    return "(module " + "\n".join(funcs) + ")"


def _runs(tier: str, wat: str, ops) -> dict:
    store = wasmlite.Store(engine(tier))
    module = wasmlite.Module(store.engine, wat)
    assert is_native(module) == (tier == "native")
    exports = wasmlite.Instance(store, module, []).exports(store)
    seen = {}
    for op in ops:
        fn = exports[op.name]
        for args in itertools.product(*(VALUES[t] for t in op.params)):
            seen[(op.name, tuple(struct.pack("<d", a) if isinstance(a, float) else a
                                 for a in args))] = outcome(lambda: fn(store, *args))
    return seen


_BY_NAME = {op.name: op for op in OPS}
_GROUPS = sorted({name.split(".")[0] + ("_binary" if len(_BY_NAME[name].params) == 2 else "_unary")
                  for name in NUMERIC})


@pytest.mark.parametrize("group", _GROUPS)
def test_numeric_instructions_match_the_portable_tier(group: str) -> None:
    prefix, _, arity = group.partition("_")
    ops = [_BY_NAME[n] for n in NUMERIC if n.startswith(prefix + ".")
           and (len(_BY_NAME[n].params) == 2) == (arity == "binary")]
    wat = _module(ops)
    native = _runs("native", wat, ops)
    portable = _runs("portable", wat, ops)
    differences = [(k, native[k], portable[k]) for k in portable if native[k] != portable[k]]
    assert not differences, differences[:10]


def test_every_scalar_numeric_instruction_is_compiled() -> None:
    from wasmlite.runtime.numeric import is_scalar_numeric
    missing = [op.name for op in OPS if is_scalar_numeric(op) and op.name not in HANDLERS
               and op.feature == "core"]
    assert missing == []
