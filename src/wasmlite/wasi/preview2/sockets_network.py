"""``wasi:sockets/network`` and ``wasi:sockets/instance-network``: the
``network`` resource, ``error-code``, IP addresses, and what sockets share.

A ``network`` carries the permissions of the WASI context it came from
(:class:`~wasmlite.wasi.config.NetworkPermissions`): without
``inherit_network`` creating a socket (and every bind, connect and send) is
``access-denied``; without ``allow_ip_name_lookup`` name lookups fail with
``permanent-resolver-failure``, as in wasmtime-py.

Socket functions return their ``result`` payload, or the ``error-code`` case
(a ``str``) when they raise :class:`SocketError` or the host fails with an
``OSError``; :func:`socket_function` wraps them so.
"""

from __future__ import annotations

import errno
import functools
import ipaddress
import socket
import time
from typing import Any, Callable

from ...component.values import Record, ResourceHost, Variant
from ..config import NetworkPermissions
from .interface import Interface
from .pollables import Pollable
from .resources import own, rep_of
from .results import VALUE
from .state import Preview2State

ERROR_CODES = (
    "unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory",
    "timeout", "concurrency-conflict", "not-in-progress", "would-block", "invalid-state",
    "new-socket-limit", "address-not-bindable", "address-in-use", "remote-unreachable",
    "connection-refused", "connection-reset", "connection-aborted", "datagram-too-large",
    "name-unresolvable", "temporary-resolver-failure", "permanent-resolver-failure",
)
"""The cases of ``error-code``, in WIT order."""

_FROM_HOST: dict[int, str] = {
    errno.EACCES: "access-denied", errno.EPERM: "access-denied",
    errno.EADDRINUSE: "address-in-use", errno.EADDRNOTAVAIL: "address-not-bindable",
    errno.EAFNOSUPPORT: "not-supported", errno.EPROTONOSUPPORT: "not-supported",
    errno.EOPNOTSUPP: "not-supported", errno.ECONNREFUSED: "connection-refused",
    errno.ECONNRESET: "connection-reset", errno.ECONNABORTED: "connection-aborted",
    errno.EPIPE: "connection-reset", errno.EINVAL: "invalid-argument",
    errno.EHOSTUNREACH: "remote-unreachable", errno.ENETUNREACH: "remote-unreachable",
    errno.EHOSTDOWN: "remote-unreachable", errno.ENETDOWN: "remote-unreachable",
    errno.EMSGSIZE: "datagram-too-large", errno.ENOMEM: "out-of-memory",
    errno.ENOBUFS: "out-of-memory", errno.EMFILE: "new-socket-limit",
    errno.ENFILE: "new-socket-limit", errno.ETIMEDOUT: "timeout",
    errno.EAGAIN: "would-block", errno.EINPROGRESS: "would-block",
    errno.EISCONN: "invalid-state", errno.ENOTCONN: "invalid-state",
    errno.EALREADY: "concurrency-conflict",
}
"""The ``error-code`` of each host ``errno`` (``unknown`` for the others)."""

WAIT_STEP_NS = 1_000_000
"""How often a pollable waiting for a socket to become writable is checked."""


class SocketError(Exception):
    """A socket function fails with the ``error-code`` case ``code``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def error_code(exc: OSError) -> str:
    """The ``error-code`` case for a host failure."""
    return _FROM_HOST.get(exc.errno or 0, "unknown")


def socket_function(impl: Callable[..., Any]) -> Callable[..., Any]:
    """``impl`` returning its ``error-code`` case (a ``str``) instead of raising it."""
    @functools.wraps(impl)
    def call(state: Preview2State, *args: Any) -> Any:
        try:
            return impl(state, *args)
        except SocketError as exc:
            return exc.code
        except OSError as exc:
            return error_code(exc)
    return call


# --- addresses ---------------------------------------------------------------------------

FAMILIES = {"ipv4": socket.AF_INET, "ipv6": socket.AF_INET6}
"""The host address family of each ``ip-address-family`` case."""


def family_name(family: int) -> str:
    """The ``ip-address-family`` case of a host address family."""
    return "ipv6" if family == socket.AF_INET6 else "ipv4"


def ip_address(value: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The address an ``ip-address`` value names."""
    if value.tag == "ipv4":
        return ipaddress.IPv4Address(bytes(value.payload))
    return ipaddress.IPv6Address(b"".join(part.to_bytes(2, "big") for part in value.payload))


def ip_address_value(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Variant:
    """The ``ip-address`` value of ``address``."""
    packed = address.packed
    if address.version == 4:
        return Variant("ipv4", tuple(packed))
    return Variant("ipv6", tuple(int.from_bytes(packed[i:i + 2], "big") for i in range(0, 16, 2)))


class SocketAddress:
    """An ``ip-socket-address``: an IP address and port (and, for IPv6, flow
    information and scope)."""

    __slots__ = ("address", "port", "flow_info", "scope_id")

    def __init__(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int,
                 flow_info: int = 0, scope_id: int = 0) -> None:
        self.address = address
        self.port = port
        self.flow_info = flow_info
        self.scope_id = scope_id

    @classmethod
    def from_value(cls, value: Any) -> SocketAddress:
        """The address an ``ip-socket-address`` value names."""
        record = value.payload
        port = getattr(record, "port")
        parts = getattr(record, "address")
        if value.tag == "ipv4":
            return cls(ipaddress.IPv4Address(bytes(parts)), port)
        packed = b"".join(part.to_bytes(2, "big") for part in parts)
        return cls(ipaddress.IPv6Address(packed), port, getattr(record, "flow-info"),
                   getattr(record, "scope-id"))

    @classmethod
    def from_host(cls, family: int, address: tuple) -> SocketAddress:
        """The address a host socket call reported."""
        if family == socket.AF_INET6:
            return cls(ipaddress.IPv6Address(address[0].partition("%")[0]), address[1],
                       address[2], address[3])
        return cls(ipaddress.IPv4Address(address[0]), address[1])

    @property
    def family(self) -> int:
        """The host address family."""
        return socket.AF_INET if self.address.version == 4 else socket.AF_INET6

    def host(self) -> tuple:
        """The address as the host socket calls take it."""
        if self.address.version == 4:
            return (str(self.address), self.port)
        return (str(self.address), self.port, self.flow_info, self.scope_id)

    def value(self) -> Variant:
        """The ``ip-socket-address`` value."""
        parts = ip_address_value(self.address).payload
        if self.address.version == 4:
            return Variant("ipv4", Record(port=self.port, address=parts))
        return Variant("ipv6", Record(**{"port": self.port, "flow-info": self.flow_info,
                                         "address": parts, "scope-id": self.scope_id}))


def check_family(address: SocketAddress, family: int) -> None:
    """Refuse an address of another family than the socket's, or an IPv4-mapped
    IPv6 address (``invalid-argument``)."""
    if address.family != family:
        raise SocketError("invalid-argument")
    if address.address.version == 6 and address.address.ipv4_mapped is not None:
        raise SocketError("invalid-argument")


def check_unicast(address: SocketAddress) -> None:
    """Refuse a multicast or broadcast address (``invalid-argument``)."""
    ip = address.address
    if ip.is_multicast or (ip.version == 4 and ip == ipaddress.IPv4Address("255.255.255.255")):
        raise SocketError("invalid-argument")


def check_remote(address: SocketAddress, family: int) -> None:
    """Refuse what cannot be a remote address: another family, multicast or
    broadcast, the unspecified address or port 0 (``invalid-argument``)."""
    check_unicast(address)
    check_family(address, family)
    if address.address.is_unspecified or address.port == 0:
        raise SocketError("invalid-argument")


# --- the network resource ----------------------------------------------------------------

class Network:
    """A ``network``: the permissions sockets given it are checked against."""

    __slots__ = ("permissions",)

    def __init__(self, permissions: NetworkPermissions) -> None:
        self.permissions = permissions

    def check_address(self) -> None:
        """Refuse to bind, connect or send unless the network is inherited."""
        if not self.permissions.inherit:
            raise SocketError("access-denied")


def network_of(state: Preview2State, handle: Any) -> Network:
    """The network behind a ``network`` handle."""
    network = state.get(rep_of(handle))
    if not isinstance(network, Network):
        raise SocketError("invalid-argument")
    return network


def instance_network(state: Preview2State) -> ResourceHost:
    """The network of this instance, with the WASI configuration's permissions."""
    permissions = state.context.network
    return own(state.table, "network", Network(permissions))


# --- pollables over sockets --------------------------------------------------------------

class Writable(Pollable):
    """Ready when the host socket ``fd`` can be written to (a connection attempt
    has finished, either way). Checked every :data:`WAIT_STEP_NS` while waiting."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def ready(self) -> bool:
        import select
        try:
            return bool(select.select([], [self.fd], [], 0)[1])
        except (OSError, ValueError):
            return True

    def deadline(self) -> int | None:
        return time.monotonic_ns() + WAIT_STEP_NS


class SharedSocket:
    """A host socket used by several resources (a TCP socket and the two streams
    of its connection): closed when the last of them is released."""

    __slots__ = ("sock", "users")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.users = 1

    def acquire(self) -> SharedSocket:
        """One more user."""
        self.users += 1
        return self

    def release(self) -> None:
        """One user fewer; the socket is closed after the last."""
        self.users -= 1
        if self.users == 0:
            self.sock.close()


def network_error_code(state: Preview2State, error: Any) -> str | None:
    """The ``error-code`` of a stream error that a socket operation caused, if any."""
    failure = state.get(rep_of(error))
    code = getattr(failure, "socket_code", None)
    return code if isinstance(code, str) else None


INTERFACES = {
    "wasi:sockets/network": Interface(resources=("network",), uses=("error",), functions={
        "network-error-code": (network_error_code, VALUE),
    }),
    "wasi:sockets/instance-network": Interface(resources=(), uses=("network",), functions={
        "instance-network": (instance_network, VALUE),
    }),
}
