"""WASI through wasmlite's wasmtime-py style API, as earlier wasmtime-py spelled it too."""

from __future__ import annotations

from pathlib import Path

import pytest

import wasmlite

CREATE_FILE = """
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "new.txt")
  (func (export "_start")
    (call $proc_exit (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 7)
                                      (i32.const 1) (i64.const 0) (i64.const 0) (i32.const 0)
                                      (i32.const 0)))))
"""


def test_wasi_names_are_public() -> None:
    assert wasmlite.WasiConfig is wasmlite.wasi.WasiConfig
    assert wasmlite.DirPerms is wasmlite.wasi.DirPerms
    assert wasmlite.FilePerms is wasmlite.wasi.FilePerms


@pytest.mark.parametrize(("dir_perms", "errno"), [("READ_WRITE", 0), ("READ_ONLY", 63)])
def test_set_wasi_preopens_with_permissions(tmp_path: Path, dir_perms: str, errno: int) -> None:
    engine = wasmlite.Engine()
    linker = wasmlite.Linker(engine)
    linker.define_wasi()
    store = wasmlite.Store(engine)
    config = wasmlite.wasi.WasiConfig()
    config.preopen_dir(str(tmp_path), "/", dir_perms=getattr(wasmlite.wasi.DirPerms, dir_perms),
                       file_perms=wasmlite.wasi.FilePerms.READ_WRITE)
    store.set_wasi(config)
    instance = linker.instantiate(store, wasmlite.Module(engine, CREATE_FILE))
    with pytest.raises(wasmlite.ExitTrap) as raised:
        instance.exports(store)["_start"](store)
    assert raised.value.code == errno
    assert (tmp_path / "new.txt").exists() == (errno == 0)
