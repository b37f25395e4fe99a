"""What a WASI file descriptor refers to: a standard stream, a file, or a directory.

Every descriptor carries the rights the guest holds (``rights_base``, which
``fd_fdstat_set_rights`` can only shrink) and the rights its kind and open mode
could ever support (``supported``). An operation needing a right outside
``supported`` fails with ``BADF`` (the file was not opened that way); one whose
right was merely withheld fails with ``NOTCAPABLE``.
"""

from __future__ import annotations

import os

from .config import DirPerms, FilePerms
from .enums import Filetype
from .errno import Errno, WasiError
from .rights import DIRECTORY_RIGHTS
from .streams import InputStream, OutputStream


class Descriptor:
    """An open WASI file descriptor: its rights and its ``fdflags``."""

    __slots__ = ("rights_base", "rights_inheriting", "fdflags", "supported")

    filetype: int = Filetype.UNKNOWN

    def __init__(self, rights_base: int, rights_inheriting: int, fdflags: int, supported: int):
        self.rights_base = rights_base & supported
        self.rights_inheriting = rights_inheriting
        self.fdflags = fdflags
        self.supported = supported

    def check_writable(self) -> None:
        """``PERM`` if the sandbox's permissions forbid changing what ``self`` refers to."""

    def close(self) -> None:
        """Release the host resources behind the descriptor."""


class StreamDescriptor(Descriptor):
    """Standard input, output or error."""

    __slots__ = ("stream", "filetype")

    def __init__(self, stream: InputStream | OutputStream, rights: int):
        super().__init__(rights, rights, 0, rights)
        self.stream = stream
        self.filetype = Filetype.CHARACTER_DEVICE if stream.isatty() else Filetype.UNKNOWN

    def close(self) -> None:
        self.stream.close()


class FileDescriptor(Descriptor):
    """A non-directory opened through ``path_open`` (usually a regular file).

    ``file_perms`` is the ceiling of the preopen it was reached through.
    """

    __slots__ = ("host_fd", "filetype", "file_perms")

    def __init__(self, host_fd: int, filetype: int, rights_base: int,
                 rights_inheriting: int, fdflags: int, supported: int, file_perms: FilePerms):
        super().__init__(rights_base, rights_inheriting, fdflags, supported)
        self.host_fd = host_fd
        self.filetype = filetype
        self.file_perms = file_perms

    def check_writable(self) -> None:
        """``PERM`` unless the preopen's ``FilePerms`` allow changing the file."""
        if not self.file_perms.can_write:
            raise WasiError(Errno.PERM)

    def close(self) -> None:
        if self.host_fd >= 0:
            os.close(self.host_fd)
            self.host_fd = -1


class DirectoryDescriptor(Descriptor):
    """A directory: a preopen, or one opened beneath a preopen.

    ``preopen_name`` is the guest path of a preopened directory (``None`` for
    directories the guest opened itself); ``dir_perms``/``file_perms`` are the
    ceilings inherited from the preopen the directory was reached through.
    ``listing`` keeps the entries ``fd_readdir`` last read, for paging.
    """

    __slots__ = ("host_fd", "preopen_name", "dir_perms", "file_perms", "listing")

    filetype = Filetype.DIRECTORY

    def __init__(self, host_fd: int, rights_base: int, rights_inheriting: int, fdflags: int,
                 dir_perms: DirPerms, file_perms: FilePerms, preopen_name: str | None = None):
        super().__init__(rights_base, rights_inheriting, fdflags, DIRECTORY_RIGHTS)
        self.host_fd = host_fd
        self.preopen_name = preopen_name
        self.dir_perms = dir_perms
        self.file_perms = file_perms
        self.listing: list[tuple[bytes, int, int]] | None = None

    def check_mutable(self) -> None:
        """``PERM`` unless the preopen's ``DirPerms`` allow changing entries."""
        if not self.dir_perms.can_mutate:
            raise WasiError(Errno.PERM)

    def check_readable(self) -> None:
        """``PERM`` unless the preopen's ``DirPerms`` allow listing entries."""
        if not self.dir_perms.can_read:
            raise WasiError(Errno.PERM)

    def check_writable(self) -> None:
        """``PERM`` unless the directory's own attributes may change."""
        self.check_mutable()

    def close(self) -> None:
        if self.host_fd >= 0:
            os.close(self.host_fd)
            self.host_fd = -1
