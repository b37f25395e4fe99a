"""Every scalar numeric instruction agrees with wasmtime on generated operands:
bit for bit, NaN results by the spec's NaN rules, traps by message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nan_rules import float_mismatch, produces_arithmetic_nans
from numeric_oracle import Oracle, OracleTrap
from numeric_reference import run_reference
from numeric_values import SCALAR
from wasmlite.opcodes import BY_NAME
from wasmlite.runtime.numeric import SEMANTICS
from wasmlite.runtime.trap import Trap

NAMES = sorted(SEMANTICS)
_WIDTH = {"f32": 32, "f64": 64}
_OPERANDS = {name: st.tuples(*[SCALAR[t]() for t in BY_NAME[name].params]) for name in NAMES}


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle([(name, name, BY_NAME[name].params, BY_NAME[name].results) for name in NAMES])


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=25, deadline=None, database=None)
@given(data=st.data())
def test_instruction_matches_wasmtime(oracle: Oracle, name: str, data) -> None:
    for args in data.draw(st.lists(_OPERANDS[name], min_size=1, max_size=16), label="operand bits"):
        check_one(oracle, name, args)


def check_one(oracle: Oracle, name: str, args: tuple[int, ...]) -> None:
    """Our result for ``args`` is wasmtime's (NaNs by the spec's rules), or we both trap alike."""
    op = BY_NAME[name]
    try:
        expected = oracle.call(name, op.params, op.results, list(args))
    except OracleTrap as trap:
        with pytest.raises(Trap) as ours:
            run_reference(name, args)
        assert f"wasm trap: {ours.value.message}" in trap.message
        return
    got = run_reference(name, args)
    result = op.results[0]
    if result in _WIDTH and produces_arithmetic_nans(name):
        operands = [(a, _WIDTH[t]) for t, a in zip(op.params, args) if t in _WIDTH]
        problem = float_mismatch(got, expected, _WIDTH[result], operands)
        assert problem is None, problem
    else:
        assert got == expected
