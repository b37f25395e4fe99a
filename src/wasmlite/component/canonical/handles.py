"""Handle tables, call scopes and the per-instance flags.

* :class:`HandleTable`: the handles a component instance (or the host) holds,
  indexed from 1; freed indices are reused most recently freed first.
* :class:`ResourceHandle`: one own or borrow handle: its resource type, the
  representation, how many borrows it currently lends (own), and the call
  scope it was lent for (borrow).
* :class:`CallContext`: one call's borrow bookkeeping: the own handles it
  lent out (their lend counts drop when the call ends) and how many borrow
  handles it created that must be dropped before it ends.
* :class:`ComponentStore`: what a store shares between its component
  instances: the host's own handle table and the stack of call scopes.
* :class:`InstanceState`: a component instance's handle table and its
  ``may_enter`` / ``may_leave`` flags.
"""

from __future__ import annotations

from typing import Any, Callable

from ..types import ResourceType
from .errors import (
    BORROWS_REMAIN, HANDLE_OVERFLOW, OWN_WHILE_BORROWED, trap, unknown_handle,
    wrong_resource_type,
)

__all__ = ["HandleTable", "ResourceHandle", "CallContext", "ComponentStore", "InstanceState",
           "MAX_HANDLE"]

MAX_HANDLE = 1 << 28
"""Handle indices stay below this bound."""


class CallContext:
    """The borrow bookkeeping of one call from one side of a component boundary."""

    __slots__ = ("lenders", "borrow_count")

    def __init__(self) -> None:
        self.lenders: list[ResourceHandle] = []
        self.borrow_count = 0

    def exit(self) -> None:
        """End the call: trap if a borrow handle created for it was not dropped, and
        give the own handles it borrowed from back their lends."""
        if self.borrow_count > 0:
            trap(BORROWS_REMAIN)
        for h in self.lenders:
            h.lend_count -= 1
        self.lenders.clear()


class ResourceHandle:
    """An own or borrow handle to a resource of type ``rt`` with representation ``rep``."""

    __slots__ = ("rt", "rep", "own", "scope", "lend_count")

    def __init__(self, rt: ResourceType, rep: int, own: bool,
                 scope: CallContext | None = None) -> None:
        self.rt = rt
        self.rep = rep
        self.own = own
        self.scope = scope
        self.lend_count = 0

    def __repr__(self) -> str:
        kind = "own" if self.own else "borrow"
        return f"<{kind}<{self.rt}> rep={self.rep}>"


class HandleTable:
    """Handles indexed from 1 (index 0 is never a handle)."""

    __slots__ = ("slots", "free")

    def __init__(self) -> None:
        self.slots: list[ResourceHandle | None] = [None]
        self.free: list[int] = []

    def __len__(self) -> int:
        return len(self.slots) - 1 - len(self.free)

    def add(self, h: ResourceHandle) -> int:
        """Insert ``h``; its index."""
        if self.free:
            i = self.free.pop()
            self.slots[i] = h
            return i
        i = len(self.slots)
        if i >= MAX_HANDLE:
            trap(HANDLE_OVERFLOW)
        self.slots.append(h)
        return i

    def get(self, i: int) -> ResourceHandle:
        """The handle at ``i``; traps if there is none."""
        slots = self.slots
        if 0 < i < len(slots):
            h = slots[i]
            if h is not None:
                return h
        unknown_handle(i)

    def get_typed(self, i: int, rt: ResourceType) -> ResourceHandle:
        """The handle at ``i``, which must be a handle to a resource of type ``rt``."""
        h = self.get(i)
        if h.rt is not rt:
            _mismatch(i, rt, h.rt)
        return h

    def remove(self, i: int) -> ResourceHandle:
        """Remove and return the handle at ``i``; traps if there is none."""
        h = self.get(i)
        self.slots[i] = None
        self.free.append(i)
        return h

    def remove_resource(self, i: int, rt: ResourceType) -> ResourceHandle:
        """Remove the handle at ``i`` as a handle to ``rt``: traps if it is of another
        type or an own handle that lends borrows."""
        h = self.get(i)
        if h.own and h.lend_count != 0:
            trap(OWN_WHILE_BORROWED)
        if h.rt is not rt:
            _mismatch(i, rt, h.rt)
        self.slots[i] = None
        self.free.append(i)
        return h

    def handles(self) -> list[tuple[int, ResourceHandle]]:
        """The live handles with their indices."""
        return [(i, h) for i, h in enumerate(self.slots) if h is not None]


def _mismatch(i: int, expected: ResourceType, found: ResourceType) -> None:
    if found.is_host:
        what = "host resource"
    elif expected.is_host:
        what = "guest-defined resource"
    else:
        what = "a different guest-defined resource"
    wrong_resource_type(i, expected.is_host, what)


class ComponentStore:
    """The component-model state of one store: the handles the host holds (its
    ``ResourceAny`` values), the stack of active call scopes, and the
    destructors of host-defined resource types (``host_destructors``: the
    integer naming the type to a callable taking the representation), which
    the linker that instantiated components in the store supplied."""

    __slots__ = ("host_table", "scopes", "host_destructors", "__weakref__")

    def __init__(self) -> None:
        self.host_table = HandleTable()
        self.scopes: list[CallContext] = []
        self.host_destructors: dict[int, Callable[[int], None]] = {}

    def enter_call(self) -> CallContext:
        """Open the borrow scope of a new call; it is also the current scope."""
        scope = CallContext()
        self.scopes.append(scope)
        return scope

    def exit_call(self, scope: CallContext) -> None:
        """Close ``scope`` (the innermost): traps if borrows created for it remain."""
        popped = self.scopes.pop()
        assert popped is scope
        scope.exit()

    def abandon_call(self, scope: CallContext) -> None:
        """Forget ``scope`` after the call trapped, without its end-of-call checks."""
        if self.scopes and self.scopes[-1] is scope:
            self.scopes.pop()
        for h in scope.lenders:
            h.lend_count -= 1
        scope.lenders.clear()

    @property
    def current_scope(self) -> CallContext:
        """The innermost call scope."""
        if not self.scopes:
            self.scopes.append(CallContext())
        return self.scopes[-1]


class InstanceState:
    """The canonical ABI state of a component instance: its handle table, its
    ``may_enter`` / ``may_leave`` flags, the store state it shares, and the
    instance that contains it (``parent``), whose flags guard it too."""

    __slots__ = ("handles", "may_enter", "may_leave", "store", "parent", "name", "task",
                 "__weakref__")

    def __init__(self, store: ComponentStore | None = None,
                 parent: InstanceState | None = None, name: str = "") -> None:
        self.handles = HandleTable()
        self.may_enter = True
        self.may_leave = True
        self.store = store if store is not None else (
            parent.store if parent is not None else ComponentStore())
        self.parent = parent
        self.name = name
        self.task: Any = None
        """The :class:`~wasmlite.component.canonical.task.Task` of the call lifted
        with ``async`` that runs in this instance (``None`` when there is none)."""

    def self_and_ancestors(self) -> list[InstanceState]:
        """This instance and the instances that contain it, innermost first."""
        out = [self]
        p = self.parent
        while p is not None:
            out.append(p)
            p = p.parent
        return out

    def entering_set(self, caller: InstanceState | None) -> list[InstanceState]:
        """The instances a call from ``caller`` (``None``: the host) into this one enters."""
        mine = self.self_and_ancestors()
        if caller is None:
            return mine
        theirs = caller.self_and_ancestors()
        return [i for i in mine if i not in theirs]

    def __repr__(self) -> str:
        return f"<InstanceState {self.name or hex(id(self))}>"

