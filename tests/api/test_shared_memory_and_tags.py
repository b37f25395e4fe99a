"""SharedMemory and Tag objects, and the text-to-binary helper."""

import pytest

import wasmlite
from .api_helpers import wat
from wasmlite import (Config, Engine, FuncType, Instance, Limits, MemoryType, Module, SharedMemory, Store,
                      Tag, TagType, ValType, WasmtimeError)


def shared_memory_engine() -> Engine:
    """An engine whose Config allows creating shared memories from the host."""
    config = Config()
    config.shared_memory = True
    return Engine(config)


def test_creating_a_shared_memory_needs_the_config_switch():
    with pytest.raises(WasmtimeError, match="shared memory support is disabled"):
        SharedMemory(Engine(), MemoryType(Limits(1, 4), shared=True))


def test_shared_memory_is_usable_without_a_store():
    engine = shared_memory_engine()
    memory = SharedMemory(engine, MemoryType(Limits(1, 4), shared=True))
    assert memory.size() == 1
    assert memory.data_len() == 65536
    assert memory.grow(2) == 1
    assert memory.type().is_shared
    memory.data_ptr()[5] = 7
    assert memory.data_ptr()[5] == 7
    with pytest.raises(WasmtimeError, match="shared"):
        SharedMemory(engine, MemoryType(Limits(1, 4)))


def test_shared_memory_imported_into_two_stores():
    engine = shared_memory_engine()
    memory = SharedMemory(engine, MemoryType(Limits(1, 1), shared=True))
    module = Module(engine, wat("""
        (module (import "" "m" (memory 1 1 shared))
          (func (export "put") (param i32 i32) local.get 0 local.get 1 i32.store8)
          (func (export "get") (param i32) (result i32) local.get 0 i32.load8_u))"""))
    s1, s2 = Store(engine), Store(engine)
    put = Instance(s1, module, [memory]).exports(s1)["put"]
    get = Instance(s2, module, [memory]).exports(s2)["get"]
    put(s1, 10, 99)
    assert get(s2, 10) == 99


def test_tags_are_equal_only_to_themselves(store):
    ty = TagType(FuncType([ValType.i32()], []))
    tag = Tag(store, ty)
    assert tag.eq(store, tag)
    assert not tag.eq(store, Tag(store, ty))
    assert tag.type(store).functype == FuncType([ValType.i32()], [])


def test_exported_tag_is_a_tag(store, engine):
    module = Module(engine, wat('(module (tag (export "t") (param i64)))'))
    tag = Instance(store, module, []).exports(store)["t"]
    assert isinstance(tag, Tag)
    assert tag.type(store).functype.params == [ValType.i64()]


def test_wat2wasm_returns_a_module_binary():
    binary = wasmlite.wat2wasm('(module (func (export "f")))')
    assert isinstance(binary, bytearray)
    assert bytes(binary[:4]) == b"\0asm"
    assert Module(Engine(), bytes(binary)).exports[0].name == "f"


def test_linker_defined_shared_memory_serves_every_store():
    engine = shared_memory_engine()
    memory = SharedMemory(engine, MemoryType(Limits(1, 1), shared=True))
    linker = wasmlite.Linker(engine)
    first = Store(engine)
    linker.define(first, "", "m", memory)
    module = Module(engine, wat('(module (import "" "m" (memory 1 1 shared)) '
                                '(func (export "get") (result i32) i32.const 3 i32.load8_u))'))
    memory.data_ptr()[3] = 42
    second = Store(engine)
    assert linker.instantiate(second, module).exports(second)["get"](second) == 42
