"""Own and borrow handles: tables, lending, borrow scopes, destructors, and the
handle traps with Wasmtime's messages."""

from __future__ import annotations

import pytest

from wasmlite.errors import WasmtimeError

from wasmlite.component.canonical import (
    ComponentStore, InstanceState, call_lifted, call_lowered, canon_resource_drop,
    canon_resource_new, canon_resource_rep, func_abi,
)
from wasmlite.component.types import Borrow, FuncType, Own, ResourceType, U32
from wasmlite.component.values import ResourceAny, ResourceHost
from wasmlite.runtime.trap import Trap


def setup(env):
    store = ComponentStore()
    guest = InstanceState(store, name="guest")
    dropped = []
    rt = ResourceType("thing", destructor=dropped.append, instance=guest)
    return store, guest, rt, dropped


def message(f, *args):
    with pytest.raises(Trap) as info:
        f(*args)
    return info.value.message


def test_new_rep_drop(env):
    store, guest, rt, dropped = setup(env)
    i = canon_resource_new(guest, rt, 42)
    assert i == 1
    assert canon_resource_rep(guest, rt, i) == 42
    canon_resource_drop(guest, rt, i)
    assert dropped == [42]
    assert message(canon_resource_rep, guest, rt, i) == "unknown handle index 1"
    assert message(canon_resource_drop, guest, rt, 0) == "unknown handle index 0"
    other = ResourceType("other", instance=guest)
    j = canon_resource_new(guest, rt, 1)
    assert j == 1   # freed indices are reused
    assert message(canon_resource_rep, guest, other, j) == (
        "handle index 1 used with the wrong type, expected guest-defined resource but "
        "found a different guest-defined resource")
    host_rt = ResourceType.host(7)
    assert message(canon_resource_rep, guest, host_rt, j) == (
        "handle index 1 used with the wrong type, expected host resource but found "
        "guest-defined resource")


def test_own_to_host_and_back(env):
    store, guest, rt, dropped = setup(env)
    opts = env.opts(state=guest)
    get = func_abi(FuncType([], Own(rt)))
    give = func_abi(FuncType([("r", Own(rt))], U32()))
    i = canon_resource_new(guest, rt, 5)
    ra = call_lifted(get, opts, lambda: i, [])
    assert isinstance(ra, ResourceAny) and ra.owned and ra.type is rt
    assert len(guest.handles) == 0 and len(store.host_table) == 1
    got = []
    assert call_lifted(give, opts, lambda h: got.append(canon_resource_rep(guest, rt, h)) or 0,
                       [ra]) == 0
    assert got == [5]
    assert len(store.host_table) == 0
    # the moved handle is gone from the host
    assert message(call_lifted, give, opts, lambda h: 0, [ra]) == "unknown handle index 1"


def test_resource_any_drop_runs_destructor(env):
    store, guest, rt, dropped = setup(env)
    opts = env.opts(state=guest)
    i = canon_resource_new(guest, rt, 9)
    ra = call_lifted(func_abi(FuncType([], Own(rt))), opts, lambda: i, [])
    ra.drop()
    assert dropped == [9]
    with pytest.raises(WasmtimeError, match="unknown handle index 1"):
        ra.drop()


def test_borrow_from_host_own(env):
    store, guest, rt, dropped = setup(env)
    other = InstanceState(store, name="user")
    opts = env.opts(state=other)
    i = canon_resource_new(guest, rt, 11)
    ra = call_lifted(func_abi(FuncType([], Own(rt))), env.opts(state=guest), lambda: i, [])
    use = func_abi(FuncType([("r", Borrow(rt))], U32()))
    seen = []

    def core(h):
        handle = other.handles.get(h)
        seen.append((handle.own, handle.rep, store.host_table.get(1).lend_count))
        canon_resource_drop(other, rt, h)
        return 0
    call_lifted(use, opts, core, [ra])
    assert seen == [(False, 11, 1)]
    assert store.host_table.get(1).lend_count == 0
    # a borrow handle the callee keeps past the call traps
    assert message(call_lifted, use, env.opts(state=InstanceState(store)), lambda h: 0,
                   [ra]) == "borrow handles still remain at the end of the call"


def test_borrow_into_defining_instance_passes_rep(env):
    store, guest, rt, dropped = setup(env)
    i = canon_resource_new(guest, rt, 11)
    opts = env.opts(state=guest)
    ra = call_lifted(func_abi(FuncType([], Own(rt))), opts, lambda: i, [])
    got = []
    call_lifted(func_abi(FuncType([("r", Borrow(rt))], None)), opts,
                lambda rep: got.append(rep), [ra])
    assert got == [11]


def test_guest_lends_to_host(env):
    store, guest, rt, dropped = setup(env)
    opts = env.opts(state=guest)
    i = canon_resource_new(guest, rt, 3)
    abi = func_abi(FuncType([("r", Borrow(rt))], None))
    inside = []

    def host(ra):
        inside.append((ra.owned, guest.handles.get(i).lend_count))
        # the own handle cannot be taken while it is lent
        inside.append(message(call_lowered, func_abi(FuncType([("r", Own(rt))], None)),
                              opts, lambda r: None, [i]))
        ra.drop()
    call_lowered(abi, opts, host, [i])
    assert inside == [(False, 1), "cannot remove owned resource while borrowed"]
    assert guest.handles.get(i).lend_count == 0
    # a host that keeps the borrow traps at the end of the call
    assert message(call_lowered, abi, opts, lambda ra: None, [i]) == \
        "borrow handles still remain at the end of the call"


def test_own_from_borrow_traps(env):
    store, guest, rt, dropped = setup(env)
    user = InstanceState(store)
    i = canon_resource_new(guest, rt, 3)
    ra = call_lifted(func_abi(FuncType([], Own(rt))), env.opts(state=guest), lambda: i, [])

    def core(h):   # try to return the borrow as an own
        return call_lowered(func_abi(FuncType([("r", Own(rt))], None)),
                            env.opts(state=user), lambda r: None, [h])
    assert message(call_lifted, func_abi(FuncType([("r", Borrow(rt))], None)),
                   env.opts(state=user), core, [ra]) == "cannot lift own resource from a borrow"


def test_host_resources(env):
    store = ComponentStore()
    guest = InstanceState(store)
    rt = ResourceType.host(3)
    assert ResourceType.host(3) is rt
    opts = env.opts(state=guest)
    reps = []
    take = func_abi(FuncType([("r", Own(rt))], None))
    call_lifted(take, opts, lambda h: reps.append(canon_resource_rep(guest, rt, h)),
                [ResourceHost.own(77, 3)])
    assert reps == [77]
    with pytest.raises(Exception, match="resource type mismatch"):
        call_lifted(take, opts, lambda h: None, [ResourceHost.own(1, 4)])
    with pytest.raises(Exception, match="cannot lower a `borrow` resource into an `own`"):
        call_lifted(take, opts, lambda h: None, [ResourceHost.borrow(1, 3)])
    ra = ResourceHost.own(5, 3).to_any(store)
    assert ra.type is rt and ra.to_host().rep == 5
    with pytest.raises(TypeError, match="expected ResourceAny or ResourceHost for Own type"):
        call_lifted(take, opts, lambda h: None, [5])


def test_destructor_reentry_traps(env):
    store, guest, rt, dropped = setup(env)
    user = InstanceState(store)
    i = canon_resource_new(guest, rt, 1)
    ra = call_lifted(func_abi(FuncType([], Own(rt))), env.opts(state=guest), lambda: i, [])
    call_lifted(func_abi(FuncType([("r", Own(rt))], None)), env.opts(state=user),
                lambda h: None, [ra])
    guest.may_enter = False
    assert message(canon_resource_drop, user, rt, 1) == "cannot enter component instance"


def test_cannot_leave_in_builtins(env):
    store, guest, rt, dropped = setup(env)
    guest.may_leave = False
    assert message(canon_resource_new, guest, rt, 1) == "cannot leave component instance"
