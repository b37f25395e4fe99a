"""What ``tcp-socket`` and ``udp-socket`` share: the object over a non-blocking
host socket, its creation, binding, addresses and the options both offer.

Both kinds of socket start ``default``, go through ``bind-started`` to
``bound``, and answer the address, hop-limit and buffer-size methods alike;
:func:`shared_methods` gives those methods for one kind.
"""

from __future__ import annotations

import socket
from typing import Any, Callable, TypeVar

from ...component.values import ResourceHost
from .resources import own, rep_of
from .sockets_network import (FAMILIES, Network, SharedSocket, SocketAddress, SocketError,
                              check_family, check_unicast, error_code, family_name, network_of)
from .state import Preview2State

MAX_OPTION = (1 << 31) - 1
"""Backlogs and buffer sizes asked for are clamped to this."""

_UNBOUND = ("default", "bind-started", "closed")


class HostSocket:
    """A socket resource's state over its host socket."""

    __slots__ = ("shared", "family", "state", "network")

    RESOURCE = ""
    """The WIT resource name."""

    SOCKET_TYPE = 0
    """The host socket type (``SOCK_STREAM``, ``SOCK_DGRAM``)."""

    def __init__(self, sock: socket.socket, family: int, state: str = "default") -> None:
        sock.setblocking(False)
        self.shared = SharedSocket(sock)
        self.family = family
        self.state = state
        self.network: Network | None = None

    @property
    def sock(self) -> socket.socket:
        """The host socket."""
        return self.shared.sock

    def require(self, *states: str) -> None:
        """Refuse the operation unless the socket is in one of ``states``."""
        if self.state not in states:
            raise SocketError("invalid-state")

    def before_bind(self) -> None:
        """Host options set just before binding."""

    def close(self) -> None:
        """Release the host socket (once its streams are released too)."""
        if self.shared is not None:
            self.state = "closed"
            self.shared.release()
            self.shared = None  # type: ignore[assignment]


Kind = TypeVar("Kind", bound=HostSocket)


def socket_of(state: Preview2State, handle: Any, kind: type[Kind]) -> Kind:
    """The socket of kind ``kind`` behind ``handle``."""
    value = state.get(rep_of(handle))
    if not isinstance(value, kind):
        raise SocketError("invalid-argument")
    return value


def create_socket(state: Preview2State, address_family: str, kind: type[HostSocket]) -> ResourceHost:
    """A new socket of ``kind`` and ``address_family`` (IPv6 sockets are IPv6
    only); ``access-denied`` unless the network is inherited (as in wasmtime-py)."""
    if not state.context.network.inherit:
        raise SocketError("access-denied")
    family = FAMILIES[address_family]
    sock = socket.socket(family, kind.SOCKET_TYPE)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    return own(state.table, kind.RESOURCE, kind(sock, family))


def hop_limit_option(family: int) -> tuple[int, int]:
    """The host option of the unicast hop limit (TTL) for ``family``."""
    if family == socket.AF_INET6:
        return socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS
    return socket.IPPROTO_IP, socket.IP_TTL


def shared_methods(kind: type[HostSocket], hop_limit: str) -> dict[str, Callable[..., Any]]:
    """The methods every socket of ``kind`` has, by WIT name (``hop_limit`` is
    the name of the hop-limit getter, whose setter is ``set-`` and that name)."""

    def get(state: Preview2State, handle: Any) -> HostSocket:
        return socket_of(state, handle, kind)

    def start_bind(state: Preview2State, self: Any, network: Any, local_address: Any) -> None:
        """Bind to ``local_address`` (port 0: any free port)."""
        sock = get(state, self)
        net = network_of(state, network)
        if sock.state == "bind-started":
            raise SocketError("concurrency-conflict")
        sock.require("default")
        address = SocketAddress.from_value(local_address)
        net.check_address()
        check_unicast(address)
        check_family(address, sock.family)
        sock.before_bind()
        try:
            sock.sock.bind(address.host())
        except OSError as exc:
            code = error_code(exc)
            raise SocketError("invalid-argument" if code == "not-supported" else code) from None
        sock.network = net
        sock.state = "bind-started"

    def finish_bind(state: Preview2State, self: Any) -> None:
        """Complete ``start-bind``."""
        sock = get(state, self)
        if sock.state != "bind-started":
            raise SocketError("not-in-progress")
        sock.state = "bound"

    def local_address(state: Preview2State, self: Any) -> Any:
        """The address the socket is bound to."""
        sock = get(state, self)
        if sock.state in _UNBOUND:
            raise SocketError("invalid-state")
        return SocketAddress.from_host(sock.family, sock.sock.getsockname()).value()

    def remote_address(state: Preview2State, self: Any) -> Any:
        """The address of the peer of a connected socket."""
        sock = get(state, self)
        sock.require("connected")
        return SocketAddress.from_host(sock.family, sock.sock.getpeername()).value()

    def get_hop_limit(state: Preview2State, self: Any) -> int:
        """The unicast hop limit (TTL) of outgoing packets."""
        sock = get(state, self)
        return sock.sock.getsockopt(*hop_limit_option(sock.family))

    def set_hop_limit(state: Preview2State, self: Any, value: int) -> None:
        """Set the unicast hop limit of outgoing packets (not 0)."""
        sock = get(state, self)
        if value == 0:
            raise SocketError("invalid-argument")
        sock.sock.setsockopt(*hop_limit_option(sock.family), value)

    def buffer_size(name: int) -> Callable[[Preview2State, Any], int]:
        def size(state: Preview2State, self: Any) -> int:
            """A buffer size as set (Linux reports twice what was asked for; halved back)."""
            return get(state, self).sock.getsockopt(socket.SOL_SOCKET, name) // 2
        return size

    def set_buffer_size(name: int) -> Callable[[Preview2State, Any, int], None]:
        def set_size(state: Preview2State, self: Any, value: int) -> None:
            """Ask for a buffer size (not 0; the host may round it)."""
            sock = get(state, self)
            if value == 0:
                raise SocketError("invalid-argument")
            sock.sock.setsockopt(socket.SOL_SOCKET, name, min(value, MAX_OPTION))
        return set_size

    return {
        "start-bind": start_bind, "finish-bind": finish_bind,
        "local-address": local_address, "remote-address": remote_address,
        hop_limit: get_hop_limit, f"set-{hop_limit}": set_hop_limit,
        "receive-buffer-size": buffer_size(socket.SO_RCVBUF),
        "set-receive-buffer-size": set_buffer_size(socket.SO_RCVBUF),
        "send-buffer-size": buffer_size(socket.SO_SNDBUF),
        "set-send-buffer-size": set_buffer_size(socket.SO_SNDBUF),
    }


def address_family(kind: type[HostSocket]) -> Callable[[Preview2State, Any], str]:
    """The ``address-family`` method of ``kind`` (its result is no ``result``)."""
    def family(state: Preview2State, self: Any) -> str:
        """The socket's ``ip-address-family``."""
        return family_name(socket_of(state, self, kind).family)
    return family
