"""Operations on paths relative to a directory descriptor, shared by both WASI faces.

Each function takes an open ``DirectoryDescriptor`` and a guest path (already
decoded), enforces the preopen's ``DirPerms``/``FilePerms`` (``PERM`` when
refused), resolves the path with ``sandbox.resolve`` so nothing outside the
directory tree is reached, and acts on the host. Failures are ``WasiError``
(or a host ``OSError``, which callers map); preview 1 turns them into errno
values, preview 2 into ``error-code`` cases.
"""

from __future__ import annotations

import os
import stat

from .descriptors import DirectoryDescriptor
from .enums import Fdflags, Filetype, Oflags
from .errno import Errno, WasiError
from .filestat import filetype_of
from .sandbox import ResolvedPath, resolve

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

    TimesFor = Callable[[Callable[[], os.stat_result]], tuple[int, int]]

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


def refuse_symlink_with_slash(resolved: ResolvedPath, errno: int) -> None:
    """A trailing ``/`` would make the host follow a final symbolic link unchecked."""
    if resolved.trailing_slash and resolved.is_symlink():
        raise WasiError(errno)


def open_flags(reading: bool, writing: bool, oflags: int, fdflags: int) -> int:
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


def open_at(directory: DirectoryDescriptor, guest_path: str, follow: bool, oflags: int,
            fdflags: int, reading: bool, writing: bool) -> tuple[int, int]:
    """Open ``guest_path``: the new host descriptor and its ``st_mode``.

    ``oflags`` and ``fdflags`` are preview 1 bit sets. Creating where the
    preopen's ``DirPerms`` forbid it, writing or truncating where its
    ``FilePerms`` forbid it, and reading a file they keep from being read are
    ``PERM``.
    """
    if oflags & Oflags.CREAT:
        directory.check_mutable()
    if (writing or oflags & Oflags.TRUNC) and not directory.file_perms.can_write:
        raise WasiError(Errno.PERM)
    flags = open_flags(reading, writing, oflags, fdflags)
    with resolve(directory.host_fd, guest_path, follow, True) as resolved:
        if resolved.trailing_slash:
            flags |= os.O_DIRECTORY
        host_fd = os.open(resolved.name, flags, 0o666, dir_fd=resolved.dir_fd)
    try:
        mode = os.fstat(host_fd).st_mode
        if reading and not stat.S_ISDIR(mode) and not directory.file_perms.can_read:
            raise WasiError(Errno.PERM)
    except BaseException:
        os.close(host_fd)
        raise
    return host_fd, mode


def create_directory(directory: DirectoryDescriptor, guest_path: str) -> None:
    """Create the directory ``guest_path``."""
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        os.mkdir(resolved.host_name, 0o777, dir_fd=resolved.dir_fd)


def remove_directory(directory: DirectoryDescriptor, guest_path: str) -> None:
    """Remove the empty directory ``guest_path``."""
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        refuse_symlink_with_slash(resolved, Errno.NOTDIR)
        os.rmdir(resolved.host_name, dir_fd=resolved.dir_fd)


def unlink_file(directory: DirectoryDescriptor, guest_path: str) -> None:
    """Remove the file (or symbolic link) ``guest_path``."""
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        refuse_symlink_with_slash(resolved, Errno.NOTDIR)
        os.unlink(resolved.host_name, dir_fd=resolved.dir_fd)


def rename(source: DirectoryDescriptor, source_path: str, target: DirectoryDescriptor,
           target_path: str) -> None:
    """Rename ``source_path`` under ``source`` to ``target_path`` under ``target``."""
    source.check_mutable()
    target.check_mutable()
    with resolve(source.host_fd, source_path, False) as old, \
            resolve(target.host_fd, target_path, False) as new:
        refuse_symlink_with_slash(old, Errno.NOTDIR)
        refuse_symlink_with_slash(new, Errno.NOTDIR)
        os.rename(old.host_name, new.host_name, src_dir_fd=old.dir_fd, dst_dir_fd=new.dir_fd)


def symlink(contents: str, directory: DirectoryDescriptor, guest_path: str) -> None:
    """Create a symbolic link ``guest_path`` whose contents are ``contents``.

    Absolute link contents could only ever point outside the sandbox and are
    refused with ``PERM``.
    """
    if contents.startswith("/"):
        raise WasiError(Errno.PERM)
    if "\0" in contents:
        raise WasiError(Errno.INVAL)
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        refuse_symlink_with_slash(resolved, Errno.EXIST)
        os.symlink(contents, resolved.host_name, dir_fd=resolved.dir_fd)


def readlink(directory: DirectoryDescriptor, guest_path: str) -> bytes:
    """The contents of the symbolic link ``guest_path``."""
    directory.check_readable()
    with resolve(directory.host_fd, guest_path, False) as resolved:
        refuse_symlink_with_slash(resolved, Errno.INVAL)
        return os.fsencode(os.readlink(resolved.host_name, dir_fd=resolved.dir_fd))


def link(source: DirectoryDescriptor, source_path: str, follow: bool,
         target: DirectoryDescriptor, target_path: str) -> None:
    """Create the hard link ``target_path`` to ``source_path``."""
    target.check_mutable()
    with resolve(source.host_fd, source_path, follow, True) as old, \
            resolve(target.host_fd, target_path, False) as new:
        refuse_symlink_with_slash(new, Errno.EXIST)
        os.link(old.host_name, new.host_name, src_dir_fd=old.dir_fd, dst_dir_fd=new.dir_fd,
                follow_symlinks=False)


def stat_at(directory: DirectoryDescriptor, guest_path: str, follow: bool) -> os.stat_result:
    """The host attributes of the file at ``guest_path``."""
    with resolve(directory.host_fd, guest_path, follow, True) as resolved:
        st = os.stat(resolved.name, dir_fd=resolved.dir_fd, follow_symlinks=False)
        if resolved.trailing_slash and filetype_of(st.st_mode) != Filetype.DIRECTORY:
            raise WasiError(Errno.NOTDIR)
    return st


def set_times_at(directory: DirectoryDescriptor, guest_path: str, follow: bool,
                 times: "TimesFor") -> None:
    """Set the access and modification times of the file at ``guest_path`` to
    ``times(current)``, ``current`` giving the file's attributes on demand."""
    directory.check_mutable()
    with resolve(directory.host_fd, guest_path, follow, True) as resolved:
        name, dir_fd = resolved.name, resolved.dir_fd
        ns = times(lambda: os.stat(name, dir_fd=dir_fd, follow_symlinks=False))
        os.utime(name, ns=ns, dir_fd=dir_fd, follow_symlinks=False)
