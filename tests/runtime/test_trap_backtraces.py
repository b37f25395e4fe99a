"""Trap backtraces match Wasmtime's: frame offsets, layout and causes, byte for byte.

Each case runs the same module under wasmlite and under the ``wasmtime``
package (the reference) and compares the type, trap code, ``str()`` and
frames of what the call raises.
"""

import traceback
import unittest

import pytest

import wasmlite
from wasmlite.runtime.demangle import demangle

wasmtime = pytest.importorskip("wasmtime")

PRELUDE = """(memory 1) (table 4 funcref) (global $g (mut i32) (i32.const 0))
  (type $v (func)) (type $ii (func (param i32) (result i32)))"""


def module(body: str, extra: str = "", params: str = "(param i32 i32)",
           result: str = "(result i32)") -> str:
    return f"""(module $m {PRELUDE} {extra}
      (func $entry (export "f") {params} {result} {body}))"""


CASES = {
    "division by zero": (module("(i32.div_s (local.get 0) (local.get 1))"), (1, 0)),
    "unsigned remainder by zero": (module(
        "(i32.wrap_i64 (i64.rem_u (i64.extend_i32_u (local.get 0)) (i64.const 0)))"), (1, 0)),
    "signed division overflow": (module("(i32.div_s (local.get 0) (local.get 1))"),
                                 (-2 ** 31, -1)),
    "division inside a larger expression": (module(
        "(i32.add (i32.load (local.get 0)) (i32.div_u (i32.const 7) (local.get 1)))"), (0, 0)),
    "second of two identical divisions on one line": (module(
        "(i32.add (i32.div_u (local.get 0) (i32.const 1)) (i32.div_u (local.get 0) (local.get 1)))"),
        (3, 0)),
    "load past the end": (module("(i32.load offset=4 (local.get 0))"), (65536, 0)),
    "load straddling the end": (module("(i32.load (local.get 0))"), (65534, 0)),
    "byte load past the end": (module("(i32.load8_u (local.get 0))"), (65536, 0)),
    "narrow loads in one expression": (module(
        "(i32.add (i32.load8_s (local.get 0)) (i32.load16_u offset=2 (local.get 0)))"),
        (65535, 0)),
    "load of a loaded address": (module(
        "(i32.load8_u (i32.add (i32.load (local.get 0)) (i32.const 3)))",
        '(data (i32.const 0) "\\fe\\ff\\00\\00")'), (0, 0)),
    "store past the end": (module("(i32.store (local.get 0) (i32.const 5)) (i32.const 0)"),
                           (65536, 0)),
    "byte store past the end": (module(
        "(i32.store8 (local.get 0) (local.get 1)) (i32.const 0)"), (65536, 0)),
    "f32 load straddling the end": (module(
        "(i32.trunc_f32_s (f32.load (local.get 0)))"), (65534, 0)),
    "v128 store straddling the end": (module(
        "(v128.store (local.get 0) (v128.const i32x4 0 0 0 0)) (i32.const 0)"), (65530, 0)),
    "load with a huge offset": (module(
        "(i32.load offset=0xffffffff (local.get 0))"), (0, 0)),
    "memory.fill past the end": (module(
        "(memory.fill (local.get 0) (i32.const 0) (i32.const 8)) (i32.const 0)"), (65535, 0)),
    "load after memory.grow": (module(
        "(drop (memory.grow (i32.const 1))) (i32.load (local.get 0))"), (131072, 0)),
    "unreachable inside an expression": (module("(i32.add (local.get 0) (unreachable))"),
                                         (1, 0)),
    "unreachable in a called function": (module(
        "(call $fail (local.get 0))",
        "(func $fail (param i32) (result i32) nop unreachable)"), (1, 0)),
    "unreachable as the else arm": (module(
        "(if (result i32) (local.get 0) (then (i32.const 1)) (else unreachable))"), (0, 0)),
    "unreachable after a branch out of a block": (module(
        "(block (br_if 0 (local.get 0)) unreachable) (i32.const 0)"), (0, 0)),
    "unreachable after a call in an arm": (module(
        "(if (local.get 0) (then (call $nothing) unreachable)) (i32.const 0)",
        "(func $nothing)"), (1, 0)),
    "float to integer overflow": (module(
        "(i32.trunc_f64_u (f64.convert_i32_s (local.get 0)))"), (-5, 0)),
    "trap in an argument of a call": (module(
        "(call $first (i32.const 1) (i32.div_s (local.get 0) (local.get 1)))",
        "(func $first (param i32 i32) (result i32) local.get 0)"), (1, 0)),
    "trap three calls deep": (module(
        "nop (i32.mul (call $b (local.get 0)) (i32.const 2))",
        """(func $c (param i32) (result i32) (i32.load (local.get 0)))
           (func $b (param i32) (result i32) (i32.add (i32.const 1) (call $c (local.get 0))))"""),
        (70000, 0)),
    "trap after a tail call": (module(
        "(return_call $divide (local.get 0) (local.get 1))",
        "(func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))"),
        (1, 0)),
    "call_indirect type mismatch": (module(
        "(call_indirect (type $v) (local.get 0)) (i32.const 0)",
        "(elem (i32.const 0) $wrong) (func $wrong (param i32))"), (0, 0)),
    "call_indirect of a null entry": (module(
        "(call_indirect (type $v) (local.get 0)) (i32.const 0)"), (1, 0)),
    "call_indirect past the table": (module(
        "(call_indirect (type $v) (local.get 0)) (i32.const 0)"), (9, 0)),
    "trap inside an indirectly called function": (module(
        "(call_indirect (type $ii) (local.get 1) (local.get 0))",
        "(elem (i32.const 0) $inv) (func $inv (param i32) (result i32) "
        "(i32.div_u (i32.const 1) (local.get 0)))"), (0, 0)),
    "table.get past the table": (module(
        "(drop (table.get 0 (local.get 0))) (i32.const 0)"), (10, 0)),
    "division as a branch condition": (module(
        "(block (result i32) (br_if 0 (i32.const 3) (i32.rem_u (local.get 0) (local.get 1))) "
        "drop (i32.const 4))"), (1, 0)),
    "load in a loop": (module(
        "(local $i i32) (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) "
        "(drop (i32.load (i32.mul (local.get $i) (i32.const 4096)))) (br $l)) (i32.const 0)"),
        (0, 0)),
    "division stored to a global": (module(
        "(global.set $g (i32.div_u (local.get 0) (local.get 1))) (i32.const 0)"), (1, 0)),
    "call stack exhausted": (module(
        "(i32.add (call $entry (local.get 0) (local.get 1)) (i32.const 1))"), (0, 0)),
    "call stack exhausted through call_indirect": (module(
        "(call_indirect (type $ii) (local.get 0) (i32.const 0))",
        "(elem (i32.const 0) $again) (func $again (param i32) (result i32) "
        "(call_indirect (type $ii) (local.get 0) (i32.const 0)))"), (0, 0)),
    "demangled names": ("""(module
        (func $_ZN4core3fmt5write17h0123456789abcdefE (param i32) (result i32)
          (call $_Z3addii (local.get 0)))
        (func $_Z3addii (param i32) (result i32) (call $i (local.get 0)))
        (func $i (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
        (func (export "f") (param i32 i32) (result i32)
          (call $_ZN4core3fmt5write17h0123456789abcdefE (local.get 0))))""", (0, 0)),
}


def outcome(lib, wat: str, args: tuple, config=None, imports=None):
    """What calling export ``f`` raises under ``lib``: a comparable summary."""
    cfg = lib.Config()
    if config is not None:
        config(cfg)
    engine = lib.Engine(cfg)
    store = lib.Store(engine)
    holder = {}
    instance = lib.Instance(store, lib.Module(engine, wat),
                            imports(lib, store, holder) if imports else [])
    holder.update(instance=instance, store=store)
    try:
        result = instance.exports(store)["f"](store, *args)
    except Exception as e:      # noqa: BLE001 - compared with the reference
        frames = [(f.func_index, f.func_name, f.module_name, f.func_offset, f.module_offset)
                  for f in getattr(e, "frames", None) or ()]
        return type(e).__name__, getattr(e, "trap_code", None), str(e), frames
    return "result", result


def same(a, b) -> None:
    if a[0] != "result":
        a = (a[0], None if a[1] is None else a[1].name) + a[2:]
        b = (b[0], None if b[1] is None else b[1].name) + b[2:]
    assert b == a


@pytest.mark.parametrize("name", CASES)
def test_backtrace_matches_wasmtime(name):
    wat, args = CASES[name]
    same(outcome(wasmtime, wat, args), outcome(wasmlite, wat, args))


def test_out_of_fuel_backtrace_matches_wasmtime():
    wat = '(module (func $r (export "f") (call $r)))'

    def config(cfg):
        cfg.consume_fuel = True

    def run(lib):
        cfg = lib.Config()
        config(cfg)
        engine = lib.Engine(cfg)
        store = lib.Store(engine)
        store.set_fuel(500)
        instance = lib.Instance(store, lib.Module(engine, wat), [])
        try:
            instance.exports(store)["f"](store)
        except lib.Trap as e:
            return str(e), [(f.func_offset, f.module_offset) for f in e.frames]
    assert run(wasmlite) == run(wasmtime)


def reentering(lib, store, holder):
    def call_back(n):
        return holder["instance"].exports(holder["store"])["inner"](holder["store"], n)
    return [lib.Func(store, lib.FuncType([lib.ValType.i32()], [lib.ValType.i32()]), call_back)]


REENTRY = """(module (import "" "back" (func $back (param i32) (result i32)))
  (func $inner (export "inner") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call $back (i32.sub (local.get 0) (i32.const 1))))
      (else (i32.div_u (i32.const 1) (local.get 0)))))
  (func (export "f") (param i32) (result i32) nop (call $back (local.get 0))))"""


def test_trap_in_a_reentered_call_lists_the_frames_below_the_host_calls():
    a = outcome(wasmtime, REENTRY, (3,), imports=reentering)
    b = outcome(wasmlite, REENTRY, (3,), imports=reentering)
    same(a, b)
    assert len(b[3]) == 5


def test_trap_raised_by_host_code_has_no_backtrace_like_wasmtime():
    def failing(lib, store, holder):
        def fail(n):
            raise lib.Trap("host refuses")
        return [lib.Func(store, lib.FuncType([lib.ValType.i32()], [lib.ValType.i32()]), fail)]
    wat = '''(module (import "" "fail" (func $fail (param i32) (result i32)))
      (func (export "f") (param i32) (result i32) (call $fail (local.get 0))))'''
    same(outcome(wasmtime, wat, (1,), imports=failing), outcome(wasmlite, wat, (1,), imports=failing))


def exceptions(cfg):
    cfg.wasm_exceptions = True


THROWING = """(module $mm (tag $t (param i32))
  (func $thrower (param i32) nop local.get 0 throw $t)
  (func $outer (export "f") (param i32 i32) (result i32) (call $thrower (local.get 0)) (i32.const 0)))"""


def test_uncaught_wasm_exception_is_a_trap_without_code_like_wasmtime():
    a = outcome(wasmtime, THROWING, (3, 0), config=exceptions)
    b = outcome(wasmlite, THROWING, (3, 0), config=exceptions)
    same(a, b)
    assert b[0] == "Trap" and b[1] is None
    assert b[2].endswith("Caused by:\n    thrown Wasm exception\n")


def test_start_function_throwing_is_a_wasmtime_error_like_wasmtime():
    wat = "(module (tag $t) (func $s throw $t) (start $s))"

    def instantiate(lib):
        cfg = lib.Config()
        exceptions(cfg)
        engine = lib.Engine(cfg)
        try:
            lib.Instance(lib.Store(engine), lib.Module(engine, wat), [])
        except Exception as e:      # noqa: BLE001
            return type(e).__name__, str(e)
    assert instantiate(wasmlite) == instantiate(wasmtime)
    assert instantiate(wasmlite)[0] == "WasmtimeError"


def test_frames_survive_assert_raises_clearing_the_traceback():
    engine = wasmlite.Engine()
    store = wasmlite.Store(engine)
    wat, args = CASES["trap three calls deep"]
    f = wasmlite.Instance(store, wasmlite.Module(engine, wat), []).exports(store)["f"]
    expected = outcome(wasmtime, wat, args)

    class Case(unittest.TestCase):
        def runTest(self):
            with self.assertRaises(wasmlite.Trap) as cm:
                f(store, *args)
            self.trap = cm.exception
    case = Case()
    result = unittest.TestResult()
    case.run(result)
    assert result.wasSuccessful()
    trap = case.trap
    assert trap.__traceback__ is None
    assert [(x.func_index, x.func_offset, x.module_offset) for x in trap.frames] == \
        [(i, fo, mo) for i, _, _, fo, mo in expected[3]]
    assert str(trap) == expected[2]


def test_frames_survive_traceback_clear_frames():
    engine = wasmlite.Engine()
    store = wasmlite.Store(engine)
    wat, args = CASES["division inside a larger expression"]
    f = wasmlite.Instance(store, wasmlite.Module(engine, wat), []).exports(store)["f"]
    try:
        f(store, *args)
    except wasmlite.Trap as e:
        traceback.clear_frames(e.__traceback__)
        trap = e
    assert str(trap) == outcome(wasmtime, wat, args)[2]


def test_offsets_are_found_for_code_from_the_code_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    wat, args = CASES["trap three calls deep"]
    expected = outcome(wasmtime, wat, args)

    def cached(cfg):
        cfg.cache = True
    first = outcome(wasmlite, wat, args, config=cached)
    second = outcome(wasmlite, wat, args, config=cached)     # code read from the cache
    assert first[2] == second[2] == expected[2]


def test_offsets_are_found_for_a_deserialized_module():
    wat, args = CASES["division inside a larger expression"]
    engine = wasmlite.Engine()
    data = wasmlite.Module(engine, wat).serialize()
    store = wasmlite.Store(engine)
    f = wasmlite.Instance(store, wasmlite.Module.deserialize(engine, data), []).exports(store)["f"]
    with pytest.raises(wasmlite.Trap) as info:
        f(store, *args)
    assert str(info.value) == outcome(wasmtime, wat, args)[2]


@pytest.mark.parametrize("mangled, shown", [
    ("i", "int"), ("f", "float"), ("PKc", "char const*"), ("Ss", "std::string"),
    ("_Z3addii", "add(int, int)"), ("_ZNK3foo3barEv", "foo::bar() const"),
    ("_ZSt4cout", "std::cout"), ("_Z3fooi.cold", "foo(int) [clone .cold]"),
    ("_ZN4core3fmt5write17h0123456789abcdefE", "core::fmt::write::h0123456789abcdef"),
    ("_ZN5alloc7raw_vec19RawVec$LT$T$C$A$GT$7reserve17h0123456789abcdefE",
     "alloc::raw_vec::RawVec<T,A>::reserve::h0123456789abcdef"),
    ("main", "main"), ("fib", "fib"), ("_start", "_start"), ("dd", "dd"), ("S_", "S_"),
])
def test_names_are_demangled_as_wasmtime_prints_them(mangled, shown):
    assert demangle(mangled) == shown
