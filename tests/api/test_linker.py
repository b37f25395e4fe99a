"""Linker: definitions, resolution, shadowing, instantiation."""

import pytest

from .api_helpers import wat
from wasmlite import (Caller, ExternRef, Func, FuncType, Global, GlobalType, Linker, Memory,
                      MemoryType, Limits, Module, Store, Val, ValType, WasmtimeError, i32, i64)
from wasmlite.errors import LinkError

I32 = ValType.i32()

IMPORTS_F = wat('(module (import "x" "y" (func (param i32) (result i32))) '
                '(func (export "run") (param i32) (result i32) local.get 0 call 0))')


def test_define_func_is_usable_in_many_stores(engine):
    linker = Linker(engine)
    linker.define_func("x", "y", FuncType([I32], [I32]), lambda v: v * 2)
    module = Module(engine, IMPORTS_F)
    for _ in range(2):
        store = Store(engine)
        assert linker.instantiate(store, module).exports(store)["run"](store, 21) == 42


def test_unknown_import_is_named(engine, store):
    module = Module(engine, IMPORTS_F)
    with pytest.raises(LinkError, match=r"unknown import: `x::y` has not been defined"):
        Linker(engine).instantiate(store, module)


def test_all_names_resolve_before_types_are_checked(engine, store):
    module = Module(engine, wat('(module (import "x" "y" (func (param i32))) (import "" "f" (func)))'))
    linker = Linker(engine)
    linker.define_func("x", "y", FuncType([ValType.i64()], []), lambda a: None)
    with pytest.raises(WasmtimeError, match="unknown import: `::f` has not been defined"):
        linker.instantiate(store, module)
    linker.define_func("", "f", FuncType([], []), lambda: None)
    with pytest.raises(WasmtimeError) as info:
        linker.instantiate(store, module)
    assert "incompatible import type for `x::y`" in str(info.value)
    assert "expected type `(func (param i32))`, found type `(func (param i64))`" in str(info.value)


def test_redefinition_is_an_error_naming_the_item(engine):
    linker = Linker(engine)
    linker.define_func("", "f", FuncType([], []), lambda: None)
    with pytest.raises(WasmtimeError, match="import of `::f` defined twice"):
        linker.define_func("", "f", FuncType([], []), lambda: None)
    assert linker.allow_shadowing is False


def test_shadowing_replaces_and_releases_the_earlier_definition(engine, store):
    import gc
    import weakref
    linker = Linker(engine)
    linker.allow_shadowing = True

    def first(v):
        return 1
    released = []
    weakref.finalize(first, released.append, "first")
    linker.define_func("x", "y", FuncType([I32], [I32]), first)
    del first
    linker.define_func("x", "y", FuncType([I32], [I32]), lambda v: 2)
    gc.collect()
    assert released == ["first"]
    assert linker.instantiate(store, Module(engine, IMPORTS_F)).exports(store)["run"](store, 0) == 2


def test_define_and_get_store_items(engine, store):
    linker = Linker(engine)
    g = Global(store, GlobalType(I32, False), 5)
    m = Memory(store, MemoryType(Limits(1, None)))
    linker.define(store, "env", "g", g)
    linker.define(store, "env", "m", m)
    assert linker.get(store, "env", "g") is g
    assert linker.get(store, "env", "m") is m
    with pytest.raises(WasmtimeError, match="item not defined in linker"):
        linker.get(store, "env", "zz")
    module = Module(engine, wat('(module (import "env" "g" (global i32)) (import "env" "m" (memory 1)) '
                                '(func (export "read") (result i32) global.get 0))'))
    assert linker.instantiate(store, module).exports(store)["read"](store) == 5


def test_define_instance_links_modules(engine, store):
    linker = Linker(engine)
    provider = linker.instantiate(store, Module(engine, wat(
        '(module (func (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))')))
    linker.define_instance(store, "lib", provider)
    user = Module(engine, wat('(module (import "lib" "double" (func (param i32) (result i32))) '
                              '(func (export "quad") (param i32) (result i32) local.get 0 call 0 call 0))'))
    assert linker.instantiate(store, user).exports(store)["quad"](store, 5) == 20
    with pytest.raises(TypeError, match="expected an `Instance`"):
        linker.define_instance(store, "lib2", "not an instance")


def test_define_module_reactor_and_command(engine, store):
    linker = Linker(engine)
    reactor = Module(engine, wat("""
        (module (global $g (mut i32) (i32.const 0))
          (func (export "_initialize") i32.const 10 global.set $g)
          (func (export "get") (result i32) global.get $g)
          (func (export "bump") global.get $g i32.const 1 i32.add global.set $g))"""))
    linker.define_module(store, "r", reactor)
    bump, get = linker.get(store, "r", "bump"), linker.get(store, "r", "get")
    bump(store)
    assert get(store) == 11
    command = Module(engine, wat("""
        (module (global $g (mut i32) (i32.const 0))
          (func (export "_start"))
          (func (export "next") (result i32) global.get $g i32.const 1 i32.add global.set $g global.get $g))"""))
    linker.define_module(store, "c", command)
    nxt = linker.get(store, "c", "next")
    assert (nxt(store), nxt(store)) == (1, 1)
    assert isinstance(linker.get_default(store, "c"), Func)


def test_get_default_without_default_is_a_no_op(engine, store):
    f = Linker(engine).get_default(store, "nothing")
    assert f(store) is None


def test_unknown_imports_as_traps(engine, store):
    linker = Linker(engine)
    module = Module(engine, IMPORTS_F)
    linker.define_unknown_imports_as_traps(module)
    inst = linker.instantiate(store, module)
    with pytest.raises(WasmtimeError, match="unknown import: `x::y` has not been defined"):
        inst.exports(store)["run"](store, 1)


def test_unknown_imports_as_default_values(engine, store):
    linker = Linker(engine)
    module = Module(engine, wat('(module (import "a" "f" (func (param i32) (result i32))) '
                                '(import "a" "g" (global i64)) (import "a" "m" (memory 1)) '
                                '(func (export "run") (param i32) (result i32) local.get 0 call 0))'))
    linker.define_unknown_imports_as_default_values(store, module)
    assert linker.instantiate(store, module).exports(store)["run"](store, 5) == 0


def test_instance_pre_instantiates_in_many_stores(engine):
    linker = Linker(engine)
    linker.define_func("x", "y", FuncType([I32], [I32]), lambda v: v + 100)
    pre = linker.instantiate_pre(Module(engine, IMPORTS_F))
    assert isinstance(pre.module, Module)
    for _ in range(2):
        store = Store(engine)
        assert pre.instantiate(store).exports(store)["run"](store, 1) == 101
    with pytest.raises(LinkError):
        Linker(engine).instantiate_pre(Module(engine, IMPORTS_F))


def test_func_wrap_reads_the_signature_from_annotations(engine, store):
    linker = Linker(engine)

    def twice(caller: Caller, v: i32) -> i32:
        assert caller.data() == "data"
        return v * 2
    linker.func_wrap("x", "y", twice)
    store = Store(engine, data="data")
    assert linker.instantiate(store, Module(engine, IMPORTS_F)).exports(store)["run"](store, 4) == 8


def test_func_wrap_with_references_and_tuples(engine, store):
    linker = Linker(engine)

    def split(v: i64) -> tuple[i32, i32]:
        return v & 0xFFFFFFFF, v >> 32

    def keep(r: ExternRef | None) -> ExternRef | None:
        return r
    linker.func_wrap("m", "split", split)
    linker.func_wrap("m", "keep", keep)
    module = Module(engine, wat("""
        (module
          (import "m" "split" (func $split (param i64) (result i32 i32)))
          (import "m" "keep" (func $keep (param externref) (result externref)))
          (func (export "split") (param i64) (result i32 i32) local.get 0 call $split)
          (func (export "keep") (param externref) (result externref) local.get 0 call $keep))"""))
    inst = linker.instantiate(store, module)
    assert inst.exports(store)["split"](store, (3 << 32) | 5) == [5, 3]
    token = object()
    assert inst.exports(store)["keep"](store, token) is token


def test_func_new_fills_results(engine, store):
    linker = Linker(engine)

    def add(caller, params, results):
        assert all(isinstance(p, Val) for p in params)
        results[0] = params[0].value + 1
    linker.func_new("x", "y", FuncType([I32], [I32]), add)
    inst = linker.instantiate(store, Module(engine, IMPORTS_F))
    assert inst.exports(store)["run"](store, 41) == 42


@pytest.mark.parametrize("fill", [
    lambda results: results.append(1),
    lambda results: results.__setitem__(0, 1.5),
    lambda results: results.__setitem__(0, Val.i64(1)),
    lambda results: None,
])
def test_func_new_incompatible_results(engine, store, fill):
    linker = Linker(engine)
    linker.func_new("x", "y", FuncType([I32], [I32]), lambda caller, params, results: fill(results))
    inst = linker.instantiate(store, Module(engine, IMPORTS_F))
    with pytest.raises(WasmtimeError, match="function attempted to return an incompatible value"):
        inst.exports(store)["run"](store, 1)
