"""Every numeric row of the instruction table has a function, reachable by its
instruction name in SEMANTICS and by the module attribute the code generator uses."""

from __future__ import annotations

import inspect

from wasmlite.opcodes import OPS
from wasmlite.runtime import numeric, simd


def _arity(fn) -> int:
    return len(inspect.signature(fn).parameters)


def test_every_scalar_numeric_instruction_has_a_function() -> None:
    expected = {op.name for op in OPS
                if op.name[:4] in ("i32.", "i64.", "f32.", "f64.") and op.params is not None
                and "memarg" not in op.imm and not op.name.endswith(".const")}
    assert set(numeric.SEMANTICS) == expected
    assert len(expected) == 140
    for op in OPS:
        if op.name in expected:
            fn = getattr(numeric, op.name.replace(".", "_"))
            assert numeric.SEMANTICS[op.name] is fn
            assert _arity(fn) == len(op.params), op.name


def test_every_simd_instruction_without_memory_access_has_a_function() -> None:
    expected = {op.name for op in OPS
                if op.prefix == 0xFD and "memarg" not in op.imm and op.name != "v128.const"}
    assert set(simd.SEMANTICS) == expected
    for op in OPS:
        if op.name in expected:
            fn = getattr(simd, op.name.replace(".", "_"))
            assert simd.SEMANTICS[op.name] is fn
            assert _arity(fn) == len(op.params) + len(op.imm), op.name


def test_loads_stores_and_constants_are_not_numeric_instructions() -> None:
    for name in ("i32.load", "f64.store", "i32.const", "v128.const", "v128.load", "i32.atomic.rmw.add"):
        assert name not in numeric.SEMANTICS and name not in simd.SEMANTICS
