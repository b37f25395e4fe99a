"""The object behind a ``directory-entry-stream`` handle.

The entries are those preview 1's ``fd_readdir`` lists, without ``.`` and
``..``, read from the host when the stream is made.
"""

from __future__ import annotations

from ...component.values import Record
from ..descriptors import DirectoryDescriptor
from ..enums import Filetype
from ..readdir import listing
from .errors import FsError

_TYPE_NAMES = {
    Filetype.BLOCK_DEVICE: "block-device", Filetype.CHARACTER_DEVICE: "character-device",
    Filetype.DIRECTORY: "directory", Filetype.REGULAR_FILE: "regular-file",
    Filetype.SOCKET_DGRAM: "socket", Filetype.SOCKET_STREAM: "socket",
    Filetype.SYMBOLIC_LINK: "symbolic-link",
}


class DirectoryEntryStream:
    """The entries of one directory, handed out one at a time."""

    __slots__ = ("entries", "position")

    def __init__(self, directory: DirectoryDescriptor) -> None:
        self.entries = [entry for entry in listing(directory) if entry[0] not in (b".", b"..")]
        self.position = 0

    def next(self) -> Record | None:
        """The next ``directory-entry``, or ``None`` after the last."""
        if self.position >= len(self.entries):
            return None
        name, _inode, kind = self.entries[self.position]
        self.position += 1
        try:
            text = name.decode("utf-8")
        except UnicodeDecodeError:
            raise FsError("illegal-byte-sequence") from None
        return Record(type=_TYPE_NAMES.get(kind, "unknown"), name=text)
