"""Host closures are released once nothing that can call them is left."""

import gc
import weakref

from .api_helpers import wat
from wasmlite import Engine, Func, FuncType, Instance, Linker, Module, Store, ValType

I32 = ValType.i32()
MODULE = wat('(module (import "x" "y" (func (param i32) (result i32))) '
             '(func (export "run") (param i32) (result i32) local.get 0 call 0))')


class Closure:
    def __call__(self, v):
        return v


def _finalized(obj):
    flag = []
    weakref.finalize(obj, flag.append, True)
    return flag


def test_func_closure_released_with_its_store():
    engine = Engine()
    store = Store(engine)
    closure = Closure()
    flag = _finalized(closure)
    f = Func(store, FuncType([I32], [I32]), closure)
    inst = Instance(store, Module(engine, MODULE), [f])
    assert inst.exports(store)["run"](store, 3) == 3
    del closure, f, inst, store
    gc.collect()
    assert flag == [True]


def test_linker_closure_released_once_linker_and_stores_are_gone():
    engine = Engine()
    linker = Linker(engine)
    closure = Closure()
    flag = _finalized(closure)
    linker.define_func("x", "y", FuncType([I32], [I32]), closure)
    del closure
    store = Store(engine)
    linker.instantiate(store, Module(engine, MODULE))
    del linker
    gc.collect()
    assert flag == [], "the store still uses the function"
    del store
    gc.collect()
    assert flag == [True]


def test_store_released_when_unreferenced():
    engine = Engine()
    store = Store(engine)
    Instance(store, Module(engine, MODULE), [Func(store, FuncType([I32], [I32]), lambda v: v)])
    flag = _finalized(store)
    del store
    gc.collect()
    assert flag == [True]
