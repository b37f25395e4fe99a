"""Process control and randomness: ``proc_exit``, ``proc_raise``, ``sched_yield``,
``random_get``."""

from __future__ import annotations

import os

from ..errors import WasmtimeError
from .context import WasiContext
from .errno import Errno
from .memory import check_range, write_bytes

EXIT_CODE_LIMIT = 126
"""``proc_exit`` codes must be below this (codes from 126 on mean signals to shells)."""


class ProcExit(Exception):
    """The guest called ``proc_exit(code)``: the running call ends with this exit code."""

    def __init__(self, code: int):
        super().__init__(f"Exited with i32 exit status {code}")
        self.code = code


def proc_exit(ctx: WasiContext, mem: memoryview | None, rval: int) -> int:
    """End the program with exit code ``rval``."""
    if rval >= EXIT_CODE_LIMIT:
        raise WasmtimeError(f"exit with invalid exit status outside of [0..{EXIT_CODE_LIMIT})")
    raise ProcExit(rval)


def proc_raise(ctx: WasiContext, mem: memoryview | None, sig: int) -> int:
    """Sending a signal to the program is not supported: ``NOTSUP``."""
    return Errno.NOTSUP


def sched_yield(ctx: WasiContext, mem: memoryview | None) -> int:
    """Let other host threads run."""
    yield_now = getattr(os, "sched_yield", None)
    if yield_now is not None:
        yield_now()
    return 0


def secure_random_bytes(size: int) -> bytes:
    """``size`` cryptographically secure random bytes (the source of both previews)."""
    return os.urandom(size)


def random_get(ctx: WasiContext, mem: memoryview, buf: int, buf_len: int) -> int:
    """Fill ``buf_len`` bytes at ``buf`` with cryptographically secure random bytes."""
    check_range(mem, buf, buf_len)
    write_bytes(mem, buf, secure_random_bytes(buf_len))
    return 0
