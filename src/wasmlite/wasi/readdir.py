"""Directory listing: ``fd_readdir``.

Entries are ``.``, ``..``, then the host's entries in the host's order; the cookie
of an entry is its index plus one. A listing is read afresh when a guest starts
over (cookie 0) and reused while it continues, so paging through a directory
costs one host listing.
"""

from __future__ import annotations

import os

from .context import WasiContext
from .descriptors import DirectoryDescriptor
from .enums import Filetype
from .errno import Errno, WasiError
from .filestat import filetype_of
from .memory import DIRENT, U32, check_range, pack, write_bytes
from .rights import Rights

_READDIR = Rights.FD_READDIR


def _entry_type(entry: os.DirEntry) -> int:
    if entry.is_symlink():
        return Filetype.SYMBOLIC_LINK
    if entry.is_dir(follow_symlinks=False):
        return Filetype.DIRECTORY
    if entry.is_file(follow_symlinks=False):
        return Filetype.REGULAR_FILE
    return filetype_of(entry.stat(follow_symlinks=False).st_mode)


def listing(directory: DirectoryDescriptor) -> list[tuple[bytes, int, int]]:
    """(name, inode, filetype) of every entry of ``directory``, ``.`` and ``..`` first."""
    host_fd = directory.host_fd
    inode = os.fstat(host_fd).st_ino
    try:
        parent_inode = os.stat("..", dir_fd=host_fd).st_ino
    except OSError:
        parent_inode = inode
    entries = [(b".", inode, Filetype.DIRECTORY),
               (b"..", parent_inode, Filetype.DIRECTORY)]
    with os.scandir(host_fd) as scan:
        for entry in scan:
            try:
                kind = _entry_type(entry)
            except OSError:
                kind = Filetype.UNKNOWN
            entries.append((os.fsencode(entry.name), entry.inode(), kind))
    return entries


def fd_readdir(ctx: WasiContext, mem: memoryview, fd: int, buf: int, buf_len: int,
               cookie: int, bufused_ptr: int) -> int:
    """Fill ``buf`` with ``dirent`` records from position ``cookie`` of directory ``fd``.

    The last record is cut off when it does not fit; a full buffer tells the guest
    to continue from the cookie of the last complete record.
    """
    directory = ctx.table.get(fd, _READDIR)
    if not isinstance(directory, DirectoryDescriptor):
        raise WasiError(Errno.BADF)
    directory.check_readable()
    check_range(mem, buf, buf_len)
    entries = directory.listing
    if cookie == 0 or entries is None:
        entries = directory.listing = listing(directory)
    used = 0
    for index in range(cookie, len(entries)):
        if used >= buf_len:
            break
        name, inode, kind = entries[index]
        record = DIRENT.pack(index + 1, inode, len(name), kind) + name
        chunk = record[:buf_len - used]
        write_bytes(mem, buf + used, chunk)
        used += len(chunk)
    pack(U32, mem, bufused_ptr, used)
    return 0
