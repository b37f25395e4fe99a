"""Every instruction of the table is compiled, or reported as not supported."""

import pytest

from wasmlite.compile.python import compile_module
from wasmlite.compile.python.codegen import unsupported_feature
from wasmlite.errors import NotSupportedError
from wasmlite.opcodes import OPS, Op

from conftest import module_of

FUTURE_OP = Op(0xFE, 0xFF, "future.op", (), (), (), "stack_switching")
"""An instruction of a proposal this tier does not compile (not in the table)."""


@pytest.mark.parametrize("op", OPS, ids=lambda op: op.name)
def test_every_instruction_of_the_table_is_compiled(op):
    assert unsupported_feature(op) is None


def test_instruction_of_another_proposal_names_its_proposal():
    assert unsupported_feature(FUTURE_OP) == "stack_switching"


def test_module_using_an_unsupported_instruction_is_rejected_when_prepared():
    module = module_of('(module (func (export "f")))')
    module.funcs[0].body[:0] = [(FUTURE_OP,)]
    with pytest.raises(NotSupportedError, match="not supported: stack_switching"):
        compile_module(module)


def test_the_gc_instructions_are_exactly_those_compiled_by_gc_ops():
    from wasmlite.compile.python import gc_ops
    assert gc_ops.HANDLED == {op.name for op in OPS if op.feature == "gc"}
