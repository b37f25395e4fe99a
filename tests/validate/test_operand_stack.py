"""The operand and control stack rules of function bodies."""

import pytest

from wasmlite import ir
from wasmlite.errors import InvalidError
from wasmlite.validate import validate_module

from .builders import F32, FUNCREF, I32, I64, func_module, functype, op


def invalid(module) -> str:
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    return str(info.value)


def test_numeric_instructions_follow_the_table_signature():
    validate_module(func_module([op("i32.const", 1), op("i32.const", 2), op("i32.add")], results=[I32]))


def test_operand_of_the_wrong_type_is_reported_with_both_stacks():
    m = func_module([op("i32.const", 1), op("i64.const", 2), op("i32.add")], results=[I32])
    assert invalid(m) == "type mismatch: instruction requires [i32 i32] but stack has [i32 i64]"


def test_missing_operand_is_a_type_mismatch():
    assert invalid(func_module([op("i32.eqz")], results=[I32])) == \
        "type mismatch: instruction requires [i32] but stack has []"


def test_leftover_values_at_block_end():
    m = func_module([op("block", None), op("i32.const", 1), op("end")])
    assert invalid(m) == "type mismatch: block requires [] but stack has [i32]"


def test_unreachable_code_is_polymorphic():
    validate_module(func_module([op("unreachable"), op("i32.add")], results=[I32]))
    validate_module(func_module([op("unreachable"), op("br", 0), op("i64.const", 1), op("drop")],
                                results=[F32]))


def test_unreachable_code_still_checks_known_operands():
    m = func_module([op("unreachable"), op("i64.const", 1), op("i32.add")], results=[I32])
    assert "type mismatch" in invalid(m)


def test_multi_value_block_type_by_index():
    body = [op("i32.const", 1), op("i64.const", 2),
            op("block", 1), op("drop"), op("drop"), op("f32.const", 0), op("end")]
    validate_module(func_module(body, results=[F32], types=[functype([I32, I64], [F32])]))


def test_loop_label_carries_the_parameters():
    body = [op("i32.const", 1), op("loop", 1), op("br", 0), op("end")]
    validate_module(func_module(body, types=[functype([I32], [])]))


def test_if_without_else_needs_matching_parameters_and_results():
    body = [op("i32.const", 1), op("if", I32), op("i32.const", 2), op("end"), op("drop")]
    assert "type mismatch" in invalid(func_module(body))


def test_br_table_targets_must_agree_in_arity():
    body = [op("block", I32), op("block", None), op("i32.const", 0), op("i32.const", 0),
            op("br_table", (0,), 1), op("end"), op("i32.const", 1), op("end"), op("drop")]
    assert "type mismatch" in invalid(func_module(body))


def test_unknown_label():
    assert invalid(func_module([op("br", 1)])) == "unknown label 1"


def test_untyped_select_rejects_references():
    body = [op("ref.null", "func"), op("ref.null", "func"), op("i32.const", 1), op("select"), op("drop")]
    assert "type mismatch" in invalid(func_module(body))


def test_typed_select_needs_exactly_one_type():
    body = [op("i32.const", 1), op("i32.const", 1), op("i32.const", 1), op("select t", (I32, I32)), op("drop")]
    assert "invalid result arity" in invalid(func_module(body))


def test_typed_select_accepts_references():
    body = [op("ref.null", "func"), op("ref.null", "func"), op("i32.const", 1),
            op("select t", (FUNCREF,)), op("drop")]
    validate_module(func_module(body))


def test_tail_call_results_must_match_the_callers():
    callee = ir.Func(1, [], [op("i64.const", 0), op("end")])
    m = func_module([op("return_call", 1)], results=[I32], types=[functype([], [I64])], funcs=[callee])
    assert "type mismatch" in invalid(m)


def test_tail_call_results_may_be_subtypes():
    nonnull = ir.RefType(False, "func")
    callee = ir.Func(1, [], [op("unreachable"), op("end")])
    m = func_module([op("return_call", 1)], results=[FUNCREF], types=[functype([], [nonnull])],
                    funcs=[callee])
    validate_module(m)


def test_br_on_non_null_needs_a_reference_label():
    body = [op("block", I32), op("ref.null", "func"), op("br_on_non_null", 0), op("unreachable"), op("end"), op("drop")]
    assert "type mismatch" in invalid(func_module(body))


def test_br_on_null_passes_a_non_null_reference_on():
    body = [op("block", None), op("ref.null", "func"), op("br_on_null", 0),
            op("ref.as_non_null"), op("drop"), op("end")]
    validate_module(func_module(body))


def test_call_ref_takes_a_reference_to_its_type():
    ref = ir.RefType(True, 1)
    body = [op("i32.const", 1), op("local.get", 0), op("call_ref", 1)]
    validate_module(func_module(body, locals_=[ref], results=[I32], types=[functype([I32], [I32])]))
    body = [op("i32.const", 1), op("ref.null", "func"), op("call_ref", 1)]
    assert "type mismatch" in invalid(func_module(body, results=[I32], types=[functype([I32], [I32])]))


def test_body_must_end_exactly_once():
    m = func_module([])
    m.funcs[0].body = [op("nop")]
    assert "end" in invalid(m)
