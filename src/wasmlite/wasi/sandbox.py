"""Path resolution confined to a directory descriptor.

A guest path is resolved one component at a time with ``*at`` calls relative to
host directory descriptors, never by joining strings: each intermediate
directory is opened with ``O_NOFOLLOW``, symbolic links are read and expanded
here (not by the host kernel), and a ``..`` or a link that would leave the
starting directory, an absolute path or an absolute link target is refused
with ``PERM`` (as wasmtime does). More than ``MAX_SYMLINK_EXPANSIONS`` links is
``LOOP``.
"""

from __future__ import annotations

import errno as host_errno
import os
import stat
from collections import deque

from .errno import Errno, WasiError, wasi_error_from_os

MAX_SYMLINK_EXPANSIONS = 40

_O_PATH = getattr(os, "O_PATH", os.O_RDONLY)
_WALK_FLAGS = _O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class ResolvedPath:
    """The outcome of a resolution: a host directory fd and one entry name in it.

    ``name`` never contains ``/``; it is ``"."`` when the path named the
    directory itself. ``trailing_slash`` records whether the guest path ended in
    ``/`` (or ``/.``), i.e. whether it must name a directory. Use as a context
    manager: the directory descriptors opened while walking are closed on exit.
    """

    __slots__ = ("dir_fd", "name", "trailing_slash", "_opened")

    def __init__(self, dir_fd: int, name: str, trailing_slash: bool, opened: list[int]):
        self.dir_fd = dir_fd
        self.name = name
        self.trailing_slash = trailing_slash
        self._opened = opened

    @property
    def host_name(self) -> str:
        """``name``, with the guest's trailing slash kept for the host call."""
        if self.trailing_slash and self.name != ".":
            return self.name + "/"
        return self.name

    def is_symlink(self) -> bool:
        """Whether the entry exists and is a symbolic link."""
        try:
            return stat.S_ISLNK(os.stat(self.name, dir_fd=self.dir_fd,
                                        follow_symlinks=False).st_mode)
        except OSError:
            return False

    def close(self) -> None:
        """Close the directories opened during the walk."""
        opened = self._opened
        while opened:
            os.close(opened.pop())

    def __enter__(self) -> "ResolvedPath":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _split(path: str) -> tuple[list[str], bool]:
    """The non-trivial components of ``path`` and whether it must name a directory."""
    parts = path.split("/")
    return [part for part in parts if part and part != "."], parts[-1] in ("", ".", "..")


def resolve(base_fd: int, path: str, follow_symlinks: bool,
            slash_follows: bool = False) -> ResolvedPath:
    """Resolve ``path`` relative to the host directory ``base_fd`` inside the sandbox.

    Intermediate components are always followed. With ``follow_symlinks`` a
    symbolic link in the last position is expanded too; so it is, with
    ``slash_follows``, when the path must name a directory (ends in ``/``).
    Otherwise the last component is returned as it is, for the caller's host
    call to act on without following it.
    """
    if not path:
        raise WasiError(Errno.NOENT)
    if "\0" in path:
        raise WasiError(Errno.INVAL)
    if path.startswith("/"):
        raise WasiError(Errno.PERM)
    components, must_be_directory = _split(path)
    pending = deque(components)
    stack = [base_fd]
    opened: list[int] = []
    expansions = 0
    try:
        while pending:
            name = pending.popleft()
            last = not pending
            if name == "..":
                if len(stack) == 1:
                    raise WasiError(Errno.PERM)
                stack.pop()
                os.close(opened.pop())
                continue
            top = stack[-1]
            if last and not (follow_symlinks or (slash_follows and must_be_directory)):
                return ResolvedPath(top, name, must_be_directory, opened)
            target = _read_link(top, name)
            if target is None:
                if last:
                    return ResolvedPath(top, name, must_be_directory, opened)
                fd = _open_directory(top, name)
                stack.append(fd)
                opened.append(fd)
                continue
            expansions += 1
            if expansions > MAX_SYMLINK_EXPANSIONS:
                raise WasiError(Errno.LOOP)
            if target.startswith("/"):
                raise WasiError(Errno.PERM)
            link_components, link_is_directory = _split(target)
            if last and link_is_directory:
                must_be_directory = True
            pending.extendleft(reversed(link_components))
        return ResolvedPath(stack[-1], ".", must_be_directory, opened)
    except BaseException:
        for fd in opened:
            os.close(fd)
        raise


def _read_link(dir_fd: int, name: str) -> str | None:
    """The target of the symbolic link ``name`` in ``dir_fd``; None if it is not a link."""
    try:
        return os.readlink(name, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (host_errno.EINVAL, host_errno.ENOENT):
            return None
        raise wasi_error_from_os(exc) from None
    except UnicodeDecodeError:
        raise WasiError(Errno.ILSEQ) from None


def _open_directory(dir_fd: int, name: str) -> int:
    try:
        return os.open(name, _WALK_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        raise wasi_error_from_os(exc) from None
