"""Every SIMD instruction without memory access agrees with wasmtime on generated
operands: bit for bit, float lanes with NaN results by the spec's NaN rules, and
relaxed instructions as wasmtime compiles them for x86-64."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nan_rules import float_mismatch, produces_arithmetic_nans
from numeric_oracle import Oracle
from numeric_reference import run_reference
from numeric_values import SCALAR, operand_shape, v128_bits
from wasmlite.opcodes import BY_NAME
from wasmlite.runtime.simd import SEMANTICS

NAMES = sorted(SEMANTICS)
_LANE_COUNT = {"i8x16": 16, "i16x8": 8, "i32x4": 4, "i64x2": 2, "f32x4": 4, "f64x2": 2}
_LANE_WIDTH = {"f32x4": 32, "f64x2": 64}


def _shuffle_patterns() -> list[tuple[int, ...]]:
    rng = random.Random(20240601)
    return [tuple(range(16)), tuple(range(31, 15, -1)), tuple(i // 2 + 16 * (i % 2) for i in range(16)),
            (31,) * 16, (0,) * 16] + [tuple(rng.randrange(32) for _ in range(16)) for _ in range(4)]


SHUFFLES = _shuffle_patterns()


def immediates(name: str) -> list[tuple]:
    """Every immediate tuple exercised for ``name``."""
    imm = BY_NAME[name].imm
    if imm == ("lane",):
        return [(lane,) for lane in range(_LANE_COUNT[name.partition(".")[0]])]
    if imm == ("shuffle",):
        return [(pattern,) for pattern in SHUFFLES]
    return [()]


def export_name(name: str, imm: tuple) -> str:
    return " ".join([name] + [str(k) for k in imm])


def _text(name: str, imm: tuple) -> str:
    return " ".join([name] + [str(k) for i in imm for k in (i if isinstance(i, tuple) else (i,))])


def _operands(name: str) -> st.SearchStrategy[tuple[int, ...]]:
    shape = operand_shape(name)
    return st.tuples(*[v128_bits(shape) if t == "v128" else SCALAR[t]()
                       for t in BY_NAME[name].params])


_OPERANDS = {name: _operands(name) for name in NAMES}


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    functions = []
    for name in NAMES:
        op = BY_NAME[name]
        for imm in immediates(name):
            functions.append((export_name(name, imm), _text(name, imm), op.params, op.results))
    return Oracle(functions)


def lanes(v: int, width: int) -> list[int]:
    return [(v >> (i * width)) & ((1 << width) - 1) for i in range(128 // width)]


def check_one(oracle: Oracle, name: str, args: tuple[int, ...], imm: tuple) -> None:
    """Our result is wasmtime's, float lanes with NaN results by the spec's NaN rules."""
    op = BY_NAME[name]
    expected = oracle.call(export_name(name, imm), op.params, op.results, list(args))
    got = run_reference(name, args, imm)
    prefix = name.partition(".")[0]
    if not (produces_arithmetic_nans(name) and op.results == ("v128",)):
        assert got == expected, f"got {got:#x}, wasmtime {expected:#x}"
        return
    width = _LANE_WIDTH[prefix]
    in_width = _LANE_WIDTH[operand_shape(name)]
    in_lanes = [lanes(a, in_width) for t, a in zip(op.params, args) if t == "v128"]
    for i, (g, e) in enumerate(zip(lanes(got, width), lanes(expected, width))):
        operands = [(x[i], in_width) for x in in_lanes if i < len(x)]
        problem = float_mismatch(g, e, width, operands)
        assert problem is None, f"lane {i}: {problem}"


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=15, deadline=None, database=None)
@given(data=st.data())
def test_instruction_matches_wasmtime(oracle: Oracle, name: str, data) -> None:
    choices = immediates(name)
    cases = data.draw(st.lists(st.tuples(_OPERANDS[name], st.sampled_from(choices)),
                               min_size=1, max_size=16), label="operands and immediates")
    for args, imm in cases:
        check_one(oracle, name, args, imm)
