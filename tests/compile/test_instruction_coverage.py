"""Every instruction of the table is compiled, or reported as not supported."""

import pytest

from wasmlite.compile.python import compile_module
from wasmlite.compile.python.codegen import unsupported_feature
from wasmlite.errors import NotSupportedError
from wasmlite.opcodes import OPS

from conftest import module_of

COMPILED_FEATURES = {"core", "simd", "relaxed_simd", "wide_arithmetic", "exceptions",
                     "threads", "gc"}


@pytest.mark.parametrize("op", [op for op in OPS if op.feature in COMPILED_FEATURES],
                         ids=lambda op: op.name)
def test_instruction_of_a_supported_proposal_is_compiled(op):
    assert unsupported_feature(op) is None


@pytest.mark.parametrize("op", [op for op in OPS if op.feature not in COMPILED_FEATURES],
                         ids=lambda op: op.name)
def test_instruction_of_another_proposal_names_its_proposal(op):
    assert unsupported_feature(op) == op.feature


def test_module_using_an_unsupported_instruction_is_rejected_when_prepared():
    try_op = next(op for op in OPS if op.name == "try")
    end_op = next(op for op in OPS if op.name == "end")
    module = module_of('(module (func (export "f")))')
    module.funcs[0].body[:0] = [(try_op, None), (end_op,)]
    with pytest.raises(NotSupportedError, match="not supported: legacy_exceptions"):
        compile_module(module)


def test_the_gc_instructions_are_exactly_those_compiled_by_gc_ops():
    from wasmlite.compile.python import gc_ops
    assert gc_ops.HANDLED == {op.name for op in OPS if op.feature == "gc"}
