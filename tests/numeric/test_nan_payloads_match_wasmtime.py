"""Float arithmetic on NaN-heavy operands gives exactly wasmtime's x86-64 bits:
which operand's NaN propagates, its payload and its sign, and the default NaN."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nan_rules import produces_arithmetic_nans
from numeric_oracle import Oracle
from numeric_reference import SEMANTICS, run_reference
from numeric_values import SCALAR, nan_heavy_bits, nan_heavy_v128, operand_shape
from wasmlite.opcodes import BY_NAME

NAMES = sorted(name for name in SEMANTICS if produces_arithmetic_nans(name))
_WIDTH = {"f32": 32, "f64": 64, "f32x4": 32, "f64x2": 64}


def _operand(name: str, t: str) -> st.SearchStrategy[int]:
    if t == "v128":
        return nan_heavy_v128(_WIDTH[operand_shape(name)])
    if t in _WIDTH:
        return nan_heavy_bits(_WIDTH[t])
    return SCALAR[t]()


_OPERANDS = {name: st.tuples(*[_operand(name, t) for t in BY_NAME[name].params]) for name in NAMES}


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle([(name, name, BY_NAME[name].params, BY_NAME[name].results) for name in NAMES])


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=10, deadline=None, database=None)
@given(data=st.data())
def test_nan_results_are_bit_identical(oracle: Oracle, name: str, data) -> None:
    op = BY_NAME[name]
    for args in data.draw(st.lists(_OPERANDS[name], min_size=1, max_size=16), label="operand bits"):
        expected = oracle.call(name, op.params, op.results, list(args))
        got = run_reference(name, args)
        assert got == expected, f"operands {[hex(a) for a in args]}: got {got:#x}, wasmtime {expected:#x}"
