"""Traps from native code carry the backtrace the portable tier gives: the same
frames (function indices, names, offsets in the module), the same text, the
same memory fault line, and, across tiers and instances, the frames of every
wasm function the trap unwound through."""

from __future__ import annotations

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite as wt

from .conftest import engine, is_native

TRAPS = """
(module $traps
  (memory 1)
  (type $t (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $inc $recurse_indirect $ret_f64)
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $ret_f64 (result f64) (f64.const 1))
  (func $load (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func $store (param i32) (i64.store16 offset=65534 (local.get 0) (i64.const 7)))
  (func $div (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func $overflow (param i32) (result i32) (i32.div_s (i32.const 0x80000000) (local.get 0)))
  (func $convert (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func $guarded (param i32) (result i32)
    (br_if 0 (i32.const 5) (local.get 0))
    (drop)
    (unreachable))
  (func $indirect (param i32) (result i32) (call_indirect (type $t) (i32.const 1) (local.get 0)))
  (func $recurse (param i32) (result i32) (call $recurse (i32.add (local.get 0) (i32.const 1))))
  (func $recurse_indirect (type $t)
    (call_indirect (type $t) (local.get 0) (i32.const 1)))
  (func $chain (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (unreachable))
      (else (call $chain (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "load") (param i32) (result i32) (call $load (local.get 0)))
  (func (export "store") (param i32) (call $store (local.get 0)))
  (func (export "div") (param i32) (result i32) (call $div (local.get 0)))
  (func (export "overflow") (param i32) (result i32) (call $overflow (local.get 0)))
  (func (export "convert") (param f64) (result i32) (call $convert (local.get 0)))
  (func (export "guarded") (param i32) (result i32) (call $guarded (local.get 0)))
  (func (export "indirect") (param i32) (result i32) (call $indirect (local.get 0)))
  (func (export "recurse") (param i32) (result i32) (call $recurse (local.get 0)))
  (func (export "recurse_indirect") (param i32) (result i32) (call $recurse_indirect (local.get 0)))
  (func (export "chain") (param i32) (result i32) (call $chain (local.get 0))))
"""

CALLS = [("load", 65533), ("load", 0xFFFFFFF0), ("store", 3), ("div", 0), ("overflow", -1),
         ("convert", float("nan")), ("convert", 1e300), ("guarded", 0), ("indirect", 3),
         ("indirect", 2), ("indirect", 9), ("recurse", 0), ("recurse_indirect", 0),
         ("chain", 5), ("chain", 40)]


def described(trap: wt.Trap) -> tuple:
    """Everything a trap tells about where it happened."""
    frames = [(f.func_index, f.func_name, f.module_name, f.func_offset, f.module_offset)
              for f in trap.frames]
    return trap.trap_code, trap.message, frames, str(trap)


def _traps(tier: str) -> list:
    store = wt.Store(engine(tier))
    module = wt.Module(store.engine, TRAPS)
    assert is_native(module) == (tier == "native")
    exports = wt.Instance(store, module, []).exports(store)
    seen = []
    for name, arg in CALLS:
        with pytest.raises(wt.Trap) as caught:
            exports[name](store, arg)
        seen.append((name, arg, described(caught.value)))
    return seen


def test_native_traps_have_the_portable_tiers_backtraces() -> None:
    native, portable = _traps("native"), _traps("portable")
    for mine, theirs in zip(native, portable):
        assert mine == theirs
    assert all(frames for *_, (_, _, frames, _) in native)


def test_a_memory_fault_names_the_address_as_the_portable_tier_does() -> None:
    native = dict(((n, a), d) for n, a, d in _traps("native"))
    assert "memory fault at wasm address 0x10001 in linear memory of size 0x10000" \
        in native[("load", 65533)][3]


def test_a_deep_backtrace_keeps_the_twenty_innermost_frames() -> None:
    native = dict(((n, a), d) for n, a, d in _traps("native"))
    frames = native[("chain", 40)][2]
    assert len(frames) == 20
    assert {f[1] for f in frames} == {"chain"}


# --- across tiers and instances ---------------------------------------------------------

PORTABLE_CALLEE = """
(module $P
  (func $deep (param i32) (result i32)
    (drop (ref.i31 (i32.const 0)))   ;; beyond the native tier: P runs portable
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.const 7))
  (func $p (export "p") (param i32) (result i32) (call $deep (local.get 0))))
"""

NATIVE_CALLEE = """
(module $M
  (func $deep (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.const 7))
  (func $p (export "p") (param i32) (result i32) (call $deep (local.get 0))))
"""

MIDDLE = """
(module $N
  (import "m" "p" (func $p (param i32) (result i32)))
  (func $n2 (param i32) (result i32) (i32.add (i32.const 1) (call $p (local.get 0))))
  (func $n1 (export "n1") (param i32) (result i32) (call $n2 (local.get 0))))
"""

PORTABLE_CALLER = """
(module $Q
  (import "m" "n1" (func $n1 (param i32) (result i32)))
  (func $q (export "q") (param i32) (result i32)
    (drop (ref.i31 (i32.const 0)))
    (call $n1 (local.get 0))))
"""


def _across(tier: str, callee: str) -> list:
    store = wt.Store(engine(tier))
    modules = [wt.Module(store.engine, text) for text in (callee, MIDDLE, PORTABLE_CALLER)]
    assert is_native(modules[1]) == (tier == "native")
    first = wt.Instance(store, modules[0], [])
    middle = wt.Instance(store, modules[1], [first.exports(store)["p"]])
    last = wt.Instance(store, modules[2], [middle.exports(store)["n1"]])
    seen = []
    for run in (last.exports(store)["q"], middle.exports(store)["n1"]):
        with pytest.raises(wt.Trap) as caught:
            run(store, 0)
        seen.append(described(caught.value))
        seen.append(run(store, 1))
    return seen


@pytest.mark.parametrize("callee", [PORTABLE_CALLEE, NATIVE_CALLEE], ids=["portable", "native"])
def test_a_trap_unwinding_through_native_code_lists_its_frames(callee: str) -> None:
    native = _across("native", callee)
    assert native == _across("portable", callee)
    names = [frame[1] for frame in native[0][2]]
    assert names == ["deep", "p", "n2", "n1", "q"]


def test_a_trap_made_by_the_host_has_no_backtrace_on_either_tier() -> None:
    def seen(tier: str) -> tuple:
        store = wt.Store(engine(tier))
        module = wt.Module(store.engine, MIDDLE)
        made = wt.Trap("from the host")
        host = wt.Func(store, wt.FuncType([wt.ValType.i32()], [wt.ValType.i32()]),
                       lambda x: (_ for _ in ()).throw(made))
        inst = wt.Instance(store, module, [host])
        with pytest.raises(wt.Trap) as caught:
            inst.exports(store)["n1"](store, 0)
        assert caught.value is made
        return described(caught.value)
    assert seen("native") == seen("portable")
