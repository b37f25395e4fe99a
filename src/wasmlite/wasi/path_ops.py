"""Operations on paths relative to a directory descriptor: every ``path_*`` function.

Each reads its arguments from guest memory, checks the descriptor's rights and
runs the operation of :mod:`.paths` (shared with preview 2), which resolves
paths with ``sandbox.resolve`` so that no operation reaches outside the
directory tree the descriptor grants.
"""

from __future__ import annotations

import os
import stat

from . import paths
from .context import WasiContext
from .descriptors import Descriptor, DirectoryDescriptor, FileDescriptor
from .enums import Lookupflags, Oflags
from .errno import Errno, WasiError
from .filestat import check_fst_flags, filetype_of, new_times, pack_filestat
from .memory import U32, check_range, pack, read_string, write_bytes
from .rights import FILE_RIGHTS, READ_MODE_RIGHTS, WRITE_MODE_RIGHTS, Rights

R = Rights
_FOLLOW = Lookupflags.SYMLINK_FOLLOW


def _directory_and_path(ctx: WasiContext, mem: memoryview, fd: int, rights: int, path: int,
                        path_len: int) -> tuple[DirectoryDescriptor, str]:
    directory = ctx.table.get_directory(fd, rights)
    return directory, read_string(mem, path, path_len)


def path_open(ctx: WasiContext, mem: memoryview, fd: int, dirflags: int, path: int,
              path_len: int, oflags: int, rights_base: int, rights_inheriting: int,
              fdflags: int, fd_ptr: int) -> int:
    """Open the file or directory at ``path``; store the new descriptor number.

    The requested rights are narrowed to what the directory lets descriptors
    opened beneath it inherit; they decide whether the host file is opened for
    reading, writing or both. Creating, truncating or writing where the
    preopen's permissions forbid it is ``PERM``.
    """
    needed = R.PATH_OPEN
    if oflags & Oflags.CREAT:
        needed |= R.PATH_CREATE_FILE
    if oflags & Oflags.TRUNC:
        needed |= R.PATH_FILESTAT_SET_SIZE
    directory, guest_path = _directory_and_path(ctx, mem, fd, needed, path, path_len)
    check_range(mem, fd_ptr, 4)
    if oflags & ~0xF or fdflags & ~0x1F:
        raise WasiError(Errno.INVAL)
    if oflags & Oflags.DIRECTORY and oflags & (Oflags.CREAT | Oflags.EXCL | Oflags.TRUNC):
        raise WasiError(Errno.INVAL)
    base = rights_base & directory.rights_inheriting
    inheriting = rights_inheriting & directory.rights_inheriting
    if oflags & Oflags.CREAT:
        directory.check_mutable()
    if (base & R.FD_WRITE or oflags & Oflags.TRUNC) and not directory.file_perms.can_write:
        raise WasiError(Errno.PERM)
    reading = bool(base & READ_MODE_RIGHTS)
    writing = bool(base & WRITE_MODE_RIGHTS) and directory.file_perms.can_write
    host_fd, mode = paths.open_at(directory, guest_path, bool(dirflags & _FOLLOW), oflags,
                                  fdflags, reading, writing)
    try:
        descriptor: Descriptor
        if stat.S_ISDIR(mode):
            descriptor = DirectoryDescriptor(host_fd, base, inheriting, fdflags,
                                             directory.dir_perms, directory.file_perms)
        else:
            supported = FILE_RIGHTS
            if not reading:
                supported &= ~R.FD_READ
            if not writing:
                supported &= ~WRITE_MODE_RIGHTS
            descriptor = FileDescriptor(host_fd, filetype_of(mode), base, inheriting, fdflags,
                                        supported, directory.file_perms)
        new_fd = ctx.table.insert(descriptor)
    except BaseException:
        os.close(host_fd)
        raise
    pack(U32, mem, fd_ptr, new_fd)
    return 0


def path_create_directory(ctx: WasiContext, mem: memoryview, fd: int, path: int,
                          path_len: int) -> int:
    """Create the directory ``path``."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_CREATE_DIRECTORY, path,
                                                path_len)
    paths.create_directory(directory, guest_path)
    return 0


def path_remove_directory(ctx: WasiContext, mem: memoryview, fd: int, path: int,
                          path_len: int) -> int:
    """Remove the empty directory ``path``."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_REMOVE_DIRECTORY, path,
                                                path_len)
    paths.remove_directory(directory, guest_path)
    return 0


def path_unlink_file(ctx: WasiContext, mem: memoryview, fd: int, path: int,
                     path_len: int) -> int:
    """Remove the file (or symbolic link) ``path``."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_UNLINK_FILE, path,
                                                path_len)
    paths.unlink_file(directory, guest_path)
    return 0


def path_rename(ctx: WasiContext, mem: memoryview, fd: int, old_path: int, old_path_len: int,
                new_fd: int, new_path: int, new_path_len: int) -> int:
    """Rename ``old_path`` under ``fd`` to ``new_path`` under ``new_fd``."""
    source, source_path = _directory_and_path(ctx, mem, fd, R.PATH_RENAME_SOURCE, old_path,
                                              old_path_len)
    target, target_path = _directory_and_path(ctx, mem, new_fd, R.PATH_RENAME_TARGET, new_path,
                                              new_path_len)
    paths.rename(source, source_path, target, target_path)
    return 0


def path_symlink(ctx: WasiContext, mem: memoryview, old_path: int, old_path_len: int, fd: int,
                 new_path: int, new_path_len: int) -> int:
    """Create a symbolic link ``new_path`` whose contents are ``old_path``."""
    contents = read_string(mem, old_path, old_path_len)
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_SYMLINK, new_path,
                                                new_path_len)
    paths.symlink(contents, directory, guest_path)
    return 0


def path_readlink(ctx: WasiContext, mem: memoryview, fd: int, path: int, path_len: int,
                  buf: int, buf_len: int, bufused_ptr: int) -> int:
    """Store the contents of the symbolic link ``path`` (cut to ``buf_len`` bytes)."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_READLINK, path, path_len)
    directory.check_readable()
    check_range(mem, buf, buf_len)
    contents = paths.readlink(directory, guest_path)[:buf_len]
    write_bytes(mem, buf, contents)
    pack(U32, mem, bufused_ptr, len(contents))
    return 0


def path_link(ctx: WasiContext, mem: memoryview, old_fd: int, old_flags: int, old_path: int,
              old_path_len: int, new_fd: int, new_path: int, new_path_len: int) -> int:
    """Create the hard link ``new_path`` to ``old_path``."""
    source, source_path = _directory_and_path(ctx, mem, old_fd, R.PATH_LINK_SOURCE, old_path,
                                              old_path_len)
    target, target_path = _directory_and_path(ctx, mem, new_fd, R.PATH_LINK_TARGET, new_path,
                                              new_path_len)
    paths.link(source, source_path, bool(old_flags & _FOLLOW), target, target_path)
    return 0


def path_filestat_get(ctx: WasiContext, mem: memoryview, fd: int, flags: int, path: int,
                      path_len: int, buf: int) -> int:
    """Store the attributes of the file at ``path``."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_FILESTAT_GET, path,
                                                path_len)
    pack_filestat(mem, buf, paths.stat_at(directory, guest_path, bool(flags & _FOLLOW)))
    return 0


def path_filestat_set_times(ctx: WasiContext, mem: memoryview, fd: int, flags: int, path: int,
                            path_len: int, atim: int, mtim: int, fst_flags: int) -> int:
    """Set the access and/or modification time of the file at ``path``."""
    check_fst_flags(fst_flags)
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_FILESTAT_SET_TIMES, path,
                                                path_len)
    paths.set_times_at(directory, guest_path, bool(flags & _FOLLOW),
                       lambda current: new_times(atim, mtim, fst_flags, current))
    return 0
