"""call_lifted and call_lowered against wasm code: flat and in-memory parameters and
results, post-return, the instance flags, and the pointer traps."""

from __future__ import annotations

import struct

import pytest

from wasmlite.component.canonical import (
    CanonicalOptions, InstanceState, call_lifted, call_lowered, func_abi, lift_function,
    lower_function,
)
from wasmlite.component.types import FuncType, List, Record, String, Tuple, U32, U64, U8
from wasmlite.component.values import Record as RecordValue
from wasmlite.runtime.trap import Trap, TrapCode

STR2STR = FuncType([("s", String())], String())
LIST2LIST = FuncType([("l", List(U32()))], List(U32()))


def test_string_echo_through_wasm(env):
    f = lift_function(STR2STR, env.opts(post_return=env.post), env.echo_pair)
    assert f("h\u00e9llo") == "h\u00e9llo"
    assert f("") == ""
    assert env.posts.value(env.store) == 2


def test_list_echo_through_wasm(env):
    f = lift_function(LIST2LIST, env.opts(), env.echo_pair)
    data = list(range(1000))
    assert f(data) == data


def test_wrong_argument_count(env):
    f = lift_function(STR2STR, env.opts(), env.echo_pair)
    with pytest.raises(TypeError, match="wrong number of parameters provided: given 0, "
                                        "expected 1"):
        f()


def test_return_pointer_traps(env):
    abi = func_abi(STR2STR)
    with pytest.raises(Trap, match="return pointer not aligned"):
        call_lifted(abi, env.opts(), lambda p, n: 2, ["x"])
    with pytest.raises(Trap, match="pointer out of bounds of memory"):
        call_lifted(abi, env.opts(state=InstanceState()), lambda p, n: env.memory.size_bytes - 4,
                    ["x"])


def test_trap_poisons_instance(env):
    abi = func_abi(FuncType([("x", U32())], U32()))
    opts = env.opts()

    def boom(x):
        raise Trap("wasm `unreachable` instruction executed", TrapCode.UNREACHABLE)
    with pytest.raises(Trap, match="unreachable"):
        call_lifted(abi, opts, boom, [1])
    with pytest.raises(Trap) as info:
        call_lifted(abi, opts, env.echo_i32.call, [1])
    assert info.value.message == "cannot enter component instance"
    assert info.value.trap_code is TrapCode.CANNOT_ENTER_COMPONENT


def test_wrong_python_value_does_not_poison(env):
    abi = func_abi(FuncType([("x", U32())], U32()))
    opts = env.opts()
    with pytest.raises(TypeError):
        call_lifted(abi, opts, env.echo_i32.call, ["x"])
    assert call_lifted(abi, opts, env.echo_i32.call, [5]) == 5


def test_reentry_traps(env):
    state = InstanceState()
    opts = env.opts(state=state)
    abi = func_abi(FuncType([("x", U32())], U32()))

    def reenter(x):
        return call_lifted(abi, opts, env.echo_i32.call, [x])
    with pytest.raises(Trap, match="cannot enter component instance"):
        call_lifted(abi, opts, reenter, [1])


def test_lowered_host_function(env):
    seen = []

    def host(s):
        seen.append(s)
        return s.upper()
    raw = lower_function(STR2STR, env.opts(), host)
    p = 200
    env.write(p, b"abc")
    retptr = 256
    assert raw(p, 3, retptr) is None
    assert seen == ["abc"]
    ptr, n = struct.unpack("<II", env.read(retptr, 8))
    assert env.read(ptr, n) == b"ABC"


def test_lowered_retptr_traps(env):
    raw = lower_function(STR2STR, env.opts(), lambda s: s)
    env.write(200, b"abc")
    with pytest.raises(Trap, match="^pointer not aligned$"):
        raw(200, 3, 258)
    with pytest.raises(Trap, match="^pointer out of bounds$"):
        raw(200, 3, env.memory.size_bytes - 4)


def test_cannot_leave(env):
    state = InstanceState()
    raw = lower_function(FuncType([("x", U32())], U32()), env.opts(state=state), lambda x: x)
    assert raw(3) == 3
    state.may_leave = False
    with pytest.raises(Trap) as info:
        raw(3)
    assert info.value.message == "cannot leave component instance"
    assert info.value.trap_code is TrapCode.CANNOT_LEAVE_COMPONENT


def test_params_through_memory(env):
    ft = FuncType([(f"p{i}", U64()) for i in range(17)], None)
    received = []
    raw = lower_function(ft, env.opts(), lambda *a: received.append(a))
    # lift side: the host's arguments are stored in a block from realloc
    abi = func_abi(ft)
    call_lifted(abi, env.opts(), raw, list(range(17)))
    assert received == [tuple(range(17))]
    assert env.reallocs[-1] == (0, 0, 8, 17 * 8)
    with pytest.raises(Trap, match="^pointer not aligned$"):
        raw(4)
    with pytest.raises(Trap, match="^pointer out of bounds$"):
        raw(env.memory.size_bytes - 8)


def test_results_through_memory(env):
    t = Tuple([U32(), String(), Record({"a": U8()})])
    ft = FuncType([], t)
    value = (7, "x\u00e9", RecordValue(a=9))
    raw = lower_function(ft, env.opts(), lambda: value)

    def core():   # a lifted core function returning a pointer to its result
        raw(512)
        return 512
    assert call_lifted(func_abi(ft), env.opts(), core, []) == value


def test_memory_growth_during_lowering(env):
    # a list bigger than the memory grows it through realloc
    f = lift_function(FuncType([("l", List(U8()))], List(U8())), env.opts(), env.echo_pair)
    data = bytes(range(256)) * 400
    assert f(data) == data
    assert env.memory.size_bytes > 65536


def test_options_need_realloc(env):
    opts = CanonicalOptions(memory=env.memory)
    with pytest.raises(TypeError, match="realloc"):
        call_lifted(func_abi(STR2STR), opts, env.echo_pair.call, ["x"])


def test_realloc_results_checked(env):
    bad = CanonicalOptions(memory=env.memory, realloc=lambda *a: 3)
    with pytest.raises(Trap, match="realloc return: result not aligned"):
        call_lifted(func_abi(LIST2LIST), bad, env.echo_pair.call, [[1]])
    far = CanonicalOptions(memory=env.memory, realloc=lambda *a: env.memory.size_bytes)
    with pytest.raises(Trap, match="realloc return: beyond end of memory"):
        call_lifted(func_abi(LIST2LIST), far, env.echo_pair.call, [[1]])


def test_list_lift_traps(env):
    abi = func_abi(LIST2LIST)
    size = env.memory.size_bytes
    with pytest.raises(Trap, match="list pointer/length out of bounds of memory"):
        call_lowered(abi, env.opts(), lambda l: l, [size - 4, 2, 64])
    with pytest.raises(Trap, match="list pointer is not aligned"):
        call_lowered(abi, env.opts(), lambda l: l, [2, 1, 64])


def test_lift_lower_types(env):
    abi = func_abi(STR2STR)
    assert abi.lift_type.params == ("i32", "i32") and abi.lift_type.results == ("i32",)
    assert abi.lower_type.params == ("i32", "i32", "i32") and abi.lower_type.results == ()
