"""The trap exception raised when WebAssembly execution traps, and its backtrace.

A :class:`Trap` carries wasmtime's message (``integer divide by zero``,
``out of bounds memory access``, ...), a :class:`TrapCode`, and the wasm
backtrace: the wasm frames that were active, innermost first, each at the
offset of its instruction in the module binary (the trapping instruction in
the innermost frame, the call in the others).

Nothing is recorded unless a trap happens. When it does, the Python traceback
the exception collected while unwinding through the compiled wasm functions
is read once, where wasm was entered from the host (:meth:`Trap.capture`):
code object and bytecode position of each wasm frame. Those are mapped to wasm
instructions only when the frames are asked for (see
:meth:`wasmlite.compile.python.module.CompiledModule.locate`); by then the
traceback may be gone (``unittest`` clears it).
"""

from __future__ import annotations

import enum
from types import FrameType, TracebackType

__all__ = ["Trap", "TrapCode", "Frame", "WASM_FILENAME", "MESSAGES", "wasm_frames",
           "UNKNOWN_OFFSET"]

WASM_FILENAME = "<wasm>"
"""``co_filename`` of every code object compiled from a wasm function.

Such a code object's ``co_name`` is ``wasm[<function index>]`` and its globals
hold the defining module instance under ``__wasm_instance__``.
"""

_BACKTRACE_LIMIT = 20
"""Frames a backtrace keeps, innermost first (wasmtime keeps as many)."""

UNKNOWN_OFFSET = (1 << 64) - 1
"""``func_offset`` / ``module_offset`` of a frame whose position is unknown
(wasmtime-py's value: the function whose call exhausted the stack)."""

UNCAUGHT_MESSAGE = "thrown Wasm exception"
"""The message of a wasm exception that no wasm code caught."""

_GUARD = 32 << 20
"""Bytes past a 32-bit memory's 4 GiB reservation that Wasmtime's default
configuration guards: accesses there fault rather than being checked."""


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
        if self.func_name is None:
            return f"<wasm function {self.func_index}>"
        from .demangle import demangle
        return demangle(self.func_name)

    def describe(self) -> str:
        """The frame as wasmtime prints it in a backtrace line."""
        where = f"{self.module_name or '<unknown>'}!{self._label()}"
        if self.module_offset == UNKNOWN_OFFSET:
            return where
        return f"{self.module_offset:#8x} - {where}"


class Trap(Exception):
    """WebAssembly execution trapped.

    ``message`` is the trap's own message (``integer divide by zero``);
    ``str(trap)`` lays it out with the wasm backtrace as wasmtime does.
    ``trap_code`` is the :class:`TrapCode`, or ``None`` for a trap made by the
    embedder with only a message, and for a wasm exception that no wasm code
    caught (as wasmtime-py reports it).
    """

    def __init__(self, message: str, code: TrapCode | None = None):
        super().__init__(message)
        self.message = message
        self.trap_code = code if code is not None else _CODE_OF_MESSAGE.get(message)
        self._frames: list[Frame] | None = None
        self._origin: TracebackType | None = None
        self._sites: list[tuple] | None = None
        self._fault: TracebackType | None = None
        self._address: int | None = None
        self._memory: tuple | None = None
        self._fault_line: str | None = None
        self._locals: dict | None = None
        self.uncaught = False

    @classmethod
    def of(cls, code: TrapCode) -> "Trap":
        """A trap with ``code`` and its standard message."""
        return cls(MESSAGES[code], code)

    @classmethod
    def uncaught_exception(cls) -> "Trap":
        """The trap for a wasm exception that reached the host uncaught: no trap
        code, wasmtime-py's message."""
        trap = cls(UNCAUGHT_MESSAGE)
        trap.trap_code = None
        trap.uncaught = True
        return trap

    @classmethod
    def inline(cls, code: TrapCode, error: BaseException, address: int | None = None
               ) -> "Trap":
        """The trap for Python exception ``error`` raised by compiled wasm code in
        its own frame (a division by zero, an access past a memory's end, whose
        effective ``address`` may be known); the trap is placed where ``error``
        was raised."""
        trap = cls.of(code)
        trap._fault = error.__traceback__
        if address is None and code is TrapCode.MEMORY_OUT_OF_BOUNDS:
            # struct: "... for unpacking 4 bytes at offset 65536 (actual buffer size ...)"
            text = str(error)
            at = text.find(" at offset ")
            if at >= 0:
                digits = text[at + 11:].partition(" ")[0]
                if digits.isdigit():
                    address = int(digits)
        trap._address = address
        return trap

    @classmethod
    def memory_fault(cls, address: int) -> "Trap":
        """``out of bounds memory access`` by an access at effective ``address``."""
        trap = cls.of(TrapCode.MEMORY_OUT_OF_BOUNDS)
        trap._address = address
        return trap

    @property
    def frames(self) -> list[Frame]:
        """The wasm backtrace, innermost frame first."""
        if self._frames is None:
            if self._sites is None:
                self.capture(self._origin if self._origin is not None else self.__traceback__)
            self._frames = _frames(self)
        return self._frames

    def with_origin(self, tb: TracebackType | None, outer: FrameType | None = None) -> "Trap":
        """Take the backtrace from ``tb`` (the traceback of the exception this trap
        replaces) and, past ``outer``, the stack (see :meth:`capture`)."""
        self._origin = tb
        self._frames = None
        self._sites = None
        self.capture(tb, outer)
        return self

    def capture(self, tb: TracebackType | None, outer: FrameType | None = None) -> None:
        """Record where in wasm the trap happened, unless that is done already:
        the wasm frames of the traceback ``tb`` it has collected so far and,
        from ``outer`` (the frame that entered wasm) up, those of earlier
        entries that called into the host which called into wasm again. Called
        where wasm was entered from the host: the innermost such entry records
        it. A trap raised by host code (the embedder's own) has no backtrace,
        as in wasmtime-py."""
        if self._sites is not None:
            return
        sites: list[tuple] = []
        innermost = None
        last = tb
        while tb is not None:
            frame = tb.tb_frame
            code = frame.f_code
            if code.co_filename == WASM_FILENAME:
                sites.append((code, frame.f_globals.get("__wasm_instance__"), tb.tb_lasti))
                innermost = frame
            last = tb
            tb = tb.tb_next
        if last is not None and innermost is not last.tb_frame and self._origin is None \
                and not _runtime_frame(last.tb_frame):
            self._sites = []                # raised by the embedder's code
            return
        sites.reverse()
        del sites[_BACKTRACE_LIMIT:]
        fault = self._fault
        if sites and fault is not None and fault.tb_frame is innermost:
            sites[0] = (sites[0][0], sites[0][1], fault.tb_lasti)
        frame = outer
        while frame is not None and len(sites) < _BACKTRACE_LIMIT:
            code = frame.f_code
            if code.co_filename == WASM_FILENAME:
                sites.append((code, frame.f_globals.get("__wasm_instance__"), frame.f_lasti))
            frame = frame.f_back
        if sites and innermost is not None and self.trap_code is TrapCode.STACK_OVERFLOW:
            self._locals = dict(innermost.f_locals)
        if sites and self.trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS:
            instance = sites[0][1]
            sizes = tuple(m.size_bytes for m in getattr(instance, "mems", ()))
            values = dict(innermost.f_locals) if self._address is None and innermost else None
            self._memory = (sizes, values)
        self._sites = sites
        self._fault = None

    def __str__(self) -> str:
        frames = self.frames
        if not frames:
            return self.message if self.trap_code is None else f"wasm trap: {self.message}"
        lines = ["error while executing at wasm backtrace:"]
        lines += [f"{i:>5}: {f.describe()}" for i, f in enumerate(frames)]
        lines += ["", "Caused by:"]
        cause = self.message if self.trap_code is None else f"wasm trap: {self.message}"
        fault = self._fault_line
        if fault is not None:
            lines += [f"    0: {fault}", f"    1: {cause}", ""]
        else:
            lines += [f"    {cause}", ""]
        return "\n".join(lines)

    def __reduce__(self):
        return (type(self), (self.message, self.trap_code))


def _runtime_frame(frame: FrameType) -> bool:
    """Whether ``frame`` runs wasm or wasmlite's own code (not the embedder's)."""
    return frame.f_code.co_filename == WASM_FILENAME \
        or frame.f_globals.get("__name__", "").startswith("wasmlite.")


def wasm_frames(tb: TracebackType | None) -> list[Frame]:
    """The wasm frames a traceback passed through, innermost first."""
    trap = Trap("")
    trap.capture(tb)
    return _frames(trap)


def _frames(trap: Trap) -> list[Frame]:
    """The frames of ``trap``'s recorded sites; notes its memory fault, if any."""
    out: list[Frame] = []
    for i, (code, instance, lasti) in enumerate(trap._sites or ()):
        frame, located = _describe(instance, code, lasti)
        if i == 0 and located is not None:
            compiled, index, pc, snippet = located
            if trap.trap_code is TrapCode.STACK_OVERFLOW:
                callee = _callee(instance, compiled, index, pc, snippet, trap._locals)
                if callee is not None:
                    out.append(callee)
            elif trap._memory is not None:
                trap._fault_line = _memory_fault(trap, instance, compiled, index, pc, snippet)
        out.append(frame)
    del out[_BACKTRACE_LIMIT:]
    return out


_NO_CODE = frozenset({"nop", "drop", "block", "local.get", "local.set", "local.tee",
                      "global.get", "i32.const", "i64.const", "f32.const", "f64.const",
                      "v128.const", "select", "ref.null", "ref.func", "ref.is_null"})


def _trap_site(body: list, pc: int) -> int:
    """The instruction Wasmtime reports for a trap at instruction ``pc``: for an
    ``unreachable`` that nothing with an effect precedes since a conditional
    branch, the branch (its optimizer turns the pair into one conditional trap,
    placed at the branch); else ``pc``."""
    if body[pc][0].name != "unreachable":
        return pc
    k = pc - 1
    while k >= 0:
        op = body[k][0]
        name = op.name
        if name == "if" or name == "br_if":
            return k
        if name == "else":
            depth = 0
            while k > 0:                # the ``if`` this ``else`` belongs to
                k -= 1
                n = body[k][0].name
                if n == "end":
                    depth += 1
                elif n in ("block", "loop", "if", "try_table", "try"):
                    if depth == 0:
                        return k
                    depth -= 1
            return pc
        if name in _NO_CODE or op.params is not None and not _may_trap(name):
            k -= 1
            continue
        return pc
    return pc


def _may_trap(name: str) -> bool:
    return "div" in name or "rem" in name or ".trunc_f" in name or "load" in name \
        or "store" in name or "." not in name


def _describe(instance, code, lasti: int) -> tuple[Frame, tuple | None]:
    """The frame of wasm code object ``code`` of ``instance`` at bytecode offset
    ``lasti``, and (compiled module, function index, instruction index, its
    Python code) when the instruction is known."""
    co_name = code.co_name
    index = int(co_name[co_name.index("[") + 1:co_name.index("]")])
    module = getattr(instance, "module", None)
    if module is None:
        return Frame(index, None, None, 0, 0), None
    names = module.names
    n_imported = len(module.imported("func"))
    start = 0
    if 0 <= index - n_imported < len(module.funcs):
        start = module.funcs[index - n_imported].offset
    compiled = getattr(instance, "compiled", None)
    located = None
    offset = None
    if compiled is not None and hasattr(compiled, "locate"):
        try:
            found = compiled.locate(index, code, lasti)
            if found is not None:
                body = module.funcs[index - n_imported].body
                pc = _trap_site(body, found[0])
                located = (compiled, index, pc, found[1])
                offset = compiled.instruction_offset(index, pc)
        except Exception:       # a backtrace is best effort: never mask the trap
            located = offset = None
    base = getattr(compiled, "binary_offset", 0)   # a core module inside a component
    if offset is None:
        return Frame(index, names.funcs.get(index), names.module, 0, base + start), located
    return Frame(index, names.funcs.get(index), names.module, offset - start,
                 base + offset), located


def _callee(instance, compiled, index: int, pc: int, snippet: str, values: dict | None
            ) -> Frame | None:
    """The frame of the function whose call at instruction ``pc`` exhausted the
    stack (wasmtime lists it, without an offset), when the callee is known."""
    module = instance.module
    instr = module.funcs[index - compiled.n_imported_funcs].body[pc]
    name = instr[0].name
    if name in ("call", "return_call"):
        callee = instr[1]
        fn = instance.funcs[callee] if callee < len(instance.funcs) else None
    elif name in ("call_indirect", "call_ref") and values is not None:
        # the callee was looked up into a temporary: ``t<n>.raw(...)``
        head = snippet.partition(".raw(")[0]
        fn = values.get(head) if head.isidentifier() else None
    else:
        return None
    target = getattr(fn, "instance", None)
    if target is None:
        return None
    names = target.module.names
    return Frame(fn.index, names.funcs.get(fn.index), names.module, UNKNOWN_OFFSET,
                 UNKNOWN_OFFSET)


def _memory_fault(trap: Trap, instance, compiled, index: int, pc: int, snippet: str
                  ) -> str | None:
    """Wasmtime's ``memory fault at wasm address ...`` line for an out of bounds
    load or store at instruction ``pc``, where Wasmtime's default configuration
    would catch the access with a fault rather than a bounds check."""
    instr = instance.module.funcs[index - compiled.n_imported_funcs].body[pc]
    op = instr[0]
    if "memarg" not in op.imm:
        return None
    offset, memidx = instr[2], instr[3]
    sizes, values = trap._memory
    if memidx >= len(sizes) or compiled.page_log2[memidx] != 16:
        return None
    address = trap._address
    if address is None and values is not None:
        from .fault_address import effective_address
        address = effective_address(snippet, memidx, instance.namespace, values)
    if address is None:
        return None
    from ..opcodes import natural_alignment
    access = 1 << natural_alignment(op)
    end = address + access
    if not (end <= 1 << 32 or compiled.memory_addr_type[memidx] == "i32"
            and offset + access <= _GUARD and address < (1 << 32) + _GUARD):
        return None
    size = sizes[memidx]
    return f"memory fault at wasm address {max(address, size):#x} in linear memory of " \
           f"size {size:#x}"
