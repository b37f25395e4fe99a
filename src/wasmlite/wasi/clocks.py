"""Clocks: ``clock_res_get`` and ``clock_time_get``."""

from __future__ import annotations

import time

from .context import WasiContext
from .enums import Clockid
from .errno import Errno, WasiError
from .memory import U64, pack

_READERS = {
    Clockid.REALTIME: time.time_ns,
    Clockid.MONOTONIC: time.monotonic_ns,
    Clockid.PROCESS_CPUTIME_ID: time.process_time_ns,
    Clockid.THREAD_CPUTIME_ID: time.thread_time_ns,
}
_INFO_NAMES = {
    Clockid.REALTIME: "time",
    Clockid.MONOTONIC: "monotonic",
    Clockid.PROCESS_CPUTIME_ID: "process_time",
    Clockid.THREAD_CPUTIME_ID: "thread_time",
}


def clock_now(clock_id: int) -> int:
    """The current time of clock ``clock_id`` in nanoseconds (``INVAL`` for unknown clocks)."""
    reader = _READERS.get(clock_id)
    if reader is None:
        raise WasiError(Errno.INVAL)
    return reader()


def clock_resolution(clock_id: int) -> int:
    """The resolution of clock ``clock_id`` in nanoseconds (``INVAL`` for unknown clocks)."""
    name = _INFO_NAMES.get(clock_id)
    if name is None:
        raise WasiError(Errno.INVAL)
    return max(1, round(time.get_clock_info(name).resolution * 1e9))


def clock_res_get(ctx: WasiContext, mem: memoryview, clock_id: int, resolution_ptr: int) -> int:
    """Store the resolution of clock ``clock_id`` in nanoseconds."""
    pack(U64, mem, resolution_ptr, clock_resolution(clock_id))
    return 0


def clock_time_get(ctx: WasiContext, mem: memoryview, clock_id: int, precision: int,
                   time_ptr: int) -> int:
    """Store the time of clock ``clock_id`` in nanoseconds."""
    pack(U64, mem, time_ptr, clock_now(clock_id))
    return 0
