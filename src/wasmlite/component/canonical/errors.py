"""Traps raised by the canonical ABI, worded as Wasmtime words them.

Most canonical ABI failures are errors without a trap code in Wasmtime (a
pointer out of bounds, invalid UTF-8, an unknown handle): they become a
:class:`~wasmlite.runtime.trap.Trap` with only a message. Entering or
leaving a component instance when its flags forbid it are trap codes of
their own.
"""

from __future__ import annotations

from typing import NoReturn

from ...errors import NotSupportedError, WasmtimeError
from ...runtime.trap import Trap, TrapCode

__all__ = [
    "InvalidValueError", "trap", "cannot_enter", "cannot_leave",
    "POINTER_NOT_ALIGNED", "POINTER_SIZE_OVERFLOW", "POINTER_OUT_OF_BOUNDS",
    "RETURN_POINTER_NOT_ALIGNED", "RETURN_POINTER_OUT_OF_BOUNDS",
    "REALLOC_NOT_ALIGNED", "REALLOC_OUT_OF_BOUNDS",
    "STRING_OUT_OF_BOUNDS", "LIST_OUT_OF_BOUNDS", "LIST_NOT_ALIGNED", "LIST_SIZE_OVERFLOW",
    "FIXED_LIST_OUT_OF_BOUNDS", "INVALID_CHAR", "BORROWS_REMAIN", "OWN_WHILE_BORROWED",
    "OWN_FROM_BORROW", "HANDLE_OVERFLOW", "HOST_RESOURCE_DEALLOCATED", "MISMATCHED_RESOURCE",
    "CANNOT_ENTER", "CANNOT_LEAVE", "ASYNC", "NO_ASYNC_RESULT", "TASK_RETURN_TWICE",
    "TASK_RETURN_INVALID", "UNSUPPORTED_CALLBACK_CODE", "CANNOT_BLOCK_SYNC_TASK",
    "async_not_supported",
]

POINTER_NOT_ALIGNED = "pointer not aligned"
POINTER_SIZE_OVERFLOW = "pointer size overflow"
POINTER_OUT_OF_BOUNDS = "pointer out of bounds"
RETURN_POINTER_NOT_ALIGNED = "return pointer not aligned"
RETURN_POINTER_OUT_OF_BOUNDS = "pointer out of bounds of memory"
REALLOC_NOT_ALIGNED = "realloc return: result not aligned"
REALLOC_OUT_OF_BOUNDS = "realloc return: beyond end of memory"
STRING_OUT_OF_BOUNDS = "string pointer/length out of bounds of memory"
LIST_OUT_OF_BOUNDS = "list pointer/length out of bounds of memory"
LIST_NOT_ALIGNED = "list pointer is not aligned"
LIST_SIZE_OVERFLOW = "size overflow copying a list"
FIXED_LIST_OUT_OF_BOUNDS = "fixed length list out of bounds of memory"
INVALID_CHAR = "converted integer out of range for `char`"
BORROWS_REMAIN = "borrow handles still remain at the end of the call"
OWN_WHILE_BORROWED = "cannot remove owned resource while borrowed"
OWN_FROM_BORROW = "cannot lift own resource from a borrow"
HANDLE_OVERFLOW = "cannot allocate another handle: index overflow"
HOST_RESOURCE_DEALLOCATED = "host-owned resource was already de-allocated"
MISMATCHED_RESOURCE = "mismatched resource types"
CANNOT_ENTER = "cannot enter component instance"
CANNOT_LEAVE = "cannot leave component instance"
NO_ASYNC_RESULT = "async-lifted export failed to produce a result"
TASK_RETURN_TWICE = "`task.return` or `task.cancel` called more than once for current task"
TASK_RETURN_INVALID = "invalid `task.return` signature and/or options for current task"
UNSUPPORTED_CALLBACK_CODE = "unsupported callback code"
CANNOT_BLOCK_SYNC_TASK = "cannot block a synchronous task before returning"

ASYNC = "component-model async"
"""The feature :class:`~wasmlite.errors.NotSupportedError` names for what needs
a call to wait: tasks that block, subtasks, streams, futures, waitable sets."""


class InvalidValueError(WasmtimeError, ValueError):
    """A Python value that names no case of its type (an enum case, a flag):
    the WasmtimeError wasmtime-py raises, and a ValueError."""


def trap(message: str) -> NoReturn:
    """Raise the trap (without trap code) that carries ``message``."""
    raise Trap(message)


def cannot_enter() -> NoReturn:
    """Raise the trap for entering a component instance that may not be entered."""
    raise Trap(CANNOT_ENTER, TrapCode.CANNOT_ENTER_COMPONENT)


def cannot_leave() -> NoReturn:
    """Raise the trap for leaving a component instance that may not be left."""
    raise Trap(CANNOT_LEAVE, TrapCode.CANNOT_LEAVE_COMPONENT)


def async_not_supported() -> NoReturn:
    """Raise the error for a call that would have to wait (``not supported:
    component-model async``)."""
    raise NotSupportedError(ASYNC)


def string_not_aligned(alignment: int) -> NoReturn:
    """Raise the trap for a string pointer that is not a multiple of ``alignment``."""
    raise Trap(f"string pointer not aligned to {alignment}")


def unknown_handle(index: int) -> NoReturn:
    """Raise the trap for a handle index that names no handle."""
    raise Trap(f"unknown handle index {index}")


def bad_discriminant(discriminant: int, cases: int) -> NoReturn:
    """Raise the trap for a variant discriminant that names no case."""
    raise Trap(f"discriminant {discriminant} out of range [0..{cases})")


def invalid_utf8(data: bytes, error: UnicodeDecodeError) -> NoReturn:
    """Raise the trap for bytes that are not UTF-8 (Rust's ``Utf8Error`` wording)."""
    if error.reason == "unexpected end of data":
        raise Trap(f"incomplete utf-8 byte sequence from index {error.start}")
    raise Trap(f"invalid utf-8 sequence of {error.end - error.start} bytes "
               f"from index {error.start}")


def invalid_utf16(unit: int) -> NoReturn:
    """Raise the trap for an unpaired surrogate code unit (Rust's ``DecodeUtf16Error``)."""
    raise Trap(f"unpaired surrogate found: {unit:x}")


def wrong_resource_type(index: int, expected_host: bool, found: str) -> NoReturn:
    """Raise the trap for a handle used as a resource type other than its own."""
    expected = "host resource" if expected_host else "guest-defined resource"
    raise Trap(f"handle index {index} used with the wrong type, "
               f"expected {expected} but found {found}")
