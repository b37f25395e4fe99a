"""A guest reaches only its preopened directory: every way out is refused.

The preopen is ``root/``; beside it, ``outside/secret`` must stay unreachable.
Escapes fail with ``PERM`` (as wasmtime answers), symbolic link cycles with
``LOOP``, and nothing outside the preopen is created, changed or removed.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest

from wasmlite.wasi import Errno, WasiConfig

from .probe import Probe

FOLLOW = 1
CREAT, DIRECTORY = 1, 2
READ = 1 << 1


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "file").write_text("inside")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("secret")
    os.symlink(str(outside / "secret"), root / "abs_link")
    os.symlink("../outside/secret", root / "rel_link")
    os.symlink(str(outside), root / "abs_dir_link")
    os.symlink("../outside", root / "rel_dir_link")
    os.symlink("..", root / "parent_link")
    os.symlink("sub/../../outside", root / "hidden_link")
    os.symlink("loop", root / "loop")
    os.symlink("cycle_b", root / "cycle_a")
    os.symlink("cycle_a", root / "cycle_b")
    os.symlink("../file", root / "sub" / "up")
    os.symlink("sub", root / "sub_link")
    return tmp_path


@pytest.fixture
def probe(api: ModuleType, tree: Path):
    config = WasiConfig()
    config.preopen_dir(tree / "root", "/")
    instance = Probe(api, config)
    yield instance
    instance.close()


def _outside_untouched(tree: Path) -> None:
    assert sorted(os.listdir(tree)) == ["outside", "root"]
    assert os.listdir(tree / "outside") == ["secret"]
    assert (tree / "outside" / "secret").read_text() == "secret"


@pytest.mark.parametrize("path", [
    "..", "../outside/secret", "sub/../../outside/secret", "sub/../..", "./../outside",
    "/etc/passwd", "/",
])
def test_dotdot_and_absolute_paths_are_refused(probe: Probe, path: str) -> None:
    assert probe.path_open(3, path, rights=READ)[0] == Errno.PERM
    assert probe.filestat(3, path)[0] == Errno.PERM


@pytest.mark.parametrize("path", [
    "abs_link", "rel_link", "abs_dir_link/secret", "rel_dir_link/secret",
    "parent_link/outside/secret", "hidden_link/secret", "sub_link/../../outside/secret",
])
def test_symlinks_leading_outside_are_refused(probe: Probe, path: str) -> None:
    assert probe.path_open(3, path, rights=READ, lookup=FOLLOW)[0] == Errno.PERM
    assert probe.filestat(3, path, follow=True)[0] == Errno.PERM


def test_trailing_slash_does_not_follow_a_link_outside(probe: Probe, tree: Path) -> None:
    assert probe.path_open(3, "abs_dir_link/", oflags=DIRECTORY)[0] == Errno.PERM
    assert probe.filestat(3, "rel_dir_link/")[0] == Errno.PERM
    assert probe.path_call("path_remove_directory", 3, "abs_dir_link/") == Errno.NOTDIR
    _outside_untouched(tree)


def test_opening_a_link_without_following_is_loop(probe: Probe) -> None:
    assert probe.path_open(3, "abs_link", rights=READ)[0] == Errno.LOOP


@pytest.mark.parametrize("path", ["loop", "cycle_a", "loop/x", "cycle_b/file"])
def test_symlink_cycles_are_loop(probe: Probe, path: str) -> None:
    assert probe.path_open(3, path, rights=READ, lookup=FOLLOW)[0] == Errno.LOOP


def test_links_that_stay_inside_resolve(probe: Probe) -> None:
    errno, fd = probe.path_open(3, "sub/up", rights=READ, lookup=FOLLOW)
    assert errno == Errno.SUCCESS
    assert probe.read_fd(fd, 100) == (Errno.SUCCESS, b"inside")
    errno, fd = probe.path_open(3, "sub_link/up", rights=READ, lookup=FOLLOW)
    assert errno == Errno.SUCCESS
    assert probe.read_fd(fd, 100) == (Errno.SUCCESS, b"inside")


def test_absolute_symlink_contents_are_refused(probe: Probe, tree: Path) -> None:
    assert probe.symlink(str(tree / "outside"), 3, "new_link") == Errno.PERM
    assert not os.path.lexists(tree / "root" / "new_link")


def test_writes_outside_are_refused(probe: Probe, tree: Path) -> None:
    assert probe.path_open(3, "../created", oflags=CREAT)[0] == Errno.PERM
    assert probe.path_open(3, "rel_dir_link/created", oflags=CREAT,
                           lookup=FOLLOW)[0] == Errno.PERM
    assert probe.path_call("path_create_directory", 3, "../made") == Errno.PERM
    assert probe.path_call("path_unlink_file", 3, "../outside/secret") == Errno.PERM
    assert probe.path_call("path_unlink_file", 3, "rel_dir_link/secret") == Errno.PERM
    assert probe.path_call("path_remove_directory", 3, "../outside") == Errno.PERM
    old, old_len = probe.put("file")
    new, new_len = probe.put("../stolen")
    assert probe.call("path_rename", 3, old, old_len, 3, new, new_len) == Errno.PERM
    assert probe.call("path_link", 3, 0, old, old_len, 3, new, new_len) == Errno.PERM
    old, old_len = probe.put("abs_link")
    new, new_len = probe.put("hard_link")
    assert probe.call("path_link", 3, FOLLOW, old, old_len, 3, new, new_len) == Errno.PERM
    _outside_untouched(tree)
    assert (tree / "root" / "file").read_text() == "inside"


def test_directories_opened_inside_keep_the_boundary(probe: Probe, tree: Path) -> None:
    errno, sub = probe.path_open(3, "sub", oflags=DIRECTORY)
    assert errno == Errno.SUCCESS
    errno, fd = probe.path_open(sub, "../file", rights=READ)
    assert errno == Errno.PERM
    assert probe.path_open(sub, ".", oflags=DIRECTORY)[0] == Errno.SUCCESS


def test_readlink_reports_contents_without_following(probe: Probe) -> None:
    ptr, length = probe.put("rel_link")
    assert probe.call("path_readlink", 3, ptr, length, 512, 64, 0) == Errno.SUCCESS
    assert probe.read(512, probe.u32(0)) == b"../outside/secret"
