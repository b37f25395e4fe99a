"""``WasiConfig`` has wasmtime-py's shape and decides what a program sees."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest

from wasmlite.errors import WasmtimeError
from wasmlite.wasi import DirPerms, Errno, FilePerms, WasiConfig

from .probe import Probe


def test_argv_and_env_are_write_only_properties() -> None:
    config = WasiConfig()
    config.argv = ["prog", "a"]
    config.env = [("K", "V")]
    with pytest.raises(AttributeError):
        config.argv
    with pytest.raises(AttributeError):
        config.env
    assert config.argv_list == ["prog", "a"]
    assert config.env_pairs == [("K", "V")]


def test_inherit_argv_and_env_copy_this_process() -> None:
    config = WasiConfig()
    config.inherit_argv()
    config.inherit_env()
    assert config.argv_list == sys.argv
    assert dict(config.env_pairs) == dict(os.environ)


def test_env_pairs_must_be_pairs() -> None:
    config = WasiConfig()
    with pytest.raises(ValueError):
        config.env = [("A", "1", "extra")]


def test_missing_stdin_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WasmtimeError, match="stdin"):
        WasiConfig().stdin_file = tmp_path / "missing"


def test_stdout_file_is_created_and_truncated(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("old contents")
    WasiConfig().stdout_file = target
    assert target.read_bytes() == b""


def test_unwritable_stdout_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WasmtimeError, match="stdout"):
        WasiConfig().stdout_file = tmp_path / "no" / "such" / "dir" / "out"


def test_preopen_of_a_non_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(WasmtimeError, match="preopen"):
        WasiConfig().preopen_dir(tmp_path / "file", "/")


@pytest.mark.parametrize(("args", "kwargs", "dirs", "files"), [
    ((), {}, DirPerms.READ_WRITE, FilePerms.READ_WRITE),
    ((False,), {}, DirPerms.READ_ONLY, FilePerms.READ_ONLY),
    ((DirPerms.READ_ONLY, FilePerms.READ_WRITE), {}, DirPerms.READ_ONLY, FilePerms.READ_WRITE),
    ((), {"dir_perms": DirPerms.WRITE_ONLY, "file_perms": FilePerms.READ_ONLY},
     DirPerms.WRITE_ONLY, FilePerms.READ_ONLY),
])
def test_preopen_dir_accepts_both_permission_styles(tmp_path: Path, args: tuple,
                                                    kwargs: dict, dirs: DirPerms,
                                                    files: FilePerms) -> None:
    config = WasiConfig()
    config.preopen_dir(tmp_path, "/data", *args, **kwargs)
    preopen = config.preopens[0]
    assert (preopen.guest_path, preopen.dir_perms, preopen.file_perms) == ("/data", dirs, files)


def test_program_sees_argv_env_and_preopens_in_order(api: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    config = WasiConfig()
    config.argv = ["prog", "héllo"]
    config.env = [("NAME", "value")]
    config.preopen_dir(tmp_path / "a", "/first")
    config.preopen_dir(tmp_path / "b", "second")
    probe = Probe(api, config)
    assert probe.call("args_sizes_get", 0, 4) == Errno.SUCCESS
    assert (probe.u32(0), probe.u32(4)) == (2, len("prog\0héllo\0".encode()))
    assert probe.call("environ_sizes_get", 0, 4) == Errno.SUCCESS
    assert (probe.u32(0), probe.u32(4)) == (1, len(b"NAME=value\0"))
    names = []
    for fd in (3, 4):
        assert probe.call("fd_prestat_get", fd, 0) == Errno.SUCCESS
        length = probe.u32(4)
        assert probe.call("fd_prestat_dir_name", fd, 64, length) == Errno.SUCCESS
        names.append(probe.read(64, length))
    assert names == [b"/first", b"second"]
    assert probe.call("fd_prestat_get", 5, 0) == Errno.BADF
    probe.close()


def test_stdin_file_and_stdout_file_back_the_streams(api: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "in").write_bytes(b"input bytes")
    config = WasiConfig()
    config.stdin_file = tmp_path / "in"
    config.stdout_file = tmp_path / "out"
    config.stderr_file = str(tmp_path / "err")
    probe = Probe(api, config)
    assert probe.read_fd(0, 5) == (Errno.SUCCESS, b"input")
    assert probe.write(1, b"to stdout") == (Errno.SUCCESS, 9)
    assert probe.write(2, b"to stderr") == (Errno.SUCCESS, 9)
    probe.close()
    assert (tmp_path / "out").read_bytes() == b"to stdout"
    assert (tmp_path / "err").read_bytes() == b"to stderr"


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_stdin_file_may_be_a_device(api: ModuleType) -> None:
    """/dev/null as stdin reads end of input (an SMT solver run with it was refused)."""
    config = WasiConfig()
    config.stdin_file = "/dev/null"
    probe = Probe(api, config)
    assert probe.read_fd(0, 16) == (Errno.SUCCESS, b"")
    probe.close()


def test_custom_outputs_receive_each_write(api: ModuleType) -> None:
    received: list[tuple[str, bytes]] = []
    config = WasiConfig()
    config.stdout_custom = lambda data: received.append(("out", data))
    config.stderr_custom = lambda data: received.append(("err", data))
    probe = Probe(api, config)
    probe.write(1, b"one")
    probe.write(2, b"two")
    assert received == [("out", b"one"), ("err", b"two")]


def test_default_streams_are_empty_and_discarding(api: ModuleType) -> None:
    probe = Probe(api, WasiConfig())
    assert probe.read_fd(0, 16) == (Errno.SUCCESS, b"")
    assert probe.write(1, b"dropped") == (Errno.SUCCESS, 7)
    assert probe.call("fd_fdstat_get", 1, 0) == Errno.SUCCESS
    assert struct.unpack("<BxHxxxxQQ", probe.read(0, 24))[0] == 0
