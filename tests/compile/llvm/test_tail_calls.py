"""Tail calls on the native tier: ``return_call``, ``return_call_indirect`` and
``return_call_ref`` run in constant native stack (chains of a million calls,
mutual recursion, several results, functions compiled without optimization),
and give what the portable tier gives: results, traps with their backtraces,
fuel, and calls to host functions in tail position."""

from __future__ import annotations

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite as wt

from .conftest import engine, is_native, observable
from wasmlite.compile.llvm.module_code import UNOPTIMIZED_SIZE

_PADDING = " nop" * (UNOPTIMIZED_SIZE + 1)

TAIL_WAT = """
(module
  (import "h" "twice" (func $twice (param i64) (result i64)))
  (type $count (func (param i64 i64) (result i64)))
  (type $multi (func (param i64 i32 f64) (result i64 i32 f64 f32 i64)))
  (table $t 4 funcref)
  (elem (table $t) (i32.const 0) func $even_i $odd_i $twice $multi)
  (elem declare func $count_ref)
  (func $count (export "count") (type $count)
    (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (return_call $count (i64.sub (local.get 0) (i64.const 1))
                                (i64.add (local.get 1) (i64.const 2))))))
  (func $slow_count (export "slow_count") (type $count)
    PADDING
    (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (return_call $slow_count (i64.sub (local.get 0) (i64.const 1))
                                     (i64.add (local.get 1) (i64.const 3))))))
  (func $even (export "even") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
  (func $even_i (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
      (else (return_call_indirect $t (param i64) (result i64)
               (i64.sub (local.get 0) (i64.const 1)) (i32.const 1)))))
  (func $odd_i (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 0))
      (else (return_call_indirect $t (param i64) (result i64)
               (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)))))
  (func (export "even_i") (param i64) (result i64) (return_call $even_i (local.get 0)))
  (func (export "via_table") (param i64 i32) (result i64)
    (return_call_indirect $t (param i64) (result i64) (local.get 0) (local.get 1)))
  (func (export "host_tail") (param i64) (result i64) (return_call $twice (local.get 0)))
  (func $multi (type $multi)
    (if (result i64 i32 f64 f32 i64) (i64.eqz (local.get 0))
      (then (local.get 0) (local.get 1) (local.get 2) (f32.demote_f64 (local.get 2))
            (i64.extend_i32_u (local.get 1)))
      (else (return_call $multi (i64.sub (local.get 0) (i64.const 1))
                                (i32.add (local.get 1) (i32.const 3))
                                (f64.add (local.get 2) (f64.const 0.5))))))
  (func (export "multi") (type $multi)
    (return_call_indirect $t (type $multi) (local.get 0) (local.get 1) (local.get 2)
                          (i32.const 3)))
  (func $count_ref (type $count)
    (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (return_call_ref $count (i64.sub (local.get 0) (i64.const 1))
                                    (i64.add (local.get 1) (i64.const 5))
                                    (ref.func $count_ref)))))
  (func (export "count_ref") (param i64 i64 i32) (result i64)
    (return_call_ref $count (local.get 0) (local.get 1)
      (select (result (ref null $count)) (ref.func $count_ref) (ref.null $count)
              (local.get 2))))
  (func $trap_at_end (export "trap_at_end") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.div_u (i32.const 1) (i32.wrap_i64 (local.get 0))))
      (else (return_call $trap_at_end (i64.sub (local.get 0) (i64.const 1))))))
  (func (export "call_then_trap") (param i64) (result i32)
    (i32.add (i32.const 1) (call $trap_at_end (local.get 0))))
)
""".replace("PADDING", _PADDING)

_DEEP = 1_000_000

CALLS = [("count", 0, 7), ("count", 10, 0), ("count", _DEEP, 1), ("slow_count", _DEEP, 0),
         ("even", _DEEP), ("even", _DEEP + 1), ("even_i", 200_001), ("via_table", 5, 0),
         ("via_table", 5, 1), ("via_table", 21, 2), ("via_table", 1, 3), ("via_table", 1, 4),
         ("host_tail", 1 << 62), ("multi", _DEEP, 1, 0.25), ("multi", 0, 0xFFFFFFFF, -0.0),
         ("count_ref", _DEEP, 2, 1), ("count_ref", 3, 2, 0), ("trap_at_end", 5),
         ("call_then_trap", 50), ("trap_at_end", 0)]


def _described(call):
    try:
        return ("ok", observable(call()))
    except wt.Trap as trap:
        frames = [(f.func_index, f.func_offset) for f in trap.frames]
        return ("trap", trap.trap_code, trap.message, frames)


def _store(tier: str, fuel: bool = False) -> wt.Store:
    config = wt.Config()
    config.strategy = tier
    config.consume_fuel = fuel
    return wt.Store(wt.Engine(config))


def _run(tier: str, fuel: bool = False) -> list:
    store = _store(tier, fuel)
    module = wt.Module(store.engine, TAIL_WAT)
    assert is_native(module) == (tier == "native")
    i64 = wt.ValType.i64()
    twice = wt.Func(store, wt.FuncType([i64], [i64]), lambda x: (x * 2) & ((1 << 64) - 1))
    ex = wt.Instance(store, module, [twice]).exports(store)
    seen = []
    for name, *args in CALLS:
        if fuel:
            store.set_fuel(10_000_000 if name != "count_ref" else 1000)
        seen.append((name, *args, _described(lambda: ex[name](store, *args))))
        if fuel:
            seen.append(store.get_fuel())
    return seen


def test_tail_calls_match_the_portable_tier_in_constant_stack() -> None:
    native = _run("native")
    assert native == _run("portable")
    results = {c[0]: c[-1] for c in native}
    assert results["slow_count"] == ("ok", 3 * _DEEP)
    assert results["count_ref"][0] == "trap"      # the last one: a null reference


def test_tail_calls_use_the_same_fuel_on_both_tiers() -> None:
    native = _run("native", fuel=True)
    assert native == _run("portable", fuel=True)
    assert any(isinstance(c, tuple) and c[-1][0] == "trap"
               and c[-1][1] is wt.TrapCode.OUT_OF_FUEL for c in native)


def test_a_tail_call_in_a_native_module_grows_no_stack_with_a_small_budget() -> None:
    config = wt.Config()
    config.strategy = "native"
    config.max_wasm_stack = 64 * 1024
    store = wt.Store(wt.Engine(config))
    module = wt.Module(store.engine, TAIL_WAT)
    i64 = wt.ValType.i64()
    twice = wt.Func(store, wt.FuncType([i64], [i64]), lambda x: x * 2)
    ex = wt.Instance(store, module, [twice]).exports(store)
    assert ex["count"](store, 3 * _DEEP, 0) == 6 * _DEEP
    assert ex["even"](store, 3 * _DEEP) == 1
