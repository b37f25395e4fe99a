"""``wasi:filesystem/types``: the methods of ``descriptor`` and
``directory-entry-stream``, and ``filesystem-error-code``.

Path operations run the sandbox's shared implementations (:mod:`..paths`),
so the rules for ``..``, symbolic links, absolute paths and the preopens'
``DirPerms``/``FilePerms`` are preview 1's; failures become ``error-code``
cases (a refusal of the permissions is ``not-permitted``).
"""

from __future__ import annotations

import os
import stat
from typing import Any, Callable

from ...component.values import Record, ResourceHost, Variant
from .. import paths
from ..descriptors import DirectoryDescriptor, FileDescriptor
from ..enums import Fdflags, Fstflags, Oflags
from ..filestat import filetype_of, new_times
from ..rights import DIRECTORY_RIGHTS, FILE_RIGHTS, INHERITABLE_RIGHTS, Rights, WRITE_MODE_RIGHTS
from .descriptor import Descriptor, descriptor_stat, descriptor_type, metadata_hash
from .directory_entries import DirectoryEntryStream
from .errors import FsError
from .input_streams import MAX_READ, FileInputStream
from .interface import Interface
from .output_streams import FileOutputStream
from .resources import own, rep_of
from .results import FS, FS_TAGGED, VALUE
from .state import Preview2State

_OPEN_FLAGS = {"create": Oflags.CREAT, "directory": Oflags.DIRECTORY,
               "exclusive": Oflags.EXCL, "truncate": Oflags.TRUNC}
_SYNC_FLAGS = {"file-integrity-sync": Fdflags.SYNC, "data-integrity-sync": Fdflags.DSYNC,
               "requested-write-sync": Fdflags.RSYNC}
_ADVICE = {"normal": "POSIX_FADV_NORMAL", "sequential": "POSIX_FADV_SEQUENTIAL",
           "random": "POSIX_FADV_RANDOM", "will-need": "POSIX_FADV_WILLNEED",
           "dont-need": "POSIX_FADV_DONTNEED", "no-reuse": "POSIX_FADV_NOREUSE"}
_MAX_OFFSET = (1 << 63) - 1


def _descriptor(state: Preview2State, handle: Any) -> Descriptor:
    return state.get(rep_of(handle))  # type: ignore[no-any-return]


def _directory(state: Preview2State, handle: Any) -> DirectoryDescriptor:
    return _descriptor(state, handle).directory()


def _follow(path_flags: set[str]) -> bool:
    return "symlink-follow" in path_flags


def _check_offset(offset: int) -> None:
    if offset > _MAX_OFFSET:
        raise FsError("invalid")


# --- streams and contents ----------------------------------------------------------------

def read_via_stream(state: Preview2State, self: Any, offset: int) -> ResourceHost:
    """An input stream reading the file from ``offset``."""
    file = _descriptor(state, self).file("read")
    return own(state.table, "input-stream", FileInputStream(file.host_fd, offset))


def write_via_stream(state: Preview2State, self: Any, offset: int) -> ResourceHost:
    """An output stream writing the file from ``offset``."""
    file = _descriptor(state, self).file("write")
    return own(state.table, "output-stream", FileOutputStream(file.host_fd, offset))


def append_via_stream(state: Preview2State, self: Any) -> ResourceHost:
    """An output stream appending to the file."""
    file = _descriptor(state, self).file("write")
    return own(state.table, "output-stream", FileOutputStream(file.host_fd, 0, append=True))


def advise(state: Preview2State, self: Any, offset: int, length: int, advice: str) -> None:
    """Pass an access-pattern hint for a range of the file to the host."""
    file = _descriptor(state, self).file()
    _check_offset(offset)
    _check_offset(length)
    fadvise = getattr(os, "posix_fadvise", None)
    if fadvise is not None:
        fadvise(file.host_fd, offset, length, getattr(os, _ADVICE[advice]))


def sync_data(state: Preview2State, self: Any) -> None:
    """Flush the file's data to storage."""
    getattr(os, "fdatasync", os.fsync)(_descriptor(state, self).host_fd)


def sync(state: Preview2State, self: Any) -> None:
    """Flush the file's data and metadata to storage."""
    os.fsync(_descriptor(state, self).host_fd)


def get_flags(state: Preview2State, self: Any) -> set[str]:
    """The flags the descriptor was opened with."""
    return set(_descriptor(state, self).flags)


def get_type(state: Preview2State, self: Any) -> str:
    """The type of the file or directory."""
    return descriptor_type(os.fstat(_descriptor(state, self).host_fd).st_mode)


def set_size(state: Preview2State, self: Any, size: int) -> None:
    """Truncate or extend the file to ``size`` bytes."""
    file = _descriptor(state, self).file("write")
    file.check_writable()
    _check_offset(size)
    os.ftruncate(file.host_fd, size)


def _times(access: Any, modification: Any) -> Callable[[Callable[[], os.stat_result]],
                                                        tuple[int, int]]:
    """The times ``new-timestamp`` values ask for, as :func:`new_times` computes them."""
    flags = 0
    values = [0, 0]
    for index, (value, given, now) in enumerate(((access, Fstflags.ATIM, Fstflags.ATIM_NOW),
                                                 (modification, Fstflags.MTIM,
                                                  Fstflags.MTIM_NOW))):
        tag = value.tag if isinstance(value, Variant) else value
        if tag == "now":
            flags |= now
        elif tag == "timestamp":
            stamp = value.payload
            values[index] = stamp.seconds * 1_000_000_000 + stamp.nanoseconds
            flags |= given
    return lambda current: new_times(values[0], values[1], flags, current)


def set_times(state: Preview2State, self: Any, access: Any, modification: Any) -> None:
    """Set the access and modification times of the file or directory."""
    descriptor = _descriptor(state, self)
    descriptor.target.check_writable()
    host_fd = descriptor.host_fd
    os.utime(host_fd, ns=_times(access, modification)(lambda: os.fstat(host_fd)))


def read(state: Preview2State, self: Any, length: int, offset: int) -> tuple[bytes, bool]:
    """Up to ``length`` bytes from ``offset``, and whether the end was reached."""
    file = _descriptor(state, self).file("read")
    _check_offset(offset)
    data = os.pread(file.host_fd, min(length, MAX_READ), offset)
    return data, not data


def write(state: Preview2State, self: Any, buffer: bytes, offset: int) -> int:
    """Write ``buffer`` at ``offset``; how many bytes were written."""
    file = _descriptor(state, self).file("write")
    file.check_writable()
    _check_offset(offset)
    return os.pwrite(file.host_fd, buffer, offset)


def read_directory(state: Preview2State, self: Any) -> ResourceHost:
    """A stream of the directory's entries."""
    directory = _directory(state, self)
    directory.check_readable()
    return own(state.table, "directory-entry-stream", DirectoryEntryStream(directory))


def stat_(state: Preview2State, self: Any) -> Record:
    """The attributes of the file or directory."""
    return descriptor_stat(os.fstat(_descriptor(state, self).host_fd))


def is_same_object(state: Preview2State, self: Any, other: Any) -> bool:
    """Whether both descriptors refer to the same file or directory."""
    try:
        a = os.fstat(_descriptor(state, self).host_fd)
        b = os.fstat(_descriptor(state, other).host_fd)
    except (OSError, FsError):
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def metadata_hash_(state: Preview2State, self: Any) -> Record:
    """A hash of the attributes of the file or directory."""
    return metadata_hash(os.fstat(_descriptor(state, self).host_fd))


# --- paths -------------------------------------------------------------------------------

def open_at(state: Preview2State, self: Any, path_flags: set[str], path: str,
            open_flags: set[str], flags: set[str]) -> ResourceHost:
    """Open the file or directory at ``path``."""
    base = _descriptor(state, self)
    directory = base.directory()
    oflags = 0
    for name in open_flags:
        oflags |= _OPEN_FLAGS[name]
    if oflags & Oflags.DIRECTORY and oflags & (Oflags.CREAT | Oflags.EXCL | Oflags.TRUNC):
        raise FsError("invalid")
    if "mutate-directory" not in base.flags:
        # not an error (wasmtime answers for the open itself), but not granted either
        flags = set(flags) - {"mutate-directory"}
    fdflags = 0
    for name, flag in _SYNC_FLAGS.items():
        if name in flags:
            fdflags |= flag
    reading = "read" in flags
    writing = "write" in flags
    host_fd, mode = paths.open_at(directory, path, _follow(path_flags), oflags, fdflags,
                                  reading, writing)
    try:
        target: FileDescriptor | DirectoryDescriptor
        if stat.S_ISDIR(mode):
            target = DirectoryDescriptor(host_fd, DIRECTORY_RIGHTS, INHERITABLE_RIGHTS, fdflags,
                                         directory.dir_perms, directory.file_perms)
        else:
            supported = FILE_RIGHTS
            if not reading:
                supported &= ~Rights.FD_READ
            if not writing:
                supported &= ~WRITE_MODE_RIGHTS
            target = FileDescriptor(host_fd, filetype_of(mode), supported, 0, fdflags,
                                    supported, directory.file_perms)
        return own(state.table, "descriptor", Descriptor(target, flags, owned=True))
    except BaseException:
        os.close(host_fd)
        raise


def create_directory_at(state: Preview2State, self: Any, path: str) -> None:
    """Create the directory ``path``."""
    paths.create_directory(_directory(state, self), path)


def stat_at(state: Preview2State, self: Any, path_flags: set[str], path: str) -> Record:
    """The attributes of the file or directory at ``path``."""
    return descriptor_stat(paths.stat_at(_directory(state, self), path, _follow(path_flags)))


def set_times_at(state: Preview2State, self: Any, path_flags: set[str], path: str,
                 access: Any, modification: Any) -> None:
    """Set the access and modification times of the file or directory at ``path``."""
    paths.set_times_at(_directory(state, self), path, _follow(path_flags),
                       _times(access, modification))


def link_at(state: Preview2State, self: Any, old_path_flags: set[str], old_path: str,
            new_descriptor: Any, new_path: str) -> None:
    """Create the hard link ``new_path`` (under ``new_descriptor``) to ``old_path``."""
    paths.link(_directory(state, self), old_path, _follow(old_path_flags),
               _directory(state, new_descriptor), new_path)


def readlink_at(state: Preview2State, self: Any, path: str) -> str:
    """The contents of the symbolic link ``path``."""
    return paths.readlink(_directory(state, self), path).decode("utf-8")


def remove_directory_at(state: Preview2State, self: Any, path: str) -> None:
    """Remove the empty directory ``path``."""
    paths.remove_directory(_directory(state, self), path)


def rename_at(state: Preview2State, self: Any, old_path: str, new_descriptor: Any,
              new_path: str) -> None:
    """Rename ``old_path`` to ``new_path`` under ``new_descriptor``."""
    paths.rename(_directory(state, self), old_path, _directory(state, new_descriptor), new_path)


def symlink_at(state: Preview2State, self: Any, old_path: str, new_path: str) -> None:
    """Create the symbolic link ``new_path`` whose contents are ``old_path``."""
    paths.symlink(old_path, _directory(state, self), new_path)


def unlink_file_at(state: Preview2State, self: Any, path: str) -> None:
    """Remove the file (or symbolic link) ``path``."""
    paths.unlink_file(_directory(state, self), path)


def metadata_hash_at(state: Preview2State, self: Any, path_flags: set[str], path: str) -> Record:
    """A hash of the attributes of the file or directory at ``path``."""
    return metadata_hash(paths.stat_at(_directory(state, self), path, _follow(path_flags)))


# --- directory entries and stream errors -----------------------------------------------------

def read_directory_entry(state: Preview2State, self: Any) -> Record | None:
    """The next entry of the directory, or ``None`` after the last."""
    stream: DirectoryEntryStream = state.get(rep_of(self))
    return stream.next()


def filesystem_error_code(state: Preview2State, err: Any) -> str | None:
    """The ``error-code`` of a stream error that came from the filesystem, if it did."""
    return getattr(state.get(rep_of(err)), "code", None)


_D = "[method]descriptor."
INTERFACES = {"wasi:filesystem/types": Interface({
    _D + "read-via-stream": (read_via_stream, FS),
    _D + "write-via-stream": (write_via_stream, FS),
    _D + "append-via-stream": (append_via_stream, FS),
    _D + "advise": (advise, FS),
    _D + "sync-data": (sync_data, FS),
    _D + "get-flags": (get_flags, FS),
    _D + "get-type": (get_type, FS_TAGGED),
    _D + "set-size": (set_size, FS),
    _D + "set-times": (set_times, FS),
    _D + "read": (read, FS),
    _D + "write": (write, FS),
    _D + "read-directory": (read_directory, FS),
    _D + "sync": (sync, FS),
    _D + "create-directory-at": (create_directory_at, FS),
    _D + "stat": (stat_, FS),
    _D + "stat-at": (stat_at, FS),
    _D + "set-times-at": (set_times_at, FS),
    _D + "link-at": (link_at, FS),
    _D + "open-at": (open_at, FS),
    _D + "readlink-at": (readlink_at, FS_TAGGED),
    _D + "remove-directory-at": (remove_directory_at, FS),
    _D + "rename-at": (rename_at, FS),
    _D + "symlink-at": (symlink_at, FS),
    _D + "unlink-file-at": (unlink_file_at, FS),
    _D + "is-same-object": (is_same_object, VALUE),
    _D + "metadata-hash": (metadata_hash_, FS),
    _D + "metadata-hash-at": (metadata_hash_at, FS),
    "[method]directory-entry-stream.read-directory-entry": (read_directory_entry, FS),
    "filesystem-error-code": (filesystem_error_code, VALUE),
}, resources=("descriptor", "directory-entry-stream"),
   uses=("input-stream", "output-stream", "error"))}
