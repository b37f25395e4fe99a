"""Entering wasm from the host: the call stack budget and its exhaustion.

Compiled wasm functions call each other as plain Python functions, so a wasm
call is a Python frame. While wasm runs, the interpreter's recursion limit is
raised so that about :data:`WASM_STACK_FRAMES` wasm frames fit (wasmtime's
default stack holds about as many frames of a small function); exceeding it
raises :class:`RecursionError`, which becomes the ``call stack exhausted``
trap here. A :class:`RecursionError` raised inside host code stays what it is.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from .trap import Trap, TrapCode, WASM_FILENAME

__all__ = ["enter", "WASM_STACK_FRAMES"]

WASM_STACK_FRAMES = 32_000
"""Python frames available to wasm below the outermost entry."""

_active = 0
"""How many host-to-wasm entries are under way (re-entry from host functions nests)."""


def enter(raw: Callable[..., Any], args: tuple) -> Any:
    """Call the raw callable of a function instance from the host."""
    global _active
    if _active:
        _active += 1
        try:
            return raw(*args)
        except RecursionError as e:
            if _raised_in_wasm(e):
                raise Trap.of(TrapCode.STACK_OVERFLOW).with_origin(e.__traceback__) from None
            raise
        finally:
            _active -= 1
    old_limit = sys.getrecursionlimit()
    new_limit = _depth() + WASM_STACK_FRAMES
    if new_limit > old_limit:
        sys.setrecursionlimit(new_limit)
    _active = 1
    try:
        return raw(*args)
    except RecursionError as e:
        if _raised_in_wasm(e):
            raise Trap.of(TrapCode.STACK_OVERFLOW).with_origin(e.__traceback__) from None
        raise
    finally:
        _active = 0
        if new_limit > old_limit:
            sys.setrecursionlimit(old_limit)


def _depth() -> int:
    frame = sys._getframe(1)
    n = 1
    while frame is not None:
        frame = frame.f_back
        n += 1
    return n


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
