"""Closed objects and arguments of the wrong kind fail as in wasmtime-py, whether
or not wasmtime-py is installed to compare with."""

import ctypes

import pytest

from wasmlite import (Engine, Func, FuncType, Instance, InstancePre, Linker, Memory, MemoryType, Limits,
                      Module, Store, ValType, WasmtimeError)

I32 = ValType.i32()
WAT = '(module (memory (export "mem") 1) (func (export "id") (param i32) (result i32) local.get 0))'


def test_a_closed_store_refuses_every_use_of_it_and_its_objects():
    engine = Engine()
    store = Store(engine, data="d")
    exports = Instance(store, Module(engine, WAT), []).exports(store)
    memory, ident = exports["mem"], exports["id"]
    store.close()
    store.close()                                   # closing again does nothing
    for use in (store.data, store.gc, lambda: store.set_epoch_deadline(1),
                lambda: ident(store, 1), lambda: memory.read(store, 0, 1),
                lambda: memory.size(store), lambda: Instance(store, Module(engine, WAT), []),
                lambda: Func(store, FuncType([], []), lambda: None),
                lambda: Memory(store, MemoryType(Limits(1, None)))):
        with pytest.raises(ValueError, match="already closed"):
            use()


def test_a_closed_engine_makes_nothing_new_but_its_stores_keep_working():
    engine = Engine()
    store = Store(engine)
    module = Module(engine, WAT)
    engine.close()
    for use in (lambda: Store(engine), lambda: Module(engine, WAT), lambda: Linker(engine),
                engine.increment_epoch, lambda: Module.validate(engine, b"\0asm\1\0\0\0")):
        with pytest.raises(ValueError, match="already closed"):
            use()
    assert Instance(store, module, []).exports(store)["id"](store, 4) == 4


def test_a_closed_module_cannot_be_used_but_its_instances_can():
    engine = Engine()
    store = Store(engine)
    module = Module(engine, WAT)
    ident = Instance(store, module, []).exports(store)["id"]
    module.close()
    for use in (lambda: module.exports, lambda: module.imports, module.serialize,
                lambda: Instance(store, module, []), lambda: Linker(engine).instantiate(store, module)):
        with pytest.raises(ValueError, match="already closed"):
            use()
    assert ident(store, 9) == 9


def test_closed_linkers_and_instance_pres_refuse_use():
    engine = Engine()
    linker = Linker(engine)
    pre = linker.instantiate_pre(Module(engine, WAT))
    assert isinstance(pre, InstancePre)
    pre.close()
    with pytest.raises(ValueError, match="already closed"):
        pre.instantiate(Store(engine))
    linker.close()
    with pytest.raises(ValueError, match="already closed"):
        linker.define_func("a", "b", FuncType([], []), lambda: None)


@pytest.mark.parametrize("misuse", [
    lambda e, s: Linker(3),
    lambda e, s: Module.validate("engine", b""),
    lambda e, s: Module.deserialize(None, b""),
    lambda e, s: Instance(3, Module(e, WAT), []),
    lambda e, s: Linker(e).get(s, 1, "x"),
    lambda e, s: Instance(s, Module(e, WAT), []).exports(s)["mem"].size(3),
    lambda e, s: Memory(s, "type"),
])
def test_arguments_of_the_wrong_kind_are_both_type_and_attribute_errors(misuse):
    engine = Engine()
    store = Store(engine)
    with pytest.raises(TypeError) as info:
        misuse(engine, store)
    assert isinstance(info.value, AttributeError)


@pytest.mark.parametrize("misuse", [
    lambda s, mem: s.set_limits(memory_size=1.5),
    lambda s, mem: s.set_epoch_deadline("soon"),
    lambda s, mem: mem.grow(s, 1.5),
])
def test_numbers_of_the_wrong_type_are_both_type_and_ctypes_argument_errors(misuse):
    engine = Engine()
    store = Store(engine)
    memory = Instance(store, Module(engine, WAT), []).exports(store)["mem"]
    with pytest.raises(TypeError) as info:
        misuse(store, memory)
    assert isinstance(info.value, ctypes.ArgumentError)


def test_deserialize_file_reports_unreadable_files_as_wasmtime_errors(tmp_path):
    with pytest.raises(WasmtimeError, match="failed to open file"):
        Module.deserialize_file(Engine(), str(tmp_path / "missing.bin"))
    with pytest.raises(WasmtimeError, match="failed to open file"):
        Module.deserialize_file(Engine(), str(tmp_path))
