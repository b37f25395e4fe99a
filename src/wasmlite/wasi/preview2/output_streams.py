"""The objects behind ``output-stream`` handles: standard output and error, and
file writes.

Writes complete before ``write`` returns, so a stream is always ready for
more (``check_write`` grants :data:`WRITE_PERMIT` bytes) and ``flush`` has
nothing left to do. A failed write raises :class:`~.errors.StreamFailure`;
afterwards the stream is closed.
"""

from __future__ import annotations

import os

from ..errno import WasiError
from ..streams import OutputStream as StdioSink
from .errors import StreamClosed, stream_failure

WRITE_PERMIT = 1 << 20
"""How many bytes ``check-write`` lets a component write at once."""


class OutputStream:
    """A byte sink a component writes through an ``output-stream``."""

    __slots__ = ("closed",)

    def __init__(self) -> None:
        self.closed = False

    def check_write(self) -> int:
        """How many bytes may be written now."""
        if self.closed:
            raise StreamClosed()
        return WRITE_PERMIT

    def write(self, data: bytes) -> None:
        """Write all of ``data``."""
        if self.closed:
            raise StreamClosed()
        try:
            self._write(data)
        except (OSError, WasiError) as exc:
            self.closed = True
            raise stream_failure(exc) from None

    def _write(self, data: bytes) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Make the written bytes reach their destination (they already have)."""
        if self.closed:
            raise StreamClosed()

    def close(self) -> None:
        """Release what the stream holds."""


class StdioStream(OutputStream):
    """The program's standard output or error (shared with preview 1's descriptors)."""

    __slots__ = ("sink",)

    def __init__(self, sink: StdioSink) -> None:
        super().__init__()
        self.sink = sink

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = self.sink.write(bytes(view))
            if written <= 0:
                return
            view = view[written:]


class FileOutputStream(OutputStream):
    """Writes to a file from ``offset`` on (at its end when ``append``), through a
    host descriptor of its own."""

    __slots__ = ("fd", "offset", "append")

    def __init__(self, host_fd: int, offset: int, append: bool = False) -> None:
        super().__init__()
        self.fd = os.dup(host_fd)
        self.offset = offset
        self.append = append

    def _write(self, data: bytes) -> None:
        if self.append:
            self.offset = os.fstat(self.fd).st_size
        view = memoryview(data)
        while view:
            written = os.pwrite(self.fd, view, self.offset)
            self.offset += written
            view = view[written:]

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
