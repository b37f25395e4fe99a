"""``wasi:sockets/tcp`` and ``wasi:sockets/tcp-create-socket``: the
``tcp-socket`` resource over a non-blocking host socket.

A socket moves through the states of the WIT description: ``default``,
``bind-started``, ``bound``, ``listen-started``, ``listening``,
``connecting`` (the host connection attempt runs; ``finish-connect`` answers
``would-block`` until it ends), ``connected`` and ``closed``. An operation
in the wrong state is ``invalid-state``; a ``finish-*`` without its
``start-*`` is ``not-in-progress``. Binding and connecting are checked
against the ``network``'s permissions first (``access-denied``).

A connection's ``input-stream`` reads what has arrived without waiting; its
``output-stream`` sends what the host accepts at once and keeps the rest,
which ``flush`` sends (waiting for the socket).
"""

from __future__ import annotations

import errno
import select
import socket
from typing import Any, Callable

from ...component.values import ResourceHost
from .errors import StreamClosed, StreamFailure
from .input_streams import MAX_READ, InputStream
from .interface import Interface
from .output_streams import WRITE_PERMIT, OutputStream
from .pollables import Pollable, Readable
from .resources import own
from .results import VALUE
from .sockets_host import (MAX_OPTION, HostSocket, address_family, create_socket, shared_methods,
                           socket_of)
from .sockets_network import (SharedSocket, SocketAddress, SocketError, Writable, check_remote,
                              error_code, network_of, socket_function)
from .state import Preview2State

DEFAULT_BACKLOG = 128
"""The listen backlog unless ``set-listen-backlog-size`` gave another."""

MAX_PENDING = 1 << 20
"""An output stream holding this many unsent bytes waits for the socket before
accepting more."""

_NS = 1_000_000_000
_MAX_KEEPALIVE_SECONDS = 32767
_SHUTDOWN = {"receive": socket.SHUT_RD, "send": socket.SHUT_WR, "both": socket.SHUT_RDWR}


def _stream_failure(exc: OSError) -> StreamFailure:
    failure = StreamFailure(exc.strerror or error_code(exc), None)
    failure.socket_code = error_code(exc)  # type: ignore[attr-defined]
    return failure


class TcpInputStream(InputStream):
    """What arrives on a TCP connection."""

    __slots__ = ("shared", "closed")

    def __init__(self, shared: SharedSocket) -> None:
        self.shared = shared.acquire()
        self.closed = False

    def read(self, size: int) -> bytes:
        if self.closed:
            raise StreamClosed()
        if size == 0:
            return b""
        try:
            data = self.shared.sock.recv(min(size, MAX_READ))
        except BlockingIOError:
            return b""
        except OSError as exc:
            self.closed = True
            raise _stream_failure(exc) from None
        if not data:
            self.closed = True
            raise StreamClosed()
        return data

    def blocking_read(self, size: int) -> bytes:
        if size and not self.closed:
            select.select([self.shared.sock], [], [])
        return self.read(size)

    def pollable(self) -> Pollable:
        return Readable(self.shared.sock.fileno()) if not self.closed else Pollable()

    def close(self) -> None:
        if self.shared is not None:
            self.shared.release()
            self.shared = None  # type: ignore[assignment]


class TcpOutputStream(OutputStream):
    """What is sent on a TCP connection."""

    __slots__ = ("shared", "pending")

    def __init__(self, shared: SharedSocket) -> None:
        super().__init__()
        self.shared = shared.acquire()
        self.pending = bytearray()

    def _send_some(self) -> None:
        while self.pending:
            try:
                sent = self.shared.sock.send(self.pending, socket.MSG_NOSIGNAL)
            except BlockingIOError:
                return
            del self.pending[:sent]

    def _write(self, data: bytes) -> None:
        self.pending += data
        self._send_some()
        while len(self.pending) >= MAX_PENDING:
            select.select([], [self.shared.sock], [])
            self._send_some()

    def check_write(self) -> int:
        super().check_write()
        return WRITE_PERMIT

    def flush(self) -> None:
        super().flush()
        try:
            self._send_some()
            while self.pending:
                select.select([], [self.shared.sock], [])
                self._send_some()
        except OSError as exc:
            self.closed = True
            raise _stream_failure(exc) from None

    def close(self) -> None:
        if self.shared is not None:
            try:
                self._send_some()
            except OSError:
                pass
            self.shared.release()
            self.shared = None  # type: ignore[assignment]


class TcpSocket(HostSocket):
    """The object behind a ``tcp-socket`` handle."""

    __slots__ = ("backlog", "connect_to")

    RESOURCE = "tcp-socket"
    SOCKET_TYPE = socket.SOCK_STREAM

    def __init__(self, sock: socket.socket, family: int, state: str = "default") -> None:
        super().__init__(sock, family, state)
        self.backlog = DEFAULT_BACKLOG
        self.connect_to: SocketAddress | None = None

    def before_bind(self) -> None:
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)

    def streams(self) -> tuple[TcpInputStream, TcpOutputStream]:
        """The two streams of the connection."""
        return TcpInputStream(self.shared), TcpOutputStream(self.shared)

    def pollable(self) -> Pollable:
        """Ready when a connection attempt ends or a connection can be accepted."""
        if self.state == "connecting":
            return Writable(self.sock.fileno())
        if self.state == "listening":
            return Readable(self.sock.fileno())
        return Pollable()


def _socket(state: Preview2State, handle: Any) -> TcpSocket:
    return socket_of(state, handle, TcpSocket)


def create_tcp_socket(state: Preview2State, family: str) -> ResourceHost:
    """A new TCP socket (``wasi:sockets/tcp-create-socket``)."""
    return create_socket(state, family, TcpSocket)


def start_connect(state: Preview2State, self: Any, network: Any, remote_address: Any) -> None:
    """Start connecting to ``remote_address`` (binding first if unbound)."""
    tcp = _socket(state, self)
    net = network_of(state, network)
    if tcp.state in ("connecting", "connect-ready"):
        raise SocketError("concurrency-conflict")
    tcp.require("default", "bound")
    address = SocketAddress.from_value(remote_address)
    check_remote(address, tcp.family)
    net.check_address()
    tcp.connect_to = address
    tcp.state = "connecting"
    tcp.sock.connect_ex(address.host())


def finish_connect(state: Preview2State, self: Any) -> tuple[ResourceHost, ResourceHost]:
    """The streams of the connection once it is made (``would-block`` before)."""
    tcp = _socket(state, self)
    if tcp.state != "connecting":
        raise SocketError("not-in-progress")
    if not Writable(tcp.sock.fileno()).ready():
        raise SocketError("would-block")
    failure = tcp.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if failure:
        tcp.state = "closed"
        raise SocketError(error_code(OSError(failure, "")))
    tcp.state = "connected"
    reader, writer = tcp.streams()
    return own(state.table, "input-stream", reader), own(state.table, "output-stream", writer)


def start_listen(state: Preview2State, self: Any) -> None:
    """Start listening for connections (the socket must be bound)."""
    tcp = _socket(state, self)
    if tcp.state == "listen-started":
        raise SocketError("concurrency-conflict")
    tcp.require("bound")
    tcp.sock.listen(tcp.backlog)
    tcp.state = "listen-started"


def finish_listen(state: Preview2State, self: Any) -> None:
    """Complete ``start-listen``."""
    tcp = _socket(state, self)
    if tcp.state != "listen-started":
        raise SocketError("not-in-progress")
    tcp.state = "listening"


def accept(state: Preview2State, self: Any) -> tuple[ResourceHost, ResourceHost, ResourceHost]:
    """A connection waiting on a listening socket: its socket and streams
    (``would-block`` when none waits)."""
    tcp = _socket(state, self)
    tcp.require("listening")
    try:
        sock, _ = tcp.sock.accept()
    except BlockingIOError:
        raise SocketError("would-block") from None
    connection = TcpSocket(sock, tcp.family, "connected")
    reader, writer = connection.streams()
    return (own(state.table, "tcp-socket", connection), own(state.table, "input-stream", reader),
            own(state.table, "output-stream", writer))


def is_listening(state: Preview2State, self: Any) -> bool:
    """Whether the socket listens for connections."""
    return _socket(state, self).state == "listening"


def set_listen_backlog_size(state: Preview2State, self: Any, value: int) -> None:
    """How many connections may wait to be accepted."""
    tcp = _socket(state, self)
    if value == 0:
        raise SocketError("invalid-argument")
    if tcp.state in ("connecting", "connected", "closed"):
        raise SocketError("invalid-state")
    value = min(value, MAX_OPTION)
    if tcp.state == "listening":
        tcp.sock.listen(value)
    tcp.backlog = value


def keep_alive_enabled(state: Preview2State, self: Any) -> bool:
    """Whether keep-alive probes are sent."""
    return bool(_socket(state, self).sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE))


def set_keep_alive_enabled(state: Preview2State, self: Any, value: bool) -> None:
    """Send keep-alive probes or not."""
    _socket(state, self).sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, int(value))


def _seconds(nanoseconds: int) -> int:
    if nanoseconds == 0:
        raise SocketError("invalid-argument")
    return max(1, min(_MAX_KEEPALIVE_SECONDS, -(-nanoseconds // _NS)))


def keep_alive_idle_time(state: Preview2State, self: Any) -> int:
    """How long a connection is idle before the first keep-alive probe (nanoseconds)."""
    sock = _socket(state, self).sock
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) * _NS


def set_keep_alive_idle_time(state: Preview2State, self: Any, value: int) -> None:
    """Set the idle time before keep-alive probes (rounded up to seconds)."""
    sock = _socket(state, self).sock
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, _seconds(value))


def keep_alive_interval(state: Preview2State, self: Any) -> int:
    """The time between keep-alive probes (nanoseconds)."""
    sock = _socket(state, self).sock
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL) * _NS


def set_keep_alive_interval(state: Preview2State, self: Any, value: int) -> None:
    """Set the time between keep-alive probes (rounded up to seconds)."""
    sock = _socket(state, self).sock
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, _seconds(value))


def keep_alive_count(state: Preview2State, self: Any) -> int:
    """How many unanswered probes end the connection."""
    return _socket(state, self).sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT)


def set_keep_alive_count(state: Preview2State, self: Any, value: int) -> None:
    """Set how many unanswered probes end the connection."""
    if value == 0:
        raise SocketError("invalid-argument")
    sock = _socket(state, self).sock
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, min(value, _MAX_KEEPALIVE_SECONDS))


def subscribe(state: Preview2State, self: Any) -> ResourceHost:
    """A pollable ready when a connection attempt ends or a connection waits."""
    return own(state.table, "pollable", _socket(state, self).pollable())


def shutdown(state: Preview2State, self: Any, shutdown_type: str) -> None:
    """Stop receiving, sending or both on a connection."""
    tcp = _socket(state, self)
    tcp.require("connected")
    try:
        tcp.sock.shutdown(_SHUTDOWN[shutdown_type])
    except OSError as exc:
        if exc.errno != errno.ENOTCONN:
            raise


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    **shared_methods(TcpSocket, "hop-limit"),
    "start-connect": start_connect, "finish-connect": finish_connect,
    "start-listen": start_listen, "finish-listen": finish_listen, "accept": accept,
    "set-listen-backlog-size": set_listen_backlog_size,
    "keep-alive-enabled": keep_alive_enabled, "set-keep-alive-enabled": set_keep_alive_enabled,
    "keep-alive-idle-time": keep_alive_idle_time,
    "set-keep-alive-idle-time": set_keep_alive_idle_time,
    "keep-alive-interval": keep_alive_interval,
    "set-keep-alive-interval": set_keep_alive_interval,
    "keep-alive-count": keep_alive_count, "set-keep-alive-count": set_keep_alive_count,
    "shutdown": shutdown,
}
"""The methods of ``tcp-socket`` whose result is ``result<_, error-code>``."""

INTERFACES = {
    "wasi:sockets/tcp": Interface(
        resources=("tcp-socket",),
        uses=("network", "input-stream", "output-stream", "pollable"),
        functions={
            **{f"[method]tcp-socket.{name}": (socket_function(impl), VALUE)
               for name, impl in _FUNCTIONS.items()},
            "[method]tcp-socket.is-listening": (is_listening, VALUE),
            "[method]tcp-socket.address-family": (address_family(TcpSocket), VALUE),
            "[method]tcp-socket.subscribe": (subscribe, VALUE),
        }),
    "wasi:sockets/tcp-create-socket": Interface(
        resources=(), uses=("network", "tcp-socket"),
        functions={"create-tcp-socket": (socket_function(create_tcp_socket), VALUE)}),
}
