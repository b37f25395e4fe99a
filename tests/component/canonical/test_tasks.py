"""call_lifted_async, task.return and call_lowered_async with Python callees: the
current task of the instance, flat limits, the out-pointer and its traps."""

from __future__ import annotations

import struct

import pytest

from wasmlite.component.canonical import (
    CanonicalOptions, FlatValues, InstanceState, SubtaskState, TaskReturn, async_lift_params,
    call_lifted_async, func_abi, lower_function_async,
)
from wasmlite.component.canonical.flatten import MAX_FLAT_ASYNC_PARAMS, MAX_FLAT_PARAMS
from wasmlite.component.types import FuncType, String, U32, U64
from wasmlite.errors import NotSupportedError
from wasmlite.runtime.trap import Trap, TrapCode

ADD = FuncType([("a", U32()), ("b", U32())], U32(), is_async=True)


def _lift(ft: FuncType, opts: CanonicalOptions, callee, callback=None):
    def call(*args):
        return call_lifted_async(func_abi(ft), async_lift_params(ft), opts, callee, args,
                                 None, callback)
    return call


def test_task_is_current_only_while_its_core_function_runs(env):
    opts = env.opts()
    ret = TaskReturn(opts.instance, U32(), CanonicalOptions(instance=opts.instance))
    seen = []

    def core(a, b):
        seen.append(opts.instance.task)
        ret(a + b)
    assert _lift(ADD, opts, core)(2, 3) == 5
    assert seen[0] is not None and seen[0].resolved
    assert opts.instance.task is None
    assert opts.instance.may_enter


def test_task_return_traps(env):
    opts = env.opts()
    ret = TaskReturn(opts.instance, U32(), CanonicalOptions(instance=opts.instance))
    with pytest.raises(Trap) as info:
        ret(1)   # no task
    assert info.value.trap_code is TrapCode.TASK_RETURN_INVALID
    with pytest.raises(Trap) as info:
        _lift(ADD, env.opts(state=InstanceState()), lambda a, b: None)(1, 2)
    assert info.value.trap_code is TrapCode.NO_ASYNC_RESULT
    other = TaskReturn(opts.instance, U64(), CanonicalOptions(instance=opts.instance))
    with pytest.raises(Trap, match="invalid `task.return` signature"):
        _lift(ADD, env.opts(state=opts.instance), lambda a, b: other(1))(1, 2)


def test_task_return_options_must_match(env):
    state = InstanceState()
    opts = env.opts(state=state, encoding="utf16")
    ret = TaskReturn(state, U32(), CanonicalOptions(instance=state))
    with pytest.raises(Trap, match="invalid `task.return` signature and/or options"):
        _lift(ADD, opts, lambda a, b: ret(a))(1, 2)


def test_callback_codes(env):
    state = InstanceState()
    ret = TaskReturn(state, U32(), CanonicalOptions(instance=state))

    def exits(a, b):
        ret(a * b)
        return 0
    assert _lift(ADD, env.opts(state=state), exits, callback=lambda *a: 0)(6, 7) == 42
    with pytest.raises(NotSupportedError, match="component-model async"):
        _lift(ADD, env.opts(state=InstanceState()), lambda a, b: 1, callback=lambda *a: 0)(1, 2)
    with pytest.raises(Trap, match="unsupported callback code"):
        _lift(ADD, env.opts(state=InstanceState()), lambda a, b: 5, callback=lambda *a: 0)(1, 2)


def test_flat_limits():
    five = [U32()] * 5
    assert not FlatValues(five, MAX_FLAT_PARAMS).in_memory
    assert FlatValues(five, MAX_FLAT_ASYNC_PARAMS).in_memory
    assert FlatValues([U32()], 0).in_memory
    assert not FlatValues([], 0).in_memory


def test_async_lowering_reads_params_and_writes_the_result(env):
    ft = FuncType([(n, U32()) for n in "abcde"], String(), is_async=True)
    lowered = lower_function_async(ft, env.opts(), lambda *args: "x" * sum(args))
    env.write(64, struct.pack("<5I", 1, 2, 3, 4, 5))
    assert lowered(64, 128) == SubtaskState.RETURNED == 2
    ptr, length = struct.unpack("<II", env.read(128, 8))
    assert length == 15 and env.read(ptr, length) == b"x" * 15
    with pytest.raises(Trap, match="pointer not aligned"):
        lowered(66, 128)
    with pytest.raises(Trap, match="pointer not aligned"):
        lowered(64, 130)
    with pytest.raises(Trap, match="pointer out of bounds"):
        lowered(64, env.memory.size_bytes - 4)


def test_async_lowering_without_result_takes_no_out_pointer(env):
    calls = []
    ft = FuncType([("a", U32())], None, is_async=True)
    lowered = lower_function_async(ft, env.opts(), lambda a: calls.append(a))
    assert lowered(9) == SubtaskState.RETURNED
    assert calls == [9]
