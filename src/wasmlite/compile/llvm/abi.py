"""The native tier's calling conventions and the per-instance context layout.

Every compiled function receives a pointer to its instance's *context*: an
array of 64-bit slots that native code and the Python side of the runtime
both read and write (a ``ctypes`` array on the Python side). :class:`Layout`
says which slot holds what for one module; every instance of the module has
its own context with that layout.

Python calls native code through builtins, and native code calls Python
callables whose object addresses context slots hold (see :mod:`.cpython`).
Values cross as Python objects: i32, i64 and v128 as unsigned ints, f64 as a
float, and f32 as a float *in the runtime's f32 representation* (a NaN's f32
mantissa shifted left by 29, see :mod:`wasmlite.runtime.floats`), which
native code converts at the boundary so that every f32 bit pattern survives.
A reference is an i64 *handle* in native code (0 for null, see
:class:`~.callbacks.Handles`), the raw reference object in Python: callbacks
and the wrappers of entries with references in their signature convert.
The results of a callback with several results travel through the context's
spill slots as raw bit patterns.

A trap leaves a backtrace in the context as native code unwinds: one
:data:`TRACE` entry per frame, innermost first, ``function index << 32 |
instruction index`` (:data:`NO_INSTRUCTION` for the function whose entry
found the stack exhausted).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Layout", "STATUS", "DEPTH", "STACK_LIMIT",
           "STACK_BUDGET", "GROW", "GLOBAL_GET", "GLOBAL_SET", "MEMORY_INIT", "DATA_DROP",
           "RESOLVE", "FAIL", "ARITY", "NONE", "TRAP_ADDRESS", "TRACE_COUNT", "TRACE",
           "TRACE_LENGTH", "NO_INSTRUCTION", "AT_ENTRY", "FUEL", "FUEL_START", "EPOCH", "METER_IN",
           "METER_OUT", "EPOCH_CHECK", "TABLE_GET", "TABLE_SET", "TABLE_SIZE", "TABLE_GROW",
           "TABLE_FILL", "TABLE_COPY", "TABLE_INIT", "ELEM_DROP", "LIMIT_THREAD", "FRAMES",
           "EPOCH_COUNTDOWN", "INDIRECT_CACHE", "FIXED_SLOTS",
           "HOST_EXCEPTION", "NUMERIC_TYPES", "SIMD", "slot_width", "slot_offsets"]

NUMERIC_TYPES = ("i32", "i64", "f32", "f64")
"""The numeric value types the native tier compiles (references are handles, i64)."""

STATUS = 0
"""0 while running normally; a trap status (see :mod:`.traps`) once native code
trapped or a callback failed. Native code returns at once when it is set."""
DEPTH = 1
"""Calls native code may still nest before ``call stack exhausted``."""
STACK_LIMIT = 2
"""Lowest native stack address wasm may use; 0 while no wasm runs."""
STACK_BUDGET = 3
"""Bytes of native stack the outermost entry gives wasm."""
GROW = 4
"""Callback ``memory.grow``: ``(memory, delta)`` -> old size in pages, or -1."""
GLOBAL_GET = 5
"""Callback reading a shared global: ``(index)`` -> its bit pattern."""
GLOBAL_SET = 6
"""Callback writing a shared global: ``(index, bits)``."""
MEMORY_INIT = 7
"""Callback ``memory.init``: ``(data, memory, dst, src, n)``."""
DATA_DROP = 8
"""Callback ``data.drop``: ``(data)``."""
RESOLVE = 9
"""Callback resolving a ``call_indirect`` that missed the cache:
``(table, element, type position)`` -> the index of the instance's own
function to call directly (now cached), -1 to call through the
``call_indirect`` callback, -2 after a trap or host exception."""
FAIL = 10
"""Callable raising what native code reported (the status, the backtrace), once
a builtin finds a status set on its way out."""
ARITY = 11
"""Callable raising the ``TypeError`` of a builtin called with ``(index, count)``
arguments."""
NONE = 12
"""The address of ``None``: the result of a builtin without results."""
TRAP_ADDRESS = 13
"""The effective address of the access that trapped with ``out of bounds memory access``."""
TRACE_COUNT = 14
"""How many :data:`TRACE` entries a trap has left so far."""
TRACE = 15
"""The first of :data:`TRACE_LENGTH` backtrace entries."""
TRACE_LENGTH = 20
"""Frames a backtrace keeps, innermost first (as the portable tier keeps)."""
FUEL = TRACE + TRACE_LENGTH
"""With fuel metering, the store's fuel while native code runs (a signed 64-bit
number; negative once overspent): code charges it and checks it at function
entries and loop headers as the portable tier does."""
FUEL_START = FUEL + 1
""":data:`FUEL` as it was when native code last took the store's fuel: what it
has used since is given back to the store when it leaves."""
EPOCH = FUEL + 2
"""With epoch interruption, epoch checks (function entries and loop headers) left
before native code asks Python whether the store's deadline is reached; 0 once
it is known to be."""
METER_IN = FUEL + 3
"""Callable taking the store's fuel and epoch deadline into the context, where
native code starts running (an entry, the return of a callback)."""
METER_OUT = FUEL + 4
"""Callable giving the fuel used back to the store, where native code stops running."""
EPOCH_CHECK = FUEL + 5
"""Callable returning 1 when the store's epoch deadline is reached (and
restarting the countdown otherwise)."""
LIMIT_THREAD = FUEL + 6
"""The thread (its ``PyThreadState``) whose native stack :data:`STACK_LIMIT` and
:data:`DEPTH` count: an entry on another thread (while the first waits for
it in a host function) starts its own count."""
FRAMES = FUEL + 7
"""The calls native code may nest below an outermost entry (:data:`DEPTH` there)."""
TABLE_GET = FUEL + 8
"""Callback ``table.get``: ``(table, index)`` -> the element's handle (see
:class:`~.callbacks.Handles`)."""
TABLE_SET = FUEL + 9
"""Callback ``table.set``: ``(table, index, handle)``."""
TABLE_SIZE = FUEL + 10
"""Callback ``table.size``: ``(table)`` -> its size."""
TABLE_GROW = FUEL + 11
"""Callback ``table.grow``: ``(table, handle, delta)`` -> the old size, or -1."""
TABLE_FILL = FUEL + 12
"""Callback ``table.fill``: ``(table, index, handle, n)``."""
TABLE_COPY = FUEL + 13
"""Callback ``table.copy``: ``(destination table, source table, d, s, n)``."""
TABLE_INIT = FUEL + 14
"""Callback ``table.init``: ``(element segment, table, d, s, n)``."""
ELEM_DROP = FUEL + 15
"""Callback ``elem.drop``: ``(element segment)``."""
SIMD = FUEL + 16
"""Callback computing a SIMD instruction as the portable tier does:
``(instruction number, operands...)`` -> its result (see :mod:`.simd`)."""
FIXED_SLOTS = FUEL + 17

EPOCH_COUNTDOWN = 1 << 14
"""Epoch checks native code makes between two looks at the engine's epoch.
Python code runs at every look (and at every call into Python), which lets
the threads that advance the epoch run."""

NO_INSTRUCTION = 0xFFFFFFFF
"""The instruction index of a backtrace entry for a function that found the
stack exhausted on entry (it ran no instruction)."""
AT_ENTRY = 0xFFFFFFFE
"""The instruction index of a backtrace entry for a function that trapped in
the checks of its entry (fuel, epoch), before its first instruction."""

INDIRECT_CACHE = 64
"""Entries of the per-type ``call_indirect`` cache: ``(element object address,
function index)`` pairs, direct-mapped by element index."""

HOST_EXCEPTION = 0x10000
"""Status: a Python exception escaped a callback; the runtime re-raises it."""


def slot_width(t) -> int:
    """The context slots a value of type ``t`` takes: two for a v128 (low half
    first), one for any other."""
    return 2 if t == "v128" else 1


def slot_offsets(types) -> list[int]:
    """Where each value of ``types`` starts in consecutive slots (by :func:`slot_width`)."""
    offsets = []
    at = 0
    for t in types:
        offsets.append(at)
        at += slot_width(t)
    return offsets


@dataclass(frozen=True)
class Layout:
    """Where the slots of one module's context are.

    ``memories``: two slots per memory, its base address (stable for the
    memory's lifetime) and its current size in bytes (rewritten whenever it
    grows); ``imports``: one callback per imported function, in order; ``indirect``:
    one ``call_indirect`` callback per type index that some ``call_indirect``
    names (``indirect_types`` in that order); ``tables``: the address of
    each table's element list; ``caches``: a ``call_indirect`` cache per
    such type; ``globals``: one slot per global (unused for globals read
    through callbacks); ``spill``: as many slots as the most results any
    signature has; ``ref_calls``: one ``call_ref`` callback per type index that
    some ``call_ref`` or ``return_call_ref`` names (``ref_call_types`` in that
    order); ``tail_args``: the arguments of a tail call, as many slots as the
    most parameters a tail-called function has.
    """

    n_mems: int
    n_imports: int
    indirect_types: tuple[int, ...]
    n_tables: int
    n_globals: int
    n_spill: int
    ref_call_types: tuple[int, ...] = ()
    n_tail_args: int = 0

    @property
    def memories(self) -> int:
        return FIXED_SLOTS

    def memory_base(self, m: int) -> int:
        """The slot of memory ``m``'s base address (its size is in the next one)."""
        return self.memories + 2 * m

    def memory_size(self, m: int) -> int:
        """The slot of memory ``m``'s current size in bytes."""
        return self.memories + 2 * m + 1

    @property
    def imports(self) -> int:
        return self.memories + 2 * self.n_mems

    @property
    def indirect(self) -> int:
        return self.imports + self.n_imports

    @property
    def tables(self) -> int:
        return self.indirect + len(self.indirect_types)

    @property
    def caches(self) -> int:
        return self.tables + self.n_tables

    def cache_slot(self, position: int) -> int:
        """The first slot of the cache of the ``position``-th indirect type."""
        return self.caches + position * INDIRECT_CACHE * 2

    @property
    def globals(self) -> int:
        return self.caches + len(self.indirect_types) * INDIRECT_CACHE * 2

    @property
    def spill(self) -> int:
        return self.globals + self.n_globals

    @property
    def ref_calls(self) -> int:
        return self.spill + self.n_spill

    def ref_call_slot(self, typeidx: int) -> int:
        """The slot of the ``call_ref`` callback for type index ``typeidx``."""
        return self.ref_calls + self.ref_call_types.index(typeidx)

    @property
    def tail_args(self) -> int:
        return self.ref_calls + len(self.ref_call_types)

    @property
    def size(self) -> int:
        return self.tail_args + self.n_tail_args

    def indirect_slot(self, typeidx: int) -> int:
        """The slot of the ``call_indirect`` callback for type index ``typeidx``."""
        return self.indirect + self.indirect_types.index(typeidx)
