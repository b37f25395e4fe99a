"""How a WASI function's outcome becomes the Python value of its WIT result.

Implementations take the store's :class:`~.state.Preview2State` and the
call's arguments, return the success value, and raise on failure.
:func:`host_function` makes one a host function ``fn(store, *args)`` for a
component linker, shaping the outcome as the canonical ABI expects it for
the function's result type. A ``result`` is a bare payload, or a
``Variant("ok"|"err", payload)`` when its two cases' Python values could
be confused (wasmtime-py's rule); which one each function needs follows
from its WIT type, given as one of these shapes:

* :data:`VALUE`: not a ``result``; the value as it is;
* :data:`FS`: ``result<T, error-code>`` with a bare payload (``T`` is not a
  string or an enum, or is absent);
* :data:`FS_TAGGED`: ``result<T, error-code>`` where ``T`` is a string or an
  enum (both cases are ``str``);
* :data:`STREAM`: ``result<T, stream-error>`` with ``T`` present;
* :data:`STREAM_UNIT`: ``result<_, stream-error>`` (both cases may be ``None``).

``stream-error`` itself is untagged: ``None`` for ``closed``, an owned
``error`` handle for ``last-operation-failed``.
"""

from __future__ import annotations

from typing import Any, Callable

from ...component.values import ResourceHost, Variant
from ..errno import WasiError
from .errors import FsError, StreamClosed, StreamFailure, error_code, stream_failure
from .resources import own
from .state import Preview2State, state_of

VALUE = "value"
FS = "fs"
FS_TAGGED = "fs-tagged"
STREAM = "stream"
STREAM_UNIT = "stream-unit"

Implementation = Callable[..., Any]

_FS_FAILURES = (FsError, WasiError, OSError, UnicodeError)


def stream_error(state: Preview2State, exc: BaseException) -> ResourceHost | None:
    """The ``stream-error`` payload for a failed stream operation."""
    if isinstance(exc, StreamClosed):
        return None
    failure = exc if isinstance(exc, StreamFailure) else stream_failure(exc)
    return own(state.table, "error", failure)


def host_function(impl: Implementation, shape: str) -> Callable[..., Any]:
    """The host function ``fn(store, *args)`` running ``impl`` with result ``shape``."""
    if shape == VALUE:
        def call(store: Any, *args: Any) -> Any:
            return impl(state_of(store), *args)
    elif shape in (FS, FS_TAGGED):
        tagged = shape == FS_TAGGED

        def call(store: Any, *args: Any) -> Any:
            state = state_of(store)
            try:
                value = impl(state, *args)
            except _FS_FAILURES as exc:
                code = error_code(exc)
                return Variant("err", code) if tagged else code
            return Variant("ok", value) if tagged else value
    elif shape in (STREAM, STREAM_UNIT):
        tagged = shape == STREAM_UNIT

        def call(store: Any, *args: Any) -> Any:
            state = state_of(store)
            try:
                value = impl(state, *args)
            except (StreamClosed, StreamFailure, OSError, WasiError) as exc:
                payload = stream_error(state, exc)
                return Variant("err", payload) if tagged else payload
            return Variant("ok", value) if tagged else value
    else:
        raise ValueError(f"unknown result shape {shape!r}")
    call.__name__ = getattr(impl, "__name__", "wasi_function")
    call.__doc__ = impl.__doc__
    return call
