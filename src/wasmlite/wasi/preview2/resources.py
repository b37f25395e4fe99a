"""The WASI preview 2 resource types and the table of their representations.

Every WASI resource (``descriptor``, ``input-stream``, ``output-stream``,
``pollable``, ``directory-entry-stream``, ``error``, ``terminal-input``,
``terminal-output``, and those of ``wasi:sockets``) is a host-defined
component resource type, named by an integer as wasmtime-py's
``ResourceType.host(n)`` names one. A handle's representation is a key of
the store's :class:`ResourceTable`, which holds the Python object behind it.
"""

from __future__ import annotations

from typing import Any

from ...component.types import ResourceType
from ...component.values import ResourceAny, ResourceHost
from ...errors import WasmtimeError

_BASE = 0x57A51200
"""Host resource type numbers of WASI resources start here (far from small
numbers an embedder would pick for its own resources)."""

RESOURCE_NAMES = ("descriptor", "directory-entry-stream", "input-stream", "output-stream",
                  "pollable", "error", "terminal-input", "terminal-output", "network",
                  "tcp-socket", "udp-socket", "incoming-datagram-stream",
                  "outgoing-datagram-stream", "resolve-address-stream")
"""The WASI resources, in the order their type numbers are given."""

TYPE_IDS: dict[str, int] = {name: _BASE + index for index, name in enumerate(RESOURCE_NAMES)}
"""The host resource type number of each WASI resource."""


def resource_type(name: str) -> ResourceType:
    """The component resource type of the WASI resource ``name``."""
    return ResourceType.host(TYPE_IDS[name])


class ResourceTable:
    """The Python objects behind a store's WASI resource handles, by representation.

    Representations start at 1; freed ones are reused lowest first.
    """

    __slots__ = ("entries", "_next", "_free")

    def __init__(self) -> None:
        self.entries: dict[int, Any] = {}
        self._next = 1
        self._free: list[int] = []

    def push(self, value: Any) -> int:
        """Store ``value`` under a new representation and return it."""
        if self._free:
            rep = self._free.pop()
        else:
            rep = self._next
            if rep > 0xFFFFFFFF:
                raise WasmtimeError("too many WASI resources are open")
            self._next = rep + 1
        self.entries[rep] = value
        return rep

    def get(self, rep: int) -> Any:
        """The object stored under ``rep``."""
        try:
            return self.entries[rep]
        except KeyError:
            raise WasmtimeError(f"unknown WASI resource {rep}") from None

    def pop(self, rep: int) -> Any:
        """Remove and return the object stored under ``rep`` (``None`` if there is none)."""
        value = self.entries.pop(rep, None)
        if value is not None:
            self._free.append(rep)
            self._free.sort(reverse=True)
        return value

    def close(self) -> None:
        """Release every object still stored."""
        values = list(self.entries.values())
        self.entries.clear()
        for value in values:
            close = getattr(value, "close", None)
            if close is not None:
                close()


def rep_of(handle: ResourceAny | ResourceHost) -> int:
    """The representation of a handle a component passed to a WASI function."""
    host = handle if isinstance(handle, ResourceHost) else handle.to_host()
    return host.rep  # type: ignore[attr-defined,no-any-return]


def own(table: ResourceTable, name: str, value: Any) -> ResourceHost:
    """A new owned handle of the WASI resource ``name`` to ``value``."""
    return ResourceHost.own(table.push(value), TYPE_IDS[name])
