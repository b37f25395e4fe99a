"""The fd table and the ``fd_*`` functions: numbering, rights, positions, listings."""

from __future__ import annotations

import struct
from pathlib import Path
from types import ModuleType

import pytest

from wasmlite.wasi import Errno, WasiConfig
from wasmlite.wasi.enums import Filetype
from wasmlite.wasi.rights import Rights

from .probe import Probe

CREAT, DIRECTORY = 1, 2
R = Rights
READ_WRITE = int(R.FD_READ | R.FD_WRITE | R.FD_SEEK | R.FD_TELL | R.FD_FILESTAT_GET)


@pytest.fixture
def probe(api: ModuleType, tmp_path: Path):
    (tmp_path / "data").write_bytes(b"0123456789")
    config = WasiConfig()
    config.preopen_dir(tmp_path, "/")
    instance = Probe(api, config)
    yield instance
    instance.close()


def _fdstat(probe: Probe, fd: int) -> tuple[int, int, int, int]:
    assert probe.call("fd_fdstat_get", fd, 0) == Errno.SUCCESS
    return struct.unpack("<BxHxxxxQQ", probe.read(0, 24))


def test_new_descriptors_take_the_lowest_free_number(probe: Probe) -> None:
    first = probe.path_open(3, "data")[1]
    second = probe.path_open(3, "data")[1]
    assert (first, second) == (4, 5)
    assert probe.call("fd_close", first) == Errno.SUCCESS
    assert probe.path_open(3, "data")[1] == first
    assert probe.call("fd_close", first) == Errno.SUCCESS
    assert probe.call("fd_close", first) == Errno.BADF


def test_renumber_moves_a_descriptor_over_an_open_one(probe: Probe) -> None:
    source = probe.path_open(3, "data", rights=READ_WRITE)[1]
    target = probe.path_open(3, ".", oflags=DIRECTORY)[1]
    assert probe.call("fd_renumber", source, target) == Errno.SUCCESS
    assert _fdstat(probe, target)[0] == Filetype.REGULAR_FILE
    assert probe.call("fd_fdstat_get", source, 0) == Errno.BADF
    assert probe.call("fd_renumber", target, 99) == Errno.BADF


def test_rights_can_be_dropped_but_not_regained(probe: Probe) -> None:
    fd = probe.path_open(3, "data", rights=READ_WRITE)[1]
    _, _, base, inheriting = _fdstat(probe, fd)
    assert base == READ_WRITE
    reduced = base & ~R.FD_READ
    assert probe.call("fd_fdstat_set_rights", fd, reduced, inheriting) == Errno.SUCCESS
    assert probe.read_fd(fd, 4)[0] == Errno.NOTCAPABLE
    assert probe.call("fd_fdstat_set_rights", fd, base, inheriting) == Errno.NOTCAPABLE


def test_operations_a_file_was_not_opened_for_are_badf(probe: Probe) -> None:
    reader = probe.path_open(3, "data", rights=int(R.FD_READ))[1]
    writer = probe.path_open(3, "data", rights=int(R.FD_WRITE))[1]
    assert probe.write(reader, b"x")[0] == Errno.BADF
    assert probe.read_fd(writer, 1)[0] == Errno.BADF
    assert probe.read_fd(3, 1)[0] == Errno.BADF
    assert probe.write(0, b"x")[0] == Errno.BADF


def test_reads_writes_and_positions_follow_posix(probe: Probe, tmp_path: Path) -> None:
    fd = probe.path_open(3, "data", rights=READ_WRITE)[1]
    assert probe.read_fd(fd, 4) == (Errno.SUCCESS, b"0123")
    assert probe.call("fd_tell", fd, 0) == Errno.SUCCESS and probe.u64(0) == 4
    assert probe.call("fd_seek", fd, -2, 2, 0) == Errno.SUCCESS and probe.u64(0) == 8
    assert probe.write(fd, b"AB") == (Errno.SUCCESS, 2)
    assert probe.call("fd_seek", fd, -100, 1, 0) == Errno.INVAL
    ptr, _ = probe.put(bytes(3))
    probe.memory.write(probe.store, struct.pack("<II", ptr, 3), 64)
    assert probe.call("fd_pread", fd, 64, 1, 1, 0) == Errno.SUCCESS
    assert probe.read(ptr, probe.u32(0)) == b"123"
    assert probe.call("fd_tell", fd, 0) == Errno.SUCCESS and probe.u64(0) == 10
    assert (tmp_path / "data").read_bytes() == b"01234567AB"


def test_streams_cannot_seek(probe: Probe) -> None:
    assert probe.call("fd_seek", 1, 0, 0, 0) == Errno.SPIPE
    assert probe.call("fd_tell", 0, 0) == Errno.SPIPE
    assert probe.call("fd_pread", 0, 64, 0, 0, 0) == Errno.SPIPE


def test_stream_filestat_is_zero_but_for_the_filetype(probe: Probe) -> None:
    assert probe.call("fd_filestat_get", 1, 256) == Errno.SUCCESS
    assert probe.read(256, 64) == bytes(64)


def test_prestat_names_only_preopens(probe: Probe) -> None:
    assert probe.call("fd_prestat_get", 3, 0) == Errno.SUCCESS
    assert probe.read(0, 8) == struct.pack("<BxxxI", 0, 1)
    assert probe.call("fd_prestat_dir_name", 3, 16, 0) == Errno.NAMETOOLONG
    assert probe.call("fd_prestat_get", 1, 0) == Errno.BADF


def test_readdir_pages_with_cookies(probe: Probe, tmp_path: Path) -> None:
    for index in range(20):
        (tmp_path / f"entry{index:02}").write_text("")
    names: list[bytes] = []
    cookie = 0
    while True:
        assert probe.call("fd_readdir", 3, 1024, 100, cookie, 0) == Errno.SUCCESS
        used = probe.u32(0)
        data = probe.read(1024, used)
        offset = 0
        while offset + 24 <= used:
            next_cookie, _inode, name_len, _kind = struct.unpack_from("<QQIBxxx", data, offset)
            if offset + 24 + name_len > used:
                break
            names.append(data[offset + 24:offset + 24 + name_len])
            cookie = next_cookie
            offset += 24 + name_len
        if used < 100:
            break
    assert sorted(names) == sorted([b".", b"..", b"data"] +
                                   [f"entry{index:02}".encode() for index in range(20)])


def test_readdir_reports_types_and_inodes(probe: Probe, tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    assert probe.call("fd_readdir", 3, 1024, 4096, 0, 0) == Errno.SUCCESS
    data = probe.read(1024, probe.u32(0))
    entries = {}
    offset = 0
    while offset < len(data):
        _, inode, name_len, kind = struct.unpack_from("<QQIBxxx", data, offset)
        entries[data[offset + 24:offset + 24 + name_len]] = (inode, kind)
        offset += 24 + name_len
    assert entries[b"dir"] == ((tmp_path / "dir").stat().st_ino, Filetype.DIRECTORY)
    assert entries[b"data"] == ((tmp_path / "data").stat().st_ino, Filetype.REGULAR_FILE)
    assert entries[b"."][1] == Filetype.DIRECTORY
    assert probe.call("fd_readdir", 1, 1024, 4096, 0, 0) == Errno.BADF


def test_append_flag_can_be_switched(probe: Probe, tmp_path: Path) -> None:
    rights = READ_WRITE | int(R.FD_FDSTAT_SET_FLAGS)
    fd = probe.path_open(3, "data", rights=rights, fdflags=1)[1]
    assert _fdstat(probe, fd)[1] == 1
    assert probe.write(fd, b"+") == (Errno.SUCCESS, 1)
    assert probe.call("fd_fdstat_set_flags", fd, 0) == Errno.SUCCESS
    assert probe.call("fd_seek", fd, 0, 0, 0) == Errno.SUCCESS
    assert probe.write(fd, b"-") == (Errno.SUCCESS, 1)
    assert probe.call("fd_fdstat_set_flags", fd, 16) == Errno.INVAL
    assert (tmp_path / "data").read_bytes() == b"-123456789+"


def test_size_and_allocation(probe: Probe, tmp_path: Path) -> None:
    rights = READ_WRITE | int(R.FD_FILESTAT_SET_SIZE | R.FD_ALLOCATE)
    fd = probe.path_open(3, "data", rights=rights)[1]
    assert probe.call("fd_filestat_set_size", fd, 4) == Errno.SUCCESS
    assert (tmp_path / "data").read_bytes() == b"0123"
    assert probe.call("fd_allocate", fd, 0, 16) in (Errno.SUCCESS, Errno.NOTSUP)
    assert probe.call("fd_filestat_get", fd, 256) == Errno.SUCCESS
    assert struct.unpack_from("<Q", probe.read(256, 64), 32)[0] in (4, 16)
