"""``wasi:sockets`` implementation functions called as a component's imports
would be: the states of a TCP socket (``invalid-state``, ``not-in-progress``,
``would-block``), address checks, socket options, UDP streams and datagrams,
and the ``-S`` switches of ``wasmlite run``. Everything stays on 127.0.0.1."""

from __future__ import annotations

import socket
import time

import pytest

import wasmlite
from wasmlite import cli
from wasmlite.component.values import Record, Variant
from wasmlite.runtime.trap import Trap
from wasmlite.wasi.context import WasiContext
from wasmlite.wasi.preview2 import io_poll, io_streams, sockets_lookup, sockets_tcp, sockets_udp
from wasmlite.wasi.preview2.errors import StreamClosed
from wasmlite.wasi.preview2.sockets_network import instance_network
from wasmlite.wasi.preview2.state import Preview2State

TCP = sockets_tcp.INTERFACES["wasi:sockets/tcp"].functions
CREATE_TCP = sockets_tcp.INTERFACES["wasi:sockets/tcp-create-socket"].functions
UDP = sockets_udp.INTERFACES["wasi:sockets/udp"].functions
CREATE_UDP = sockets_udp.INTERFACES["wasi:sockets/udp-create-socket"].functions


def v4(port: int, address: tuple[int, int, int, int] = (127, 0, 0, 1)) -> Variant:
    """An ``ip-socket-address`` value for IPv4."""
    return Variant("ipv4", Record(port=port, address=address))


def v6(port: int, address: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 0, 1)) -> Variant:
    """An ``ip-socket-address`` value for IPv6."""
    return Variant("ipv6", Record(**{"port": port, "flow-info": 0, "address": address,
                                     "scope-id": 0}))


@pytest.fixture
def state() -> Preview2State:
    config = wasmlite.WasiConfig()
    config.inherit_network()
    config.allow_ip_name_lookup = True
    context = WasiContext(config)
    yield Preview2State(context)
    context.close()


def tcp(state: Preview2State, name: str, *args: object) -> object:
    """Call the ``tcp-socket`` method ``name``."""
    return TCP[f"[method]tcp-socket.{name}"][0](state, *args)


def udp(state: Preview2State, name: str, *args: object) -> object:
    """Call the ``wasi:sockets/udp`` function ``name``."""
    return UDP[name][0](state, *args)


def new_tcp(state: Preview2State, family: str = "ipv4") -> object:
    return CREATE_TCP["create-tcp-socket"][0](state, family)


def test_finishing_what_was_not_started(state: Preview2State) -> None:
    sock = new_tcp(state)
    assert tcp(state, "finish-bind", sock) == "not-in-progress"
    assert tcp(state, "finish-connect", sock) == "not-in-progress"
    assert tcp(state, "finish-listen", sock) == "not-in-progress"


def test_operations_in_the_wrong_state(state: Preview2State) -> None:
    sock = new_tcp(state)
    network = instance_network(state)
    assert tcp(state, "start-listen", sock) == "invalid-state"
    assert tcp(state, "accept", sock) == "invalid-state"
    assert tcp(state, "local-address", sock) == "invalid-state"
    assert tcp(state, "remote-address", sock) == "invalid-state"
    assert tcp(state, "shutdown", sock, "both") == "invalid-state"
    assert tcp(state, "start-bind", sock, network, v4(0)) is None
    assert tcp(state, "start-bind", sock, network, v4(0)) == "concurrency-conflict"
    assert tcp(state, "finish-bind", sock) is None
    assert tcp(state, "start-bind", sock, network, v4(0)) == "invalid-state"
    assert tcp(state, "is-listening", sock) is False
    assert tcp(state, "address-family", sock) == "ipv4"


def test_address_checks(state: Preview2State) -> None:
    network = instance_network(state)
    sock = new_tcp(state)
    assert tcp(state, "start-bind", sock, network, v6(0)) == "invalid-argument"
    assert tcp(state, "start-connect", sock, network, v4(0)) == "invalid-argument"
    assert tcp(state, "start-connect", sock, network, v4(80, (0, 0, 0, 0))) == "invalid-argument"
    assert tcp(state, "start-connect", sock, network, v4(80, (224, 0, 0, 1))) == "invalid-argument"
    six = new_tcp(state, "ipv6")
    mapped = (0, 0, 0, 0, 0, 0xFFFF, 0x7F00, 1)
    assert tcp(state, "start-connect", six, network, v6(80, mapped)) == "invalid-argument"


def test_listen_accept_and_addresses(state: Preview2State) -> None:
    network = instance_network(state)
    listener = new_tcp(state)
    assert tcp(state, "set-listen-backlog-size", listener, 0) == "invalid-argument"
    assert tcp(state, "set-listen-backlog-size", listener, 4) is None
    tcp(state, "start-bind", listener, network, v4(0))
    tcp(state, "finish-bind", listener)
    tcp(state, "start-listen", listener)
    assert tcp(state, "start-listen", listener) == "concurrency-conflict"
    tcp(state, "finish-listen", listener)
    assert tcp(state, "is-listening", listener) is True
    assert tcp(state, "accept", listener) == "would-block"
    local = tcp(state, "local-address", listener)
    port = local.payload.port
    pollable = tcp(state, "subscribe", listener)
    assert io_poll.ready(state, pollable) is False
    client = new_tcp(state)
    assert tcp(state, "start-connect", client, network, v4(port)) is None
    assert tcp(state, "start-connect", client, network, v4(port)) == "concurrency-conflict"
    io_poll.block(state, tcp(state, "subscribe", client))
    reader, writer = tcp(state, "finish-connect", client)
    io_poll.block(state, pollable)
    accepted, their_reader, their_writer = tcp(state, "accept", listener)
    assert tcp(state, "remote-address", accepted) == tcp(state, "local-address", client)
    assert tcp(state, "remote-address", client).payload.port == port
    io_streams.blocking_write_and_flush(state, writer, b"over loopback")
    assert io_streams.read(state, their_reader, 0) == b""
    received = b""
    while len(received) < 13:
        received += io_streams.blocking_read(state, their_reader, 100)
    assert received == b"over loopback"
    assert io_streams.read(state, their_reader, 100) == b""
    assert tcp(state, "shutdown", client, "send") is None
    with pytest.raises(StreamClosed):
        io_streams.blocking_read(state, their_reader, 100)


def test_socket_options(state: Preview2State) -> None:
    sock = new_tcp(state)
    assert tcp(state, "set-keep-alive-enabled", sock, True) is None
    assert tcp(state, "keep-alive-enabled", sock) is True
    assert tcp(state, "set-keep-alive-idle-time", sock, 0) == "invalid-argument"
    assert tcp(state, "set-keep-alive-idle-time", sock, 30 * 10**9) is None
    assert tcp(state, "keep-alive-idle-time", sock) == 30 * 10**9
    assert tcp(state, "set-keep-alive-interval", sock, 1) is None
    assert tcp(state, "keep-alive-interval", sock) == 10**9
    assert tcp(state, "set-keep-alive-count", sock, 0) == "invalid-argument"
    assert tcp(state, "set-keep-alive-count", sock, 5) is None
    assert tcp(state, "keep-alive-count", sock) == 5
    assert tcp(state, "set-hop-limit", sock, 0) == "invalid-argument"
    assert tcp(state, "set-hop-limit", sock, 42) is None
    assert tcp(state, "hop-limit", sock) == 42
    assert tcp(state, "set-receive-buffer-size", sock, 0) == "invalid-argument"
    assert tcp(state, "set-receive-buffer-size", sock, 65536) is None
    assert tcp(state, "receive-buffer-size", sock) == 65536
    assert tcp(state, "set-send-buffer-size", sock, 65536) is None
    assert tcp(state, "send-buffer-size", sock) == 65536


def test_a_connection_attempt_pollable_waits(state: Preview2State) -> None:
    network = instance_network(state)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    sock = new_tcp(state)
    tcp(state, "start-connect", sock, network, v4(port))
    started = time.monotonic()
    io_poll.block(state, tcp(state, "subscribe", sock))
    assert time.monotonic() - started < 5
    assert tcp(state, "finish-connect", sock) == "connection-refused"


def test_udp_streams_and_datagrams(state: Preview2State) -> None:
    network = instance_network(state)
    sock = CREATE_UDP["create-udp-socket"][0](state, "ipv4")
    assert udp(state, "[method]udp-socket.stream", sock, None) == "invalid-state"
    udp(state, "[method]udp-socket.start-bind", sock, network, v4(0))
    assert udp(state, "[method]udp-socket.finish-bind", sock) is None
    assert udp(state, "[method]udp-socket.remote-address", sock) == "invalid-state"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
        peer.bind(("127.0.0.1", 0))
        peer.settimeout(10)
        port = peer.getsockname()[1]
        incoming, outgoing = udp(state, "[method]udp-socket.stream", sock, v4(port))
        assert udp(state, "[method]udp-socket.remote-address", sock) == v4(port)
        send = "[method]outgoing-datagram-stream.send"
        with pytest.raises(Trap, match="unpermitted"):
            udp(state, send, outgoing, [Record(**{"data": b"x", "remote-address": None})])
        assert udp(state, "[method]outgoing-datagram-stream.check-send", outgoing) == 16
        datagrams = [Record(**{"data": b"one", "remote-address": None}),
                     Record(**{"data": b"two", "remote-address": v4(port)})]
        assert udp(state, send, outgoing, datagrams) == 2
        assert peer.recvfrom(10)[0] == b"one"
        data, sender = peer.recvfrom(10)
        assert data == b"two"
        wrong = [Record(**{"data": b"x", "remote-address": v4(port + 1 if port < 65535 else 1)})]
        udp(state, "[method]outgoing-datagram-stream.check-send", outgoing)
        assert udp(state, send, outgoing, wrong) == "invalid-argument"
        receive = "[method]incoming-datagram-stream.receive"
        assert udp(state, receive, incoming, 5) == []
        peer.sendto(b"back", sender)
        io_poll.block(state, udp(state, "[method]incoming-datagram-stream.subscribe", incoming))
        got = udp(state, receive, incoming, 5)
        assert [d.data for d in got] == [b"back"]
        assert getattr(got[0], "remote-address") == v4(port)
        fresh_in, fresh_out = udp(state, "[method]udp-socket.stream", sock, None)
        assert udp(state, receive, incoming, 1) == "invalid-state"
        assert udp(state, "[method]udp-socket.remote-address", sock) == "invalid-state"


def test_lookup_resolves_literals_without_the_resolver(state: Preview2State) -> None:
    functions = sockets_lookup.INTERFACES["wasi:sockets/ip-name-lookup"].functions
    stream = functions["resolve-addresses"][0](state, instance_network(state), "10.1.2.3")
    next_address = functions["[method]resolve-address-stream.resolve-next-address"][0]
    assert next_address(state, stream) == Variant("ipv4", (10, 1, 2, 3))
    assert next_address(state, stream) is None


@pytest.mark.parametrize("flags, inherit, lookup", [
    ([], False, False),
    (["-S", "inherit-network"], True, False),
    (["-S", "allow-ip-name-lookup", "-S", "inherit-network=y"], True, True),
    (["-S", "allow-ip-name-lookup=n"], False, False),
])
def test_command_line_switches(flags: list[str], inherit: bool, lookup: bool) -> None:
    options = cli._parser().parse_args([*flags, "program.wasm"])
    config = cli._wasi_config(options)
    assert (config.network.inherit, config.allow_ip_name_lookup) == (inherit, lookup)


def test_an_unknown_switch_is_a_usage_error() -> None:
    options = cli._parser().parse_args(["-S", "tcp-everything", "program.wasm"])
    with pytest.raises(cli.UsageError, match="tcp-everything"):
        cli._wasi_config(options)
