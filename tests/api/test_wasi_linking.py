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


def wasi_store(engine, tmp_path):
    store = Store(engine)
    config = WasiConfig()
    config.stdout_file = str(tmp_path / "out.txt")
    store.set_wasi(config)
    return store


def test_the_call_hook_sees_each_wasi_call(tmp_path):
    engine = Engine()
    linker = Linker(engine)
    linker.define_wasi()
    store = wasi_store(engine, tmp_path)
    events = []
    store.call_hook(lambda caller, kind: events.append(kind.value))
    start = linker.instantiate(store, Module(engine, HELLO)).exports(store)["_start"]
    with pytest.raises(ExitTrap):
        start(store)
    assert events == ["calling_wasm", "calling_host", "returning_from_host", "calling_host",
                      "returning_from_host", "returning_from_wasm"]
    assert (tmp_path / "out.txt").read_text() == "hi from wasi\n"


def test_a_wasi_function_called_from_python_has_no_caller_memory(tmp_path):
    engine = Engine()
    linker = Linker(engine)
    linker.define_wasi()
    store = wasi_store(engine, tmp_path)
    fd_write = linker.get(store, "wasi_snapshot_preview1", "fd_write")
    with pytest.raises(WasmtimeError, match="missing required memory export"):
        fd_write(store, 1, 0, 1, 8)


def test_a_caller_whose_memory_export_is_not_a_memory_is_reported(tmp_path):
    engine = Engine()
    linker = Linker(engine)
    linker.define_wasi()
    store = wasi_store(engine, tmp_path)
    module = Module(engine, wat("""
    (module
      (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
      (func (export "memory"))
      (func (export "_start") (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
    """))
    start = linker.instantiate(store, module).exports(store)["_start"]
    with pytest.raises(WasmtimeError, match="missing required memory export"):
        start(store)
