"""Pollables: what a ``pollable`` resource waits for, and waiting on several.

A pollable is ready at once (files, output streams, a standard stream with
no host descriptor), at a monotonic-clock deadline, or when a host file
descriptor becomes readable (an inherited stdin). :func:`wait` blocks until
at least one of a list is ready, sleeping until the nearest deadline or
until ``select`` reports a descriptor.
"""

from __future__ import annotations

import select
import time


class Pollable:
    """Ready at once."""

    __slots__ = ()

    def ready(self) -> bool:
        """Whether the event has happened."""
        return True

    def deadline(self) -> int | None:
        """The monotonic time in nanoseconds at which it becomes ready, if it is one."""
        return None

    def fileno(self) -> int | None:
        """The host descriptor whose readability it waits for, if any."""
        return None


class Deadline(Pollable):
    """Ready once the monotonic clock reaches ``at`` (nanoseconds)."""

    __slots__ = ("at",)

    def __init__(self, at: int) -> None:
        self.at = at

    def ready(self) -> bool:
        return time.monotonic_ns() >= self.at

    def deadline(self) -> int | None:
        return self.at


class Readable(Pollable):
    """Ready when the host descriptor ``fd`` has data to read (or is at its end)."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def ready(self) -> bool:
        try:
            return bool(select.select([self.fd], [], [], 0)[0])
        except (OSError, ValueError):
            return True

    def fileno(self) -> int | None:
        return self.fd


def wait(pollables: list[Pollable]) -> list[int]:
    """Block until at least one of ``pollables`` is ready; the indices of the ready ones."""
    while True:
        ready = [index for index, pollable in enumerate(pollables) if pollable.ready()]
        if ready:
            return ready
        deadlines = [at for at in (p.deadline() for p in pollables) if at is not None]
        fds = [fd for fd in (p.fileno() for p in pollables) if fd is not None]
        timeout = None
        if deadlines:
            timeout = max(0.0, (min(deadlines) - time.monotonic_ns()) / 1e9)
        if fds:
            try:
                select.select(fds, [], [], timeout)
            except (OSError, ValueError):
                return list(range(len(pollables)))
        elif timeout is not None:
            time.sleep(timeout)
        else:
            return list(range(len(pollables)))
