"""``proc_exit``/``proc_raise``, sockets, and guest pointers outside memory."""

from __future__ import annotations

from types import ModuleType

import pytest

from wasmlite.errors import WasmtimeError
from wasmlite.wasi import Errno, ProcExit, WasiConfig, WasiContext, define_wasi

from .probe import Probe

MEMORY_SIZE = 2 * 65536


@pytest.fixture
def probe(api: ModuleType):
    instance = Probe(api, WasiConfig())
    yield instance
    instance.close()


@pytest.mark.parametrize("code", [0, 1, 125])
def test_proc_exit_ends_the_call_with_its_code(probe: Probe, code: int) -> None:
    with pytest.raises(ProcExit) as raised:
        probe.call("proc_exit", code)
    assert raised.value.code == code


@pytest.mark.parametrize("code", [126, 255, -1])
def test_proc_exit_refuses_codes_from_126(probe: Probe, code: int) -> None:
    with pytest.raises(WasmtimeError, match=r"outside of \[0\.\.126\)"):
        probe.call("proc_exit", code)


def test_exit_trap_factory_decides_the_exception(api: ModuleType) -> None:
    class Exited(Exception):
        def __init__(self, code: int):
            super().__init__(code)
            self.code = code

    def setup(linker: object, store: object) -> None:
        context = WasiContext(WasiConfig())
        define_wasi(linker, lambda caller: context, api=api, exit_trap=Exited)

    probe = Probe(api, WasiConfig(), linker_setup=setup)
    with pytest.raises(Exited) as raised:
        probe.call("proc_exit", 3)
    assert raised.value.code == 3


def test_proc_raise_is_not_supported(probe: Probe) -> None:
    assert probe.call("proc_raise", 6) == Errno.NOTSUP


@pytest.mark.parametrize("name,args", [
    ("sock_accept", (1, 0, 0)),
    ("sock_recv", (0, 0, 0, 0, 0, 0)),
    ("sock_send", (2, 0, 0, 0, 0)),
    ("sock_shutdown", (1, 3)),
])
def test_socket_calls_on_non_sockets(probe: Probe, name: str, args: tuple) -> None:
    assert probe.call(name, *args) == Errno.NOTSOCK
    assert probe.call(name, 99, *args[1:]) == Errno.BADF


@pytest.mark.parametrize("name,args", [
    ("args_sizes_get", (MEMORY_SIZE - 2, 0)),
    ("random_get", (MEMORY_SIZE - 4, 100)),
    ("fd_write", (1, MEMORY_SIZE - 4, 1, 0)),
    ("clock_time_get", (0, 0, MEMORY_SIZE)),
    ("fd_fdstat_get", (1, 0xFFFFFFF0)),
])
def test_pointers_outside_memory_are_fault(probe: Probe, name: str, args: tuple) -> None:
    assert probe.call(name, *args) == Errno.FAULT


def test_iovec_buffers_outside_memory_are_fault(probe: Probe) -> None:
    probe.memory.write(probe.store, (MEMORY_SIZE - 4).to_bytes(4, "little")
                       + (100).to_bytes(4, "little"), 64)
    assert probe.call("fd_write", 1, 64, 1, 0) == Errno.FAULT
