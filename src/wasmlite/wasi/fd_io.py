"""Reading, writing and positioning: ``fd_read``, ``fd_write``, ``fd_pread``, ``fd_pwrite``,
``fd_seek``, ``fd_tell``."""

from __future__ import annotations

import os

from .context import WasiContext
from .descriptors import FileDescriptor, StreamDescriptor
from .enums import Whence
from .errno import Errno, WasiError
from .fdtable import check_rights
from .memory import U32, U64, iovec_buffers, pack, scatter
from .rights import Rights
from .streams import InputStream

_READ = Rights.FD_READ
_WRITE = Rights.FD_WRITE
_PREAD = Rights.FD_READ | Rights.FD_SEEK
_PWRITE = Rights.FD_WRITE | Rights.FD_SEEK
_SEEK = Rights.FD_SEEK
_TELL = Rights.FD_TELL
_HOST_WHENCE = {Whence.SET: os.SEEK_SET, Whence.CUR: os.SEEK_CUR, Whence.END: os.SEEK_END}
_MAX_OFFSET = (1 << 63) - 1
_IOV_MAX = 1024
"""Host vectored I/O takes at most this many buffers (the POSIX minimum of IOV_MAX)."""


def _read_buffers(buffers: list[memoryview]) -> list[memoryview]:
    """The buffers one host read fills: a short read covers fewer of them."""
    return buffers[:_IOV_MAX]


def _write_buffers(buffers: list[memoryview]) -> list[memoryview] | list[bytes]:
    """The buffers one host write takes, joined when there are too many."""
    return buffers if len(buffers) <= _IOV_MAX else [b"".join(buffers)]


def fd_read(ctx: WasiContext, mem: memoryview, fd: int, iovs: int, iovs_len: int,
            nread_ptr: int) -> int:
    """Read from ``fd`` into the buffers of ``iovs``; store the byte count."""
    descriptor = ctx.table.get(fd, _READ)
    buffers = iovec_buffers(mem, iovs, iovs_len)
    if isinstance(descriptor, FileDescriptor):
        count = os.readv(descriptor.host_fd, _read_buffers(buffers)) if buffers else 0
    elif isinstance(descriptor, StreamDescriptor) and isinstance(descriptor.stream, InputStream):
        total = sum(map(len, buffers))
        count = scatter(buffers, descriptor.stream.read(total)) if total else 0
    else:
        raise WasiError(Errno.BADF)
    pack(U32, mem, nread_ptr, count)
    return 0


def fd_write(ctx: WasiContext, mem: memoryview, fd: int, iovs: int, iovs_len: int,
             nwritten_ptr: int) -> int:
    """Write the buffers of ``iovs`` to ``fd``; store the byte count."""
    descriptor = ctx.table.get(fd, _WRITE)
    buffers = iovec_buffers(mem, iovs, iovs_len)
    if isinstance(descriptor, FileDescriptor):
        count = os.writev(descriptor.host_fd, _write_buffers(buffers)) if buffers else 0
    elif isinstance(descriptor, StreamDescriptor) and not isinstance(descriptor.stream,
                                                                     InputStream):
        count = descriptor.stream.write(b"".join(buffers)) if buffers else 0
    else:
        raise WasiError(Errno.BADF)
    pack(U32, mem, nwritten_ptr, count)
    return 0


def _positioned_file(ctx: WasiContext, fd: int, rights: int) -> FileDescriptor:
    """The file behind ``fd`` for an operation that uses or moves a position."""
    descriptor = ctx.table.get(fd)
    if isinstance(descriptor, StreamDescriptor):
        raise WasiError(Errno.SPIPE)
    if not isinstance(descriptor, FileDescriptor):
        raise WasiError(Errno.BADF)
    check_rights(descriptor, rights)
    return descriptor


def fd_pread(ctx: WasiContext, mem: memoryview, fd: int, iovs: int, iovs_len: int,
             offset: int, nread_ptr: int) -> int:
    """Read from ``fd`` at ``offset`` without moving its position."""
    descriptor = _positioned_file(ctx, fd, _PREAD)
    if offset > _MAX_OFFSET:
        raise WasiError(Errno.INVAL)
    buffers = iovec_buffers(mem, iovs, iovs_len)
    count = os.preadv(descriptor.host_fd, _read_buffers(buffers), offset) if buffers else 0
    pack(U32, mem, nread_ptr, count)
    return 0


def fd_pwrite(ctx: WasiContext, mem: memoryview, fd: int, iovs: int, iovs_len: int,
              offset: int, nwritten_ptr: int) -> int:
    """Write to ``fd`` at ``offset`` without moving its position."""
    descriptor = _positioned_file(ctx, fd, _PWRITE)
    if offset > _MAX_OFFSET:
        raise WasiError(Errno.INVAL)
    buffers = iovec_buffers(mem, iovs, iovs_len)
    count = os.pwritev(descriptor.host_fd, _write_buffers(buffers), offset) if buffers else 0
    pack(U32, mem, nwritten_ptr, count)
    return 0


def fd_seek(ctx: WasiContext, mem: memoryview, fd: int, offset: int, whence: int,
            newoffset_ptr: int) -> int:
    """Move the position of ``fd``; store the new position."""
    if offset >= 1 << 63:
        offset -= 1 << 64
    descriptor = _positioned_file(ctx, fd, _TELL if offset == 0 and whence == Whence.CUR
                                  else _SEEK)
    host_whence = _HOST_WHENCE.get(whence)
    if host_whence is None:
        raise WasiError(Errno.INVAL)
    pack(U64, mem, newoffset_ptr, os.lseek(descriptor.host_fd, offset, host_whence))
    return 0


def fd_tell(ctx: WasiContext, mem: memoryview, fd: int, offset_ptr: int) -> int:
    """Store the current position of ``fd``."""
    descriptor = _positioned_file(ctx, fd, _TELL)
    pack(U64, mem, offset_ptr, os.lseek(descriptor.host_fd, 0, os.SEEK_CUR))
    return 0
