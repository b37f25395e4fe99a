"""File attributes: ``fd_filestat_get``, ``fd_filestat_set_size``, ``fd_filestat_set_times``,
and the ``filestat`` packing and time rules the ``path_filestat_*`` functions share."""

from __future__ import annotations

import os
import stat
import time

from .context import WasiContext
from .descriptors import StreamDescriptor
from .enums import Filetype, Fstflags
from .errno import Errno, WasiError
from .fdtable import check_rights
from .memory import FILESTAT, pack
from .rights import Rights

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

_FILESTAT_GET = Rights.FD_FILESTAT_GET
_SET_SIZE = Rights.FD_FILESTAT_SET_SIZE
_SET_TIMES = Rights.FD_FILESTAT_SET_TIMES


def filetype_of(mode: int) -> int:
    """The WASI filetype of a host ``st_mode``."""
    if stat.S_ISREG(mode):
        return Filetype.REGULAR_FILE
    if stat.S_ISDIR(mode):
        return Filetype.DIRECTORY
    if stat.S_ISLNK(mode):
        return Filetype.SYMBOLIC_LINK
    if stat.S_ISCHR(mode):
        return Filetype.CHARACTER_DEVICE
    if stat.S_ISBLK(mode):
        return Filetype.BLOCK_DEVICE
    if stat.S_ISSOCK(mode):
        return Filetype.SOCKET_STREAM
    return Filetype.UNKNOWN


def pack_filestat(mem: memoryview, ptr: int, st: os.stat_result) -> None:
    """Store the ``filestat`` of a host stat result at ``ptr``."""
    pack(FILESTAT, mem, ptr, st.st_dev, st.st_ino, filetype_of(st.st_mode), st.st_nlink,
         st.st_size, st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns)


def check_fst_flags(fst_flags: int) -> None:
    """``INVAL`` for unknown flags, or for both a time and ``*_NOW`` of one attribute."""
    if fst_flags & ~0xF:
        raise WasiError(Errno.INVAL)
    if (fst_flags & Fstflags.ATIM and fst_flags & Fstflags.ATIM_NOW) or \
            (fst_flags & Fstflags.MTIM and fst_flags & Fstflags.MTIM_NOW):
        raise WasiError(Errno.INVAL)


def new_times(atim: int, mtim: int, fst_flags: int,
              current: Callable[[], os.stat_result]) -> tuple[int, int]:
    """The (atime, mtime) in nanoseconds that valid ``fst_flags`` ask for.

    A time that is neither given nor ``*_NOW`` keeps its ``current()`` value.
    """
    now = time.time_ns()
    st = None
    if fst_flags & Fstflags.ATIM:
        atime = atim
    elif fst_flags & Fstflags.ATIM_NOW:
        atime = now
    else:
        st = current()
        atime = st.st_atime_ns
    if fst_flags & Fstflags.MTIM:
        mtime = mtim
    elif fst_flags & Fstflags.MTIM_NOW:
        mtime = now
    else:
        mtime = (st or current()).st_mtime_ns
    return atime, mtime


def fd_filestat_get(ctx: WasiContext, mem: memoryview, fd: int, buf: int) -> int:
    """Store the attributes of ``fd`` (all zero but the filetype for a standard stream)."""
    descriptor = ctx.table.get(fd)
    if isinstance(descriptor, StreamDescriptor):
        pack(FILESTAT, mem, buf, 0, 0, descriptor.filetype, 0, 0, 0, 0, 0)
        return 0
    check_rights(descriptor, _FILESTAT_GET)
    pack_filestat(mem, buf, os.fstat(descriptor.host_fd))
    return 0


def fd_filestat_set_size(ctx: WasiContext, mem: memoryview | None, fd: int, size: int) -> int:
    """Truncate or extend the file ``fd`` to ``size`` bytes."""
    descriptor = ctx.table.get(fd)
    descriptor.check_writable()
    descriptor = ctx.table.get_file(fd, _SET_SIZE)
    if size >= 1 << 63:
        raise WasiError(Errno.INVAL)
    os.ftruncate(descriptor.host_fd, size)
    return 0


def fd_filestat_set_times(ctx: WasiContext, mem: memoryview | None, fd: int, atim: int,
                          mtim: int, fst_flags: int) -> int:
    """Set the access and/or modification time of ``fd``."""
    check_fst_flags(fst_flags)
    descriptor = ctx.table.get(fd, _SET_TIMES)
    descriptor.check_writable()
    host_fd = descriptor.host_fd
    times = new_times(atim, mtim, fst_flags, lambda: os.fstat(host_fd))
    os.utime(host_fd, ns=times)
    return 0
