"""Operations on paths relative to a directory descriptor: every ``path_*`` function.

Paths are resolved by ``sandbox.resolve`` so that no operation reaches outside the
directory tree the descriptor grants.
"""

from __future__ import annotations

import os
import stat

from .context import WasiContext
from .descriptors import Descriptor, DirectoryDescriptor, FileDescriptor
from .enums import Fdflags, Filetype, Lookupflags, Oflags
from .errno import Errno, WasiError
from .filestat import check_fst_flags, filetype_of, new_times, pack_filestat
from .memory import U32, check_range, pack, read_string, write_bytes
from .rights import FILE_RIGHTS, READ_MODE_RIGHTS, WRITE_MODE_RIGHTS, Rights
from .sandbox import ResolvedPath, resolve

R = Rights
_FOLLOW = Lookupflags.SYMLINK_FOLLOW
_HOST_FDFLAGS = (
    (Fdflags.APPEND, os.O_APPEND),
    (Fdflags.NONBLOCK, os.O_NONBLOCK),
    (Fdflags.DSYNC, getattr(os, "O_DSYNC", os.O_SYNC)),
    (Fdflags.RSYNC, getattr(os, "O_RSYNC", os.O_SYNC)),
    (Fdflags.SYNC, os.O_SYNC),
)
_HOST_OFLAGS = (
    (Oflags.CREAT, os.O_CREAT),
    (Oflags.DIRECTORY, os.O_DIRECTORY),
    (Oflags.EXCL, os.O_EXCL),
    (Oflags.TRUNC, os.O_TRUNC),
)


def _directory_and_path(ctx: WasiContext, mem: memoryview, fd: int, rights: int, path: int,
                        path_len: int) -> tuple[DirectoryDescriptor, str]:
    directory = ctx.table.get_directory(fd, rights)
    return directory, read_string(mem, path, path_len)


def _refuse_symlink_with_slash(resolved: ResolvedPath, errno: int) -> None:
    """A trailing ``/`` would make the host follow a final symbolic link unchecked."""
    if resolved.trailing_slash and resolved.is_symlink():
        raise WasiError(errno)


def _open_flags(reading: bool, writing: bool, oflags: int, fdflags: int) -> int:
    """Host ``open`` flags for the access mode, ``oflags`` and ``fdflags``."""
    if writing:
        flags = os.O_RDWR if reading else os.O_WRONLY
    else:
        flags = os.O_RDONLY
    flags |= os.O_NOFOLLOW | os.O_CLOEXEC
    for flag, host_flag in _HOST_OFLAGS:
        if oflags & flag:
            flags |= host_flag
    for flag, host_flag in _HOST_FDFLAGS:
        if fdflags & flag:
            flags |= host_flag
    return flags


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
    flags = _open_flags(reading, writing, oflags, fdflags)
    with resolve(directory.host_fd, guest_path, bool(dirflags & _FOLLOW), True) as resolved:
        if resolved.trailing_slash:
            flags |= os.O_DIRECTORY
        host_fd = os.open(resolved.name, flags, 0o666, dir_fd=resolved.dir_fd)
    try:
        mode = os.fstat(host_fd).st_mode
        descriptor: Descriptor
        if reading and not stat.S_ISDIR(mode) and not directory.file_perms.can_read:
            raise WasiError(Errno.PERM)
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
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        os.mkdir(resolved.host_name, 0o777, dir_fd=resolved.dir_fd)
    return 0


def path_remove_directory(ctx: WasiContext, mem: memoryview, fd: int, path: int,
                          path_len: int) -> int:
    """Remove the empty directory ``path``."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_REMOVE_DIRECTORY, path,
                                                path_len)
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        _refuse_symlink_with_slash(resolved, Errno.NOTDIR)
        os.rmdir(resolved.host_name, dir_fd=resolved.dir_fd)
    return 0


def path_unlink_file(ctx: WasiContext, mem: memoryview, fd: int, path: int,
                     path_len: int) -> int:
    """Remove the file (or symbolic link) ``path``."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_UNLINK_FILE, path,
                                                path_len)
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        _refuse_symlink_with_slash(resolved, Errno.NOTDIR)
        os.unlink(resolved.host_name, dir_fd=resolved.dir_fd)
    return 0


def path_rename(ctx: WasiContext, mem: memoryview, fd: int, old_path: int, old_path_len: int,
                new_fd: int, new_path: int, new_path_len: int) -> int:
    """Rename ``old_path`` under ``fd`` to ``new_path`` under ``new_fd``."""
    source, source_path = _directory_and_path(ctx, mem, fd, R.PATH_RENAME_SOURCE, old_path,
                                              old_path_len)
    target, target_path = _directory_and_path(ctx, mem, new_fd, R.PATH_RENAME_TARGET, new_path,
                                              new_path_len)
    source.check_mutable()
    target.check_mutable()
    with resolve(source.host_fd, source_path, False) as old, \
            resolve(target.host_fd, target_path, False) as new:
        _refuse_symlink_with_slash(old, Errno.NOTDIR)
        _refuse_symlink_with_slash(new, Errno.NOTDIR)
        os.rename(old.host_name, new.host_name, src_dir_fd=old.dir_fd, dst_dir_fd=new.dir_fd)
    return 0


def path_symlink(ctx: WasiContext, mem: memoryview, old_path: int, old_path_len: int, fd: int,
                 new_path: int, new_path_len: int) -> int:
    """Create a symbolic link ``new_path`` whose contents are ``old_path``.

    Absolute link contents could only ever point outside the sandbox and are
    refused with ``PERM``.
    """
    contents = read_string(mem, old_path, old_path_len)
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_SYMLINK, new_path,
                                                new_path_len)
    if contents.startswith("/"):
        raise WasiError(Errno.PERM)
    if "\0" in contents:
        raise WasiError(Errno.INVAL)
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        _refuse_symlink_with_slash(resolved, Errno.EXIST)
        os.symlink(contents, resolved.host_name, dir_fd=resolved.dir_fd)
    return 0


def path_readlink(ctx: WasiContext, mem: memoryview, fd: int, path: int, path_len: int,
                  buf: int, buf_len: int, bufused_ptr: int) -> int:
    """Store the contents of the symbolic link ``path`` (cut to ``buf_len`` bytes)."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_READLINK, path, path_len)
    directory.check_readable()
    check_range(mem, buf, buf_len)
    with resolve(directory.host_fd, guest_path, False) as resolved:
        _refuse_symlink_with_slash(resolved, Errno.INVAL)
        contents = os.fsencode(os.readlink(resolved.host_name, dir_fd=resolved.dir_fd))
    contents = contents[:buf_len]
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
    target.check_mutable()
    with resolve(source.host_fd, source_path, bool(old_flags & _FOLLOW), True) as old, \
            resolve(target.host_fd, target_path, False) as new:
        _refuse_symlink_with_slash(new, Errno.EXIST)
        os.link(old.host_name, new.host_name, src_dir_fd=old.dir_fd, dst_dir_fd=new.dir_fd,
                follow_symlinks=False)
    return 0


def path_filestat_get(ctx: WasiContext, mem: memoryview, fd: int, flags: int, path: int,
                      path_len: int, buf: int) -> int:
    """Store the attributes of the file at ``path``."""
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_FILESTAT_GET, path,
                                                path_len)
    with resolve(directory.host_fd, guest_path, bool(flags & _FOLLOW), True) as resolved:
        st = os.stat(resolved.name, dir_fd=resolved.dir_fd, follow_symlinks=False)
        if resolved.trailing_slash and filetype_of(st.st_mode) != Filetype.DIRECTORY:
            raise WasiError(Errno.NOTDIR)
    pack_filestat(mem, buf, st)
    return 0


def path_filestat_set_times(ctx: WasiContext, mem: memoryview, fd: int, flags: int, path: int,
                            path_len: int, atim: int, mtim: int, fst_flags: int) -> int:
    """Set the access and/or modification time of the file at ``path``."""
    check_fst_flags(fst_flags)
    directory, guest_path = _directory_and_path(ctx, mem, fd, R.PATH_FILESTAT_SET_TIMES, path,
                                                path_len)
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, bool(flags & _FOLLOW), True) as resolved:
        name, dir_fd = resolved.name, resolved.dir_fd
        times = new_times(atim, mtim, fst_flags,
                          lambda: os.stat(name, dir_fd=dir_fd, follow_symlinks=False))
        os.utime(name, ns=times, dir_fd=dir_fd, follow_symlinks=False)
    return 0
