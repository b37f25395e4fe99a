"""The object behind a ``descriptor`` handle, and the records describing files.

A preview 2 descriptor wraps a preview 1 descriptor object (a file or a
directory, with the permissions of the preopen it was reached through) and
adds its ``descriptor-flags``. A preopen's descriptor wraps the context's
own directory, which outlives the handle; one opened by ``open-at`` owns its
host descriptor.
"""

from __future__ import annotations

import hashlib
import os
import stat

from ...component.values import Record
from ..descriptors import DirectoryDescriptor, FileDescriptor
from .errors import FsError
from .wall_clock import datetime

_TYPES = (
    (stat.S_ISREG, "regular-file"), (stat.S_ISDIR, "directory"),
    (stat.S_ISLNK, "symbolic-link"), (stat.S_ISCHR, "character-device"),
    (stat.S_ISBLK, "block-device"), (stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"),
)
_HASH_KEY = os.urandom(16)
"""The secret mixed into metadata hashes (per process)."""


class Descriptor:
    """A file or directory a component holds: ``target``, its ``flags``, and
    whether dropping the handle closes the host descriptor (``owned``)."""

    __slots__ = ("target", "flags", "owned")

    def __init__(self, target: FileDescriptor | DirectoryDescriptor, flags: set[str],
                 owned: bool) -> None:
        self.target = target
        self.flags = frozenset(flags)
        self.owned = owned

    @property
    def host_fd(self) -> int:
        """The host descriptor (``bad-descriptor`` once closed)."""
        fd = self.target.host_fd
        if fd < 0:
            raise FsError("bad-descriptor")
        return fd

    def directory(self) -> DirectoryDescriptor:
        """The directory, for an operation on paths beneath it."""
        if not isinstance(self.target, DirectoryDescriptor):
            raise FsError("not-directory")
        return self.target

    def file(self, mode: str | None = None) -> FileDescriptor:
        """The file, for an operation on its contents; ``mode`` (``read`` or
        ``write``) is a flag it must have been opened with."""
        if not isinstance(self.target, FileDescriptor):
            raise FsError("bad-descriptor")
        if mode is not None and mode not in self.flags:
            raise FsError("bad-descriptor")
        return self.target

    def close(self) -> None:
        """Close the host descriptor if the handle owns it."""
        if self.owned:
            self.target.close()


def descriptor_type(mode: int) -> str:
    """The ``descriptor-type`` case of a host ``st_mode``."""
    for test, name in _TYPES:
        if test(mode):
            return name
    return "unknown"


def descriptor_stat(st: os.stat_result) -> Record:
    """The ``descriptor-stat`` record of host attributes."""
    return Record(**{
        "type": descriptor_type(st.st_mode),
        "link-count": st.st_nlink,
        "size": st.st_size,
        "data-access-timestamp": datetime(st.st_atime_ns),
        "data-modification-timestamp": datetime(st.st_mtime_ns),
        "status-change-timestamp": datetime(st.st_ctime_ns),
    })


def metadata_hash(st: os.stat_result) -> Record:
    """The ``metadata-hash-value`` of host attributes: a keyed hash of the
    device, inode, size and modification and change times."""
    fields = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    data = b"".join(value.to_bytes(16, "little", signed=True) for value in fields)
    digest = hashlib.blake2b(data, digest_size=16, key=_HASH_KEY).digest()
    return Record(lower=int.from_bytes(digest[:8], "little"),
                  upper=int.from_bytes(digest[8:], "little"))
