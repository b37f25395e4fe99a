"""Local variables: indices and initialization of non-defaultable locals."""

import pytest

from wasmlite import ir
from wasmlite.errors import InvalidError
from wasmlite.validate import validate_module

from .builders import I32, func_module, op

REF_FUNC = ir.RefType(False, "func")


def invalid(module) -> str:
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    return str(info.value)


def test_unknown_local():
    assert invalid(func_module([op("local.get", 2), op("drop")], params=[I32])) == "unknown local 2"


def test_non_defaultable_local_must_be_set_before_it_is_read():
    m = func_module([op("local.get", 0), op("drop")], locals_=[REF_FUNC])
    assert invalid(m) == "uninitialized local 0"


def test_set_then_get_in_the_same_block():
    body = [op("ref.func", 0), op("local.set", 0), op("local.get", 0), op("drop")]
    m = func_module(body, locals_=[REF_FUNC],
                    exports=[ir.Export("f", "func", 0)])
    validate_module(m)


def test_initialization_ends_with_the_block():
    body = [op("block", None), op("ref.func", 0), op("local.set", 0), op("end"),
            op("local.get", 0), op("drop")]
    m = func_module(body, locals_=[REF_FUNC], exports=[ir.Export("f", "func", 0)])
    assert invalid(m) == "uninitialized local 0"


def test_initialization_in_then_does_not_reach_else():
    body = [op("i32.const", 1), op("if", None), op("ref.func", 0), op("local.set", 0),
            op("else"), op("local.get", 0), op("drop"), op("end")]
    m = func_module(body, locals_=[REF_FUNC], exports=[ir.Export("f", "func", 0)])
    assert invalid(m) == "uninitialized local 0"


def test_parameters_are_initialized():
    validate_module(func_module([op("local.get", 0), op("drop")], params=[REF_FUNC]))


def test_nullable_locals_are_defaultable():
    validate_module(func_module([op("local.get", 0), op("drop")], locals_=[ir.RefType(True, "func")]))
