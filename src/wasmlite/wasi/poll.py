"""Waiting for events: ``poll_oneoff``.

Clock subscriptions fire when their deadline passes. Files and the
non-inherited standard streams are always ready; a closed descriptor or a
directory makes the whole call fail with ``BADF``. An inherited stdin
(or a standard stream backed by a host file) is waited on with ``select``.
"""

from __future__ import annotations

import os
import select
import time

from .clocks import clock_now
from .context import WasiContext
from .descriptors import DirectoryDescriptor, FileDescriptor, StreamDescriptor
from .enums import Clockid, Eventrwflags, Eventtype, Subclockflags
from .errno import Errno, WasiError
from .memory import (
    EVENT, SUBSCRIPTION_CLOCK, SUBSCRIPTION_HEADER, SUBSCRIPTION_SIZE, U32, check_range, pack,
    unpack,
)
from .streams import InputStream

_WAITABLE_CLOCKS = (Clockid.REALTIME, Clockid.MONOTONIC)


def _readable_bytes(host_fd: int) -> int:
    """How many bytes a read at the current position of a regular file would return."""
    try:
        size = os.fstat(host_fd).st_size
        position = os.lseek(host_fd, 0, os.SEEK_CUR)
    except OSError:
        return 0
    return max(0, size - position)


def _wait_for_streams(readers: dict[int, list[int]], writers: dict[int, list[int]],
                      timeout: float | None) -> list[tuple[int, int, int, int, int]]:
    """Events for the host streams that become ready within ``timeout`` seconds."""
    try:
        readable, writable, _ = select.select(list(readers), list(writers), [], timeout)
    except (OSError, ValueError):
        readable, writable = list(readers), list(writers)
    events = []
    for host_fd in readable:
        for userdata in readers[host_fd]:
            events.append((userdata, Errno.SUCCESS, Eventtype.FD_READ, 0, 0))
    for host_fd in writable:
        for userdata in writers[host_fd]:
            events.append((userdata, Errno.SUCCESS, Eventtype.FD_WRITE, 0, 0))
    return events


def poll_oneoff(ctx: WasiContext, mem: memoryview, in_ptr: int, out_ptr: int,
                nsubscriptions: int, nevents_ptr: int) -> int:
    """Wait until at least one subscription's event happens; store the events."""
    if nsubscriptions == 0:
        raise WasiError(Errno.INVAL)
    check_range(mem, in_ptr, nsubscriptions * SUBSCRIPTION_SIZE)
    check_range(mem, out_ptr, nsubscriptions * EVENT.size)
    check_range(mem, nevents_ptr, 4)
    start = time.monotonic_ns()
    events: list[tuple[int, int, int, int, int]] = []
    clocks: list[tuple[int, int]] = []
    readers: dict[int, list[int]] = {}
    writers: dict[int, list[int]] = {}
    for index in range(nsubscriptions):
        base = in_ptr + index * SUBSCRIPTION_SIZE
        userdata, tag = unpack(SUBSCRIPTION_HEADER, mem, base)
        if tag == Eventtype.CLOCK:
            clock_id, timeout, _precision, flags = unpack(SUBSCRIPTION_CLOCK, mem, base + 16)
            if clock_id not in _WAITABLE_CLOCKS:
                raise WasiError(Errno.INVAL)
            if flags & Subclockflags.SUBSCRIPTION_CLOCK_ABSTIME:
                timeout = max(0, timeout - clock_now(clock_id))
            clocks.append((userdata, timeout))
        elif tag in (Eventtype.FD_READ, Eventtype.FD_WRITE):
            fd = unpack(U32, mem, base + 16)[0]
            descriptor = ctx.table.get(fd)
            if isinstance(descriptor, DirectoryDescriptor):
                raise WasiError(Errno.BADF)
            stream = descriptor.stream if isinstance(descriptor, StreamDescriptor) else None
            host_fd = stream.fileno() if stream is not None else None
            if host_fd is not None and stream.kind == "inherit":
                (readers if tag == Eventtype.FD_READ else writers).setdefault(
                    host_fd, []).append(userdata)
                continue
            nbytes = flags = 0
            if tag == Eventtype.FD_READ:
                if isinstance(descriptor, FileDescriptor):
                    nbytes = _readable_bytes(descriptor.host_fd)
                elif isinstance(stream, InputStream):
                    if stream.kind == "file":
                        nbytes = _readable_bytes(stream.host_fd)
                    else:
                        flags = Eventrwflags.FD_READWRITE_HANGUP
            events.append((userdata, Errno.SUCCESS, tag, nbytes, flags))
        else:
            raise WasiError(Errno.INVAL)
    deadline = min((timeout for _, timeout in clocks), default=None)
    while True:
        elapsed = time.monotonic_ns() - start
        for userdata, timeout in clocks:
            if timeout <= elapsed:
                events.append((userdata, Errno.SUCCESS, Eventtype.CLOCK, 0, 0))
        if events:
            break
        remaining = None if deadline is None else (deadline - elapsed) / 1e9
        if readers or writers:
            events.extend(_wait_for_streams(readers, writers, remaining))
        else:
            time.sleep(remaining)
    for position, event in enumerate(events):
        pack(EVENT, mem, out_ptr + position * EVENT.size, *event)
    pack(U32, mem, nevents_ptr, len(events))
    return 0
