"""Entering wasm from the host: the call stack budget and its exhaustion.

Compiled wasm functions call each other as plain Python functions, so a wasm
call is a Python frame. While wasm runs, the interpreter's recursion limit is
raised by the store's frame budget (:data:`WASM_STACK_FRAMES` unless the
engine's ``max_wasm_stack`` says otherwise; see :func:`stack_frames`), so that
at least that many wasm frames fit; exceeding it
raises :class:`RecursionError`, which becomes the ``call stack exhausted``
trap here. A :class:`RecursionError` raised inside host code stays what it is.
A wasm exception that no wasm code catches becomes a trap (without a trap
code, as wasmtime-py reports it) when it reaches the outermost entry (inner
entries, from host functions called by wasm, let it through to the wasm code
below them). A trap records where it happened in wasm as it passes the
innermost entry (see :meth:`Trap.capture`), before anything can clear its
traceback.

Entries nest per thread. The recursion limit is one for the whole process
(the depth it limits is each thread's own): it is raised when the first
thread enters wasm, by that entry's budget, raised further when a thread
with a larger budget enters, and restored when the last one leaves; so a
thread gets at least its store's budget, and more while a thread with a
larger budget runs wasm at the same time. Each thread's call stack
exhausting traps in that thread only.
"""

from __future__ import annotations

import _thread
import sys

from .exception import WasmException
from .trap import Trap, TrapCode, WASM_FILENAME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

__all__ = ["enter", "stack_frames", "WASM_STACK_FRAMES"]

WASM_STACK_FRAMES = 32_000
"""Python frames available to wasm below the outermost entry, by default
(wasmtime's default stack holds about as many frames of a small function)."""

DEFAULT_MAX_WASM_STACK = 2 * 1024 * 1024
"""The ``max_wasm_stack`` (bytes) that :data:`WASM_STACK_FRAMES` stands for."""

MAX_STACK_FRAMES = 1_000_000
"""The most frames any budget gives wasm."""


def stack_frames(max_wasm_stack: int) -> int:
    """The frame budget for a ``max_wasm_stack`` of that many bytes: proportional
    to it, at least one frame and at most :data:`MAX_STACK_FRAMES`."""
    frames = max_wasm_stack * WASM_STACK_FRAMES // DEFAULT_MAX_WASM_STACK
    return max(1, min(frames, MAX_STACK_FRAMES))

_entries: dict[int, int] = {}
"""Thread id -> how many host-to-wasm entries are under way on that thread
(re-entry from host functions nests); only threads inside wasm have a key."""

_limit_lock = _thread.allocate_lock()
_host_limit = 0
_get_ident = _thread.get_ident


def enter(raw: Callable[..., Any], args: tuple, frames: int = WASM_STACK_FRAMES) -> Any:
    """Call the raw callable of a function instance from the host; when no wasm is
    running yet, wasm gets ``frames`` Python frames."""
    global _host_limit
    ident = _get_ident()
    entries = _entries.get(ident)
    if entries:
        _entries[ident] = entries + 1
        try:
            return raw(*args)
        except Trap as e:
            e.capture(e.__traceback__, sys._getframe())
            raise
        except RecursionError as e:
            if _raised_in_wasm(e):
                raise Trap.of(TrapCode.STACK_OVERFLOW).with_origin(e.__traceback__,
                                                                  sys._getframe()) from None
            raise
        finally:
            _entries[ident] = entries
    _limit_lock.acquire()
    if not _entries:
        # the first thread in makes room for wasm frames; the host's depth is
        # below the host's limit, so the raised limit leaves at least ``frames``
        _host_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(_host_limit + frames)
    elif sys.getrecursionlimit() < _host_limit + frames:
        # a thread whose store allows more frames than the threads inside wasm
        # (never lowered while a thread runs wasm: it may be that deep already)
        sys.setrecursionlimit(_host_limit + frames)
    _entries[ident] = 1
    _limit_lock.release()
    try:
        return raw(*args)
    except Trap as e:
        e.capture(e.__traceback__)
        raise
    except WasmException as e:
        raise Trap.uncaught_exception().with_origin(e.__traceback__) from None
    except RecursionError as e:
        if _raised_in_wasm(e):
            raise Trap.of(TrapCode.STACK_OVERFLOW).with_origin(e.__traceback__) from None
        raise
    finally:
        _limit_lock.acquire()
        del _entries[ident]
        if not _entries:
            sys.setrecursionlimit(_host_limit)      # the last thread out restores it
        _limit_lock.release()


def _raised_in_wasm(e: RecursionError) -> bool:
    """Whether the innermost frame ``e`` passed through is wasm (or this runtime)."""
    tb = e.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame = tb.tb_frame
    return (frame.f_code.co_filename == WASM_FILENAME
            or frame.f_globals.get("__name__", "").startswith("wasmlite."))
