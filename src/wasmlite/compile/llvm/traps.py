"""Trap statuses: how native code reports a trap to the Python side.

Native code cannot raise. A trapping instruction stores the status of its
:class:`~wasmlite.runtime.trap.TrapCode` in the context's status slot and
returns; every caller returns in turn; the Python entry that called native
code finds the status and raises the same :class:`Trap` the portable tier
raises (same trap code, same message).
"""

from __future__ import annotations

from ...runtime.trap import Trap, TrapCode

__all__ = ["status_of", "trap_of"]


def status_of(code: TrapCode) -> int:
    """The status native code stores for a trap with ``code`` (never 0)."""
    return code.value + 1


def trap_of(status: int) -> Trap:
    """The trap that status ``status`` stands for."""
    return Trap.of(TrapCode(status - 1))
