"""The standard streams behind WASI file descriptors 0, 1 and 2."""

from __future__ import annotations

import os
import sys

from .config import StdioSource
from .errno import Errno, WasiError, wasi_error_from_os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable


class InputStream:
    """A byte source for stdin: empty, this process's stdin, or a host file."""

    __slots__ = ("kind", "host_fd")

    def __init__(self, source: StdioSource):
        self.kind = source.kind
        self.host_fd = -1
        if source.kind == "file":
            try:
                self.host_fd = os.open(source.path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError as exc:
                raise wasi_error_from_os(exc) from None

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes; ``b""`` at end of input."""
        try:
            if self.kind == "file":
                return os.read(self.host_fd, size)
            if self.kind == "inherit":
                stdin = sys.stdin
                if stdin is None:
                    return b""
                buffer = getattr(stdin, "buffer", None)
                if buffer is not None:
                    read1 = getattr(buffer, "read1", None)
                    return read1(size) if read1 is not None else buffer.read(size)
                return stdin.read(size).encode("utf-8")
        except OSError as exc:
            raise wasi_error_from_os(exc) from None
        except (ValueError, AttributeError):
            raise WasiError(Errno.IO) from None
        return b""

    def fileno(self) -> int | None:
        """The host file descriptor to wait on, if there is one."""
        if self.kind == "file":
            return self.host_fd
        if self.kind == "inherit":
            try:
                return sys.stdin.fileno()
            except (AttributeError, OSError, ValueError):
                return None
        return None

    def isatty(self) -> bool:
        """Whether the stream is a terminal."""
        fd = self.fileno()
        return fd is not None and os.isatty(fd)

    def close(self) -> None:
        """Release the host file, if any."""
        if self.host_fd >= 0:
            os.close(self.host_fd)
            self.host_fd = -1


class OutputStream:
    """A byte sink for stdout/stderr: discarded, inherited, a host file, or a callback."""

    __slots__ = ("kind", "host_fd", "name", "callback")

    def __init__(self, source: StdioSource, name: str):
        self.kind = source.kind
        self.name = name
        self.host_fd = -1
        self.callback: Callable[[bytes], object] | None = source.callback
        if source.kind == "file":
            try:
                self.host_fd = os.open(source.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC
                                       | os.O_CLOEXEC, 0o666)
            except OSError as exc:
                raise wasi_error_from_os(exc) from None

    def write(self, data: bytes) -> int:
        """Write ``data``; the number of bytes written (a callback may accept fewer)."""
        kind = self.kind
        try:
            if kind == "inherit":
                target = getattr(sys, self.name)
                if target is None:
                    return len(data)
                buffer = getattr(target, "buffer", None)
                if buffer is None:
                    target.write(data.decode("utf-8", "replace"))
                else:
                    target.flush()
                    buffer.write(data)
                    buffer.flush()
            elif kind == "file":
                view = memoryview(data)
                while view:
                    view = view[os.write(self.host_fd, view):]
            elif kind == "custom":
                written = self.callback(bytes(data))
                if written is not None:
                    return max(0, min(int(written), len(data)))
        except OSError as exc:
            raise wasi_error_from_os(exc) from None
        except ValueError:
            raise WasiError(Errno.IO) from None
        return len(data)

    def fileno(self) -> int | None:
        """The host file descriptor behind the stream, if there is one."""
        if self.kind == "file":
            return self.host_fd
        if self.kind == "inherit":
            try:
                return getattr(sys, self.name).fileno()
            except (AttributeError, OSError, ValueError):
                return None
        return None

    def isatty(self) -> bool:
        """Whether the stream is a terminal."""
        fd = self.fileno()
        try:
            return fd is not None and os.isatty(fd)
        except OSError:
            return False

    def close(self) -> None:
        """Release the host file, if any."""
        if self.host_fd >= 0:
            os.close(self.host_fd)
            self.host_fd = -1
