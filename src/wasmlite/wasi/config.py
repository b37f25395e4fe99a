"""``WasiConfig``: what a WASI program may see (arguments, environment, stdio, directories).

Compatible with wasmtime-py's ``WasiConfig``: the same properties and methods, plus
the ``DirPerms``/``FilePerms`` keywords of ``preopen_dir`` that earlier wasmtime-py had.
"""

from __future__ import annotations

import os
import sys
from enum import Enum

from ..errors import WasmtimeError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable, Union

    PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
    CustomOutput = Callable[[bytes], Union[int, None]]


class DirPerms(Enum):
    """What a guest may do to a preopened directory's entries."""

    READ_ONLY = 1
    WRITE_ONLY = 2
    READ_WRITE = 3

    @property
    def can_read(self) -> bool:
        """Whether entries may be listed, looked up and read."""
        return bool(self.value & 1)

    @property
    def can_mutate(self) -> bool:
        """Whether entries may be created, renamed and removed."""
        return bool(self.value & 2)


class FilePerms(Enum):
    """What a guest may do to the files found under a preopened directory."""

    READ_ONLY = 1
    WRITE_ONLY = 2
    READ_WRITE = 3

    @property
    def can_read(self) -> bool:
        """Whether files may be read."""
        return bool(self.value & 1)

    @property
    def can_write(self) -> bool:
        """Whether files may be written, truncated or resized."""
        return bool(self.value & 2)


class Preopen:
    """One host directory made visible to the guest as ``guest_path``."""

    __slots__ = ("host_path", "guest_path", "dir_perms", "file_perms")

    def __init__(self, host_path: str, guest_path: str, dir_perms: DirPerms,
                 file_perms: FilePerms) -> None:
        self.host_path = host_path
        self.guest_path = guest_path
        self.dir_perms = dir_perms
        self.file_perms = file_perms


class StdioSource:
    """Where one standard stream comes from or goes to.

    ``kind`` is ``"null"`` (empty input / discarded output), ``"inherit"`` (this
    process's stream), ``"file"`` (``path``) or ``"custom"`` (``callback``).
    """

    __slots__ = ("kind", "path", "callback")

    def __init__(self, kind: str, path: str | None = None,
                 callback: CustomOutput | None = None) -> None:
        self.kind = kind
        self.path = path
        self.callback = callback


def _fspath(path: PathLike) -> str:
    value = os.fspath(path)
    return os.fsdecode(value) if isinstance(value, bytes) else value


class NetworkPermissions:
    """What a program may do with the network through ``wasi:sockets`` (preview 2).

    ``inherit`` lets sockets bind and connect to any address (Wasmtime's
    ``-S inherit-network``); ``ip_name_lookup`` lets ``wasi:sockets/ip-name-lookup``
    resolve names (``-S allow-ip-name-lookup``). Both are off by default: sockets
    may be created, but binding, connecting and sending are ``access-denied``,
    and name lookups fail.
    """

    __slots__ = ("inherit", "ip_name_lookup")

    def __init__(self, inherit: bool = False, ip_name_lookup: bool = False) -> None:
        self.inherit = inherit
        self.ip_name_lookup = ip_name_lookup


class _SetterProperty:
    """A write-only attribute, as wasmtime-py's ``setter_property``."""

    def __init__(self, setter: Callable) -> None:
        self.setter = setter
        self.__doc__ = setter.__doc__
        self.name = setter.__name__

    def __set__(self, obj: object, value: object) -> None:
        self.setter(obj, value)

    def __get__(self, obj: object, objtype: type | None = None) -> object:
        if obj is None:
            return self
        raise AttributeError(f"WasiConfig.{self.name} can only be set, not read")


class WasiConfig:
    """The configuration of one WASI instance (wasmtime-py compatible)."""

    def __init__(self) -> None:
        self.argv_list: list[str] = []
        self.env_pairs: list[tuple[str, str]] = []
        self.stdin: StdioSource = StdioSource("null")
        self.stdout: StdioSource = StdioSource("null")
        self.stderr: StdioSource = StdioSource("null")
        self.preopens: list[Preopen] = []
        self.network = NetworkPermissions()

    @_SetterProperty
    def argv(self, argv: Iterable[str]) -> None:
        """The program's arguments, ``argv[0]`` (the program name) included."""
        self.argv_list = [str(arg) for arg in argv]

    def inherit_argv(self) -> None:
        """Use this process's arguments as the program's."""
        self.argv_list = list(sys.argv)

    @_SetterProperty
    def env(self, pairs: Iterable[Iterable[str]]) -> None:
        """The program's environment, as ``(name, value)`` pairs."""
        collected = []
        for pair in pairs:
            name, value = pair
            collected.append((str(name), str(value)))
        self.env_pairs = collected

    def inherit_env(self) -> None:
        """Use this process's environment variables as the program's."""
        self.env_pairs = list(os.environ.items())

    @_SetterProperty
    def stdin_file(self, path: PathLike) -> None:
        """Read the program's stdin from ``path``, which must exist: a file, or a
        device or pipe such as ``/dev/null``."""
        host = _fspath(path)
        if not os.path.exists(host) or not os.access(host, os.R_OK):
            raise WasmtimeError(f"failed to set stdin file: cannot read {host!r}")
        self.stdin = StdioSource("file", path=host)

    def inherit_stdin(self) -> None:
        """Give the program this process's stdin."""
        self.stdin = StdioSource("inherit")

    @_SetterProperty
    def stdout_file(self, path: PathLike) -> None:
        """Write the program's stdout to ``path`` (created, or truncated if it exists)."""
        self.stdout = StdioSource("file", path=_writable_file(path, "stdout"))

    @_SetterProperty
    def stdout_custom(self, callback: CustomOutput) -> None:
        """Call ``callback(bytes)`` with everything the program writes to stdout."""
        self.stdout = StdioSource("custom", callback=callback)

    def inherit_stdout(self) -> None:
        """Give the program this process's stdout."""
        self.stdout = StdioSource("inherit")

    @_SetterProperty
    def stderr_file(self, path: PathLike) -> None:
        """Write the program's stderr to ``path`` (created, or truncated if it exists)."""
        self.stderr = StdioSource("file", path=_writable_file(path, "stderr"))

    @_SetterProperty
    def stderr_custom(self, callback: CustomOutput) -> None:
        """Call ``callback(bytes)`` with everything the program writes to stderr."""
        self.stderr = StdioSource("custom", callback=callback)

    def inherit_stderr(self) -> None:
        """Give the program this process's stderr."""
        self.stderr = StdioSource("inherit")

    def inherit_network(self) -> None:
        """Let the program's sockets bind and connect to any address, as this
        process may (WASI preview 2's ``wasi:sockets``; Wasmtime's
        ``-S inherit-network``). Not in wasmtime-py."""
        self.network.inherit = True

    @property
    def allow_ip_name_lookup(self) -> bool:
        """Whether the program may resolve host names through
        ``wasi:sockets/ip-name-lookup`` (Wasmtime's ``-S allow-ip-name-lookup``;
        default ``False``). Not in wasmtime-py."""
        return self.network.ip_name_lookup

    @allow_ip_name_lookup.setter
    def allow_ip_name_lookup(self, allowed: bool) -> None:
        self.network.ip_name_lookup = bool(allowed)

    def preopen_dir(self, path: PathLike, guest_path: str,
                    fs_mutable: bool | DirPerms = True,
                    file_perms: FilePerms | None = None, *,
                    dir_perms: DirPerms | None = None) -> None:
        """Let the program reach the host directory ``path`` as ``guest_path``.

        ``fs_mutable=False`` makes the directory tree read-only. ``dir_perms`` and
        ``file_perms`` (also accepted positionally, as earlier wasmtime-py took
        them) give finer control and take precedence over ``fs_mutable``.
        """
        if isinstance(fs_mutable, DirPerms):
            dir_perms = dir_perms or fs_mutable
            fs_mutable = True
        if dir_perms is None:
            dir_perms = DirPerms.READ_WRITE if fs_mutable else DirPerms.READ_ONLY
        if file_perms is None:
            file_perms = FilePerms.READ_WRITE if fs_mutable else FilePerms.READ_ONLY
        if not isinstance(dir_perms, DirPerms) or not isinstance(file_perms, FilePerms):
            raise TypeError("expected DirPerms and FilePerms values")
        host = _fspath(path)
        if not os.path.isdir(host):
            raise WasmtimeError(f"failed to add preopen dir: {host!r} is not a directory")
        self.preopens.append(Preopen(host, str(guest_path), dir_perms, file_perms))


def _writable_file(path: PathLike, stream: str) -> str:
    host = _fspath(path)
    try:
        fd = os.open(host, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    except OSError as exc:
        raise WasmtimeError(f"failed to set {stream} file: {exc.strerror}: {host!r}") from None
    os.close(fd)
    return host
