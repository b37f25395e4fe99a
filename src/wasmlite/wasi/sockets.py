"""Sockets: ``sock_accept``, ``sock_recv``, ``sock_send``, ``sock_shutdown``.

A program configured through ``WasiConfig`` holds no socket descriptors, so each
of these answers ``BADF`` for a closed descriptor and ``NOTSOCK`` for any other.
"""

from __future__ import annotations

from .context import WasiContext
from .errno import Errno, WasiError


def _not_a_socket(ctx: WasiContext, fd: int) -> int:
    ctx.table.get(fd)
    raise WasiError(Errno.NOTSOCK)


def sock_accept(ctx: WasiContext, mem: memoryview, fd: int, flags: int, fd_ptr: int) -> int:
    """Accept a connection on the listening socket ``fd``."""
    return _not_a_socket(ctx, fd)


def sock_recv(ctx: WasiContext, mem: memoryview, fd: int, ri_data: int, ri_data_len: int,
              ri_flags: int, ro_datalen_ptr: int, ro_flags_ptr: int) -> int:
    """Receive a message from the socket ``fd``."""
    return _not_a_socket(ctx, fd)


def sock_send(ctx: WasiContext, mem: memoryview, fd: int, si_data: int, si_data_len: int,
              si_flags: int, so_datalen_ptr: int) -> int:
    """Send a message on the socket ``fd``."""
    return _not_a_socket(ctx, fd)


def sock_shutdown(ctx: WasiContext, mem: memoryview | None, fd: int, how: int) -> int:
    """Shut down the receive and/or send side of the socket ``fd``."""
    return _not_a_socket(ctx, fd)
