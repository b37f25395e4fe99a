"""WASI preview 1 error numbers (the witx ``errno`` enum) and their host mapping."""

from __future__ import annotations

import errno as host_errno


class Errno:
    """The ``errno`` values of wasi_snapshot_preview1, in witx order."""

    SUCCESS = 0
    TOOBIG = 1
    ACCES = 2
    ADDRINUSE = 3
    ADDRNOTAVAIL = 4
    AFNOSUPPORT = 5
    AGAIN = 6
    ALREADY = 7
    BADF = 8
    BADMSG = 9
    BUSY = 10
    CANCELED = 11
    CHILD = 12
    CONNABORTED = 13
    CONNREFUSED = 14
    CONNRESET = 15
    DEADLK = 16
    DESTADDRREQ = 17
    DOM = 18
    DQUOT = 19
    EXIST = 20
    FAULT = 21
    FBIG = 22
    HOSTUNREACH = 23
    IDRM = 24
    ILSEQ = 25
    INPROGRESS = 26
    INTR = 27
    INVAL = 28
    IO = 29
    ISCONN = 30
    ISDIR = 31
    LOOP = 32
    MFILE = 33
    MLINK = 34
    MSGSIZE = 35
    MULTIHOP = 36
    NAMETOOLONG = 37
    NETDOWN = 38
    NETRESET = 39
    NETUNREACH = 40
    NFILE = 41
    NOBUFS = 42
    NODEV = 43
    NOENT = 44
    NOEXEC = 45
    NOLCK = 46
    NOLINK = 47
    NOMEM = 48
    NOMSG = 49
    NOPROTOOPT = 50
    NOSPC = 51
    NOSYS = 52
    NOTCONN = 53
    NOTDIR = 54
    NOTEMPTY = 55
    NOTRECOVERABLE = 56
    NOTSOCK = 57
    NOTSUP = 58
    NOTTY = 59
    NXIO = 60
    OVERFLOW = 61
    OWNERDEAD = 62
    PERM = 63
    PIPE = 64
    PROTO = 65
    PROTONOSUPPORT = 66
    PROTOTYPE = 67
    RANGE = 68
    ROFS = 69
    SPIPE = 70
    SRCH = 71
    STALE = 72
    TIMEDOUT = 73
    TXTBSY = 74
    XDEV = 75
    NOTCAPABLE = 76


NAMES: dict[int, str] = {value: name for name, value in vars(Errno).items() if name.isupper()}
"""The witx name of each errno value."""


class WasiError(Exception):
    """A WASI call failed with ``errno``; the host function returns it to the guest."""

    __slots__ = ("errno",)

    def __init__(self, errno: int):
        super().__init__(NAMES[errno])
        self.errno = errno


def _host_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for member, witx_name in NAMES.items():
        if member == Errno.SUCCESS or member == Errno.NOTCAPABLE:
            continue
        name = "E2BIG" if member == Errno.TOOBIG else "E" + witx_name
        code = getattr(host_errno, name, None)
        if code is not None:
            table.setdefault(code, member)
    # Host spellings that share a WASI value.
    for alias, member in (("EWOULDBLOCK", Errno.AGAIN), ("EOPNOTSUPP", Errno.NOTSUP),
                          ("EDEADLOCK", Errno.DEADLK), ("ENOTSUP", Errno.NOTSUP)):
        code = getattr(host_errno, alias, None)
        if code is not None:
            table.setdefault(code, member)
    return table


_FROM_HOST = _host_table()


def errno_from_host(code: int | None) -> int:
    """The WASI errno for a host ``errno`` number (``IO`` when there is none)."""
    if code is None:
        return Errno.IO
    return _FROM_HOST.get(code, Errno.IO)


def wasi_error_from_os(exc: OSError) -> WasiError:
    """The ``WasiError`` carrying the WASI errno equivalent of a host ``OSError``."""
    return WasiError(errno_from_host(exc.errno))
