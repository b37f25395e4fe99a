"""``wasi:filesystem`` error codes, and the failures WASI functions raise.

The sandbox reports failures as preview 1 errno values (``WasiError``) or
host ``OSError``; :func:`error_code` gives the ``error-code`` case of either.
Functions of ``wasi:io/streams`` fail with :class:`StreamClosed` or
:class:`StreamFailure`; those of ``wasi:filesystem`` with :class:`FsError`.
"""

from __future__ import annotations

from ..errno import Errno, WasiError, errno_from_host

_E = Errno
_CODES: dict[int, str] = {
    _E.ACCES: "access", _E.AGAIN: "would-block", _E.ALREADY: "already",
    _E.BADF: "bad-descriptor", _E.BUSY: "busy", _E.DEADLK: "deadlock", _E.DQUOT: "quota",
    _E.EXIST: "exist", _E.FBIG: "file-too-large", _E.ILSEQ: "illegal-byte-sequence",
    _E.INPROGRESS: "in-progress", _E.INTR: "interrupted", _E.INVAL: "invalid", _E.IO: "io",
    _E.ISDIR: "is-directory", _E.LOOP: "loop", _E.MLINK: "too-many-links",
    _E.MSGSIZE: "message-size", _E.NAMETOOLONG: "name-too-long", _E.NODEV: "no-device",
    _E.NOENT: "no-entry", _E.NOLCK: "no-lock", _E.NOMEM: "insufficient-memory",
    _E.NOSPC: "insufficient-space", _E.NOTDIR: "not-directory", _E.NOTEMPTY: "not-empty",
    _E.NOTRECOVERABLE: "not-recoverable", _E.NOTSUP: "unsupported", _E.NOSYS: "unsupported",
    _E.NOTTY: "no-tty", _E.NXIO: "no-such-device", _E.OVERFLOW: "overflow",
    _E.PERM: "not-permitted", _E.NOTCAPABLE: "not-permitted", _E.PIPE: "pipe",
    _E.ROFS: "read-only", _E.SPIPE: "invalid-seek", _E.TXTBSY: "text-file-busy",
    _E.XDEV: "cross-device",
}
"""The ``error-code`` case of each preview 1 errno (``io`` for the others)."""


class FsError(Exception):
    """A ``wasi:filesystem`` function fails with the ``error-code`` case ``code``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class StreamClosed(Exception):
    """The stream is closed: ``stream-error::closed``."""


class StreamFailure(Exception):
    """The last stream operation failed: ``stream-error::last-operation-failed``,
    with ``message`` and (for a filesystem failure) the ``error-code`` ``code``."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def error_code(exc: BaseException) -> str:
    """The ``error-code`` case for a failure of the sandbox or the host."""
    if isinstance(exc, FsError):
        return exc.code
    if isinstance(exc, WasiError):
        return _CODES.get(exc.errno, "io")
    if isinstance(exc, OSError):
        return _CODES.get(errno_from_host(exc.errno), "io")
    if isinstance(exc, UnicodeError):
        return "illegal-byte-sequence"
    return "io"


def stream_failure(exc: BaseException) -> StreamFailure:
    """The :class:`StreamFailure` for a failure of the host under a stream."""
    code = error_code(exc)
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else code
    return StreamFailure(str(text), code)
