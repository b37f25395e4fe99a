"""A typed program using wasmlite's public API as wasmtime-py code does.

``mypy --strict`` checks it (tests/api/test_typing.py) so that the public names
of ``wasmlite`` carry types an embedder's strictly checked code can use; the same
test runs it, so every line is also real use.
"""

from __future__ import annotations

import os
import tempfile

import wasmlite as wasmtime
from wasmlite import (Caller, Config, Engine, ExportType, Func, FuncType, Global, GlobalType,
                      ImportType, Instance, InstancePre, Limits, Linker, Memory, MemoryType, Module,
                      SharedMemory, Store, Table, TableType, Tag, TagType, Trap, TrapCode, Val, ValType,
                      WasiConfig, WasmtimeError, wat2wasm)

WAT = """
(module
  (import "host" "double" (func $double (param i32) (result i32)))
  (import "host" "count" (func $count (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (table (export "table") 2 funcref)
  (global (export "counter") (mut i64) (i64.const 0))
  (func (export "run") (param i32) (result i32)
    local.get 0 call $double call $count)
  (func (export "trap") unreachable)
  (func (export "pair") (param f64) (result f64 i32) local.get 0 i32.const 7))
"""


def configure() -> Engine:
    config: Config = Config()
    config.consume_fuel = True
    config.wasm_simd = True
    config.cranelift_opt_level = "speed"
    config.max_wasm_stack = 1 << 20
    config.shared_memory = True
    engine = Engine(config)
    engine.increment_epoch()
    return engine


def double(x: wasmtime.i32) -> wasmtime.i32:
    return x * 2


def count(caller: Caller, x: int) -> int:
    calls: int = caller.data()
    caller.set_data(calls + 1)
    memory = caller.get("memory")
    if isinstance(memory, Memory):
        memory.write(caller, bytes([x & 0xFF]), 0)
    return x


def link(engine: Engine) -> tuple[Store, Instance]:
    i32 = ValType.i32()
    linker = Linker(engine)
    linker.allow_shadowing = True
    linker.func_wrap("host", "double", double)
    linker.define_func("host", "count", FuncType([i32], [i32]), count, access_caller=True)
    module = Module(engine, WAT)
    imports: list[ImportType] = module.imports
    exports: list[ExportType] = module.exports
    assert [i.name for i in imports] == ["double", "count"] and len(exports) == 6
    store = Store(engine, data=0)
    store.set_fuel(1_000_000)
    pre: InstancePre = linker.instantiate_pre(module)
    pre.instantiate(store)
    return store, linker.instantiate(store, module)


def call(store: Store, instance: Instance) -> int:
    exports = instance.exports(store)
    run = exports["run"]
    assert isinstance(run, Func)
    result: int = run(store, 21)
    assert result == 42 and store.data() == 1
    pair = instance.get_func(store, "pair")
    assert pair is not None
    both: list[float] = pair(store, 1.5)
    assert both == [1.5, 7]
    trap = instance.get_func(store, "trap")
    assert trap is not None
    try:
        trap(store)
    except Trap as e:
        assert e.trap_code is TrapCode.UNREACHABLE
        assert isinstance(e.message, str)
    typed = run.typed(store, [wasmtime.i32], [wasmtime.i32])
    assert typed(store, 1) == 2
    return result


def externs(store: Store, instance: Instance) -> None:
    exports = instance.exports(store)
    memory = exports["memory"]
    table = exports["table"]
    counter = exports["counter"]
    assert isinstance(memory, Memory) and isinstance(table, Table) and isinstance(counter, Global)
    assert memory.grow(store, 1) == 1
    data: bytearray = memory.read(store, 0, 4)
    assert len(data) == 4 and memory.data_len(store) == 2 * 65536
    counter.set_value(store, Val.i64(2 ** 64 + 5))
    assert counter.value(store) == 5
    f = Func(store, FuncType([], []), lambda: None)
    table.set(store, 0, f)
    assert table.size(store) == 2 and isinstance(table.get(store, 0), Func)
    own = Memory(store, MemoryType(Limits(1, None)))
    assert own.size(store) == 1
    g = Global(store, GlobalType(ValType.f64(), False), 0.5)
    assert g.type(store).content == ValType.f64()
    t = Table(store, TableType(ValType.externref(), Limits(1, 2)), None)
    assert t.type(store).limits.max == 2
    tag = Tag(store, TagType(FuncType([ValType.i32()], [])))
    assert tag.eq(store, tag)


def values() -> list[Val]:
    vals = [Val.i32(2 ** 32 + 1), Val.i64(-1), Val.f32(0.5), Val.f64(1.0),
            Val.externref(object()), Val.funcref(None), Val.ref_null(ValType.externref())]
    assert vals[0].value == 1 and vals[0].as_i32() == 1 and vals[1].as_i64() == -1
    assert vals[2].as_f32() == 0.5 and vals[3].type == ValType.f64()
    return vals


def modules(engine: Engine) -> None:
    binary: bytearray = wat2wasm('(module (func (export "f")))')
    Module.validate(engine, binary)
    module = Module(engine, bytes(binary))
    encoded = module.serialize()
    assert Module.deserialize(engine, encoded).exports[0].name == "f"
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.bin")
        with open(path, "wb") as f:
            f.write(encoded)
        Module.deserialize_file(engine, path)
    try:
        Module(engine, b"\x01asm\xff")
    except WasmtimeError as e:
        assert str(e) == "input was not valid utf-8"


def shared(engine: Engine) -> int:
    memory = SharedMemory(engine, MemoryType(Limits(1, 2), shared=True))
    with memory:
        return memory.size()


def wasi(engine: Engine) -> None:
    config = WasiConfig()
    config.argv = ["prog", "arg"]
    config.env = [("KEY", "value")]
    config.inherit_stdout()
    store = Store(engine)
    store.set_wasi(config)
    linker = Linker(engine)
    linker.define_wasi()


def main() -> None:
    engine = configure()
    store, instance = link(engine)
    call(store, instance)
    externs(store, instance)
    values()
    modules(engine)
    assert shared(engine) == 1
    wasi(engine)
    store.close()


if __name__ == "__main__":
    main()
