"""Deep recursion becomes the call stack exhausted trap; the process survives."""

import sys

import pytest

from wasmlite import ir
from wasmlite.runtime import HostFunction, Trap, TrapCode

WAT = """
(module
  (func $runaway (export "runaway") (param i32) (result i32)
    (i32.add (call $runaway (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $count (export "count") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (call $count (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
"""


def test_unbounded_recursion_traps(instance):
    inst = instance(WAT)
    with pytest.raises(Trap) as info:
        inst.exports["runaway"].call(0)
    assert info.value.trap_code is TrapCode.STACK_OVERFLOW
    assert info.value.message == "call stack exhausted"
    assert len(info.value.frames) == 20


def test_recursion_as_deep_as_wasmtimes_default_stack_works(instance):
    inst = instance(WAT)
    assert inst.exports["count"].call(25_000) == 25_000


def test_recursion_limit_is_restored_after_the_call(instance):
    inst = instance(WAT)
    before = sys.getrecursionlimit()
    with pytest.raises(Trap):
        inst.exports["runaway"].call(0)
    assert sys.getrecursionlimit() == before


def test_recursion_error_of_a_host_function_is_not_a_trap(instance):
    def host():
        def deep(n):
            return deep(n + 1)
        deep(0)

    inst = instance("""(module (import "m" "h" (func $h))
        (func (export "f") (call $h)))""", [HostFunction(ir.FuncType((), ()), host)])
    with pytest.raises(RecursionError):
        inst.exports["f"].call()
