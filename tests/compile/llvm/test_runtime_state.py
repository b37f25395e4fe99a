"""The native tier shares the runtime's state: tables changed by the host,
globals and memories seen from both sides, host functions and other
instances called from native code, host exceptions and deep recursion."""

from __future__ import annotations

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite as wt

from .conftest import engine, is_native

TABLE_WAT = """
(module
  (import "m" "h" (func $h (param i32) (result i32)))
  (type $t (func (param i32) (result i32)))
  (type $u (func (result i32)))
  (table (export "tab") 6 funcref)
  (elem (i32.const 0) $a $b $h $c)
  (func $a (export "a") (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $b (export "b") (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $c (type $u) (i32.const 9))
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0))))
"""


def _instance(tier: str, wat: str, imports=()):
    store = wt.Store(engine(tier))
    module = wt.Module(store.engine, wat)
    made = [f(store) if callable(f) else f for f in imports]
    return store, module, wt.Instance(store, module, made)


def _table_run(tier: str) -> list:
    host = lambda store: wt.Func(store, wt.FuncType([wt.ValType.i32()], [wt.ValType.i32()]),
                                 lambda x: x * 3)
    store, module, inst = _instance(tier, TABLE_WAT, [host])
    assert is_native(module) == (tier == "native")
    ex = inst.exports(store)
    ci, tab = ex["ci"], ex["tab"]
    seen = []

    def run():
        for i in range(8):
            try:
                seen.append(ci(store, i, 10))
            except wt.Trap as trap:
                seen.append((trap.trap_code, trap.message))
    run()
    tab.set(store, 0, ex["b"])
    tab.set(store, 4, ex["a"])
    tab.grow(store, 2, ex["b"])
    run()
    tab.set(store, 1, None)
    run()
    return seen


def test_call_indirect_follows_the_table_as_the_host_changes_it() -> None:
    assert _table_run("native") == _table_run("portable")


def test_globals_and_memory_are_shared_with_the_host() -> None:
    wat = """
    (module
      (memory (export "mem") 1 4)
      (global $g (export "g") (mut i64) (i64.const 5))
      (global $f (export "f") (mut f32) (f32.const 1.5))
      (func (export "bump") (result i64)
        (global.set $g (i64.add (global.get $g) (i64.const 1))) (global.get $g))
      (func (export "half") (global.set $f (f32.mul (global.get $f) (f32.const 0.5))))
      (func (export "size") (result i32) (memory.size))
      (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
    """
    store, module, inst = _instance("native", wat)
    assert is_native(module)
    ex = inst.exports(store)
    assert ex["bump"](store) == 6
    ex["g"].set_value(store, 100)
    assert ex["bump"](store) == 101 and ex["g"].value(store) == 101
    ex["half"](store)
    assert ex["f"].value(store) == 0.75
    mem = ex["mem"]
    with pytest.raises(wt.Trap, match="out of bounds memory access"):
        ex["peek"](store, 65536)
    mem.grow(store, 1)
    mem.write(store, b"\x07", 65536)
    assert (ex["size"](store), ex["peek"](store, 65536)) == (2, 7)


def test_host_exceptions_come_back_as_the_same_object() -> None:
    error = ValueError("from the host")

    def fail():
        raise error
    wat = """(module (import "m" "f" (func $f)) (func (export "run") (call $f)))"""
    store, _, inst = _instance("native", wat, [lambda s: wt.Func(s, wt.FuncType([], []), fail)])
    with pytest.raises(ValueError) as caught:
        inst.exports(store)["run"](store)
    assert caught.value is error


def test_traps_in_nested_entries_keep_their_message() -> None:
    wat = """(module (import "m" "f" (func $f)) (func (export "run") (call $f))
                     (func (export "boom") (unreachable)))"""
    holder = {}

    def reenter():
        holder["boom"](holder["store"])
    store, _, inst = _instance("native", wat, [lambda s: wt.Func(s, wt.FuncType([], []), reenter)])
    holder.update(store=store, boom=inst.exports(store)["boom"])
    with pytest.raises(wt.Trap) as caught:
        inst.exports(store)["run"](store)
    assert caught.value.trap_code is wt.TrapCode.UNREACHABLE


def test_other_instances_are_called_through_imports() -> None:
    store = wt.Store(engine("native"))
    first = wt.Module(store.engine, """(module (func (export "twice") (param f64) (result f64)
                                              (f64.add (local.get 0) (local.get 0))))""")
    one = wt.Instance(store, first, [])
    second = wt.Module(store.engine, """(module (import "a" "twice" (func $t (param f64) (result f64)))
        (func (export "four") (param f64) (result f64) (call $t (call $t (local.get 0)))))""")
    two = wt.Instance(store, second, [one.exports(store)["twice"]])
    assert two.exports(store)["four"](store, 1.25) == 5.0


@pytest.mark.parametrize("wat", [
    "(module (func $f (export \"run\") (call $f)))",
    "(module (func $f (export \"run\") (param i64) (local f64 f64 f64 f64)"
    " (call $f (i64.add (local.get 0) (i64.const 1)))))",
])
def test_runaway_recursion_is_call_stack_exhausted(wat: str) -> None:
    store, module, inst = _instance("native", wat)
    run = inst.exports(store)["run"]
    args = [0] * len(run.type(store).params)
    for _ in range(2):
        with pytest.raises(wt.Trap) as caught:
            run(store, *args)
        assert caught.value.trap_code is wt.TrapCode.STACK_OVERFLOW


def test_modules_beyond_the_native_tier_run_portable() -> None:
    store, module, inst = _instance(
        "native", "(module (func (export \"v\") (result i32)"
                  " (i31.get_s (ref.i31 (i32.const -2)))))")
    assert not is_native(module)
    assert inst.exports(store)["v"](store) == -2
