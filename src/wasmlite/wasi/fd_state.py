"""Descriptor management: ``fd_close``, ``fd_renumber``, ``fd_fdstat_*``, ``fd_prestat_*``,
``fd_sync``, ``fd_datasync``, ``fd_advise``, ``fd_allocate``."""

from __future__ import annotations

import fcntl
import os

from .context import WasiContext
from .descriptors import DirectoryDescriptor
from .enums import Advice, Fdflags, Preopentype
from .errno import Errno, WasiError
from .memory import FDSTAT, PRESTAT, pack, write_bytes
from .rights import Rights

_SET_FLAGS = Rights.FD_FDSTAT_SET_FLAGS
_SYNC = Rights.FD_SYNC
_DATASYNC = Rights.FD_DATASYNC
_ADVISE = Rights.FD_ADVISE
_ALLOCATE = Rights.FD_ALLOCATE
_HOST_STATUS_FLAGS = {Fdflags.APPEND: os.O_APPEND, Fdflags.NONBLOCK: os.O_NONBLOCK}
_FIXED_FLAGS = Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC
_ADVICE = {
    Advice.NORMAL: "POSIX_FADV_NORMAL",
    Advice.SEQUENTIAL: "POSIX_FADV_SEQUENTIAL",
    Advice.RANDOM: "POSIX_FADV_RANDOM",
    Advice.WILLNEED: "POSIX_FADV_WILLNEED",
    Advice.DONTNEED: "POSIX_FADV_DONTNEED",
    Advice.NOREUSE: "POSIX_FADV_NOREUSE",
}


def fd_close(ctx: WasiContext, mem: memoryview | None, fd: int) -> int:
    """Close ``fd`` (preopened directories included)."""
    ctx.table.close(fd)
    return 0


def fd_renumber(ctx: WasiContext, mem: memoryview | None, fd: int, to: int) -> int:
    """Move ``fd`` to the open descriptor number ``to``, closing what was there."""
    ctx.table.renumber(fd, to)
    return 0


def fd_fdstat_get(ctx: WasiContext, mem: memoryview, fd: int, buf: int) -> int:
    """Store the filetype, flags and rights of ``fd``."""
    descriptor = ctx.table.get(fd)
    pack(FDSTAT, mem, buf, descriptor.filetype, descriptor.fdflags, descriptor.rights_base,
         descriptor.rights_inheriting)
    return 0


def fd_fdstat_set_flags(ctx: WasiContext, mem: memoryview | None, fd: int, flags: int) -> int:
    """Change the ``APPEND`` and ``NONBLOCK`` flags of the file ``fd``.

    The synchronisation flags are fixed when a file is opened; asking to change
    them is ``INVAL``.
    """
    descriptor = ctx.table.get_file(fd, _SET_FLAGS)
    if flags & ~0x1F or (flags ^ descriptor.fdflags) & _FIXED_FLAGS:
        raise WasiError(Errno.INVAL)
    host_fd = descriptor.host_fd
    status = fcntl.fcntl(host_fd, fcntl.F_GETFL)
    for flag, host_flag in _HOST_STATUS_FLAGS.items():
        status = status | host_flag if flags & flag else status & ~host_flag
    fcntl.fcntl(host_fd, fcntl.F_SETFL, status)
    descriptor.fdflags = flags
    return 0


def fd_fdstat_set_rights(ctx: WasiContext, mem: memoryview | None, fd: int, rights_base: int,
                         rights_inheriting: int) -> int:
    """Drop rights from ``fd``; asking for a right it does not have is ``NOTCAPABLE``."""
    descriptor = ctx.table.get(fd)
    if rights_base & ~descriptor.rights_base or \
            rights_inheriting & ~descriptor.rights_inheriting:
        raise WasiError(Errno.NOTCAPABLE)
    descriptor.rights_base = rights_base
    descriptor.rights_inheriting = rights_inheriting
    return 0


def _preopen_name(ctx: WasiContext, fd: int) -> bytes:
    descriptor = ctx.table.get(fd)
    if not isinstance(descriptor, DirectoryDescriptor) or descriptor.preopen_name is None:
        raise WasiError(Errno.BADF)
    return descriptor.preopen_name.encode("utf-8")


def fd_prestat_get(ctx: WasiContext, mem: memoryview, fd: int, buf: int) -> int:
    """Store the ``prestat`` of the preopened directory ``fd``."""
    pack(PRESTAT, mem, buf, Preopentype.DIR, len(_preopen_name(ctx, fd)))
    return 0


def fd_prestat_dir_name(ctx: WasiContext, mem: memoryview, fd: int, path: int,
                        path_len: int) -> int:
    """Store the guest path of the preopened directory ``fd`` (not NUL-terminated)."""
    name = _preopen_name(ctx, fd)
    if path_len < len(name):
        raise WasiError(Errno.NAMETOOLONG)
    write_bytes(mem, path, name)
    return 0


def fd_sync(ctx: WasiContext, mem: memoryview | None, fd: int) -> int:
    """Flush the data and metadata of the file ``fd`` to storage."""
    os.fsync(ctx.table.get_file(fd, _SYNC).host_fd)
    return 0


def fd_datasync(ctx: WasiContext, mem: memoryview | None, fd: int) -> int:
    """Flush the data of the file ``fd`` to storage."""
    getattr(os, "fdatasync", os.fsync)(ctx.table.get_file(fd, _DATASYNC).host_fd)
    return 0


def fd_advise(ctx: WasiContext, mem: memoryview | None, fd: int, offset: int, length: int,
              advice: int) -> int:
    """Pass an access-pattern hint for a range of the file ``fd`` to the host."""
    descriptor = ctx.table.get_file(fd, _ADVISE)
    name = _ADVICE.get(advice)
    if name is None:
        raise WasiError(Errno.INVAL)
    if offset >= 1 << 63 or length >= 1 << 63:
        raise WasiError(Errno.INVAL)
    fadvise = getattr(os, "posix_fadvise", None)
    if fadvise is not None:
        fadvise(descriptor.host_fd, offset, length, getattr(os, name))
    return 0


def fd_allocate(ctx: WasiContext, mem: memoryview | None, fd: int, offset: int,
                length: int) -> int:
    """Make sure the file ``fd`` has storage for ``offset + length`` bytes."""
    ctx.table.get(fd).check_writable()
    descriptor = ctx.table.get_file(fd, _ALLOCATE)
    if offset >= 1 << 63 or length >= 1 << 63 or offset + length >= 1 << 63:
        raise WasiError(Errno.INVAL)
    fallocate = getattr(os, "posix_fallocate", None)
    if fallocate is None:
        raise WasiError(Errno.NOTSUP)
    if length:
        fallocate(descriptor.host_fd, offset, length)
    return 0
