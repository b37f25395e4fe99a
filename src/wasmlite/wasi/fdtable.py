"""The WASI file descriptor table: numbers to descriptors, with rights checks."""

from __future__ import annotations

import heapq

from .descriptors import Descriptor, DirectoryDescriptor, FileDescriptor
from .errno import Errno, WasiError


def check_rights(descriptor: Descriptor, rights: int) -> None:
    """Raise ``BADF`` or ``NOTCAPABLE`` unless ``descriptor`` holds ``rights``."""
    missing = rights & ~descriptor.rights_base
    if missing:
        if missing & ~descriptor.supported:
            raise WasiError(Errno.BADF)
        raise WasiError(Errno.NOTCAPABLE)


class FdTable:
    """Maps guest file descriptor numbers to open descriptors.

    New descriptors take the lowest number freed by ``fd_close``, else the next
    unused one.
    """

    __slots__ = ("entries", "_free", "_next")

    def __init__(self) -> None:
        self.entries: dict[int, Descriptor] = {}
        self._free: list[int] = []
        self._next = 0

    def insert(self, descriptor: Descriptor) -> int:
        """Store ``descriptor`` under a fresh number and return that number."""
        free = self._free
        while free:
            fd = heapq.heappop(free)
            if fd not in self.entries:
                break
        else:
            fd = self._next
            while fd in self.entries:
                fd += 1
            if fd > 0xFFFFFFFF:
                raise WasiError(Errno.MFILE)
            self._next = fd + 1
        self.entries[fd] = descriptor
        return fd

    def get(self, fd: int, rights: int = 0) -> Descriptor:
        """The descriptor numbered ``fd``, which must carry ``rights``.

        A right the descriptor could never have is ``BADF``; one withheld from it
        is ``NOTCAPABLE``.
        """
        descriptor = self.entries.get(fd)
        if descriptor is None:
            raise WasiError(Errno.BADF)
        check_rights(descriptor, rights)
        return descriptor

    def get_file(self, fd: int, rights: int) -> FileDescriptor:
        """Like ``get``, for operations only a file opened by ``path_open`` supports."""
        descriptor = self.get(fd, rights)
        if not isinstance(descriptor, FileDescriptor):
            raise WasiError(Errno.BADF)
        return descriptor

    def get_directory(self, fd: int, rights: int) -> DirectoryDescriptor:
        """Like ``get``, for operations relative to a directory.

        A file is ``NOTDIR``; a standard stream is ``BADF``.
        """
        descriptor = self.entries.get(fd)
        if descriptor is None:
            raise WasiError(Errno.BADF)
        if not isinstance(descriptor, DirectoryDescriptor):
            raise WasiError(Errno.NOTDIR if isinstance(descriptor, FileDescriptor)
                            else Errno.BADF)
        check_rights(descriptor, rights)
        return descriptor

    def close(self, fd: int) -> None:
        """Close ``fd`` and free its number."""
        descriptor = self.entries.pop(fd, None)
        if descriptor is None:
            raise WasiError(Errno.BADF)
        heapq.heappush(self._free, fd)
        descriptor.close()

    def renumber(self, fd: int, to: int) -> None:
        """Move descriptor ``fd`` to number ``to``, closing what ``to`` held."""
        entries = self.entries
        if fd not in entries or to not in entries:
            raise WasiError(Errno.BADF)
        if fd == to:
            return
        replaced = entries[to]
        entries[to] = entries.pop(fd)
        heapq.heappush(self._free, fd)
        replaced.close()

    def close_all(self) -> None:
        """Close every descriptor."""
        entries = list(self.entries.values())
        self.entries.clear()
        for descriptor in entries:
            descriptor.close()
