"""The enums and flag sets of wasi_snapshot_preview1 (witx), other than errno and rights."""

from __future__ import annotations


class Filetype:
    """``filetype``: the type of a file descriptor or file."""

    UNKNOWN = 0
    BLOCK_DEVICE = 1
    CHARACTER_DEVICE = 2
    DIRECTORY = 3
    REGULAR_FILE = 4
    SOCKET_DGRAM = 5
    SOCKET_STREAM = 6
    SYMBOLIC_LINK = 7


class Fdflags:
    """``fdflags``: file descriptor flags."""

    APPEND = 1 << 0
    DSYNC = 1 << 1
    NONBLOCK = 1 << 2
    RSYNC = 1 << 3
    SYNC = 1 << 4


class Oflags:
    """``oflags``: open flags used by ``path_open``."""

    CREAT = 1 << 0
    DIRECTORY = 1 << 1
    EXCL = 1 << 2
    TRUNC = 1 << 3


class Lookupflags:
    """``lookupflags``: flags determining the method of path resolution."""

    SYMLINK_FOLLOW = 1 << 0


class Fstflags:
    """``fstflags``: which file time attributes to adjust."""

    ATIM = 1 << 0
    ATIM_NOW = 1 << 1
    MTIM = 1 << 2
    MTIM_NOW = 1 << 3


class Whence:
    """``whence``: the position relative to which to set the offset."""

    SET = 0
    CUR = 1
    END = 2


class Advice:
    """``advice``: file or memory access pattern advisory information."""

    NORMAL = 0
    SEQUENTIAL = 1
    RANDOM = 2
    WILLNEED = 3
    DONTNEED = 4
    NOREUSE = 5


class Clockid:
    """``clockid``: identifiers for clocks."""

    REALTIME = 0
    MONOTONIC = 1
    PROCESS_CPUTIME_ID = 2
    THREAD_CPUTIME_ID = 3


class Eventtype:
    """``eventtype``: type of a subscription to an event or its occurrence."""

    CLOCK = 0
    FD_READ = 1
    FD_WRITE = 2


class Subclockflags:
    """``subclockflags``: flags determining how to interpret a clock timestamp."""

    SUBSCRIPTION_CLOCK_ABSTIME = 1 << 0


class Eventrwflags:
    """``eventrwflags``: the state of the file descriptor of an fd_read/fd_write event."""

    FD_READWRITE_HANGUP = 1 << 0


class Riflags:
    """``riflags``: flags provided to ``sock_recv``."""

    RECV_PEEK = 1 << 0
    RECV_WAITALL = 1 << 1


class Roflags:
    """``roflags``: flags returned by ``sock_recv``."""

    RECV_DATA_TRUNCATED = 1 << 0


class Sdflags:
    """``sdflags``: which channels of a socket to shut down."""

    RD = 1 << 0
    WR = 1 << 1


class Preopentype:
    """``preopentype``: identifiers for preopened capabilities."""

    DIR = 0
