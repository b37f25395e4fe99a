"""The embedder's data in a store: read with ``data()``, replaced with ``set_data()``,
from the host and from host functions through their Caller."""

import pytest

from wasmlite import Caller, Engine, Func, FuncType, Instance, Linker, Module, Store, ValType, i32

I32 = ValType.i32()
CALLS_HOST = '''(module (import "host" "f" (func $f (param i32) (result i32)))
  (func (export "run") (param i32) (result i32) local.get 0 call $f))'''


def test_set_data_replaces_the_value_data_returns():
    store = Store(Engine(), data={"calls": 0})
    replacement = ["a", "new", "object"]
    store.set_data(replacement)
    assert store.data() is replacement
    store.set_data(None)
    assert store.data() is None


def test_a_host_function_replaces_the_data_through_its_caller():
    engine = Engine()
    store = Store(engine, data=0)
    seen = []

    def count(caller: Caller, n: int) -> int:
        seen.append(caller.data())
        caller.set_data(caller.data() + n)
        return caller.data()

    func = Func(store, FuncType([I32], [I32]), count, access_caller=True)
    run = Instance(store, Module(engine, CALLS_HOST), [func]).exports(store)["run"]
    assert run(store, 5) == 5
    assert run(store, 7) == 12
    assert seen == [0, 5]
    assert store.data() == 12


def test_linker_host_functions_replace_each_stores_own_data():
    engine = Engine()
    linker = Linker(engine)

    def tag(caller: Caller, n: i32) -> i32:
        caller.set_data((caller.data(), n))
        return n

    linker.func_wrap("host", "f", tag)
    module = Module(engine, CALLS_HOST)
    first, second = Store(engine, data="first"), Store(engine, data="second")
    linker.instantiate(first, module).exports(first)["run"](first, 1)
    linker.instantiate(second, module).exports(second)["run"](second, 2)
    assert first.data() == ("first", 1)
    assert second.data() == ("second", 2)


def test_data_of_a_closed_store_or_a_finished_call_cannot_be_set():
    engine = Engine()
    store = Store(engine, data=1)
    kept = []
    func = Func(store, FuncType([I32], [I32]), lambda caller, n: kept.append(caller) or n,
                access_caller=True)
    Instance(store, Module(engine, CALLS_HOST), [func]).exports(store)["run"](store, 1)
    with pytest.raises(ValueError, match="caller is no longer valid"):
        kept[0].set_data(2)
    with pytest.raises(ValueError, match="caller is no longer valid"):
        kept[0].data()
    store.close()
    with pytest.raises(ValueError, match="already closed"):
        store.set_data(3)
    with pytest.raises(ValueError, match="already closed"):
        store.data()
