"""WASI preview 2 ``wasi:sockets`` through a component that calls the imports
directly (``components/sockets.wat``), against servers on 127.0.0.1 that the
tests start: TCP connect, send and receive, listen and accept, UDP datagrams,
name lookup, and the ``access-denied`` answers without network permission,
compared with wasmtime-py's ``add_wasip2`` in a child process."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

import pytest

import wasmlite
from wasmlite import component
from wasmlite.wasi.preview2.sockets_network import ERROR_CODES

from .runner import oracle_available

WAT = Path(__file__).parent / "components" / "sockets.wat"
TIMEOUT = 10.0
"""Seconds any socket of a test server waits before giving up."""


def status(step: int, code: str) -> int:
    """The status the component returns when ``step`` fails with ``code``."""
    return step << 8 | (ERROR_CODES.index(code) + 1)


class Guest:
    """The test component instantiated with WASI preview 2; ``guest.name(*args)``
    calls its export ``name`` (underscores for hyphens)."""

    def __init__(self, network: bool = True, lookup: bool = True) -> None:
        engine = wasmlite.Engine()
        self.store = wasmlite.Store(engine)
        config = wasmlite.WasiConfig()
        if network:
            config.inherit_network()
        config.allow_ip_name_lookup = lookup
        self.store.set_wasi(config)
        linker = component.Linker(engine)
        linker.add_wasip2()
        self.instance = linker.instantiate(self.store, component.Component(engine, WAT.read_text()))

    def __getattr__(self, name: str) -> Callable[..., Any]:
        func = self.instance.get_func(self.store, name.replace("_", "-"))
        assert func is not None, name
        return lambda *args: func(self.store, *args)


def receive_exactly(guest: Guest, size: int) -> bytes:
    """Read ``size`` bytes from the guest's connection (reads may return parts)."""
    data = b""
    while len(data) < size:
        part = guest.receive(size - len(data))
        assert part, f"connection ended after {data!r}"
        data += part
    return data


@pytest.fixture
def echo_server() -> Any:
    """A TCP server on 127.0.0.1 echoing what one client sends until it closes."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(TIMEOUT)

    def serve() -> None:
        try:
            client, _ = server.accept()
        except OSError:
            return
        with client:
            client.settimeout(TIMEOUT)
            try:
                while data := client.recv(4096):
                    client.sendall(data)
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    server.close()
    thread.join(TIMEOUT)


def test_tcp_connect_send_and_receive(echo_server: int) -> None:
    guest = Guest()
    assert guest.tcp_connect(echo_server) == 0
    assert guest.send(b"hello, sockets") == 0
    assert receive_exactly(guest, 14) == b"hello, sockets"
    assert guest.send(bytes(range(256)) * 8) == 0
    assert receive_exactly(guest, 2048) == bytes(range(256)) * 8
    assert guest.keep_alive() == 0
    assert guest.shutdown_send() == 0
    assert guest.receive(100) == b""
    guest.tcp_close()


def test_tcp_connect_to_a_closed_port_is_refused() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    assert Guest().tcp_connect(port) == status(3, "connection-refused")


def test_tcp_listen_and_accept() -> None:
    guest = Guest()
    assert guest.tcp_listen() == 0
    port = guest.listen_port()
    assert port > 0
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as client:
        assert guest.tcp_accept() == 0
        client.sendall(b"ping")
        assert receive_exactly(guest, 4) == b"ping"
        assert guest.send(b"pong") == 0
        assert client.recv(4) == b"pong"
        guest.tcp_close()
        assert client.recv(4) == b""


def test_udp_send_and_receive() -> None:
    guest = Guest()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.settimeout(TIMEOUT)
        port = server.getsockname()[1]
        for message in (b"first datagram", b"second"):
            assert guest.udp_send(port, message) == 0
            data, sender = server.recvfrom(100)
            assert data == message
            assert sender[0] == "127.0.0.1"
            server.sendto(data.upper(), sender)
            assert guest.udp_receive() == message.upper()


def test_name_lookup_of_localhost() -> None:
    guest = Guest()
    assert guest.lookup("localhost") == 0
    found = guest.lookup_found()
    assert found & 0xFFFF >= 1
    assert found & 0x30000, "neither 127.0.0.1 nor ::1 among the addresses"


@pytest.mark.parametrize("name, found", [("127.0.0.1", 0x10001), ("::1", 0x20001),
                                         ("[::1]", 0x20001)])
def test_name_lookup_of_an_address_literal(name: str, found: int) -> None:
    guest = Guest()
    assert guest.lookup(name) == 0
    assert guest.lookup_found() == found


@pytest.mark.parametrize("name", ["not a name", "", "a..b"])
def test_name_lookup_of_an_invalid_name(name: str) -> None:
    assert Guest().lookup(name) == status(1, "invalid-argument")


DENIED = {
    "tcp-connect": status(1, "access-denied"),
    "tcp-listen": status(1, "access-denied"),
    "udp-send": status(1, "access-denied"),
    "lookup": status(1, "permanent-resolver-failure"),
}
"""What each scenario answers without network permission."""


def _denied_results(guest: Guest) -> dict[str, int]:
    return {"tcp-connect": guest.tcp_connect(9), "tcp-listen": guest.tcp_listen(),
            "udp-send": guest.udp_send(9, b"x"), "lookup": guest.lookup("localhost")}


def test_sockets_are_denied_without_permission() -> None:
    assert _denied_results(Guest(network=False, lookup=False)) == DENIED


def test_lookup_needs_its_own_permission() -> None:
    guest = Guest(network=True, lookup=False)
    assert guest.lookup("localhost") == status(1, "permanent-resolver-failure")


_ORACLE = """
import json, sys, wasmtime, wasmtime.component as c
engine = wasmtime.Engine()
store = wasmtime.Store(engine)
store.set_wasi(wasmtime.WasiConfig())
linker = c.Linker(engine)
linker.add_wasip2()
instance = linker.instantiate(store, c.Component(engine, open(sys.argv[1]).read()))
call = lambda name, *args: instance.get_func(store, name)(store, *args)
print(json.dumps({"tcp-connect": call("tcp-connect", 9), "tcp-listen": call("tcp-listen"),
                  "udp-send": call("udp-send", 9, b"x"), "lookup": call("lookup", "localhost")}))
"""


@pytest.mark.skipif(not oracle_available(), reason="wasmtime-py with add_wasip2 is not installed")
def test_denial_matches_wasmtime() -> None:
    done = subprocess.run([sys.executable, "-c", _ORACLE, str(WAT)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = json.loads(done.stdout)
    assert theirs == DENIED
    assert _denied_results(Guest(network=False, lookup=False)) == theirs
