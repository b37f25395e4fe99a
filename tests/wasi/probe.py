"""A guest module that forwards calls to every WASI function, driven from Python.

``Probe`` instantiates a tiny module importing all of wasi_snapshot_preview1 and
exporting one trampoline per function (``call_<name>``) plus its memory, so a
test can call any WASI function with chosen arguments and inspect guest memory.
"""

from __future__ import annotations

import struct
from types import ModuleType
from typing import Any, Callable

from wasmlite.wasi import WasiConfig, WasiContext, define_wasi
from wasmlite.wasi.rights import ALL_RIGHTS, WRITE_MODE_RIGHTS
from wasmlite.wasi.signatures import MODULE, SIGNATURES

SCRATCH = 4096
"""Guest address where ``Probe`` places strings and buffers it is asked to pass."""

READ_RIGHTS = ALL_RIGHTS & ~WRITE_MODE_RIGHTS
"""Every right but those that open a file for writing: ``path_open``'s default."""


def probe_wat() -> str:
    """The text of the forwarding module."""
    lines = ["(module"]
    for name, (params, results) in SIGNATURES.items():
        param_text = " ".join(f"(param {p})" for p in params)
        result_text = " ".join(f"(result {r})" for r in results)
        lines.append(f'  (import "{MODULE}" "{name}" (func ${name} {param_text} {result_text}))')
    lines.append('  (memory (export "memory") 2)')
    for name, (params, results) in SIGNATURES.items():
        param_text = " ".join(f"(param {p})" for p in params)
        result_text = " ".join(f"(result {r})" for r in results)
        gets = " ".join(f"local.get {i}" for i in range(len(params)))
        lines.append(f'  (func (export "call_{name}") {param_text} {result_text} '
                     f'{gets} call ${name})')
    lines.append(")")
    return "\n".join(lines)


class Probe:
    """One instance of the forwarding module with WASI configured by ``config``."""

    def __init__(self, api: ModuleType, config: WasiConfig,
                 linker_setup: Callable[[Any, Any], None] | None = None):
        self.api = api
        engine = api.Engine()
        self.store = api.Store(engine)
        linker = api.Linker(engine)
        if linker_setup is None:
            self.context = WasiContext(config)
            context = self.context
            define_wasi(linker, lambda caller: context, api=api)
        else:
            linker_setup(linker, self.store)
        module = api.Module(engine, probe_wat())
        self.instance = linker.instantiate(self.store, module)
        self.exports = self.instance.exports(self.store)
        self.memory = self.exports["memory"]
        self._cursor = SCRATCH

    def close(self) -> None:
        """Release the descriptors of the instance."""
        context = getattr(self, "context", None)
        if context is not None:
            context.close()

    def call(self, name: str, *args: int) -> Any:
        """Call WASI function ``name`` with integer arguments (signed or not); its result."""
        params = SIGNATURES[name][0]
        values = [_signed(value, 64 if kind == "i64" else 32) for value, kind in zip(args, params)]
        return self.exports[f"call_{name}"](self.store, *values)

    def put(self, data: bytes | str) -> tuple[int, int]:
        """Copy ``data`` into guest memory; its (pointer, length)."""
        raw = data.encode() if isinstance(data, str) else data
        ptr = self._cursor
        self.memory.write(self.store, raw, ptr)
        self._cursor += (len(raw) + 8) & ~7
        return ptr, len(raw)

    def read(self, ptr: int, length: int) -> bytes:
        """Bytes of guest memory."""
        return bytes(self.memory.read(self.store, ptr, ptr + length))

    def u32(self, ptr: int) -> int:
        """The u32 stored at ``ptr``."""
        return struct.unpack("<I", self.read(ptr, 4))[0]

    def u64(self, ptr: int) -> int:
        """The u64 stored at ``ptr``."""
        return struct.unpack("<Q", self.read(ptr, 8))[0]

    def reset_scratch(self) -> None:
        """Reuse the scratch area from its start."""
        self._cursor = SCRATCH

    # Conveniences for the calls tests make most.

    def path_open(self, dirfd: int, path: str, oflags: int = 0, rights: int = READ_RIGHTS,
                  inheriting: int = ALL_RIGHTS, fdflags: int = 0,
                  lookup: int = 0) -> tuple[int, int]:
        """(errno, new fd) of ``path_open``."""
        ptr, length = self.put(path)
        errno = self.call("path_open", dirfd, lookup, ptr, length, oflags, rights, inheriting,
                          fdflags, 0)
        return errno, self.u32(0)

    def path_call(self, name: str, dirfd: int, path: str) -> int:
        """Errno of a ``(fd, path, path_len)`` function such as ``path_unlink_file``."""
        ptr, length = self.put(path)
        return self.call(name, dirfd, ptr, length)

    def symlink(self, contents: str, dirfd: int, path: str) -> int:
        """Errno of ``path_symlink``."""
        old_ptr, old_len = self.put(contents)
        new_ptr, new_len = self.put(path)
        return self.call("path_symlink", old_ptr, old_len, dirfd, new_ptr, new_len)

    def filestat(self, dirfd: int, path: str, follow: bool = False) -> tuple[int, bytes]:
        """(errno, 64 filestat bytes) of ``path_filestat_get``."""
        ptr, length = self.put(path)
        errno = self.call("path_filestat_get", dirfd, int(follow), ptr, length, 256)
        return errno, self.read(256, 64)

    def write(self, fd: int, data: bytes) -> tuple[int, int]:
        """(errno, bytes written) of ``fd_write`` with one iovec."""
        ptr, length = self.put(data)
        self.memory.write(self.store, struct.pack("<II", ptr, length), 64)
        errno = self.call("fd_write", fd, 64, 1, 0)
        return errno, self.u32(0)

    def read_fd(self, fd: int, size: int) -> tuple[int, bytes]:
        """(errno, bytes read) of ``fd_read`` with one iovec of ``size`` bytes."""
        ptr, _ = self.put(bytes(size))
        self.memory.write(self.store, struct.pack("<II", ptr, size), 64)
        errno = self.call("fd_read", fd, 64, 1, 0)
        return errno, self.read(ptr, self.u32(0)) if errno == 0 else b""


def _signed(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >= 1 << (bits - 1) else value
