"""Defining WASI preview 2 in a component linker.

Every interface of the ``wasi:cli/command`` world is defined once, at
:data:`VERSION`; the linker gives an import of any other
``0.2.x`` version the same definitions, as semver allows (as in Wasmtime).
Definitions go through the public ``LinkerInstance`` API: host functions
with ``add_func`` and each WASI resource with ``add_resource``, in every
interface that defines or uses it, with one destructor that releases the
resource's object.
"""

from __future__ import annotations

from typing import Any, Callable

from . import (environment, exit, filesystem_types, io_error, io_poll, io_streams,
               monotonic_clock, preopens, random, sockets_lookup, sockets_network, sockets_tcp,
               sockets_udp, stdio, terminal, wall_clock)
from .interface import Interface
from .resources import resource_type
from .results import host_function
from .state import state_of

VERSION = "0.2.12"
"""The version the interfaces are defined at."""

_MODULES = (io_error, io_poll, io_streams, monotonic_clock, wall_clock, random, environment,
            stdio, terminal, filesystem_types, preopens, sockets_network, sockets_tcp, sockets_udp,
            sockets_lookup)


def interfaces(exit_error: Callable[[int], BaseException]) -> dict[str, Interface]:
    """Every interface defined, by unversioned name."""
    found: dict[str, Interface] = {}
    for module in _MODULES:
        found.update(module.INTERFACES)
    found.update(exit.interfaces(exit_error))
    return found


def _drop(store: Any, rep: int) -> None:
    """The destructor of every WASI resource: release the object behind ``rep``."""
    value = state_of(store).table.pop(rep)
    close = getattr(value, "close", None)
    if close is not None:
        close()


def add_to_linker(linker: Any, exit_error: Callable[[int], BaseException]) -> None:
    """Define WASI preview 2 in the component ``linker``; ``wasi:cli/exit`` raises
    ``exit_error(status)``."""
    with linker.root() as root:
        for name, interface in interfaces(exit_error).items():
            with root.add_instance(f"{name}@{VERSION}") as instance:
                for resource in interface.resources + interface.uses:
                    instance.add_resource(resource, resource_type(resource), _drop)
                for function, (impl, shape) in interface.functions.items():
                    instance.add_func(function, host_function(impl, shape))
