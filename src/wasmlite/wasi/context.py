"""``WasiContext``: the live state of one WASI instance, built from a ``WasiConfig``."""

from __future__ import annotations

import os

from ..errors import WasmtimeError
from .config import WasiConfig
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
    """

    __slots__ = ("args", "environ", "table")

    def __init__(self, config: WasiConfig):
        self.args: list[bytes] = [_encode(arg) + b"\0" for arg in config.argv_list]
        self.environ: list[bytes] = [_encode(f"{name}={value}") + b"\0"
                                     for name, value in config.env_pairs]
        table = FdTable()
        self.table = table
        try:
            table.insert(StreamDescriptor(InputStream(config.stdin), STDIN_RIGHTS))
            table.insert(StreamDescriptor(OutputStream(config.stdout, "stdout"), STDOUT_RIGHTS))
            table.insert(StreamDescriptor(OutputStream(config.stderr, "stderr"), STDOUT_RIGHTS))
            for preopen in config.preopens:
                try:
                    host_fd = os.open(preopen.host_path,
                                      os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
                except OSError as exc:
                    raise WasmtimeError(f"failed to open preopen dir {preopen.host_path!r}: "
                                        f"{exc.strerror}") from None
                table.insert(DirectoryDescriptor(host_fd, DIRECTORY_RIGHTS, INHERITABLE_RIGHTS, 0,
                                                 preopen.dir_perms, preopen.file_perms,
                                                 preopen.guest_path))
        except WasiError as exc:
            table.close_all()
            raise WasmtimeError(f"failed to set up WASI standard streams: {exc}") \
                from None
        except BaseException:
            table.close_all()
            raise

    def close(self) -> None:
        """Close every descriptor the program still holds."""
        self.table.close_all()

    def __del__(self) -> None:
        table = getattr(self, "table", None)
        if table is not None:
            table.close_all()
