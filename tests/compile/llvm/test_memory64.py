"""memory64 and table64 on the native tier give, bit for bit, what the portable tier
gives: 64-bit addresses for loads, stores and bulk operations, ``memory.size``
and ``memory.grow``, and 64-bit table indices, with bounds checks that do not
wrap (an address plus its offset past 2**64 traps) and the same traps,
down to the address a memory fault reports."""

from __future__ import annotations

import itertools

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite as wt

from .conftest import engine, is_native, memory_digest, observable

_TOP = (1 << 64) - 1

MEMORY64_WAT = """
(module
  (memory (export "mem") i64 1 3)
  (memory $small 1 2)
  (data (i64.const 65530) "\\01\\02\\03\\04\\05\\06")
  (data $seg "abcdefgh")
  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load16_s_off") (param i64) (result i32) (i32.load16_s offset=65534 (local.get 0)))
  (func (export "load32") (param i64) (result i32) (i32.load offset=1 (local.get 0)))
  (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "load64_far") (param i64) (result i64)
    (i64.load offset=0xFFFFFFFFFFFFFFF0 (local.get 0)))
  (func (export "loadf64") (param i64) (result f64) (f64.load offset=4 (local.get 0)))
  (func (export "loadf32") (param i64) (result f32) (f32.load (local.get 0)))
  (func (export "load32_4g") (param i64) (result i64) (i64.load32_u offset=4294967296 (local.get 0)))
  (func (export "store8") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "store16") (param i64 i64) (i64.store16 offset=7 (local.get 0) (local.get 1)))
  (func (export "store64") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "store64_far") (param i64 i64)
    (i64.store offset=0xFFFFFFFFFFFFFFFF (local.get 0) (local.get 1)))
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_from_small") (param i64 i32 i32)
    (memory.copy 0 $small (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to_small") (param i32 i64 i32)
    (memory.copy $small 0 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i64 i32 i32) (memory.init $seg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "small_sum") (result i64)
    (i64.add (i64.load $small (i32.const 0)) (i64.load $small (i32.const 8))))
)
"""

_ADDRESSES = [0, 1, 7, 65527, 65528, 65529, 65534, 65535, 65536, 65537, 131071, 131072,
              196600, 1 << 31, (1 << 32) - 1, 1 << 32, (1 << 32) + 1, (1 << 63) - 1, 1 << 63,
              _TOP - 16, _TOP - 15, _TOP - 8, _TOP - 7, _TOP - 1, _TOP]
_SMALL = [0, 1, 8, 65528, 65535, 65536, 0xFFFFFFFF]


def _described(call):
    try:
        return ("ok", observable(call()))
    except wt.Trap as trap:
        return ("trap", trap.trap_code, trap.message, str(trap))


def _calls() -> list[tuple]:
    calls: list[tuple] = []
    for a in _ADDRESSES:
        for name in ("load8", "load16_s_off", "load32", "load64", "load64_far", "loadf64",
                     "loadf32", "load32_4g"):
            calls.append((name, a))
        calls.append(("store8", a, 0x1FF))
        calls.append(("store16", a, 0x123456789))
        calls.append(("store64", a, 0x0102030405060708))
        calls.append(("store64_far", a, 5))
    calls += [("size",), ("grow", 0), ("grow", 1), ("size",), ("grow", 2), ("grow", _TOP),
              ("grow", 1 << 32), ("grow", 1), ("size",)]
    for d, n in itertools.product(_ADDRESSES[::3], [0, 1, 5, 65536, 1 << 32, _TOP]):
        calls.append(("fill", d, 0xAB, n))
        calls.append(("copy", d, 65530, n))
        calls.append(("copy", 3, d, n))
        calls.append(("init", d, 2, n & 0xFFFFFFFF))
    for d, s, n in itertools.product(_ADDRESSES[::4], _SMALL, [0, 3, 0xFFFFFFFF]):
        calls.append(("copy_from_small", d, s, n))
        calls.append(("copy_to_small", s, d, n))
    calls.append(("small_sum",))
    for a in _ADDRESSES:
        calls.append(("load64", a))
    return calls


def _instance(tier: str, wat: str) -> tuple:
    """A store and the exports of ``wat`` instantiated on ``tier`` (which it must get)."""
    store = wt.Store(engine(tier))
    module = wt.Module(store.engine, wat)
    assert is_native(module) == (tier == "native")
    return store, wt.Instance(store, module, []).exports(store)


def _run(tier: str) -> list:
    store, ex = _instance(tier, MEMORY64_WAT)
    seen = []
    for name, *args in _calls():
        seen.append((name, *args, _described(lambda: ex[name](store, *args))))
    seen.append(memory_digest(store, ex))
    return seen


def test_memory64_matches_the_portable_tier() -> None:
    native = _run("native")
    portable = _run("portable")
    for n, p in zip(native, portable):
        assert n == p
    assert len(native) == len(portable)
    traps = [c for c in native if isinstance(c, tuple) and c[-1][0] == "trap"]
    assert traps and any("memory fault" in c[-1][3] for c in traps)
    assert sum(1 for c in native if isinstance(c, tuple) and c[-1][0] == "ok") > 100


TABLE64_WAT = """
(module
  (type $ii (func (param i32) (result i32)))
  (table $t (export "t") i64 3 10 funcref)
  (table $e i64 2 externref)
  (table $small 2 funcref)
  (elem $seg func $a $b)
  (elem (table $t) (i64.const 0) func $a $b)
  (func $a (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $b (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "call") (param i64 i32) (result i32)
    (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "set_null") (param i64) (table.set $t (local.get 0) (ref.null func)))
  (func (export "size") (result i64) (table.size $t))
  (func (export "grow") (param i64) (result i64) (table.grow $t (ref.func $b) (local.get 0)))
  (func (export "grow_e") (param i64) (result i64) (table.grow $e (ref.null extern) (local.get 0)))
  (func (export "fill") (param i64 i64) (table.fill $t (local.get 0) (ref.func $a) (local.get 1)))
  (func (export "copy") (param i64 i64 i64) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to_small") (param i32 i64 i32)
    (table.copy $small $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_from_small") (param i64 i32 i32)
    (table.copy $t $small (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i64 i32 i32) (table.init $t $seg (local.get 0) (local.get 1) (local.get 2)))
)
"""

_INDICES = [0, 1, 2, 3, 9, 10, 0xFFFFFFFF, 1 << 32, _TOP - 1, _TOP]


def _table_calls() -> list[tuple]:
    calls: list[tuple] = []
    for i in _INDICES:
        calls += [("call", i, 5), ("is_null", i), ("set_null", i)]
    calls += [("size",), ("grow", 0), ("grow", 2), ("grow", _TOP), ("grow", 1 << 32),
              ("grow_e", 1 << 40), ("size",)]
    for i, n in itertools.product(_INDICES[::2], [0, 1, 2, _TOP]):
        calls += [("fill", i, n), ("copy", i, 1, n), ("copy", 0, i, n),
                  ("init", i, 0, n & 0xFFFFFFFF), ("copy_to_small", 0, i, n & 3),
                  ("copy_from_small", i, 0, n & 3)]
    for i in _INDICES:
        calls += [("call", i, 7), ("is_null", i)]
    return calls


def _table_run(tier: str) -> list:
    store, ex = _instance(tier, TABLE64_WAT)
    return [(name, *args, _described(lambda: ex[name](store, *args)))
            for name, *args in _table_calls()]


def test_table64_matches_the_portable_tier() -> None:
    native = _table_run("native")
    assert native == _table_run("portable")
    assert any(c[-1][0] == "trap" for c in native) and any(c[-1][0] == "ok" for c in native)
