"""Functions that compiled wasm code calls for what it does not inline.

Every function here that can trap raises :class:`Trap` itself (never a plain
Python exception), because compiled code turns only exceptions raised in its
own frame into traps: anything raised further down is a host exception.
"""

from __future__ import annotations

import struct

from ...runtime.floats import f32_from_bits, f32_to_bits
from ...runtime.exception import WasmException
from ...runtime.trap import MESSAGES, Trap, TrapCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "TailCall", "Delegation", "trap", "trap_from", "TRAPPABLE", "unreachable", "out_of_fuel", "interrupt",
    "throw_ref", "WasmException", "ref_as_non_null",
    "call_ref_target", "indirect_out_of_bounds", "indirect_check",
    "f32_load", "f32_store", "v128_load", "v128_store", "memory_fill", "memory_copy",
    "memory_init", "table_get", "table_set", "table_grow", "table_fill", "table_copy",
    "table_init", "trampoline",
]

_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")
_U64X2 = struct.Struct("<QQ")
_M64 = 0xFFFFFFFFFFFFFFFF

TRAPPABLE = (ZeroDivisionError, IndexError, OverflowError, struct.error)
"""Python exceptions that inline wasm code raises for a trap: integer division
by zero, and out-of-bounds memory access (from ``memoryview`` and ``struct``)."""


class Delegation(Exception):
    """A wasm exception on its way from a legacy ``try ... delegate`` to the
    handler of construct ``target`` (an id within the same function; 0: out of
    the function). Handlers in between let it pass."""

    __slots__ = ("exn", "target")

    def __init__(self, exn: BaseException, target: int):
        self.exn = exn
        self.target = target


class TailCall:
    """Returned by a function body for a tail call: the trampoline calls
    ``fn(*args)`` in place of the returning frame."""

    __slots__ = ("fn", "args")

    def __init__(self, fn, args: tuple):
        self.fn = fn
        self.args = args


def trap(code: int) -> Trap:
    """A new trap with the standard message of trap code ``code``."""
    return Trap.of(TrapCode(code))


def trap_from(e: BaseException) -> Trap:
    """The trap for a :data:`TRAPPABLE` exception raised by inline wasm code."""
    if isinstance(e, ZeroDivisionError):
        return Trap.inline(TrapCode.INTEGER_DIVISION_BY_ZERO, e)
    return Trap.inline(TrapCode.MEMORY_OUT_OF_BOUNDS, e)


def unreachable() -> Trap:
    """The trap of the ``unreachable`` instruction."""
    return Trap.of(TrapCode.UNREACHABLE)


def out_of_fuel() -> Trap:
    """The trap raised when the store's fuel runs out."""
    return Trap.of(TrapCode.OUT_OF_FUEL)


def interrupt() -> Trap:
    """The trap raised when the store's epoch deadline has passed."""
    return Trap.of(TrapCode.INTERRUPT)


def throw_ref(exn: Any) -> BaseException:
    """The exception ``throw_ref`` rethrows, trapping on a null reference."""
    if exn is None:
        raise Trap.of(TrapCode.NULL_REFERENCE)
    return exn


def ref_as_non_null(ref: Any) -> Any:
    """``ref``, trapping when it is null."""
    if ref is None:
        raise Trap.of(TrapCode.NULL_REFERENCE)
    return ref


def call_ref_target(ref: Any) -> Any:
    """The function ``call_ref`` calls, trapping on a null reference."""
    if ref is None:
        raise Trap.of(TrapCode.NULL_REFERENCE)        # wasmtime's wording
    return ref


def indirect_out_of_bounds() -> None:
    """Trap: ``call_indirect`` index beyond the table."""
    raise Trap.of(TrapCode.TABLE_OUT_OF_BOUNDS)


def indirect_check(fn: Any, expected, index: int) -> Any:
    """``fn`` (table element ``index``) if it is a function of type ``expected``
    (or a subtype), else trap."""
    if fn is None:
        raise Trap.of(TrapCode.INDIRECT_CALL_TO_NULL)
    if fn.type.matches(expected):
        return fn
    raise Trap.of(TrapCode.BAD_SIGNATURE)


# --- memory --------------------------------------------------------------------------

def _out_of_bounds(address: int | None = None) -> Trap:
    if address is not None:
        return Trap.memory_fault(address)
    return Trap(MESSAGES[TrapCode.MEMORY_OUT_OF_BOUNDS], TrapCode.MEMORY_OUT_OF_BOUNDS)


def f32_load(view: memoryview, address: int) -> float:
    """The f32 at ``address``, its NaN payload preserved."""
    try:
        x = _F32.unpack_from(view, address)[0]
        if x != x:
            x = f32_from_bits(_U32.unpack_from(view, address)[0])
    except (struct.error, OverflowError, IndexError):
        raise _out_of_bounds(address) from None
    return x


def f32_store(view: memoryview, address: int, x: float) -> None:
    """Store the f32 ``x`` at ``address``, its NaN payload preserved."""
    try:
        if x == x:
            _F32.pack_into(view, address, x)
        else:
            _U32.pack_into(view, address, f32_to_bits(x))
    except (struct.error, OverflowError, IndexError):
        raise _out_of_bounds(address) from None


def v128_load(view: memoryview, address: int) -> int:
    """The v128 at ``address``."""
    try:
        lo, hi = _U64X2.unpack_from(view, address)
    except (struct.error, OverflowError, IndexError):
        raise _out_of_bounds(address) from None
    return lo | hi << 64


def v128_store(view: memoryview, address: int, v: int) -> None:
    """Store the v128 ``v`` at ``address``."""
    try:
        _U64X2.pack_into(view, address, v & _M64, v >> 64)
    except (struct.error, OverflowError, IndexError):
        raise _out_of_bounds(address) from None


def memory_fill(mem, dst: int, value: int, n: int) -> None:
    """``memory.fill``."""
    if dst + n > mem.size_bytes:
        raise _out_of_bounds()
    if n:
        mem.view[dst:dst + n] = bytes((value & 0xFF,)) * n


def memory_copy(dst_mem, src_mem, dst: int, src: int, n: int) -> None:
    """``memory.copy`` (overlapping ranges copy as if through a buffer)."""
    if src + n > src_mem.size_bytes or dst + n > dst_mem.size_bytes:
        raise _out_of_bounds()
    if n:
        dst_mem.view[dst:dst + n] = src_mem.view[src:src + n]


def memory_init(mem, data, dst: int, src: int, n: int) -> None:
    """``memory.init`` from data segment instance ``data``."""
    if src + n > len(data.data) or dst + n > mem.size_bytes:
        raise _out_of_bounds()
    if n:
        mem.view[dst:dst + n] = data.data[src:src + n]


# --- tables ----------------------------------------------------------------------------

def _table_out_of_bounds() -> Trap:
    return Trap.of(TrapCode.TABLE_OUT_OF_BOUNDS)


def table_get(elements: list, i: int) -> Any:
    """``table.get``."""
    if i >= len(elements):
        raise _table_out_of_bounds()
    return elements[i]


def table_set(elements: list, i: int, ref: Any) -> None:
    """``table.set``."""
    if i >= len(elements):
        raise _table_out_of_bounds()
    elements[i] = ref


def table_grow(table, ref: Any, n: int) -> int:
    """``table.grow``: the old size, or -1."""
    return table.grow(n, ref)


def table_fill(elements: list, i: int, ref: Any, n: int) -> None:
    """``table.fill``."""
    if i + n > len(elements):
        raise _table_out_of_bounds()
    if n:
        elements[i:i + n] = [ref] * n


def table_copy(dst: list, src: list, d: int, s: int, n: int) -> None:
    """``table.copy``."""
    if s + n > len(src) or d + n > len(dst):
        raise _table_out_of_bounds()
    if n:
        dst[d:d + n] = src[s:s + n]


def table_init(elements: list, elem, d: int, s: int, n: int) -> None:
    """``table.init`` from element segment instance ``elem``."""
    refs = elem.elements
    if s + n > len(refs) or d + n > len(elements):
        raise _table_out_of_bounds()
    if n:
        elements[d:d + n] = refs[s:s + n]


def trampoline(body):
    """The raw callable of a function that makes tail calls: runs ``body`` and
    the chain of tail calls it returns, in constant Python stack depth."""

    def raw(*args):
        r = body(*args)
        while type(r) is TailCall:
            r = r.fn(*r.args)
        return r

    return raw
