"""Reference and table instructions on the native tier give, bit for bit, what the
portable tier gives: results, traps (code and message), the tables and
globals the host sees afterwards; references keep their identity as they
cross into native code and back (parameters, results, globals, tables,
imported functions, other instances)."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite as wt

from .conftest import engine, is_native, outcome

HOST = [object(), "text", 12345678901234567890, (1, 2)]
"""Host references passed as externref: compared by identity."""

TABLES_WAT = """
(module
  (type $ii (func (param i32) (result i32)))
  (table $f (export "f") 4 9 funcref)
  (table $e (export "e") 3 externref)
  (table $g 2 funcref)
  (elem $seg func $a $b $c)
  (elem $exprs funcref (ref.func $c) (ref.null func) (ref.func $a))
  (elem (table $g) (i32.const 0) func $b)
  (global $gf (export "gf") (mut funcref) (ref.func $a))
  (global $ge (export "ge") (mut externref) (ref.null extern))
  (global $gt (mut (ref null $ii)) (ref.func $b))
  (func $a (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $b (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $c (type $ii) (i32.sub (local.get 0) (i32.const 3)))
  (func $pick (param i32) (result funcref)
    (block $null
      (block $c
        (block $b
          (block $a (br_table $null $a $b $c $null (local.get 0)))
          (return (ref.func $a)))
        (return (ref.func $b)))
      (return (ref.func $c)))
    (ref.null func))
  (func (export "probe") (param i32) (result i32)
    (if (result i32) (ref.is_null (table.get $f (local.get 0)))
      (then (i32.const -1))
      (else (call_indirect $f (type $ii) (i32.const 10) (local.get 0)))))
  (func (export "size_f") (result i32) (table.size $f))
  (func (export "size_e") (result i32) (table.size $e))
  (func (export "grow_f") (param i32 i32) (result i32)
    (table.grow $f (call $pick (local.get 1)) (local.get 0)))
  (func (export "grow_e") (param externref i32) (result i32)
    (table.grow $e (local.get 0) (local.get 1)))
  (func (export "set_f") (param i32 i32) (table.set $f (local.get 0) (call $pick (local.get 1))))
  (func (export "get_e") (param i32) (result externref) (table.get $e (local.get 0)))
  (func (export "set_e") (param i32 externref) (table.set $e (local.get 0) (local.get 1)))
  (func (export "fill_f") (param i32 i32 i32)
    (table.fill $f (local.get 0) (call $pick (local.get 1)) (local.get 2)))
  (func (export "fill_e") (param i32 externref i32)
    (table.fill $e (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_f") (param i32 i32 i32)
    (table.copy $f $f (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_gf") (param i32 i32 i32)
    (table.copy $f $g (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_f") (param i32 i32 i32)
    (table.init $f $seg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init_exprs") (param i32 i32 i32)
    (table.init $f $exprs (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (elem.drop $seg))
  (func (export "gf_to_table") (param i32) (table.set $f (local.get 0) (global.get $gf)))
  (func (export "table_to_gf") (param i32) (global.set $gf (table.get $f (local.get 0))))
  (func (export "set_ge") (param externref) (global.set $ge (local.get 0)))
  (func (export "get_ge") (result externref) (global.get $ge))
  (func (export "set_gt") (param i32)
    (global.set $gt (select (result (ref null $ii)) (ref.func $c) (ref.null $ii) (local.get 0))))
  (func (export "call_gt") (param i32) (result i32) (call_ref $ii (local.get 0) (global.get $gt)))
  (func (export "gt_is_null") (result i32)
    (block $null
      global.get $gt
      br_on_null $null
      drop
      i32.const 0
      return)
    i32.const 1)
  (func (export "br_non_null") (param i32) (result i32)
    (local $r (ref null $ii))
    (block $found (result (ref $ii))
      local.get 0
      call $typed
      br_on_non_null $found
      i32.const -1
      return)
    local.set $r
    i32.const 100
    local.get $r
    ref.as_non_null
    call_ref $ii)
  (func $typed (param i32) (result (ref null $ii))
    (if (result (ref null $ii)) (local.get 0) (then (ref.func $a)) (else (ref.null $ii))))
  (func (export "as_non_null") (param i32) (result i32)
    (call_ref $ii (i32.const 7) (ref.as_non_null (call $typed (local.get 0)))))
  (func (export "identity") (param externref funcref) (result funcref externref i32)
    (local.get 1) (local.get 0) (ref.is_null (local.get 0)))
  (func (export "select_e") (param externref externref i32) (result externref)
    (select (result externref) (local.get 0) (local.get 1) (local.get 2)))
)
"""

_EDGES = [0, 1, 2, 3, 4, 5, 8, 9, 0x7FFFFFFF, 0xFFFFFFFF]


def _host_index(ref):
    """A host reference as comparable data: its index in :data:`HOST` (by identity)."""
    if isinstance(ref, wt.Val):
        ref = ref.value
    if ref is None:
        return None
    for i, h in enumerate(HOST):
        if h is ref:
            return i
    return ("unknown", type(ref).__name__)


def _calls(seed: int) -> list[tuple]:
    rng = random.Random(seed)
    extern = lambda: rng.choice([None, *HOST])     # noqa: E731
    i = lambda: rng.choice(_EDGES)                  # noqa: E731
    which = lambda: rng.randrange(5)                # noqa: E731
    makers = [
        lambda: ("probe", i()), lambda: ("size_f",), lambda: ("size_e",),
        lambda: ("grow_f", rng.choice([0, 1, 2, 5, 0xFFFFFFFF]), which()),
        lambda: ("grow_e", extern(), rng.choice([0, 1, 3, 0x80000000])),
        lambda: ("set_f", i(), which()), lambda: ("get_e", i()), lambda: ("set_e", i(), extern()),
        lambda: ("fill_f", i(), which(), i()), lambda: ("fill_e", i(), extern(), i()),
        lambda: ("copy_f", i(), i(), i()), lambda: ("copy_gf", i(), i(), i()),
        lambda: ("init_f", i(), i(), i()), lambda: ("init_exprs", i(), i(), i()),
        lambda: ("drop",), lambda: ("gf_to_table", i()), lambda: ("table_to_gf", i()),
        lambda: ("set_ge", extern()), lambda: ("get_ge",), lambda: ("set_gt", rng.randrange(2)),
        lambda: ("call_gt", i()), lambda: ("gt_is_null",),
        lambda: ("br_non_null", rng.randrange(2)),
        lambda: ("as_non_null", rng.randrange(2)),
        lambda: ("select_e", extern(), extern(), rng.randrange(2)),
    ]
    return [rng.choice(makers)() for _ in range(300)]


def _snapshot(store, ex) -> list:
    """The tables and globals as the host sees them (functions by their results)."""
    probe = ex["probe"]
    seen = [("f", [probe(store, k) for k in range(ex["f"].size(store))]),
            ("e", [_host_index(ex["e"].get(store, k)) for k in range(ex["e"].size(store))]),
            ("ge", _host_index(ex["ge"].value(store)))]
    gf = ex["gf"].value(store)
    if isinstance(gf, wt.Val):
        gf = gf.value
    seen.append(("gf", None if gf is None else gf(store, 10)))
    return seen


def _run(tier: str, calls: list[tuple]) -> list:
    store = wt.Store(engine(tier))
    module = wt.Module(store.engine, TABLES_WAT)
    assert is_native(module) == (tier == "native")
    ex = wt.Instance(store, module, []).exports(store)
    seen = []
    for name, *args in calls:
        result = outcome(lambda: ex[name](store, *args))
        if result[0] == "ok" and name in ("get_e", "get_ge", "select_e"):
            result = ("ok", _host_index(result[1]))
        seen.append((name, *args, result))
        if name in ("drop", "fill_f", "copy_f", "init_f", "grow_f"):
            seen.append(_snapshot(store, ex))
    seen.append(_snapshot(store, ex))
    return seen


@pytest.mark.parametrize("seed", range(6))
def test_table_and_reference_instructions_match_the_portable_tier(seed: int) -> None:
    calls = _calls(seed)
    native = _run("native", calls)
    portable = _run("portable", calls)
    for k, (n, p) in enumerate(zip(native, portable)):
        assert n == p, (k, calls[:k + 1][-3:])
    assert len(native) == len(portable)


def test_every_trap_of_table_instructions_matches() -> None:
    calls = [("probe", 4), ("set_f", 4, 1), ("get_e", 3), ("set_e", 0xFFFFFFFF, None),
             ("fill_f", 3, 1, 2), ("fill_e", 4, None, 0), ("fill_e", 3, None, 0),
             ("copy_f", 0, 1, 4), ("copy_f", 4, 0, 0), ("copy_f", 5, 0, 0), ("copy_gf", 0, 1, 2),
             ("init_f", 0, 1, 3), ("init_f", 1, 3, 0), ("init_f", 1, 4, 0), ("drop",),
             ("init_f", 0, 0, 1), ("init_f", 0, 0, 0), ("call_gt", 1), ("set_gt", 0),
             ("call_gt", 1), ("as_non_null", 0), ("table_to_gf", 9), ("grow_e", None, 0x80000000)]
    native, portable = _run("native", calls), _run("portable", calls)
    assert native == portable
    assert sum(1 for c in native if isinstance(c, tuple) and c[-1][0] == "trap") >= 15


def test_references_keep_their_identity_through_native_code() -> None:
    store = wt.Store(engine("native"))
    module = wt.Module(store.engine, TABLES_WAT)
    assert is_native(module)
    ex = wt.Instance(store, module, []).exports(store)
    thing = object()
    fn, back, null = ex["identity"](store, thing, None)
    assert back is thing and fn is None and null == 0
    f = ex["f"].get(store, 0)
    assert (f.value if isinstance(f, wt.Val) else f) is None
    ex["set_f"](store, 0, 2)
    b = ex["f"].get(store, 0)
    fn, back, null = ex["identity"](store, None, b)
    assert back is None and null == 1 and fn(store, 21) == 42
    ex["set_e"](store, 1, thing)
    assert ex["e"].get(store, 1) is thing and ex["get_e"](store, 1) is thing
    ex["e"].set(store, 2, HOST[0])
    assert ex["get_e"](store, 2) is HOST[0]
    ex["ge"].set_value(store, thing)
    assert ex["get_ge"](store) is thing
    ex["set_ge"](store, HOST[1])
    assert ex["ge"].value(store) is HOST[1]


CALLER_WAT = """
(module
  (import "h" "pair" (func $pair (param externref funcref) (result funcref externref)))
  (import "m" "identity" (func $id (param externref funcref) (result funcref externref i32)))
  (import "m" "f" (table $f 4 9 funcref))
  (func (export "through_host") (param externref i32) (result i32 externref)
    (local $e externref)
    (call $pair (local.get 0) (table.get $f (local.get 1)))
    (local.set $e)
    (ref.is_null)
    (local.get $e))
  (func (export "through_instance") (param externref i32) (result i32 i32 externref)
    (call $id (local.get 0) (table.get $f (local.get 1)))
    (drop)
    (local.set 0)
    (ref.is_null)
    (call_indirect $f (param i32) (result i32) (i32.const 4) (local.get 1))
    (local.get 0))
)
"""


def _linked(tier: str) -> list:
    store = wt.Store(engine(tier))
    provider = wt.Module(store.engine, TABLES_WAT)
    caller = wt.Module(store.engine, CALLER_WAT)
    assert is_native(caller) == (tier == "native")
    m = wt.Instance(store, provider, []).exports(store)
    anyref = wt.ValType.externref()
    funcref = wt.ValType.funcref()
    pair = wt.Func(store, wt.FuncType([anyref, funcref], [funcref, anyref]), lambda e, f: (f, e))
    ex = wt.Instance(store, caller, [pair, m["identity"], m["f"]]).exports(store)
    m["set_f"](store, 1, 3)
    seen = []
    for thing in (None, *HOST):
        for k in (0, 1):
            r = outcome(lambda: ex["through_host"](store, thing, k))
            seen.append(("host", _host_index(thing), k, r[0], r[1][0], _host_index(r[1][1]))
                        if r[0] == "ok" else r)
            r = outcome(lambda: ex["through_instance"](store, thing, k))
            seen.append(("instance", _host_index(thing), k, r[0], r[1][:2], _host_index(r[1][2]))
                        if r[0] == "ok" else r)
    return seen


def test_references_cross_imported_functions_and_instances() -> None:
    assert _linked("native") == _linked("portable")


def _metered(tier: str, calls: list[tuple]) -> list:
    config = wt.Config()
    config.strategy = tier
    config.consume_fuel = True
    store = wt.Store(wt.Engine(config))
    module = wt.Module(store.engine, TABLES_WAT)
    assert is_native(module) == (tier == "native")
    store.set_fuel(10_000)
    ex = wt.Instance(store, module, []).exports(store)
    seen = []
    for k, (name, *args) in enumerate(calls):
        store.set_fuel(10_000 if k % 7 else 3)
        try:
            result = ex[name](store, *args)
            seen.append(("ok", name, _host_index(result) if name in ("get_e", "get_ge", "select_e")
                         else result if name not in ("identity",) else None))
        except wt.Trap as trap:
            frames = [(f.func_index, f.func_offset, f.module_offset) for f in trap.frames]
            seen.append(("trap", name, trap.trap_code, trap.message, frames))
        seen.append(store.get_fuel())
    return seen


def test_fuel_and_trap_backtraces_match_the_portable_tier() -> None:
    calls = _calls(11)
    assert _metered("native", calls) == _metered("portable", calls)
