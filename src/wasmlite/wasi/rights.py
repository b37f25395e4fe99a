"""WASI preview 1 ``rights``: the capabilities a file descriptor carries."""

from __future__ import annotations


class Rights:
    """``rights``: the witx flag set, one bit per operation."""

    FD_DATASYNC = 1 << 0
    FD_READ = 1 << 1
    FD_SEEK = 1 << 2
    FD_FDSTAT_SET_FLAGS = 1 << 3
    FD_SYNC = 1 << 4
    FD_TELL = 1 << 5
    FD_WRITE = 1 << 6
    FD_ADVISE = 1 << 7
    FD_ALLOCATE = 1 << 8
    PATH_CREATE_DIRECTORY = 1 << 9
    PATH_CREATE_FILE = 1 << 10
    PATH_LINK_SOURCE = 1 << 11
    PATH_LINK_TARGET = 1 << 12
    PATH_OPEN = 1 << 13
    FD_READDIR = 1 << 14
    PATH_READLINK = 1 << 15
    PATH_RENAME_SOURCE = 1 << 16
    PATH_RENAME_TARGET = 1 << 17
    PATH_FILESTAT_GET = 1 << 18
    PATH_FILESTAT_SET_SIZE = 1 << 19
    PATH_FILESTAT_SET_TIMES = 1 << 20
    FD_FILESTAT_GET = 1 << 21
    FD_FILESTAT_SET_SIZE = 1 << 22
    FD_FILESTAT_SET_TIMES = 1 << 23
    PATH_SYMLINK = 1 << 24
    PATH_REMOVE_DIRECTORY = 1 << 25
    PATH_UNLINK_FILE = 1 << 26
    POLL_FD_READWRITE = 1 << 27
    SOCK_SHUTDOWN = 1 << 28
    SOCK_ACCEPT = 1 << 29


R = Rights

ALL_RIGHTS: int = (1 << 30) - 1
"""Every right defined by preview 1."""

INHERITABLE_RIGHTS: int = ALL_RIGHTS & ~(R.SOCK_SHUTDOWN | R.SOCK_ACCEPT)
"""What a preopened directory lets the files and directories opened beneath it have."""

FILE_RIGHTS: int = (
    R.FD_DATASYNC | R.FD_READ | R.FD_SEEK | R.FD_FDSTAT_SET_FLAGS | R.FD_SYNC | R.FD_TELL
    | R.FD_WRITE | R.FD_ADVISE | R.FD_ALLOCATE | R.FD_FILESTAT_GET | R.FD_FILESTAT_SET_SIZE
    | R.FD_FILESTAT_SET_TIMES | R.POLL_FD_READWRITE
)
"""The rights that apply to a regular file."""

DIRECTORY_RIGHTS: int = (
    R.PATH_CREATE_DIRECTORY | R.PATH_CREATE_FILE | R.PATH_LINK_SOURCE | R.PATH_LINK_TARGET
    | R.PATH_OPEN | R.FD_READDIR | R.PATH_READLINK | R.PATH_RENAME_SOURCE
    | R.PATH_RENAME_TARGET | R.PATH_FILESTAT_GET
    | R.PATH_FILESTAT_SET_SIZE | R.PATH_FILESTAT_SET_TIMES | R.FD_FILESTAT_GET
    | R.FD_FILESTAT_SET_TIMES | R.PATH_SYMLINK | R.PATH_REMOVE_DIRECTORY | R.PATH_UNLINK_FILE
)
"""The rights that apply to a directory (as wasmtime grants a preopen, plus
``PATH_FILESTAT_SET_SIZE``, which ``path_open`` with ``TRUNC`` needs)."""

WRITE_MODE_RIGHTS: int = R.FD_DATASYNC | R.FD_WRITE | R.FD_ALLOCATE | R.FD_FILESTAT_SET_SIZE
"""Requesting any of these rights opens a file for writing."""

READ_MODE_RIGHTS: int = R.FD_READ | R.FD_READDIR
"""Requesting any of these rights opens a file for reading."""

STDIN_RIGHTS: int = R.FD_READ | R.POLL_FD_READWRITE
STDOUT_RIGHTS: int = R.FD_WRITE | R.POLL_FD_READWRITE
