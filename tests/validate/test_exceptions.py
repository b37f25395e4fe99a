"""Exception instructions: throw, try_table catch clauses, legacy try/catch."""

import pytest

from wasmlite import ir
from wasmlite.errors import InvalidError
from wasmlite.validate import validate_module

from .builders import I32, I64, func_module, functype, op

EXNREF = ir.RefType(True, "exn")


def invalid(module) -> str:
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    return str(info.value)


def with_tag(body, results=(), params=(I32,)):
    """A module with tag 0 carrying ``params`` and function 0 running ``body``."""
    return func_module(body, results=results, types=[functype(params, [])], tags=[ir.TagType(1)])


def test_throw_pops_the_tag_parameters():
    validate_module(with_tag([op("i32.const", 1), op("throw", 0)]))
    assert invalid(with_tag([op("i64.const", 1), op("throw", 0)])) == \
        "type mismatch: instruction requires [i32] but stack has [i64]"
    assert invalid(with_tag([op("throw", 1)])) == "unknown tag 1"


def test_catch_clause_passes_the_tag_values_to_its_label():
    body = [op("block", I32), op("try_table", None, ((0, 0, 0),)), op("end"), op("unreachable"), op("end"), op("drop")]
    validate_module(with_tag(body))
    body = [op("block", I64), op("try_table", None, ((0, 0, 0),)), op("end"), op("unreachable"), op("end"), op("drop")]
    assert "type mismatch" in invalid(with_tag(body))


def test_catch_all_ref_passes_an_exception_reference():
    body = [op("block", EXNREF), op("try_table", None, ((3, None, 0),)), op("end"),
            op("unreachable"), op("end"), op("throw_ref")]
    validate_module(with_tag(body))


def test_catch_labels_are_outside_the_try_table():
    body = [op("try_table", None, ((2, None, 1),)), op("end")]
    assert invalid(with_tag(body)) == "unknown label 1"


def test_legacy_catch_receives_the_tag_values():
    body = [op("try", I32), op("i32.const", 0), op("catch", 0), op("end"), op("drop")]
    validate_module(with_tag(body))
    body = [op("try", I64), op("i64.const", 0), op("catch", 0), op("end"), op("drop")]
    assert "type mismatch" in invalid(with_tag(body))


def test_rethrow_must_name_a_catch_block():
    body = [op("try", None), op("catch_all"), op("rethrow", 0), op("end")]
    validate_module(with_tag(body))
    body = [op("block", None), op("rethrow", 0), op("end")]
    assert "invalid rethrow label" in invalid(with_tag(body))


def test_delegate_names_an_enclosing_label():
    validate_module(with_tag([op("try", None), op("delegate", 0)]))
    assert invalid(with_tag([op("try", None), op("delegate", 1)])) == "unknown label 1"
