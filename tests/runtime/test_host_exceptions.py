"""An exception raised by a host function reaches the caller as the same object."""

import pytest

from wasmlite import ir
from wasmlite.runtime import HostFunction

WAT = """
(module (import "m" "h" (func $h (param i32) (result i32)))
  (memory 1)
  (func (export "f") (param i32) (result i32)
    (i32.div_u (i32.load (call $h (local.get 0))) (i32.const 1))))
"""


@pytest.mark.parametrize("error", [ValueError("v"), IndexError("i"), ZeroDivisionError("z"),
                                   OverflowError("o")])
def test_host_exception_propagates_unchanged(instance, error):
    def host(x):
        raise error

    inst = instance(WAT, [HostFunction(ir.FuncType(("i32",), ("i32",)), host)])
    with pytest.raises(type(error)) as info:
        inst.exports["f"].call(1)
    assert info.value is error


def test_host_result_flows_into_wasm(instance):
    inst = instance(WAT, [HostFunction(ir.FuncType(("i32",), ("i32",)), lambda x: x * 4)])
    assert inst.exports["f"].call(3) == 0
