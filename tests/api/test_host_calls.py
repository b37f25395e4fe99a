"""Wasm calling Python: conversions, Caller, and exceptions crossing the boundary."""

import pytest

import wasmlite
from .api_helpers import wat
from wasmlite import Caller, Func, FuncType, Instance, Linker, Module, Store, Trap, ValType

I32, I64, F32, F64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()

CALLS_IMPORT = wat("""
(module
  (import "host" "f" (func $f (param i32 i64 f32 f64) (result i32)))
  (func (export "run") (param i32 i64 f32 f64) (result i32)
    local.get 0 local.get 1 local.get 2 local.get 3 call $f))
""")


def test_host_sees_signed_values_and_returns_to_wasm(store, engine):
    seen = []

    def f(a, b, c, d):
        seen.append((a, b, c, d))
        return -1
    inst = Instance(store, Module(engine, CALLS_IMPORT), [Func(store, FuncType([I32, I64, F32, F64], [I32]), f)])
    assert inst.exports(store)["run"](store, -3, 2 ** 64 - 1, 1.5, -0.0) == -1
    assert seen == [(-3, -1, 1.5, -0.0)]


class Boom(Exception):
    pass


def test_host_exception_surfaces_as_the_same_object(store, engine):
    error = Boom("from host")

    def f(*args):
        raise error
    inst = Instance(store, Module(engine, CALLS_IMPORT), [Func(store, FuncType([I32, I64, F32, F64], [I32]), f)])
    with pytest.raises(Boom) as info:
        inst.exports(store)["run"](store, 1, 2, 3.0, 4.0)
    assert info.value is error


def test_host_exception_from_start_function(store, engine):
    error = Boom("start")

    def f():
        raise error
    module = Module(engine, wat('(module (import "" "f" (func)) (start 0))'))
    with pytest.raises(Boom) as info:
        Instance(store, module, [Func(store, FuncType([], []), f)])
    assert info.value is error


def test_host_exception_through_nested_calls(store, engine):
    """host -> wasm -> host -> wasm -> host raising: the outermost caller gets it."""
    module = Module(engine, wat("""
        (module
          (import "" "outer" (func $outer (param i32)))
          (import "" "inner" (func $inner))
          (func (export "enter") (param i32) local.get 0 call $outer)
          (func (export "again") call $inner))"""))
    error = Boom("deep")
    depth = []

    def outer(caller, x):
        depth.append(x)
        caller["again"](caller)

    def inner():
        raise error
    linker = Linker(engine)
    linker.define_func("", "outer", FuncType([I32], []), outer, access_caller=True)
    linker.define_func("", "inner", FuncType([], []), inner)
    inst = linker.instantiate(store, module)
    with pytest.raises(Boom) as info:
        inst.exports(store)["enter"](store, 7)
    assert info.value is error
    assert depth == [7]


def test_trap_raised_by_host_reaches_caller(store, engine):
    def f(*args):
        raise Trap("custom trap")
    inst = Instance(store, Module(engine, CALLS_IMPORT), [Func(store, FuncType([I32, I64, F32, F64], [I32]), f)])
    with pytest.raises(Trap, match="custom trap") as info:
        inst.exports(store)["run"](store, 1, 2, 3.0, 4.0)
    assert info.value.trap_code is None


def test_caller_reads_the_calling_instance_exports(store, engine):
    module = Module(engine, wat("""
        (module
          (import "" "peek" (func $peek (param i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "wasm!")
          (func (export "run") (param i32) (result i32) local.get 0 call $peek))"""))
    kept = []

    def peek(caller: Caller, addr):
        kept.append(caller)
        memory = caller["memory"]
        assert caller.get("nothing") is None
        with pytest.raises(KeyError):
            caller["nothing"]
        return memory.read(caller, addr, addr + 5)[4]
    f = Func(store, FuncType([I32], [I32]), peek, access_caller=True)
    inst = Instance(store, module, [f])
    assert inst.exports(store)["run"](store, 16) == ord("!")
    assert kept[0].get("memory") is None
    with pytest.raises(ValueError):
        kept[0].data()


@pytest.mark.parametrize("api_name", ["wasmtime", "wasmlite"])
def test_an_imported_start_function_sees_the_instance_being_made(api_name):
    """A host function that is the start function itself is called by no wasm
    frame; its Caller still reads the new instance's exports, as in wasmtime-py."""
    api = pytest.importorskip(api_name)
    store = api.Store()
    module = api.Module(store.engine, """(module (import "" "" (func)) (start 0)
        (memory (export "memory") 1) (data (i32.const 0) "foo"))""")
    seen = []

    def start(caller):
        memory = caller.get("memory")
        seen.append((caller.get("missing"), bytes(memory.read(caller, 0, 3))))
    api.Instance(store, module, [api.Func(store, api.FuncType([], []), start, access_caller=True)])
    assert seen == [(None, b"foo")]


def test_caller_data_is_the_store_data(engine):
    store = Store(engine, data={"calls": 0})
    module = Module(engine, wat('(module (import "" "f" (func)) (func (export "run") call 0))'))

    def f(caller):
        caller.data()["calls"] += 1
    inst = Instance(store, module, [Func(store, FuncType([], []), f, access_caller=True)])
    inst.exports(store)["run"](store)
    inst.exports(store)["run"](store)
    assert store.data()["calls"] == 2


def test_funcref_from_wasm_to_host_is_callable(store, engine):
    module = Module(engine, wat("""
        (module
          (import "" "take" (func $take (param funcref) (result i32)))
          (func $seven (result i32) i32.const 7)
          (elem declare func $seven)
          (func (export "run") (result i32) ref.func $seven call $take))"""))

    def take(f):
        return f(store) * 6
    inst = Instance(store, module, [Func(store, FuncType([ValType.funcref()], [I32]), take)])
    assert inst.exports(store)["run"](store) == 42


def test_externref_from_host_through_wasm_keeps_identity(store, engine):
    module = Module(engine, wat("""
        (module
          (import "" "give" (func $give (result externref)))
          (import "" "check" (func $check (param externref)))
          (func (export "run") call $give call $check))"""))
    token = object()
    seen = []
    give = Func(store, FuncType([], [ValType.externref()]), lambda: token)
    check = Func(store, FuncType([ValType.externref()], []), seen.append)
    Instance(store, module, [give, check]).exports(store)["run"](store)
    assert seen[0] is token


def test_deep_recursion_traps_with_stack_overflow(store, engine):
    module = Module(engine, wat('(module (func (export "f") call 0))'))
    with pytest.raises(Trap) as info:
        Instance(store, module, []).exports(store)["f"](store)
    assert info.value.trap_code == wasmlite.TrapCode.STACK_OVERFLOW
