"""Python threads entering wasm at the same time, each with its own store."""

import sys
import threading

from wasmlite import Engine, Func, FuncType, Instance, Module, Store, Trap

WAT = """(module
  (import "host" "pause" (func $pause))
  (func $leaf (result i32) (i32.const 1))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (call $pause) (call $leaf))
      (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func (export "shallow") (call $pause)))"""


def instance(module: Module, pause):
    store = Store(module.engine)
    host = Func(store, FuncType([], []), pause)
    return store, Instance(store, module, [host]).exports(store)


def test_a_thread_leaving_wasm_does_not_shrink_another_threads_stack():
    module = Module(Engine(), WAT)
    shallow_is_inside = threading.Event()
    deep_is_waiting = threading.Event()
    shallow_has_left = threading.Event()
    results = {}

    def deep_thread():
        def pause():
            deep_is_waiting.set()
            shallow_has_left.wait(10)
        store, exports = instance(module, pause)
        shallow_is_inside.wait(10)      # the other thread entered wasm first
        try:
            results["deep"] = exports["deep"](store, 5000)
        except Trap as trap:
            results["deep"] = trap

    def shallow_thread():
        def pause():
            shallow_is_inside.set()
            deep_is_waiting.wait(10)
        store, exports = instance(module, pause)
        exports["shallow"](store)
        results["shallow"] = "left"
        shallow_has_left.set()

    limit = sys.getrecursionlimit()
    threads = [threading.Thread(target=deep_thread), threading.Thread(target=shallow_thread)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == {"deep": 5001, "shallow": "left"}
    assert sys.getrecursionlimit() == limit
