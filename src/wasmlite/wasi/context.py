"""``WasiContext``: the live state of one WASI instance, built from a ``WasiConfig``."""

from __future__ import annotations

import os

from ..errors import WasmtimeError
from .config import NetworkPermissions, WasiConfig
from .descriptors import DirectoryDescriptor, StreamDescriptor
from .errno import WasiError
from .fdtable import FdTable
from .rights import DIRECTORY_RIGHTS, INHERITABLE_RIGHTS, STDIN_RIGHTS, STDOUT_RIGHTS
from .streams import InputStream, OutputStream


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


class WasiContext:
    """Arguments, environment and the file descriptor table of one program.

    Descriptors 0-2 are the standard streams; preopened directories follow from 3
    in the order they were configured. A preopen carries every directory right;
    its ``DirPerms``/``FilePerms`` are enforced separately (``PERM`` when refused),
    as wasmtime does.

    The same state serves WASI preview 2: ``argv``, ``env``, ``stdio`` (the
    three standard streams) and ``preopens`` (guest path and directory) keep
    what the configuration gave, whatever preview 1 code later does to its
    descriptor numbers; ``network`` says what ``wasi:sockets`` may do;
    ``preview2`` holds the preview 2 resources once a component has used them.
    """

    __slots__ = ("args", "environ", "table", "argv", "env", "stdio", "preopens", "preview2",
                 "network")

    def __init__(self, config: WasiConfig):
        self.args: list[bytes] = [_encode(arg) + b"\0" for arg in config.argv_list]
        self.environ: list[bytes] = [_encode(f"{name}={value}") + b"\0"
                                     for name, value in config.env_pairs]
        self.argv: list[str] = list(config.argv_list)
        self.env: list[tuple[str, str]] = list(config.env_pairs)
        self.stdio: tuple[InputStream, OutputStream, OutputStream] | None = None
        self.preopens: list[tuple[str, DirectoryDescriptor]] = []
        self.preview2: object = None
        self.network = NetworkPermissions(config.network.inherit, config.network.ip_name_lookup)
        table = FdTable()
        self.table = table
        try:
            stdio = (InputStream(config.stdin), OutputStream(config.stdout, "stdout"),
                     OutputStream(config.stderr, "stderr"))
            self.stdio = stdio
            table.insert(StreamDescriptor(stdio[0], STDIN_RIGHTS))
            table.insert(StreamDescriptor(stdio[1], STDOUT_RIGHTS))
            table.insert(StreamDescriptor(stdio[2], STDOUT_RIGHTS))
            for preopen in config.preopens:
                try:
                    host_fd = os.open(preopen.host_path,
                                      os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
                except OSError as exc:
                    raise WasmtimeError(f"failed to open preopen dir {preopen.host_path!r}: "
                                        f"{exc.strerror}") from None
                directory = DirectoryDescriptor(host_fd, DIRECTORY_RIGHTS, INHERITABLE_RIGHTS, 0,
                                                preopen.dir_perms, preopen.file_perms,
                                                preopen.guest_path)
                table.insert(directory)
                self.preopens.append((preopen.guest_path, directory))
        except WasiError as exc:
            table.close_all()
            raise WasmtimeError(f"failed to set up WASI standard streams: {exc}") \
                from None
        except BaseException:
            table.close_all()
            raise

    def close(self) -> None:
        """Close every descriptor the program still holds (through either preview)."""
        self.table.close_all()
        preview2 = self.preview2
        if preview2 is not None:
            self.preview2 = None
            preview2.close()  # type: ignore[attr-defined]
        for _, directory in self.preopens:
            directory.close()
        if self.stdio is not None:
            for stream in self.stdio:
                stream.close()

    def __del__(self) -> None:
        table = getattr(self, "table", None)
        if table is not None:
            table.close_all()
