"""Fuel and epoch interruption on the native tier: modules using them compile
natively and meter exactly as the portable tier does (the same fuel left after
every call, seen by host functions during calls, the same trap at the same
place when it runs out or the deadline passes), across tiers too."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite as wt

from .conftest import is_native, memory_digest, observable

I32 = wt.ValType.i32()


def metered_engine(tier: str, fuel: bool = False, epoch: bool = False) -> wt.Engine:
    config = wt.Config()
    config.strategy = tier
    config.consume_fuel = fuel
    config.epoch_interruption = epoch
    return wt.Engine(config)


def described(call) -> tuple:
    try:
        return ("ok", observable(call()))
    except wt.Trap as trap:
        frames = [(f.func_index, f.func_offset, f.module_offset) for f in trap.frames]
        return ("trap", trap.trap_code, trap.message, frames)


PROGRAM = """
(module $metered
  (import "m" "h" (func $h (param i32) (result i32)))
  (memory 1)
  (type $t (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $odd $even $h)
  (func $odd (type $t) (i32.mul (local.get 0) (i32.const 3)))
  (func $even (type $t) (call $h (local.get 0)))
  (func $step (param i32) (result i32)
    (block $b
      (block $a
        (br_table $a $b (i32.and (local.get 0) (i32.const 1))))
      (nop) (drop (i32.const 1))
      (return (call_indirect (type $t) (local.get 0) (i32.const 1))))
    (call_indirect (type $t) (local.get 0) (i32.const 0)))
  (func $sum (export "sum") (param i32) (result i32) (local i32)
    (loop $l
      (i32.store (i32.const 8) (local.get 0))
      (local.set 1 (i32.add (local.get 1) (call $step (local.get 0))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (if (result i32) (i32.gt_u (local.get 1) (i32.const 1000))
      (then (i32.load (i32.const 8)))
      (else (local.get 1))))
  (func (export "spin") (param i32)
    (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "forever") (loop $l (br $l)))
  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 7) (local.get 0))))
"""

FUEL = [10 ** 9, 5000, 400, 123, 57, 9, 2, 1, 0]


def _fuel_run(tier: str) -> list:
    store = wt.Store(metered_engine(tier, fuel=True))
    module = wt.Module(store.engine, PROGRAM)
    seen: list = []

    def host(x: int) -> int:
        seen.append(("host", x, store.get_fuel()))
        return x + 1
    ex = wt.Instance(store, module, [wt.Func(store, wt.FuncType([I32], [I32]), host)]).exports(store)
    assert is_native(module) == (tier == "native")
    for fuel in FUEL:
        for name, args in (("sum", (6,)), ("spin", (30,)), ("div", (0,)), ("div", (2,))):
            store.set_fuel(fuel)
            seen.append((name, fuel, described(lambda: ex[name](store, *args)), store.get_fuel()))
    return seen


def test_fuel_is_consumed_as_on_the_portable_tier() -> None:
    native = _fuel_run("native")
    assert native == _fuel_run("portable")
    assert any(entry[2][0] == "trap" and entry[2][1] is wt.TrapCode.OUT_OF_FUEL
               for entry in native if entry[0] != "host")


PORTABLE_PART = """
(module $portable
  (func (export "work") (param i32) (result i32)
    (drop (ref.i31 (i32.const 0)))   ;; beyond the native tier: runs portable
    (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (i32.const 5)))
"""

NATIVE_PART = """
(module $native
  (import "m" "work" (func $work (param i32) (result i32)))
  (func (export "twice") (param i32) (result i32)
    (i32.add (call $work (local.get 0)) (call $work (local.get 0)))))
"""


def _across(tier: str) -> list:
    store = wt.Store(metered_engine(tier, fuel=True))
    portable = wt.Module(store.engine, PORTABLE_PART)
    native = wt.Module(store.engine, NATIVE_PART)
    assert not is_native(portable) and is_native(native) == (tier == "native")
    work = wt.Instance(store, portable, []).exports(store)["work"]
    twice = wt.Instance(store, native, [work]).exports(store)["twice"]
    seen = []
    for fuel in (10 ** 6, 40, 21, 3):
        store.set_fuel(fuel)
        seen.append(described(lambda: twice(store, 8)))
        seen.append(store.get_fuel())
    return seen


def test_fuel_is_shared_with_portable_code_across_calls() -> None:
    assert _across("native") == _across("portable")


def test_random_modules_use_the_same_fuel_on_both_tiers() -> None:
    from .test_differential_random_modules import ARGUMENTS, WASM_TOOLS, random_module
    assert WASM_TOOLS is not None

    def run(tier: str, wasm: bytes) -> list:
        store = wt.Store(metered_engine(tier, fuel=True))
        module = wt.Module(store.engine, wasm)
        store.set_fuel(10 ** 9)
        try:
            exports = wt.Instance(store, module, []).exports(store)
        except wt.Trap as trap:
            return [("instantiation", trap.trap_code)]
        seen = [store.get_fuel()]
        for name in sorted(exports):
            func = exports[name]
            if not isinstance(func, wt.Func):
                continue
            params = [str(t) for t in func.type(store).params]
            for fuel, k in ((10 ** 9, 0), (10 ** 9, 1), (300, 2), (40, 0)):
                store.set_fuel(fuel)
                args = [ARGUMENTS[t][k] for t in params]
                seen.append((name, fuel, described(lambda: func(store, *args)), store.get_fuel()))
                seen.append(memory_digest(store, exports))
        return seen

    checked = 0
    for seed in range(40):
        wasm = random_module(seed)
        module = wt.Module(metered_engine("native", fuel=True), wasm)
        if not is_native(module) or not any(isinstance(e.type, wt.FuncType)
                                            for e in module.exports):
            continue
        assert run("native", wasm) == run("portable", wasm), seed
        checked += 1
    assert checked >= 5


# --- epochs ---------------------------------------------------------------------------

def _epoch_run(tier: str) -> list:
    engine = metered_engine(tier, epoch=True)
    store = wt.Store(engine)
    module = wt.Module(engine, PROGRAM)
    calls = []

    def host(x: int) -> int:
        calls.append(x)
        if x == 4:
            engine.increment_epoch()
        return x + 1
    ex = wt.Instance(store, module, [wt.Func(store, wt.FuncType([I32], [I32]), host)]).exports(store)
    assert is_native(module) == (tier == "native")
    seen = []
    store.set_epoch_deadline(1)
    seen.append(described(lambda: ex["spin"](store, 1000)))
    seen.append(described(lambda: ex["sum"](store, 6)))     # the host advances the epoch
    seen.append(calls[:])
    seen.append(described(lambda: ex["spin"](store, 3)))
    store.set_epoch_deadline(2)
    seen.append(described(lambda: ex["sum"](store, 3)))
    engine.increment_epoch()
    seen.append(described(lambda: ex["div"](store, 1)))
    return seen


def test_epoch_deadlines_interrupt_as_on_the_portable_tier() -> None:
    native = _epoch_run("native")
    assert native == _epoch_run("portable")
    assert native[1][0] == "trap" and native[1][1] is wt.TrapCode.INTERRUPT


def test_another_thread_can_interrupt_a_native_loop() -> None:
    engine = metered_engine("native", epoch=True)
    store = wt.Store(engine)
    module = wt.Module(engine, PROGRAM)
    host = wt.Func(store, wt.FuncType([I32], [I32]), lambda x: x)
    forever = wt.Instance(store, module, [host]).exports(store)["forever"]
    assert is_native(module)
    store.set_epoch_deadline(1)
    done = threading.Event()

    def tick() -> None:
        while not done.wait(0.01):
            engine.increment_epoch()
    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        with pytest.raises(wt.Trap) as caught:
            forever(store)
    finally:
        done.set()
        ticker.join()
    assert caught.value.trap_code is wt.TrapCode.INTERRUPT


# --- limits ---------------------------------------------------------------------------

def _limited(tier: str) -> list:
    store = wt.Store(metered_engine(tier))
    store.set_limits(memory_size=3 * 65536)
    module = wt.Module(store.engine, """
      (module (memory (export "mem") 1 10)
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        (func (export "size") (result i32) (memory.size)))""")
    ex = wt.Instance(store, module, []).exports(store)
    assert is_native(module) == (tier == "native")
    return [(ex["grow"](store, n), ex["size"](store)) for n in (1, 2, 1, 0, 5)]


def test_store_limits_hold_for_native_code() -> None:
    native = _limited("native")
    assert native == _limited("portable")
    assert native[1] == (-1, 2)


# --- real programs --------------------------------------------------------------------

PROGRAMS = [("noop", "benchmark"), ("shootout", "shootout-ackermann")]


def _program_fuel(tier: str, folder, name: str) -> tuple:
    store = wt.Store(metered_engine(tier, fuel=True))
    module = wt.Module.from_file(store.engine, str(folder / f"{name}.wasm"))
    assert is_native(module) == (tier == "native")
    linker = wt.Linker(store.engine)
    linker.define_wasi()
    wasi = wt.WasiConfig()
    wasi.argv = [name]
    wasi.preopen_dir(str(folder), ".")
    store.set_wasi(wasi)
    marks: list = []
    empty = wt.FuncType([], [])
    linker.define_func("bench", "start", empty, lambda: marks.append(store.get_fuel()))
    linker.define_func("bench", "end", empty, lambda: marks.append(store.get_fuel()))
    store.set_fuel(10 ** 15)
    try:
        linker.instantiate(store, module).exports(store)["_start"](store)
    except wt.ExitTrap as exit_trap:
        marks.append(("exit", exit_trap.code))
    return marks, store.get_fuel()


@pytest.mark.parametrize(("folder", "name"), PROGRAMS, ids=[n for _, n in PROGRAMS])
def test_a_compiled_program_uses_the_same_fuel_on_both_tiers(folder: str, name: str) -> None:
    from .test_bench_programs import BENCH_ROOT
    path = BENCH_ROOT / folder
    if not (path / f"{name}.wasm").is_file():
        pytest.skip(f"no benchmark program {name} at {path}")
    native = _program_fuel("native", path, name)
    assert native == _program_fuel("portable", path, name)
    assert native[1] < 10 ** 15 - 1000
