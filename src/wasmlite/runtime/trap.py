"""The trap exception raised when WebAssembly execution traps, and its backtrace.

A :class:`Trap` carries wasmtime's message (``integer divide by zero``,
``out of bounds memory access``, ...), a :class:`TrapCode`, and the wasm
backtrace: the wasm frames that were active, innermost first. The backtrace is
read from the Python traceback the exception collected while unwinding through
the compiled wasm functions, so nothing is recorded unless a trap happens.
"""

from __future__ import annotations

import enum
from types import TracebackType

__all__ = ["Trap", "TrapCode", "Frame", "WASM_FILENAME", "MESSAGES", "wasm_frames"]

WASM_FILENAME = "<wasm>"
"""``co_filename`` of every code object compiled from a wasm function.

Such a code object's ``co_name`` is ``wasm[<function index>]`` and its globals
hold the defining module instance under ``__wasm_instance__``.
"""

_BACKTRACE_LIMIT = 20
"""Frames kept for a ``call stack exhausted`` trap (wasmtime keeps as many)."""


class TrapCode(enum.Enum):
    """Why execution trapped; names and values are wasmtime-py's."""

    STACK_OVERFLOW = 0
    MEMORY_OUT_OF_BOUNDS = 1
    HEAP_MISALIGNED = 2
    TABLE_OUT_OF_BOUNDS = 3
    INDIRECT_CALL_TO_NULL = 4
    BAD_SIGNATURE = 5
    INTEGER_OVERFLOW = 6
    INTEGER_DIVISION_BY_ZERO = 7
    BAD_CONVERSION_TO_INTEGER = 8
    UNREACHABLE = 9
    INTERRUPT = 10
    OUT_OF_FUEL = 11
    ATOMIC_WAIT_NON_SHARED_MEMORY = 12
    NULL_REFERENCE = 13
    ARRAY_OUT_OF_BOUNDS = 14
    ALLOCATION_TOO_LARGE = 15
    CAST_FAILURE = 16
    CANNOT_ENTER_COMPONENT = 17
    NO_ASYNC_RESULT = 18
    UNHANDLED_TAG = 19
    CONTINUATION_ALREADY_CONSUMED = 20
    DISABLED_OPCODE = 21
    ASYNC_DEADLOCK = 22
    CANNOT_LEAVE_COMPONENT = 23
    CANNOT_BLOCK_SYNC_TASK = 24
    INVALID_CHAR = 25
    DEBUG_ASSERT_STRING_ENCODING_FINISHED = 26
    DEBUG_ASSERT_EQUAL_CODE_UNITS = 27
    DEBUG_ASSERT_POINTER_ALIGNED = 28
    DEBUG_ASSERT_UPPER_BITS_UNSET = 29
    STRING_OUT_OF_BOUNDS = 30
    LIST_OUT_OF_BOUNDS = 31
    INVALID_DISCRIMINANT = 32
    UNALIGNED_POINTER = 33
    TASK_CANCEL_NOT_CANCELLED = 34
    TASK_CANCEL_OR_RETURN_TWICE = 35
    SUBTASK_CANCEL_AFTER_TERMINAL = 36
    TASK_RETURN_INVALID = 37
    WAITABLE_SET_DROP_HAS_WAITERS = 38
    SUBTASK_DROP_NOT_RESOLVED = 39
    THREAD_NEW_INDIRECT_INVALID_TYPE = 40
    THREAD_NEW_INDIRECT_UNINITIALIZED = 41
    BACKPRESSURE_OVERFLOW = 42
    UNSUPPORTED_CALLBACK_CODE = 43
    CANNOT_RESUME_THREAD = 44
    CONCURRENT_FUTURE_STREAM_OP = 45
    REFERENCE_COUNT_OVERFLOW = 46
    STREAM_OP_TOO_BIG = 47
    WAITABLE_SYNC_AND_ASYNC = 48
    UNCAUGHT_EXCEPTION = 49


MESSAGES: dict[TrapCode, str] = {
    TrapCode.STACK_OVERFLOW: "call stack exhausted",
    TrapCode.MEMORY_OUT_OF_BOUNDS: "out of bounds memory access",
    TrapCode.HEAP_MISALIGNED: "unaligned atomic",
    # wasmtime's wording; holds the spec's "undefined element" (call_indirect)
    # and "out of bounds table access" (table instructions) alike.
    TrapCode.TABLE_OUT_OF_BOUNDS: "undefined element: out of bounds table access",
    TrapCode.INDIRECT_CALL_TO_NULL: "uninitialized element",
    TrapCode.BAD_SIGNATURE: "indirect call type mismatch",
    TrapCode.INTEGER_OVERFLOW: "integer overflow",
    TrapCode.INTEGER_DIVISION_BY_ZERO: "integer divide by zero",
    TrapCode.BAD_CONVERSION_TO_INTEGER: "invalid conversion to integer",
    # wasmtime's wording; holds the spec's "unreachable".
    TrapCode.UNREACHABLE: "wasm `unreachable` instruction executed",
    TrapCode.INTERRUPT: "interrupt",
    TrapCode.OUT_OF_FUEL: "all fuel consumed by WebAssembly",
    TrapCode.ATOMIC_WAIT_NON_SHARED_MEMORY: "atomic wait on non-shared memory",
    TrapCode.NULL_REFERENCE: "null reference",
    TrapCode.ARRAY_OUT_OF_BOUNDS: "out of bounds array access",
    TrapCode.ALLOCATION_TOO_LARGE: "allocation size too large",
    TrapCode.CAST_FAILURE: "cast failure",
    TrapCode.UNCAUGHT_EXCEPTION: "thrown Wasm exception",
}
"""The message of each trap code (wasmtime's wording)."""

_CODE_OF_MESSAGE = {message: code for code, message in MESSAGES.items()}
_CODE_OF_MESSAGE.update({"unreachable": TrapCode.UNREACHABLE,
                         "out of bounds table access": TrapCode.TABLE_OUT_OF_BOUNDS,
                         "undefined element": TrapCode.TABLE_OUT_OF_BOUNDS,
                         "null function reference": TrapCode.NULL_REFERENCE})


class Frame:
    """One wasm frame of a trap's backtrace (wasmtime-py's ``Frame``)."""

    __slots__ = ("func_index", "func_name", "module_name", "func_offset", "module_offset")

    def __init__(self, func_index: int, func_name: str | None, module_name: str | None,
                 func_offset: int, module_offset: int):
        self.func_index = func_index
        self.func_name = func_name
        self.module_name = module_name
        self.func_offset = func_offset
        self.module_offset = module_offset

    def __repr__(self) -> str:
        return f"<Frame {self.module_name or '<unknown>'}!{self._label()} at {self.module_offset:#x}>"

    def _label(self) -> str:
        return self.func_name if self.func_name is not None else f"<wasm function {self.func_index}>"

    def describe(self) -> str:
        """The frame as wasmtime prints it in a backtrace line."""
        return f"{self.module_offset:#8x} - {self.module_name or '<unknown>'}!{self._label()}"


class Trap(Exception):
    """WebAssembly execution trapped.

    ``message`` is the trap's own message (``integer divide by zero``);
    ``str(trap)`` lays it out with the wasm backtrace as wasmtime does.
    ``trap_code`` is the :class:`TrapCode`, or ``None`` for a trap made by the
    embedder with only a message.
    """

    def __init__(self, message: str, code: TrapCode | None = None):
        super().__init__(message)
        self.message = message
        self.trap_code = code if code is not None else _CODE_OF_MESSAGE.get(message)
        self._frames: list[Frame] | None = None
        self._origin: TracebackType | None = None

    @classmethod
    def of(cls, code: TrapCode) -> "Trap":
        """A trap with ``code`` and its standard message."""
        return cls(MESSAGES[code], code)

    @property
    def frames(self) -> list[Frame]:
        """The wasm backtrace, innermost frame first."""
        if self._frames is None:
            tb = self._origin if self._origin is not None else self.__traceback__
            frames = wasm_frames(tb)
            if self.trap_code is TrapCode.STACK_OVERFLOW:
                frames = frames[:_BACKTRACE_LIMIT]
            self._frames = frames
        return self._frames

    def with_origin(self, tb: TracebackType | None) -> "Trap":
        """Take the backtrace from ``tb`` (the traceback of the exception this trap replaces)."""
        self._origin = tb
        self._frames = None
        return self

    def __str__(self) -> str:
        frames = self.frames
        if not frames:
            return self.message if self.trap_code is None else f"wasm trap: {self.message}"
        lines = ["error while executing at wasm backtrace:"]
        lines += [f"{i:>5}: {f.describe()}" for i, f in enumerate(frames)]
        lines += ["", "Caused by:", f"    wasm trap: {self.message}", ""]
        return "\n".join(lines)

    def __reduce__(self):
        return (type(self), (self.message, self.trap_code))


def wasm_frames(tb: TracebackType | None) -> list[Frame]:
    """The wasm frames a traceback passed through, innermost first."""
    out: list[Frame] = []
    while tb is not None:
        frame = tb.tb_frame
        code = frame.f_code
        if code.co_filename == WASM_FILENAME:
            out.append(_describe(frame.f_globals.get("__wasm_instance__"), code.co_name))
        tb = tb.tb_next
    out.reverse()
    return out


def _describe(instance, co_name: str) -> Frame:
    index = int(co_name[co_name.index("[") + 1:co_name.index("]")])
    module = getattr(instance, "module", None)
    if module is None:
        return Frame(index, None, None, 0, 0)
    names = module.names
    n_imported = len(module.imported("func"))
    offset = 0
    if 0 <= index - n_imported < len(module.funcs):
        offset = module.funcs[index - n_imported].offset
    return Frame(index, names.funcs.get(index), names.module, 0, offset)
