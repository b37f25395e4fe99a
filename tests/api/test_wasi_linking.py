"""WASI through the embedding API: Store.set_wasi and Linker.define_wasi."""

import pytest

from .api_helpers import wat
from wasmlite import Engine, ExitTrap, Linker, Module, Store, WasiConfig, WasmtimeError

HELLO = wat("""
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi from wasi\\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 13))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 3))))
""")


def test_wasi_program_writes_stdout_and_exits(tmp_path):
    engine = Engine()
    linker = Linker(engine)
    linker.define_wasi()
    store = Store(engine)
    config = WasiConfig()
    out = tmp_path / "out.txt"
    config.stdout_file = str(out)
    store.set_wasi(config)
    start = linker.instantiate(store, Module(engine, HELLO)).exports(store)["_start"]
    with pytest.raises(ExitTrap) as info:
        start(store)
    assert info.value.code == 3
    assert isinstance(info.value, WasmtimeError)
    assert out.read_text() == "hi from wasi\n"


def test_wasi_functions_need_a_configured_store():
    engine = Engine()
    linker = Linker(engine)
    linker.define_wasi()
    store = Store(engine)
    start = linker.instantiate(store, Module(engine, HELLO)).exports(store)["_start"]
    with pytest.raises(WasmtimeError, match="WASI is not configured"):
        start(store)


def test_set_wasi_needs_a_wasi_config():
    with pytest.raises(TypeError, match="expected a WasiConfig"):
        Store().set_wasi({})
