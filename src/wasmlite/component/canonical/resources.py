"""Resource handles: own and borrow across the boundary, and the resource built-ins.

A handle is an index into the handle table of the component instance that
holds it; the host holds its handles in the store's host table, each one a
:class:`~wasmlite.component.values.ResourceAny` (a host-defined resource may
also be passed as a :class:`~wasmlite.component.values.ResourceHost`).

* Lifting an ``own`` removes the handle from the giver's table (trapping if it
  lends borrows, is a borrow, or has another type); lowering it adds an own
  handle to the receiver's table.
* Lifting a ``borrow`` reads the handle; when it is an own handle, it lends
  one more borrow until the call ends. Lowering a ``borrow`` into the
  instance that defines the resource passes the representation itself;
  otherwise it adds a borrow handle that must be dropped before the call
  ends.
* ``resource.new``, ``resource.rep`` and ``resource.drop`` are the guest's
  built-ins; dropping an own handle runs the destructor.
"""

from __future__ import annotations

import struct
from typing import Any, Callable

from ...errors import WasmtimeError
from ..types import Borrow, ErrorContext, Future, Own, ResourceType, Stream, ValType
from ..values import ResourceAny, ResourceHost
from .codec import Codec, register
from .context import core_callable
from .errors import (
    HOST_RESOURCE_DEALLOCATED, MISMATCHED_RESOURCE, OWN_FROM_BORROW, async_not_supported,
    cannot_enter, cannot_leave, trap, unknown_handle,
)
from .handles import ComponentStore, InstanceState, ResourceHandle

__all__ = [
    "lift_own", "lift_borrow", "lower_own", "lower_borrow", "canon_resource_new",
    "canon_resource_drop", "canon_resource_rep", "run_destructor", "resource_any_drop",
    "resource_any_to_host", "resource_host_to_any",
]


# --- guest tables ----------------------------------------------------------------------------

def lift_own(cx: Any, i: int, rt: ResourceType) -> int:
    """Take the own handle ``i`` out of the instance's table; its representation."""
    h = cx.inst.handles.remove_resource(i, rt)
    if not h.own:
        trap(OWN_FROM_BORROW)
    return h.rep  # type: ignore[no-any-return]


def lift_borrow(cx: Any, i: int, rt: ResourceType) -> int:
    """Read handle ``i`` of the instance's table as a borrow for this call; its
    representation."""
    h = cx.inst.handles.get_typed(i, rt)
    if h.own:
        h.lend_count += 1
        cx.scope.lenders.append(h)
    return h.rep  # type: ignore[no-any-return]


def lower_own(cx: Any, rep: int, rt: ResourceType) -> int:
    """A new own handle in the instance's table; its index."""
    return cx.inst.handles.add(ResourceHandle(rt, rep, True))  # type: ignore[no-any-return]


def lower_borrow(cx: Any, rep: int, rt: ResourceType) -> int:
    """A borrow of ``rep`` for the instance: the representation itself when the
    instance defines ``rt``, else a new borrow handle tied to this call."""
    if cx.inst is rt.instance:
        return rep
    scope = cx.scope
    scope.borrow_count += 1
    return cx.inst.handles.add(ResourceHandle(rt, rep, False, scope))  # type: ignore[no-any-return]


# --- the host table ------------------------------------------------------------------------

def _host_handle(ra: ResourceAny) -> ResourceHandle:
    slots = ra._state.host_table.slots
    i = ra._index
    h = slots[i] if i < len(slots) else None
    if h is ra._handle:
        return h  # type: ignore[no-any-return]
    if h is None:
        unknown_handle(i)
    trap(HOST_RESOURCE_DEALLOCATED)


def _any_own_rep(ra: ResourceAny, rt: ResourceType) -> int:
    if ra.type is not rt:
        trap(MISMATCHED_RESOURCE)
    _host_handle(ra)
    h = ra._state.host_table.remove_resource(ra._index, rt)
    if not h.own:
        trap(OWN_FROM_BORROW)
    return h.rep  # type: ignore[no-any-return]


def _any_borrow_rep(cx: Any, ra: ResourceAny, rt: ResourceType) -> int:
    if ra.type is not rt:
        trap(MISMATCHED_RESOURCE)
    h = _host_handle(ra)
    if h.own:
        h.lend_count += 1
        cx.scope.lenders.append(h)
    return h.rep


def _host_rep(v: ResourceHost, rt: ResourceType, own: bool) -> int:
    if rt.host_id is None or rt.host_id != v.type:
        raise WasmtimeError("resource type mismatch")
    if own:
        if not v.owned:
            raise WasmtimeError("cannot lower a `borrow` resource into an `own`")
        if v._consumed:
            raise WasmtimeError("host resource already consumed")
        v._consumed = True
    return v.rep


def _to_host_any(cx: Any, rt: ResourceType, rep: int, own: bool) -> ResourceAny:
    state = cx.store
    if own:
        h = ResourceHandle(rt, rep, True)
    else:
        scope = cx.scope
        scope.borrow_count += 1
        h = ResourceHandle(rt, rep, False, scope)
    return ResourceAny._new(state, state.host_table.add(h), h)


def resource_any_drop(ra: ResourceAny) -> None:
    """Drop the host's handle ``ra``: an own handle's destructor runs; a borrow
    handle's call may end."""
    _host_handle(ra)
    h = ra._state.host_table.remove_resource(ra._index, ra.type)
    if h.own:
        run_destructor(h.rt, h.rep, None, ra._state)
    else:
        h.scope.borrow_count -= 1


def resource_any_to_host(ra: ResourceAny) -> ResourceHost:
    """The host-defined resource behind ``ra`` (an own handle leaves the host table)."""
    if ra.type.host_id is None:
        raise WasmtimeError("resource type mismatch")
    h = _host_handle(ra)
    if h.own:
        ra._state.host_table.remove_resource(ra._index, ra.type)
    return ResourceHost._new(h.own, h.rep, ra.type.host_id)


def resource_host_to_any(rh: ResourceHost, state: ComponentStore) -> ResourceAny:
    """``rh`` as a new entry of the host table of ``state``."""
    rt = ResourceType.host(rh.type)
    if rh.owned:
        h = ResourceHandle(rt, rh.rep, True)
    else:
        scope = state.current_scope
        scope.borrow_count += 1
        h = ResourceHandle(rt, rh.rep, False, scope)
    return ResourceAny._new(state, state.host_table.add(h), h)


def run_destructor(rt: ResourceType, rep: int, caller: InstanceState | None,
                   store: ComponentStore | None = None) -> None:
    """Run ``rt``'s destructor (if any) on ``rep``, entering the defining instance
    from ``caller`` (``None``: the host); a host-defined type without its own
    destructor runs the one ``store`` holds for it."""
    impl = rt.instance
    if impl is not None and impl is not caller:
        for inst in impl.entering_set(caller):
            if not inst.may_enter:
                cannot_enter()
    dtor = core_callable(rt.destructor)
    if dtor is None and rt.host_id is not None and store is not None:
        dtor = store.host_destructors.get(rt.host_id)
    if dtor is not None:
        dtor(rep)


# --- codecs --------------------------------------------------------------------------------

_CLASSES = frozenset({ResourceAny, ResourceHost})


def _handle_codec(t: ValType, lift: Callable[[Any, int], Any],
                  lower: Callable[[Any, Any], int]) -> Codec:
    s = struct.Struct("<I")
    unpack_from, pack_into = s.unpack_from, s.pack_into

    def load(cx: Any, ptr: int) -> Any:
        return lift(cx, unpack_from(cx.memory.view, ptr)[0])

    def store(cx: Any, v: Any, ptr: int) -> None:
        pack_into(cx.memory.view, ptr, lower(cx, v))

    def lift_flat(cx: Any, it: Any) -> Any:
        return lift(cx, next(it))

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        out.append(lower(cx, v))

    return Codec(t, _CLASSES, load, store, lift_flat, lower_flat)


@register(Own)
def _own(t: ValType) -> Codec:
    assert isinstance(t, Own)
    rt = t.ty

    def lift(cx: Any, i: int) -> ResourceAny:
        return _to_host_any(cx, rt, lift_own(cx, i, rt), True)

    def lower(cx: Any, v: Any) -> int:
        if isinstance(v, ResourceAny):
            rep = _any_own_rep(v, rt)
        elif isinstance(v, ResourceHost):
            rep = _host_rep(v, rt, True)
        else:
            raise TypeError("expected ResourceAny or ResourceHost for Own type")
        return lower_own(cx, rep, rt)

    return _handle_codec(t, lift, lower)


@register(Borrow)
def _borrow(t: ValType) -> Codec:
    assert isinstance(t, Borrow)
    rt = t.ty

    def lift(cx: Any, i: int) -> ResourceAny:
        return _to_host_any(cx, rt, lift_borrow(cx, i, rt), False)

    def lower(cx: Any, v: Any) -> int:
        if isinstance(v, ResourceAny):
            rep = _any_borrow_rep(cx, v, rt)
        elif isinstance(v, ResourceHost):
            rep = _host_rep(v, rt, False)
        else:
            raise TypeError("expected ResourceAny or ResourceHost for Own type")
        return lower_borrow(cx, rep, rt)

    return _handle_codec(t, lift, lower)


@register(Stream, Future, ErrorContext)
def _async_handle(t: ValType) -> Codec:
    def unsupported(*args: Any) -> Any:
        async_not_supported()

    return _handle_codec(t, unsupported, unsupported)


# --- built-ins -------------------------------------------------------------------------------

def canon_resource_new(inst: InstanceState, rt: ResourceType, rep: int) -> int:
    """``resource.new``: a new own handle to ``rep`` in ``inst``'s table."""
    if not inst.may_leave:
        cannot_leave()
    return inst.handles.add(ResourceHandle(rt, rep, True))


def canon_resource_drop(inst: InstanceState, rt: ResourceType, i: int) -> None:
    """``resource.drop``: remove handle ``i`` from ``inst``'s table; dropping an own
    handle runs the destructor, dropping a borrow ends it for its call."""
    if not inst.may_leave:
        cannot_leave()
    h = inst.handles.remove_resource(i, rt)
    if h.own:
        run_destructor(rt, h.rep, inst, inst.store)
    else:
        h.scope.borrow_count -= 1


def canon_resource_rep(inst: InstanceState, rt: ResourceType, i: int) -> int:
    """``resource.rep``: the representation behind handle ``i`` of ``inst``."""
    return inst.handles.get_typed(i, rt).rep
