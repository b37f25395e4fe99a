"""Calls between Python and native code behave as calls of the portable tier:
argument errors, results of every type (NaN payloads bit for bit, several
results), host functions' results and exceptions, call hooks, and an
instance that stays usable after a trap or an exception."""

from __future__ import annotations

import math
import struct

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite as wt

from .conftest import engine, is_native, observable

I32, I64, F32, F64 = wt.ValType.i32(), wt.ValType.i64(), wt.ValType.f32(), wt.ValType.f64()

SIGNATURES = """
(module
  (import "m" "swap" (func $swap (param f32 i64) (result i64 f32)))
  (import "m" "one" (func $one (param f64) (result f64)))
  (func (export "id") (param i32) (result i32) (local.get 0))
  (func (export "none"))
  (func (export "mixed") (param f32 f64 i64 i32) (result i32 i64 f64 f32)
    (local.get 3) (local.get 2) (local.get 1) (local.get 0))
  (func (export "via_host") (param f32 i64) (result i64 f32)
    (call $swap (local.get 0) (local.get 1)))
  (func (export "one") (param f64) (result f64) (call $one (local.get 0))))
"""

F32_NAN_PAYLOAD = struct.unpack("<f", struct.pack("<I", 0x7FA00001))[0]
VALUES = [0.0, -0.0, 1.5, math.inf, -math.inf, math.nan, F32_NAN_PAYLOAD, 3.4e38]
INTS = [0, 1, -1, 0x7FFFFFFF, -0x80000000, 0xFFFFFFFF]
LONGS = [0, -1, 0x7FFFFFFFFFFFFFFF, -0x8000000000000000, 0xFFFFFFFFFFFFFFFF]


def _instance(tier: str, host_swap=None, host_one=None):
    store = wt.Store(engine(tier))
    module = wt.Module(store.engine, SIGNATURES)
    assert is_native(module) == (tier == "native")
    swap = wt.Func(store, wt.FuncType([F32, I64], [I64, F32]),
                   host_swap or (lambda f, i: [i, f]))
    one = wt.Func(store, wt.FuncType([F64], [F64]), host_one or (lambda d: d))
    return store, wt.Instance(store, module, [swap, one]).exports(store)


def _outcome(call) -> tuple:
    try:
        return ("ok", observable(call()))
    except wt.Trap as trap:
        return ("trap", trap.trap_code, trap.message)
    except Exception as e:      # the API's conversion errors
        return (type(e).__name__, str(e))


def _results(tier: str) -> list:
    store, ex = _instance(tier)
    seen = [_outcome(lambda: ex["none"](store))]
    for f in VALUES:
        for d in VALUES:
            seen.append(_outcome(lambda: ex["mixed"](store, f, d, LONGS[2], INTS[1])))
        for i in LONGS:
            seen.append(_outcome(lambda: ex["via_host"](store, f, i)))
        seen.append(_outcome(lambda: ex["one"](store, f)))
    for i in INTS:
        seen.append(_outcome(lambda: ex["id"](store, i)))
    return seen


def test_values_of_every_type_cross_as_on_the_portable_tier() -> None:
    assert _results("native") == _results("portable")


BAD_CALLS = [("id", ()), ("id", (1, 2)), ("id", ("x",)), ("id", (1.5,)), ("id", (None,)),
             ("id", (True,)), ("id", (1 << 70,)), ("id", (wt.Val.i64(3),)),
             ("id", (wt.Val.i32(-3),)), ("mixed", (1, 2.0, 3, 4)), ("mixed", ("a", 2.0, 3, 4)),
             ("mixed", (1.0, 2, 3, 4)), ("mixed", (1.0, 2.0, 3.5, 4)), ("one", (10 ** 400,))]


def _bad_calls(tier: str) -> list:
    store, ex = _instance(tier)
    other = wt.Store(engine(tier))
    seen = [_outcome(lambda: ex[name](store, *args)) for name, args in BAD_CALLS]
    seen.append(_outcome(lambda: ex["id"](other, 1)))
    return seen


def test_argument_errors_are_the_portable_tiers() -> None:
    assert _bad_calls("native") == _bad_calls("portable")


def _host_results(tier: str) -> list:
    seen = []
    for swap in (lambda f, i: [i], lambda f, i: ["x", f], lambda f, i: [i, "y"],
                 lambda f, i: None, lambda f, i: [i, f, 1]):
        store, ex = _instance(tier, host_swap=swap)
        seen.append(_outcome(lambda: ex["via_host"](store, 1.0, 2)))
    for one in (lambda d: "z", lambda d: None, lambda d: 3):
        store, ex = _instance(tier, host_one=one)
        seen.append(_outcome(lambda: ex["one"](store, 1.0)))
    return seen


def test_wrong_results_of_host_functions_fail_as_on_the_portable_tier() -> None:
    assert _host_results("native") == _host_results("portable")


def test_a_raw_entry_refuses_a_wrong_number_of_arguments() -> None:
    store, ex = _instance("native")
    raw = ex["id"]._fn.raw
    assert raw(5) == 5
    with pytest.raises(TypeError, match=r"takes 1 argument \(2 given\)"):
        raw(1, 2)
    with pytest.raises(TypeError):
        raw("not a raw value")
    assert raw(6) == 6


HOOKED = """
(module
  (import "m" "h" (func $h (param i32) (result i32)))
  (func (export "inner") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "outer") (param i32) (result i32) (call $h (local.get 0))))
"""


def _hooked(tier: str) -> list:
    store = wt.Store(engine(tier))
    module = wt.Module(store.engine, HOOKED)
    holder = {}
    host = wt.Func(store, wt.FuncType([I32], [I32]), lambda x: holder["inner"](store, x) + 1)
    ex = wt.Instance(store, module, [host]).exports(store)
    holder["inner"] = ex["inner"]
    seen: list = []
    store.call_hook(lambda _store, kind: seen.append(str(kind)))
    seen.append(ex["outer"](store, 4))
    return seen


def test_call_hooks_see_every_transition() -> None:
    native = _hooked("native")
    assert native == _hooked("portable")
    assert native[-1] == 13 and len(native) == 7


def test_an_instance_stays_usable_after_traps_and_exceptions() -> None:
    store = wt.Store(engine("native"))
    wat = """(module (import "m" "h" (func $h (param i32) (result i32)))
      (func $r (export "r") (param i32) (result i32) (call $r (local.get 0)))
      (func (export "h") (param i32) (result i32) (call $h (local.get 0)))
      (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 12) (local.get 0))))"""

    def host(x: int) -> int:
        if x == 0:
            raise KeyError("zero")
        return x * 2
    module = wt.Module(store.engine, wat)
    ex = wt.Instance(store, module, [wt.Func(store, wt.FuncType([I32], [I32]), host)]).exports(store)
    for _ in range(3):
        with pytest.raises(wt.Trap):
            ex["r"](store, 0)
        with pytest.raises(KeyError):
            ex["h"](store, 0)
        with pytest.raises(wt.Trap):
            ex["div"](store, 0)
        assert (ex["h"](store, 4), ex["div"](store, 4)) == (8, 3)


def test_runaway_recursion_through_the_host_ends_without_a_crash() -> None:
    store = wt.Store(engine("native"))
    wat = """(module (import "m" "h" (func $h (param i32) (result i32)))
      (func (export "f") (param i32) (result i32)
        (if (result i32) (local.get 0)
          (then (call $h (i32.add (local.get 0) (i32.const 1))))
          (else (i32.const 5)))))"""
    holder = {}
    host = wt.Func(store, wt.FuncType([I32], [I32]), lambda x: holder["f"](store, x))
    module = wt.Module(store.engine, wat)
    holder["f"] = wt.Instance(store, module, [host]).exports(store)["f"]
    for _ in range(2):
        with pytest.raises((wt.Trap, RecursionError)) as caught:
            holder["f"](store, 1)
        if isinstance(caught.value, wt.Trap):
            assert caught.value.trap_code is wt.TrapCode.STACK_OVERFLOW
        assert holder["f"](store, 0) == 5


def test_a_thread_entering_while_another_waits_in_the_host_gets_its_own_stack() -> None:
    import threading
    store = wt.Store(engine("native"))
    wat = """(module (import "m" "h" (func $h))
      (func $down (export "down") (param i32) (result i32)
        (if (result i32) (local.get 0)
          (then (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))
          (else (i32.const 0))))
      (func (export "outer") (call $h)))"""
    seen: list = []

    def deep_calls() -> None:
        for n in (10, 1000, 10 ** 9):
            try:
                seen.append(ex["down"](store, n))
            except wt.Trap as trap:
                seen.append(trap.trap_code)

    def host() -> None:
        other = threading.Thread(target=deep_calls)
        other.start()
        other.join()
    module = wt.Module(store.engine, wat)
    ex = wt.Instance(store, module, [wt.Func(store, wt.FuncType([], []), host)]).exports(store)
    ex["outer"](store)
    deep_calls()
    assert seen == [10, 1000, wt.TrapCode.STACK_OVERFLOW] * 2
