"""``wasi:sockets/udp`` and ``wasi:sockets/udp-create-socket``: the
``udp-socket`` resource and its datagram streams over a non-blocking host socket.

A socket is ``default``, ``bind-started``, ``bound`` or ``connected``.
``stream`` (on a bound socket) connects it to a remote address, or
disconnects it, and returns an ``incoming-datagram-stream`` and an
``outgoing-datagram-stream``. ``send`` sends at most as many datagrams as the
last ``check-send`` permitted (more is a trap, as in Wasmtime); each one's
address is checked against the ``network``'s permissions (``access-denied``).
"""

from __future__ import annotations

import errno
import os
import socket
from typing import Any, Callable

from ...component.values import Record, ResourceHost
from ...runtime.trap import Trap
from .interface import Interface
from .pollables import Pollable, Readable
from .resources import own, rep_of
from .results import VALUE
from .sockets_host import HostSocket, address_family, create_socket, shared_methods, socket_of
from .sockets_network import SocketAddress, SocketError, check_remote, socket_function
from .state import Preview2State

MAX_DATAGRAM = 65535
"""The largest datagram received."""

SEND_PERMIT = 16
"""How many datagrams ``check-send`` permits at once."""


class UdpSocket(HostSocket):
    """The object behind a ``udp-socket`` handle."""

    __slots__ = ("remote", "generation")

    RESOURCE = "udp-socket"
    SOCKET_TYPE = socket.SOCK_DGRAM

    def __init__(self, sock: socket.socket, family: int) -> None:
        super().__init__(sock, family)
        self.remote: SocketAddress | None = None
        self.generation = 0


class DatagramStream:
    """What both datagram streams share: the socket, and which ``stream`` call
    made them (a later call makes them fail with ``invalid-state``)."""

    __slots__ = ("udp", "shared", "generation")

    def __init__(self, udp: UdpSocket) -> None:
        self.udp = udp
        self.shared = udp.shared.acquire()
        self.generation = udp.generation

    def sock(self) -> socket.socket:
        """The host socket, while these are the socket's current streams."""
        if self.generation != self.udp.generation or self.udp.shared is None:
            raise SocketError("invalid-state")
        return self.shared.sock

    def close(self) -> None:
        """Release the host socket (once the others are released too)."""
        if self.shared is not None:
            self.shared.release()
            self.shared = None  # type: ignore[assignment]


class IncomingDatagrams(DatagramStream):
    """The object behind an ``incoming-datagram-stream``."""

    __slots__ = ()

    def pollable(self) -> Pollable:
        """Ready when a datagram has arrived."""
        return Readable(self.shared.sock.fileno()) if self.shared is not None else Pollable()


class OutgoingDatagrams(DatagramStream):
    """The object behind an ``outgoing-datagram-stream``."""

    __slots__ = ("permit",)

    def __init__(self, udp: UdpSocket) -> None:
        super().__init__(udp)
        self.permit = 0


def _socket(state: Preview2State, handle: Any) -> UdpSocket:
    return socket_of(state, handle, UdpSocket)


def create_udp_socket(state: Preview2State, family: str) -> ResourceHost:
    """A new UDP socket (``wasi:sockets/udp-create-socket``)."""
    return create_socket(state, family, UdpSocket)


def stream(state: Preview2State, self: Any, remote: Any) -> tuple[ResourceHost, ResourceHost]:
    """Connect to ``remote`` (or disconnect, for none) and return new streams."""
    udp = _socket(state, self)
    if udp.state not in ("bound", "connected"):
        raise SocketError("invalid-state")
    address = None if remote is None else SocketAddress.from_value(remote)
    if address is not None:
        check_remote(address, udp.family)
        assert udp.network is not None
        udp.network.check_address()
    if udp.state == "connected":
        _disconnect(udp.sock)
        udp.state, udp.remote = "bound", None
    if address is not None:
        udp.sock.connect(address.host())
        udp.state, udp.remote = "connected", address
    udp.generation += 1
    return (own(state.table, "incoming-datagram-stream", IncomingDatagrams(udp)),
            own(state.table, "outgoing-datagram-stream", OutgoingDatagrams(udp)))


def _disconnect(sock: socket.socket) -> None:
    """Dissolve a UDP socket's association (``connect`` to an ``AF_UNSPEC``
    address, which Python's ``connect`` cannot express)."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    unspecified = (ctypes.c_ubyte * 16)()
    if libc.connect(sock.fileno(), unspecified, len(unspecified)) != 0:
        code = ctypes.get_errno()
        if code != errno.EAFNOSUPPORT:
            raise OSError(code, os.strerror(code))


def subscribe(state: Preview2State, self: Any) -> ResourceHost:
    """A pollable that is ready at once (a UDP socket waits for nothing)."""
    _socket(state, self)
    return own(state.table, "pollable", Pollable())


def receive(state: Preview2State, self: Any, max_results: int) -> list[Record]:
    """Up to ``max_results`` datagrams that have arrived (possibly none)."""
    incoming: IncomingDatagrams = state.get(rep_of(self))
    sock = incoming.sock()
    received: list[Record] = []
    while len(received) < max_results:
        try:
            data, sender = sock.recvfrom(MAX_DATAGRAM)
        except BlockingIOError:
            break
        except OSError:
            if received:
                break
            raise
        address = SocketAddress.from_host(incoming.udp.family, sender)
        received.append(Record(**{"data": data, "remote-address": address.value()}))
    return received


def subscribe_incoming(state: Preview2State, self: Any) -> ResourceHost:
    """A pollable ready when a datagram has arrived."""
    incoming: IncomingDatagrams = state.get(rep_of(self))
    return own(state.table, "pollable", incoming.pollable())


def check_send(state: Preview2State, self: Any) -> int:
    """How many datagrams ``send`` may take now."""
    outgoing: OutgoingDatagrams = state.get(rep_of(self))
    outgoing.sock()
    outgoing.permit = SEND_PERMIT
    return SEND_PERMIT


def send(state: Preview2State, self: Any, datagrams: list[Any]) -> int:
    """Send ``datagrams``; how many were sent (an error on the first is the result)."""
    outgoing: OutgoingDatagrams = state.get(rep_of(self))
    if len(datagrams) > outgoing.permit:
        raise Trap("unpermitted: argument exceeds permitted size")
    if not datagrams:
        return 0
    sock = outgoing.sock()
    udp = outgoing.udp
    sent = 0
    for datagram in datagrams:
        try:
            _send_one(udp, sock, datagram)
        except (SocketError, OSError):
            if sent:
                break
            outgoing.permit = 0
            raise
        sent += 1
    outgoing.permit -= sent
    return sent


def _send_one(udp: UdpSocket, sock: socket.socket, datagram: Any) -> None:
    data = bytes(getattr(datagram, "data"))
    remote = getattr(datagram, "remote-address")
    if remote is None:
        if udp.remote is None:
            raise SocketError("invalid-argument")
        sock.send(data)
        return
    address = SocketAddress.from_value(remote)
    if udp.remote is not None:
        if address.host() != udp.remote.host():
            raise SocketError("invalid-argument")
        sock.send(data)
        return
    check_remote(address, udp.family)
    assert udp.network is not None
    udp.network.check_address()
    try:
        sock.sendto(data, address.host())
    except BlockingIOError:
        raise SocketError("would-block") from None


def subscribe_outgoing(state: Preview2State, self: Any) -> ResourceHost:
    """A pollable that is ready at once (datagrams are sent without waiting)."""
    state.get(rep_of(self))
    return own(state.table, "pollable", Pollable())


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    **{f"[method]udp-socket.{name}": impl
       for name, impl in shared_methods(UdpSocket, "unicast-hop-limit").items()},
    "[method]udp-socket.stream": stream,
    "[method]incoming-datagram-stream.receive": receive,
    "[method]outgoing-datagram-stream.check-send": check_send,
    "[method]outgoing-datagram-stream.send": send,
}
"""The functions whose result is a ``result<_, error-code>``."""

INTERFACES = {
    "wasi:sockets/udp": Interface(
        resources=("udp-socket", "incoming-datagram-stream", "outgoing-datagram-stream"),
        uses=("network", "pollable"),
        functions={
            **{name: (socket_function(impl), VALUE) for name, impl in _FUNCTIONS.items()},
            "[method]udp-socket.address-family": (address_family(UdpSocket), VALUE),
            "[method]udp-socket.subscribe": (subscribe, VALUE),
            "[method]incoming-datagram-stream.subscribe": (subscribe_incoming, VALUE),
            "[method]outgoing-datagram-stream.subscribe": (subscribe_outgoing, VALUE),
        }),
    "wasi:sockets/udp-create-socket": Interface(
        resources=(), uses=("network", "udp-socket"),
        functions={"create-udp-socket": (socket_function(create_udp_socket), VALUE)}),
}
