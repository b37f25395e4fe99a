"""The threads proposal's atomic memory instructions, called by compiled code.

wasmlite runs wasm on the calling Python thread, and CPython executes one
bytecode at a time, so each helper here is atomic with respect to other
Python threads sharing the memory. Waiters block on one process-wide
condition variable and are woken by ``memory.atomic.notify`` on the same
memory and address.
"""

from __future__ import annotations

import _thread
import struct
import time

from ...runtime.trap import Trap, TrapCode

__all__ = ["atomic_load", "atomic_store", "atomic_rmw", "atomic_cmpxchg", "atomic_notify",
           "atomic_wait"]

_FORMATS = {1: struct.Struct("<B"), 2: struct.Struct("<H"), 4: struct.Struct("<I"),
            8: struct.Struct("<Q")}
_MASKS = {1: 0xFF, 2: 0xFFFF, 4: 0xFFFFFFFF, 8: 0xFFFFFFFFFFFFFFFF}
_OPS = {
    "add": lambda old, v: old + v,
    "sub": lambda old, v: old - v,
    "and": lambda old, v: old & v,
    "or": lambda old, v: old | v,
    "xor": lambda old, v: old ^ v,
    "xchg": lambda old, v: v,
}

_waiting = None
"""The condition variable waiters block on, made on first use (importing
``threading`` is a cost every start-up would pay)."""
_making = _thread.allocate_lock()


def _condition():
    global _waiting
    if _waiting is None:
        with _making:
            if _waiting is None:
                import threading
                _waiting = threading.Condition()
    return _waiting
_waiters: dict[tuple[int, int], int] = {}
_generation: dict[tuple[int, int], int] = {}


def _check(mem, address: int, size: int) -> None:
    if address + size > mem.size_bytes:
        raise Trap.of(TrapCode.MEMORY_OUT_OF_BOUNDS)
    if address % size:
        raise Trap.of(TrapCode.HEAP_MISALIGNED)


def atomic_load(mem, address: int, size: int) -> int:
    """An atomic load of ``size`` bytes (zero-extended)."""
    _check(mem, address, size)
    return _FORMATS[size].unpack_from(mem.view, address)[0]


def atomic_store(mem, address: int, size: int, value: int) -> None:
    """An atomic store of the low ``size`` bytes of ``value``."""
    _check(mem, address, size)
    _FORMATS[size].pack_into(mem.view, address, value & _MASKS[size])


def atomic_rmw(mem, address: int, size: int, op: str, value: int) -> int:
    """An atomic read-modify-write; the old value (zero-extended)."""
    _check(mem, address, size)
    fmt = _FORMATS[size]
    old = fmt.unpack_from(mem.view, address)[0]
    fmt.pack_into(mem.view, address, _OPS[op](old, value & _MASKS[size]) & _MASKS[size])
    return old


def atomic_cmpxchg(mem, address: int, size: int, expected: int, replacement: int) -> int:
    """An atomic compare-exchange; the old value (zero-extended)."""
    _check(mem, address, size)
    fmt = _FORMATS[size]
    old = fmt.unpack_from(mem.view, address)[0]
    if old == expected & _MASKS[size]:
        fmt.pack_into(mem.view, address, replacement & _MASKS[size])
    return old


def atomic_notify(mem, address: int, count: int) -> int:
    """``memory.atomic.notify``: wake up to ``count`` waiters; how many were woken."""
    _check(mem, address, 4)
    key = (id(mem), address)
    condition = _condition()
    with condition:
        woken = min(count, _waiters.get(key, 0))
        if woken:
            _waiters[key] -= woken
            _generation[key] = _generation.get(key, 0) + woken
            condition.notify_all()
    return woken


def atomic_wait(mem, address: int, expected: int, timeout: int, size: int) -> int:
    """``memory.atomic.wait32/64``: 0 woken, 1 value not equal, 2 timed out."""
    _check(mem, address, size)
    if not mem.shared:
        raise Trap.of(TrapCode.ATOMIC_WAIT_NON_SHARED_MEMORY)
    if _FORMATS[size].unpack_from(mem.view, address)[0] != expected:
        return 1
    signed = timeout - (1 << 64) if timeout >> 63 else timeout
    deadline = None if signed < 0 else time.monotonic() + signed / 1e9
    key = (id(mem), address)
    condition = _condition()
    with condition:
        _waiters[key] = _waiters.get(key, 0) + 1
        start = _generation.get(key, 0)
        while _generation.get(key, 0) == start:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                _waiters[key] -= 1
                return 2
            condition.wait(left)
    return 0
