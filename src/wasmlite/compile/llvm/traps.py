"""Trap statuses: how native code reports a trap to the Python side, with its backtrace.

Native code cannot raise. A trapping instruction stores the status of its
:class:`~wasmlite.runtime.trap.TrapCode` in the context's status slot, adds
its function and instruction to the context's backtrace (see :mod:`.abi`)
and returns; every caller adds itself at its call and returns in turn; the
builtin that entered native code calls :func:`failure`'s function, which
raises the same :class:`Trap` the portable tier raises (same trap code, same
message) with the same backtrace: the native frames as backtrace *sites*
(see :meth:`Trap.capture`; :meth:`NativeModule.site_code
<wasmlite.compile.llvm.module.NativeModule.site_code>`), then the wasm
frames of the Python code that called the builtin.

An exception that a callback caught (a host function's, or a trap of wasm
code called from native code) is raised again as the same object. A trap
among them gets the native frames it unwound through in place of the frame
of the callback that let it into native code.
"""

from __future__ import annotations

import sys

from ...runtime.entry import _raised_in_wasm
from ...runtime.trap import Trap, TrapCode
from . import abi

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

__all__ = ["status_of", "trap_of", "failure", "wrong_arity", "native_sites"]

_LIMIT = abi.TRACE_LENGTH

_ROOM = 200
"""Python frames added for making a trap where Python's call stack is nearly exhausted."""


def status_of(code: TrapCode) -> int:
    """The status native code stores for a trap with ``code`` (never 0)."""
    return code.value + 1


def trap_of(status: int) -> Trap:
    """The trap that status ``status`` stands for."""
    return Trap.of(TrapCode(status - 1))


def native_sites(compiled, inst, entries: list[int], trap: Trap | None = None) -> list[tuple]:
    """The backtrace sites of the context's trace ``entries``, innermost first.

    The entry of a function that found the stack exhausted on entry is left
    out, as the portable tier's backtrace leaves it to its caller's call
    instruction to name the callee: for a ``call_indirect`` through the
    callee that ``trap`` (a stack overflow) records as its frame's locals.
    """
    sites = []
    for k, entry in enumerate(entries):
        index, pc = entry >> 32, entry & 0xFFFFFFFF
        if pc == abi.NO_INSTRUCTION:
            if k == 0 and trap is not None and 0 <= index < len(inst.funcs):
                trap._locals = {"callee": inst.funcs[index]}
            continue
        sites.append((compiled.site_code(index), inst, pc))
    return sites


def _splice(sites: list[tuple], native: list[tuple], callbacks: set, outer) -> None:
    """Put ``native`` in place of the first site of a callback in ``sites``; with
    none there (the trap was recorded where wasm was entered from native code,
    which does not look further), after them, followed by the wasm frames of
    the Python code from frame ``outer`` up."""
    for k, site in enumerate(sites):
        if site[0] in callbacks:
            sites[k:k + 1] = native
            break
    else:
        sites += native
        if len(sites) < _LIMIT:
            above = Trap("")
            above.capture(None, outer)
            sites += above._sites or ()
    del sites[_LIMIT:]


def failure(state, inst, compiled) -> Callable[[], None]:
    """The function raising what the native code of ``inst`` reported (the
    context's :data:`~.abi.FAIL`), called by the builtin that finds the status set."""
    ctx = state.context
    callbacks = state.callback_codes

    def reported(status: int, entries: list[int], address: int, pending, outer) -> BaseException:
        if status == abi.HOST_EXCEPTION:
            if pending is None:
                return SystemError("native code reported an exception that was not kept")
            if isinstance(pending, Trap):
                if pending._sites:      # wasm frames recorded (a host's own trap has none)
                    _splice(pending._sites, native_sites(compiled, inst, entries), callbacks,
                            outer)
                    pending._frames = None
                return pending
            if isinstance(pending, RecursionError) and _raised_in_wasm(pending):
                trap = Trap.of(TrapCode.STACK_OVERFLOW).with_origin(pending.__traceback__, outer)
                _splice(trap._sites if trap._sites is not None else [],
                        native_sites(compiled, inst, entries), callbacks, outer)
                trap.__suppress_context__ = True
                return trap
            return pending
        trap = trap_of(status)
        native = native_sites(compiled, inst, entries, trap)
        trap.capture(None, outer)
        sites = trap._sites = trap._sites or []
        sites[:0] = native
        del sites[_LIMIT:]
        if trap.trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS:
            trap._address = address
            trap._memory = (tuple(m.size_bytes for m in inst.mems), None)
        return trap

    def fail() -> None:
        status = ctx[abi.STATUS]
        entries = ctx[abi.TRACE:abi.TRACE + min(ctx[abi.TRACE_COUNT], _LIMIT)]
        address = ctx[abi.TRAP_ADDRESS]
        pending, state.pending = state.pending, None
        ctx[abi.STATUS] = 0
        ctx[abi.TRACE_COUNT] = 0
        outer = sys._getframe(1)
        try:
            exc = reported(status, entries, address, pending, outer)
        except RecursionError:
            # native code may find its stack exhausted where Python's is nearly
            # so: the trap is made with a little more room
            limit = sys.getrecursionlimit()
            sys.setrecursionlimit(limit + _ROOM)
            try:
                exc = reported(status, entries, address, pending, outer)
            finally:
                sys.setrecursionlimit(limit)
        raise exc

    return fail


def wrong_arity(func_types) -> Callable[[int, int], None]:
    """The function raising the ``TypeError`` of a builtin called with the
    wrong number of arguments (the context's :data:`~.abi.ARITY`)."""
    def arity(index: int, count: int) -> None:
        expected = len(func_types[index].params)
        raise TypeError(f"wasm[{index}] takes {expected} argument"
                        f"{'' if expected == 1 else 's'} ({count} given)")
    return arity
