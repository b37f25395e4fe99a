"""What the acceptance checks share: loading a package's wasmtime-based module with
``wasmtime`` bound to another runtime, and running a WASI command in either engine."""

from __future__ import annotations

import enum
import importlib.util
import os
import sys
import tempfile
import types
from pathlib import Path

try:
    import wasmtime
except ImportError:  # the oracle is a dev dependency; each module skips without it
    wasmtime = None


def load_with_runtime(path: str | os.PathLike, name: str, runtime: types.ModuleType) -> types.ModuleType:
    """Execute the module file ``path`` as a new module ``name`` whose ``import wasmtime``
    finds ``runtime``. The package's own module and ``sys.modules['wasmtime']`` are
    left as they were."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = sys.modules.get("wasmtime")
    sys.modules["wasmtime"] = runtime
    try:
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            del sys.modules["wasmtime"]
        else:
            sys.modules["wasmtime"] = saved
    return module


def wasmtime_with_perms() -> types.ModuleType:
    """wasmtime 50 with the ``DirPerms`` / ``FilePerms`` arguments of ``preopen_dir``
    that wasmtime-py dropped in release 48 (for ``fs_mutable``) and wasmlite still
    takes: packages written for the older API run on it unchanged."""
    assert wasmtime is not None

    class DirPerms(enum.Enum):
        READ_ONLY = 1
        WRITE_ONLY = 2
        READ_WRITE = 3

    class FilePerms(enum.Enum):
        READ_ONLY = 1
        WRITE_ONLY = 2
        READ_WRITE = 3

    class WasiConfig(wasmtime.WasiConfig):
        def preopen_dir(self, path, guest_path, dir_perms=DirPerms.READ_WRITE,
                        file_perms=FilePerms.READ_WRITE):
            mutable = dir_perms is DirPerms.READ_WRITE and file_perms is FilePerms.READ_WRITE
            super().preopen_dir(path, guest_path, mutable)

    shim = types.ModuleType("wasmtime_with_perms")
    shim.__dict__.update(vars(wasmtime))
    shim.DirPerms, shim.FilePerms, shim.WasiConfig = DirPerms, FilePerms, WasiConfig
    return shim


class WasiRun:
    """One finished run of a WASI command: exit status and the bytes it wrote."""

    def __init__(self, code: int, stdout: bytes, stderr: bytes) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WasiRun) and (self.code, self.stdout, self.stderr) == (
            other.code, other.stdout, other.stderr)

    def __repr__(self) -> str:
        return f"WasiRun(code={self.code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


def run_command(runtime: types.ModuleType, engine, module, argv: list[str], *,
                stdin: bytes = b"", preopens: dict[str, str] | None = None) -> WasiRun:
    """Run the WASI command ``module`` (compiled for ``engine`` of ``runtime``) to
    completion through the wasmtime-py API, its stdin, stdout and stderr being files
    and ``preopens`` mapping guest directory names to host directories."""
    with tempfile.TemporaryDirectory() as scratch:
        paths = {name: os.path.join(scratch, name) for name in ("stdin", "stdout", "stderr")}
        Path(paths["stdin"]).write_bytes(stdin)
        store = runtime.Store(engine)
        linker = runtime.Linker(engine)
        linker.define_wasi()
        config = runtime.WasiConfig()
        config.argv = argv
        config.stdin_file = paths["stdin"]
        config.stdout_file = paths["stdout"]
        config.stderr_file = paths["stderr"]
        for guest, host in (preopens or {}).items():
            config.preopen_dir(host, guest)
        store.set_wasi(config)
        instance = linker.instantiate(store, module)
        code = 0
        try:
            instance.exports(store)["_start"](store)
        except runtime.ExitTrap as exit_trap:
            code = exit_trap.code
        return WasiRun(code, Path(paths["stdout"]).read_bytes(), Path(paths["stderr"]).read_bytes())
