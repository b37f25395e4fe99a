"""The objects behind ``input-stream`` handles: standard input and file reads.

``read`` returns what is available without waiting (possibly nothing),
``blocking_read`` waits for at least one byte; both raise
:class:`~.errors.StreamClosed` at the end of the input and
:class:`~.errors.StreamFailure` when the host read fails.
"""

from __future__ import annotations

import os

from ..errno import WasiError
from ..streams import InputStream as StdinSource
from .errors import StreamClosed, stream_failure
from .pollables import Pollable, Readable

MAX_READ = 1 << 20
"""One read returns at most this many bytes."""


class InputStream:
    """A byte source a component reads through an ``input-stream``."""

    __slots__ = ()

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes that are available now."""
        return self.blocking_read(size)

    def blocking_read(self, size: int) -> bytes:
        """Up to ``size`` bytes, waiting for at least one."""
        raise NotImplementedError

    def pollable(self) -> Pollable:
        """What ``subscribe`` waits on: data to read, or the end of the input."""
        return Pollable()

    def close(self) -> None:
        """Release what the stream holds."""


class StdinStream(InputStream):
    """The program's standard input (shared with preview 1's descriptor 0)."""

    __slots__ = ("source",)

    def __init__(self, source: StdinSource) -> None:
        self.source = source

    def _waitable_fd(self) -> int | None:
        return self.source.fileno() if self.source.kind == "inherit" else None

    def read(self, size: int) -> bytes:
        if size == 0:
            return b""
        pollable = self.pollable()
        if not pollable.ready():
            return b""
        return self.blocking_read(size)

    def blocking_read(self, size: int) -> bytes:
        if size == 0:
            return b""
        try:
            data = self.source.read(min(size, MAX_READ))
        except WasiError as exc:
            raise stream_failure(exc) from None
        if not data:
            raise StreamClosed()
        return data

    def pollable(self) -> Pollable:
        fd = self._waitable_fd()
        return Pollable() if fd is None else Readable(fd)


class FileInputStream(InputStream):
    """Reads of a file from ``offset`` on, through a host descriptor of its own."""

    __slots__ = ("fd", "offset")

    def __init__(self, host_fd: int, offset: int) -> None:
        self.fd = os.dup(host_fd)
        self.offset = offset

    def blocking_read(self, size: int) -> bytes:
        if size == 0:
            return b""
        if self.fd < 0:
            raise StreamClosed()
        try:
            data = os.pread(self.fd, min(size, MAX_READ), self.offset)
        except OSError as exc:
            raise stream_failure(exc) from None
        if not data:
            raise StreamClosed()
        self.offset += len(data)
        return data

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
