"""Python values of component types, as wasmtime-py's component API has them.

=======================  ==================================================
component type           Python value
=======================  ==================================================
``bool``                 ``bool``
integers                 ``int``
``f32`` / ``f64``        ``float``
``char``                 ``str`` of one character
``string``               ``str``
``list<u8>``             ``bytes``
other lists              ``list``
``tuple<...>``           ``tuple``
``record``               :class:`Record` (fields as attributes)
``enum``                 ``str`` (the case name)
``flags``                ``set`` of ``str``
``variant``, ``option``  the payload itself (``None`` for a case without
and ``result``           payload) when the cases' Python classes do not
                         overlap; otherwise :class:`Variant` ``(tag,
                         payload)`` (``option``: ``none`` / ``some``;
                         ``result``: ``ok`` / ``err``)
``own`` / ``borrow``     :class:`ResourceAny` (any resource held by the
                         host) or :class:`ResourceHost` (a host-defined
                         resource by its representation)
=======================  ==================================================

The public ``wasmlite.component`` package re-exports :class:`Record`,
:class:`Variant`, :class:`ResourceAny` and :class:`ResourceHost`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..errors import WasmtimeError

__all__ = ["Record", "Variant", "ResourceAny", "ResourceHost"]


class Record:
    """A record value: one attribute per field. Equal to any object that has
    attributes equal to all of this one's."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    def __eq__(self, other: Any) -> bool:
        for key, value in self.__dict__.items():
            if not hasattr(other, key) or getattr(other, key) != value:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"Record({fields})"


@dataclass
class Variant:
    """A variant case: its name ``tag`` and its ``payload`` (``None`` if it has none)."""

    tag: str
    payload: Optional[Any] = None


def _component_store(store: Any) -> Any:
    """The :class:`~wasmlite.component.canonical.ComponentStore` of ``store`` (a store
    whose ``_component_store`` attribute holds it, or that state itself)."""
    from .canonical.handles import ComponentStore
    if isinstance(store, ComponentStore):
        return store
    state = getattr(store, "_component_store", None)
    if state is None:
        raise TypeError("expected a store")
    return state


class ResourceAny:
    """A resource handle held by the host: an entry of the host's handle table.

    ``type`` is its :class:`~wasmlite.component.types.ResourceType`, ``owned``
    whether it owns the resource (else it borrows it for the current call).
    An owned handle passed to a component moves there; the host drops the ones
    it keeps with :meth:`drop`, which runs the resource's destructor.
    """

    __slots__ = ("_state", "_index", "_handle", "type", "owned")

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `ResourceAny`")

    @classmethod
    def _new(cls, state: Any, index: int, handle: Any) -> ResourceAny:
        self = cls.__new__(cls)
        self._state = state
        self._index = index
        self._handle = handle
        self.type = handle.rt
        self.owned = handle.own
        return self

    def drop(self, store: Any = None) -> None:
        """Drop the handle; for an owned one, run the resource's destructor."""
        from .canonical.resources import resource_any_drop
        from ..runtime.trap import Trap
        try:
            resource_any_drop(self)
        except Trap as trap:
            if trap.trap_code is not None:
                raise
            raise WasmtimeError(trap.message) from None

    def to_host(self, store: Any = None) -> ResourceHost:
        """This handle as a :class:`ResourceHost`; only for host-defined resources."""
        from .canonical.resources import resource_any_to_host
        from ..runtime.trap import Trap
        try:
            return resource_any_to_host(self)
        except Trap as trap:
            raise WasmtimeError(trap.message) from None

    def __repr__(self) -> str:
        kind = "own" if self.owned else "borrow"
        return f"<ResourceAny {kind}<{self.type}> #{self._index}>"


class ResourceHost:
    """A host-defined resource given by its representation ``rep`` and the integer
    ``type`` that names its resource type; ``owned`` says whether passing it gives
    ownership away (an ``own`` handle) or lends it (a ``borrow``)."""

    __slots__ = ("rep", "type", "owned", "_consumed")

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `ResourceHost`")

    @classmethod
    def _new(cls, owned: bool, rep: int, ty: int) -> ResourceHost:
        self = cls.__new__(cls)
        self.rep = rep & 0xFFFFFFFF
        self.type = ty & 0xFFFFFFFF
        self.owned = owned
        self._consumed = False
        return self

    @classmethod
    def own(cls, rep: int, ty: int) -> ResourceHost:
        """An owned host resource."""
        return cls._new(True, rep, ty)

    @classmethod
    def borrow(cls, rep: int, ty: int) -> ResourceHost:
        """A borrowed host resource."""
        return cls._new(False, rep, ty)

    def to_any(self, store: Any) -> ResourceAny:
        """This resource as an entry of ``store``'s host handle table."""
        from .canonical.resources import resource_host_to_any
        return resource_host_to_any(self, _component_store(store))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ResourceHost):
            return (self.rep, self.type, self.owned) == (other.rep, other.type, other.owned)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.rep, self.type, self.owned))

    def __repr__(self) -> str:
        kind = "own" if self.owned else "borrow"
        return f"<ResourceHost {kind} rep={self.rep} type={self.type}>"
