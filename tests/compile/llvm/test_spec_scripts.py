"""Spec testsuite scripts pass on the native tier, through the spec driver.

A targeted set covering every instruction the native tier compiles (control,
calls, call_indirect, numerics, memory, traps); each of their modules must
compile natively. ``python -m tests.compile.llvm.native_backend SCRIPT`` runs
any other script the same way (modules beyond the native tier then run
portable and are counted apart).
"""

from __future__ import annotations

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

from testsuite_scripts import spec_files  # noqa: E402

SCRIPTS = ["i32", "i64", "f32", "f64", "f32_cmp", "f64_cmp", "int_exprs", "float_misc",
           "address", "align", "load", "store", "endianness", "memory", "memory_copy",
           "memory_fill", "memory_init", "memory_grow", "memory_size", "memory_trap",
           "memory-multi", "block", "loop", "if", "br", "br_if", "labels", "return",
           "call", "call_indirect", "func_ptrs", "fac", "stack", "switch", "traps",
           "unreachable", "unwind", "left-to-right", "forward", "nop", "local_get", "local_set"]


def _available() -> set[str]:
    return {f.name for f in spec_files()}


@pytest.mark.parametrize("name", SCRIPTS)
def test_spec_script_passes_on_the_native_tier(name: str) -> None:
    if name not in _available():
        pytest.skip(f"the spec testsuite has no {name}.wast here")
    from .native_backend import run_script
    result = run_script(name)
    assert result["failed"] == 0, result["failures"]
    assert result["portable"] == 0, result["reasons"]
