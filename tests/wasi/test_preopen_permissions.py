"""``DirPerms``/``FilePerms`` (and ``fs_mutable``) limit what a guest may do, with ``PERM``."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from wasmlite.wasi import DirPerms, Errno, FilePerms, WasiConfig

from .probe import Probe

CREAT, DIRECTORY, TRUNC = 1, 2, 8
FD_READ, FD_WRITE = 1 << 1, 1 << 6
FD_FILESTAT_SET_SIZE, FD_FILESTAT_SET_TIMES = 1 << 22, 1 << 23
MTIM_NOW = 8


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "file").write_text("content")
    return tmp_path


def _probe(api: ModuleType, root: Path, *args: object, **kwargs: object) -> Probe:
    config = WasiConfig()
    config.preopen_dir(root, "/", *args, **kwargs)
    return Probe(api, config)


def test_read_only_tree_refuses_every_change(api: ModuleType, root: Path) -> None:
    probe = _probe(api, root, fs_mutable=False)
    assert probe.path_open(3, "new", oflags=CREAT)[0] == Errno.PERM
    assert probe.path_open(3, "file", rights=FD_READ | FD_WRITE)[0] == Errno.PERM
    assert probe.path_open(3, "file", oflags=TRUNC)[0] == Errno.PERM
    assert probe.path_call("path_create_directory", 3, "dir") == Errno.PERM
    assert probe.path_call("path_unlink_file", 3, "file") == Errno.PERM
    assert probe.path_call("path_remove_directory", 3, "sub") == Errno.PERM
    assert probe.symlink("file", 3, "link") == Errno.PERM
    old, old_len = probe.put("file")
    new, new_len = probe.put("renamed")
    assert probe.call("path_rename", 3, old, old_len, 3, new, new_len) == Errno.PERM
    assert probe.call("path_link", 3, 0, old, old_len, 3, new, new_len) == Errno.PERM
    assert probe.call("path_filestat_set_times", 3, 0, old, old_len, 0, 0,
                      MTIM_NOW) == Errno.PERM
    errno, fd = probe.path_open(3, "file", rights=FD_READ | FD_FILESTAT_SET_SIZE
                                | FD_FILESTAT_SET_TIMES)
    assert errno == Errno.SUCCESS
    assert probe.call("fd_filestat_set_size", fd, 0) == Errno.PERM
    assert probe.call("fd_filestat_set_times", fd, 0, 0, MTIM_NOW) == Errno.PERM
    assert probe.read_fd(fd, 64) == (Errno.SUCCESS, b"content")
    probe.close()
    assert sorted(p.name for p in root.iterdir()) == ["file", "sub"]
    assert (root / "file").read_text() == "content"


def test_read_only_directories_still_allow_writing_files(api: ModuleType, root: Path) -> None:
    probe = _probe(api, root, dir_perms=DirPerms.READ_ONLY, file_perms=FilePerms.READ_WRITE)
    assert probe.path_open(3, "new", oflags=CREAT)[0] == Errno.PERM
    errno, fd = probe.path_open(3, "file", rights=FD_WRITE)
    assert errno == Errno.SUCCESS
    assert probe.write(fd, b"CON") == (Errno.SUCCESS, 3)
    probe.close()
    assert (root / "file").read_text() == "CONtent"


def test_read_only_files_still_allow_changing_directories(api: ModuleType,
                                                          root: Path) -> None:
    probe = _probe(api, root, DirPerms.READ_WRITE, FilePerms.READ_ONLY)
    assert probe.path_open(3, "file", rights=FD_WRITE)[0] == Errno.PERM
    assert probe.path_call("path_create_directory", 3, "made") == Errno.SUCCESS
    errno, fd = probe.path_open(3, "created", oflags=CREAT, rights=FD_READ)
    assert errno == Errno.SUCCESS
    probe.close()
    assert (root / "made").is_dir() and (root / "created").is_file()


def test_mutable_tree_allows_changes(api: ModuleType, root: Path) -> None:
    probe = _probe(api, root)
    errno, fd = probe.path_open(3, "new", oflags=CREAT, rights=FD_READ | FD_WRITE)
    assert errno == Errno.SUCCESS
    assert probe.write(fd, b"data") == (Errno.SUCCESS, 4)
    assert probe.path_call("path_unlink_file", 3, "file") == Errno.SUCCESS
    probe.close()
    assert (root / "new").read_text() == "data" and not (root / "file").exists()


def test_subdirectories_inherit_the_preopen_permissions(api: ModuleType, root: Path) -> None:
    probe = _probe(api, root, fs_mutable=False)
    errno, sub = probe.path_open(3, "sub", oflags=DIRECTORY)
    assert errno == Errno.SUCCESS
    assert probe.path_open(sub, "new", oflags=CREAT)[0] == Errno.PERM
    probe.close()
