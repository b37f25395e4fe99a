"""Spec testsuite scripts pass on the native tier, through the spec driver.

A targeted set covering every instruction the native tier compiles (control,
calls, call_indirect, numerics, memory, traps, references, tables, memory64, tail
calls, SIMD); each of their modules must compile natively. ``python -m
tests.compile.llvm.native_backend SCRIPT`` runs any other script the same way
(modules beyond the native tier then run portable and are counted apart); ``python -m tests.spec.native_tier`` runs
every script so, and ``docs/conformance.md`` has its results.
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
           "unreachable", "unwind", "left-to-right", "forward", "nop", "local_get", "local_set",
           # references and tables
           "table_get", "table_set", "table_size", "table_grow", "table_fill", "table_copy",
           "elem", "bulk", "ref_func", "ref_is_null", "ref_as_non_null", "ref", "select",
           "global", "linking", "table", "table-sub", "local_init", "call_ref", "br_on_null",
           "br_on_non_null", "unreached-valid", "br_table",
           # memory64 and table64
           "memory64", "address64", "align64", "load64", "endianness64", "float_memory64",
           "memory_grow64", "memory_copy64", "memory_fill64", "memory_init64", "memory_trap64",
           "memory_redundancy64", "memory64-imports", "bulk64", "call_indirect64",
           "binary_leb128_64", "table64", "table_get64", "table_set64", "table_size64",
           "table_grow64", "table_fill64", "table_copy64", "table_copy_mixed",
           # tail calls
           "return_call", "return_call_indirect", "return_call_ref",
           # SIMD and relaxed SIMD
           "simd_address", "simd_align", "simd_bit_shift", "simd_bitwise", "simd_boolean",
           "simd_const", "simd_conversions", "simd_f32x4", "simd_f32x4_arith", "simd_f32x4_cmp",
           "simd_f32x4_pmin_pmax", "simd_f32x4_rounding", "simd_f64x2", "simd_f64x2_arith",
           "simd_f64x2_cmp", "simd_f64x2_pmin_pmax", "simd_f64x2_rounding", "simd_i16x8_arith",
           "simd_i16x8_arith2", "simd_i16x8_cmp", "simd_i16x8_extadd_pairwise_i8x16",
           "simd_i16x8_extmul_i8x16", "simd_i16x8_q15mulr_sat_s", "simd_i16x8_sat_arith",
           "simd_i32x4_arith", "simd_i32x4_arith2", "simd_i32x4_cmp", "simd_i32x4_dot_i16x8",
           "simd_i32x4_extadd_pairwise_i16x8", "simd_i32x4_extmul_i16x8",
           "simd_i32x4_trunc_sat_f32x4", "simd_i32x4_trunc_sat_f64x2", "simd_i64x2_arith",
           "simd_i64x2_arith2", "simd_i64x2_cmp", "simd_i64x2_extmul_i32x4", "simd_i8x16_arith",
           "simd_i8x16_arith2", "simd_i8x16_cmp", "simd_i8x16_sat_arith",
           "simd_int_to_int_extend", "simd_lane", "simd_linking", "simd_load",
           "simd_load16_lane", "simd_load32_lane", "simd_load64_lane", "simd_load8_lane",
           "simd_load_extend", "simd_load_splat", "simd_load_zero", "simd_memory-multi",
           "simd_select", "simd_splat", "simd_store", "simd_store16_lane", "simd_store32_lane",
           "simd_store64_lane", "simd_store8_lane", "i16x8_relaxed_q15mulr_s",
           "i32x4_relaxed_trunc", "i8x16_relaxed_swizzle", "relaxed_dot_product",
           "relaxed_laneselect", "relaxed_madd_nmadd", "relaxed_min_max"]


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


def test_commands_on_modules_that_fall_back_are_counted_apart() -> None:
    if "imports" not in _available():
        pytest.skip("the spec testsuite has no imports.wast here")
    from .native_backend import run_script
    result = run_script("imports")
    by_tier = result["by_tier"]
    assert result["native"] >= 1 and result["portable"] >= 1
    assert by_tier["native"]["passed"] >= 1 and by_tier["portable"]["passed"] >= 1
    assert sum(t["passed"] for t in by_tier.values()) == result["passed"]
    assert sum(t["failed"] for t in by_tier.values()) == result["failed"]
    assert result["fallbacks"] == {"exception handling": result["portable"]}
    assert {(p, r) for p, r, _ in result["fallback_reasons"]} == {
        ("exception handling", "exception handling (tags)")}


@pytest.mark.parametrize("reason, proposal", [
    ("instruction i32x4.add", "SIMD"), ("instruction struct.new", "GC"),
    ("instruction try_table", "exception handling"), ("instruction return_call", "tail calls"),
    ("instruction i32.atomic.load", "threads (atomics)"), ("memory64", "memory64"),
    ("threads (shared memory)", "threads (shared memory)"),
    ("exception handling (tags)", "exception handling"),
])
def test_fall_back_reasons_name_their_proposal(reason: str, proposal: str) -> None:
    from wasmlite import ir
    from .native_backend import fallback_proposal
    assert fallback_proposal(ir.Module(), reason) == proposal


def test_a_type_reason_names_the_proposal_of_the_first_type_found() -> None:
    import wasmlite
    from wasmlite.compile.llvm.coverage import unsupported
    from .native_backend import fallback_proposal
    module = wasmlite.Module(wasmlite.Engine(), """(module
        (global (mut anyref) (ref.null any))
        (global (mut exnref) (ref.null exn)))""")._ir
    reason = unsupported(module)
    assert reason == "globals of type anyref"
    assert fallback_proposal(module, reason) == "GC"
