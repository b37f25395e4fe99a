"""Clocks, randomness and ``poll_oneoff``."""

from __future__ import annotations

import struct
import time
from pathlib import Path
from types import ModuleType

import pytest

from wasmlite.wasi import Errno, WasiConfig

from .probe import Probe

REALTIME, MONOTONIC, PROCESS, THREAD = 0, 1, 2, 3
CLOCK, FD_READ, FD_WRITE = 0, 1, 2


@pytest.fixture
def probe(api: ModuleType, tmp_path: Path):
    (tmp_path / "data").write_bytes(b"abcdef")
    config = WasiConfig()
    config.preopen_dir(tmp_path, "/")
    instance = Probe(api, config)
    yield instance
    instance.close()


def _clock_subscription(userdata: int, clock: int, timeout: int, flags: int = 0) -> bytes:
    return struct.pack("<QB7xIxxxxQQH6x", userdata, CLOCK, clock, timeout, 0, flags)


def _fd_subscription(userdata: int, kind: int, fd: int) -> bytes:
    return struct.pack("<QB7xI28x", userdata, kind, fd)


def _poll(probe: Probe, subscriptions: list[bytes]) -> tuple[int, list[tuple]]:
    probe.memory.write(probe.store, b"".join(subscriptions), 1024)
    errno = probe.call("poll_oneoff", 1024, 2048, len(subscriptions), 0)
    count = probe.u32(0) if errno == Errno.SUCCESS else 0
    events = [struct.unpack("<QHBxxxxxQHxxxxxx", probe.read(2048 + 32 * i, 32))
              for i in range(count)]
    return errno, events


def test_clocks_tell_the_time(probe: Probe) -> None:
    assert probe.call("clock_time_get", REALTIME, 1, 0) == Errno.SUCCESS
    assert abs(probe.u64(0) - time.time_ns()) < 5_000_000_000
    assert probe.call("clock_time_get", MONOTONIC, 1, 0) == Errno.SUCCESS
    first = probe.u64(0)
    assert probe.call("clock_time_get", MONOTONIC, 1, 0) == Errno.SUCCESS
    assert probe.u64(0) >= first
    for clock in (REALTIME, MONOTONIC, PROCESS, THREAD):
        assert probe.call("clock_res_get", clock, 8) == Errno.SUCCESS
        assert probe.u64(8) >= 1
    assert probe.call("clock_time_get", 7, 1, 0) == Errno.INVAL
    assert probe.call("clock_res_get", 7, 0) == Errno.INVAL


def test_random_get_fills_the_buffer(probe: Probe) -> None:
    assert probe.call("random_get", 512, 64) == Errno.SUCCESS
    first = probe.read(512, 64)
    assert probe.call("random_get", 512, 64) == Errno.SUCCESS
    assert probe.read(512, 64) != first
    assert probe.call("random_get", 512, 0) == Errno.SUCCESS


def test_poll_waits_for_a_relative_clock(probe: Probe) -> None:
    start = time.monotonic()
    errno, events = _poll(probe, [_clock_subscription(42, MONOTONIC, 50_000_000)])
    assert time.monotonic() - start >= 0.045
    assert errno == Errno.SUCCESS
    assert events == [(42, Errno.SUCCESS, CLOCK, 0, 0)]


def test_poll_absolute_deadline_in_the_past_fires_at_once(probe: Probe) -> None:
    start = time.monotonic()
    errno, events = _poll(probe, [_clock_subscription(1, REALTIME, 1, flags=1)])
    assert time.monotonic() - start < 1
    assert (errno, [event[0] for event in events]) == (Errno.SUCCESS, [1])


def test_poll_reports_ready_descriptors_before_timeouts(probe: Probe) -> None:
    fd = probe.path_open(3, "data")[1]
    errno, events = _poll(probe, [_clock_subscription(1, MONOTONIC, 10_000_000_000),
                                  _fd_subscription(2, FD_READ, fd),
                                  _fd_subscription(3, FD_WRITE, 1)])
    assert errno == Errno.SUCCESS
    assert sorted(events) == [(2, 0, FD_READ, 6, 0), (3, 0, FD_WRITE, 0, 0)]


def test_poll_rejects_bad_subscriptions(probe: Probe) -> None:
    assert probe.call("poll_oneoff", 1024, 2048, 0, 0) == Errno.INVAL
    assert _poll(probe, [_fd_subscription(1, FD_READ, 99)])[0] == Errno.BADF
    assert _poll(probe, [_fd_subscription(1, FD_READ, 3)])[0] == Errno.BADF
    assert _poll(probe, [_clock_subscription(1, PROCESS, 10)])[0] == Errno.INVAL


def test_sched_yield_succeeds(probe: Probe) -> None:
    assert probe.call("sched_yield") == Errno.SUCCESS
