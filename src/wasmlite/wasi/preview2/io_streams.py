"""``wasi:io/streams``: reading ``input-stream``s and writing ``output-stream``s."""

from __future__ import annotations

from typing import Any

from ...component.values import ResourceHost
from ...runtime.trap import Trap
from .input_streams import InputStream
from .output_streams import OutputStream
from .pollables import Pollable
from .resources import own, rep_of
from .interface import Interface
from .results import STREAM, STREAM_UNIT, VALUE
from .state import Preview2State


BLOCKING_WRITE_LIMIT = 4096
"""``blocking-write-and-flush`` and ``blocking-write-zeroes-and-flush`` take at most
this many bytes (more is a trap)."""


def _input(state: Preview2State, handle: Any) -> InputStream:
    return state.get(rep_of(handle))  # type: ignore[no-any-return]


def _output(state: Preview2State, handle: Any) -> OutputStream:
    return state.get(rep_of(handle))  # type: ignore[no-any-return]


def read(state: Preview2State, stream: Any, size: int) -> bytes:
    """Up to ``size`` bytes available now (possibly none)."""
    return _input(state, stream).read(size)


def blocking_read(state: Preview2State, stream: Any, size: int) -> bytes:
    """Up to ``size`` bytes, waiting for at least one."""
    return _input(state, stream).blocking_read(size)


def skip(state: Preview2State, stream: Any, size: int) -> int:
    """Discard up to ``size`` bytes available now; how many were discarded."""
    return len(_input(state, stream).read(size))


def blocking_skip(state: Preview2State, stream: Any, size: int) -> int:
    """Discard up to ``size`` bytes, waiting for at least one; how many were discarded."""
    return len(_input(state, stream).blocking_read(size))


def subscribe_input(state: Preview2State, stream: Any) -> ResourceHost:
    """A pollable ready when the stream has data to read or is at its end."""
    return own(state.table, "pollable", _input(state, stream).pollable())


def check_write(state: Preview2State, stream: Any) -> int:
    """How many bytes may be written now."""
    return _output(state, stream).check_write()


def write(state: Preview2State, stream: Any, contents: bytes) -> None:
    """Write ``contents``."""
    _output(state, stream).write(bytes(contents))


def blocking_write_and_flush(state: Preview2State, stream: Any, contents: bytes) -> None:
    """Write ``contents`` (at most 4096 bytes) and flush."""
    if len(contents) > BLOCKING_WRITE_LIMIT:
        raise Trap("Buffer too large for blocking-write-and-flush (expected at most 4096)")
    target = _output(state, stream)
    target.write(bytes(contents))
    target.flush()


def flush(state: Preview2State, stream: Any) -> None:
    """Start flushing what was written."""
    _output(state, stream).flush()


def blocking_flush(state: Preview2State, stream: Any) -> None:
    """Flush what was written."""
    _output(state, stream).flush()


def subscribe_output(state: Preview2State, stream: Any) -> ResourceHost:
    """A pollable ready when the stream accepts more bytes (always)."""
    _output(state, stream)
    return own(state.table, "pollable", Pollable())


def write_zeroes(state: Preview2State, stream: Any, size: int) -> None:
    """Write ``size`` zero bytes."""
    target = _output(state, stream)
    if size > target.check_write():
        raise Trap("write-zeroes of more bytes than check-write permits")
    target.write(bytes(size))


def blocking_write_zeroes_and_flush(state: Preview2State, stream: Any, size: int) -> None:
    """Write ``size`` zero bytes (at most 4096) and flush."""
    if size > BLOCKING_WRITE_LIMIT:
        raise Trap("Buffer too large for blocking-write-zeroes-and-flush (expected at most "
                   "4096)")
    target = _output(state, stream)
    target.write(bytes(size))
    target.flush()


def _splice(state: Preview2State, stream: Any, source: Any, size: int, blocking: bool) -> int:
    target = _output(state, stream)
    origin = _input(state, source)
    size = min(size, target.check_write())
    data = origin.blocking_read(size) if blocking else origin.read(size)
    if data:
        target.write(data)
    return len(data)


def splice(state: Preview2State, stream: Any, source: Any, size: int) -> int:
    """Move up to ``size`` bytes available now from ``source`` to the stream."""
    return _splice(state, stream, source, size, False)


def blocking_splice(state: Preview2State, stream: Any, source: Any, size: int) -> int:
    """Move up to ``size`` bytes from ``source`` to the stream, waiting for at least one."""
    return _splice(state, stream, source, size, True)


INTERFACES = {"wasi:io/streams": Interface(resources=("input-stream", "output-stream"), uses=("error", "pollable"), functions={
    "[method]input-stream.read": (read, STREAM),
    "[method]input-stream.blocking-read": (blocking_read, STREAM),
    "[method]input-stream.skip": (skip, STREAM),
    "[method]input-stream.blocking-skip": (blocking_skip, STREAM),
    "[method]input-stream.subscribe": (subscribe_input, VALUE),
    "[method]output-stream.check-write": (check_write, STREAM),
    "[method]output-stream.write": (write, STREAM_UNIT),
    "[method]output-stream.blocking-write-and-flush": (blocking_write_and_flush, STREAM_UNIT),
    "[method]output-stream.flush": (flush, STREAM_UNIT),
    "[method]output-stream.blocking-flush": (blocking_flush, STREAM_UNIT),
    "[method]output-stream.subscribe": (subscribe_output, VALUE),
    "[method]output-stream.write-zeroes": (write_zeroes, STREAM_UNIT),
    "[method]output-stream.blocking-write-zeroes-and-flush":
        (blocking_write_zeroes_and_flush, STREAM_UNIT),
    "[method]output-stream.splice": (splice, STREAM),
    "[method]output-stream.blocking-splice": (blocking_splice, STREAM),
})}
