"""Tiering (``Config.strategy = "auto"``): a module runs portable, moves to
machine code once it runs hot, and nothing it computes changes when it does,
even when portable frames are still running at the move."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite
from wasmlite.compile.llvm import tiering
from wasmlite.compile.llvm.tiering import TieredModule

from .conftest import engine, is_native, memory_digest, outcome

def _machine_code(compiled: TieredModule) -> bytes:
    """The object file of ``compiled``'s machine code, with on-stack replacement
    entries for every function that can have them."""
    first = compiled.n_imported_funcs
    return compiled.native_module().compile_now(
        frozenset(range(first, first + len(compiled.module.funcs))))


COUNTER = """(module
  (import "host" "tick" (func $tick (param i32)))
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  (global $sum (mut i64) (i64.const 0))
  (global $scale (mut f64) (f64.const 1.5))
  (func $step (param $i i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.set $sum (i64.add (global.get $sum) (i64.extend_i32_u (local.get $i))))
    (global.set $scale (f64.mul (global.get $scale) (f64.const 1.0001)))
    (if (i32.eq (local.get $i) (i32.const 150))
      (then (drop (memory.grow (i32.const 1)))))
    (i32.store (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0x1fffc))
               (local.get $i))
    (i32.add (local.get $i) (i32.const 1)))
  (func (export "run") (param $n i32) (result i32) (local $i i32) (local $seen i32)
    (loop $l
      (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 50)))
        (then (call $tick (local.get $i))))
      (local.set $i (call $step (local.get $i)))
      ;; reads what native code wrote: globals, and memory past a growth
      (local.set $seen (i32.add (local.get $seen)
        (i32.add (global.get $count)
                 (i32.load (i32.and (i32.mul (i32.sub (local.get $i) (i32.const 1)) (i32.const 4))
                                    (i32.const 0x1fffc))))))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $seen))
  (func (export "state") (result i32 i64 f64 i32)
    (global.get $count) (global.get $sum) (global.get $scale) (memory.size)))"""


def _run_counter(strategy: str, arrive_at_tick: int | None, *, fuel: bool = False):
    """Run COUNTER's ``run(400)`` under ``strategy``; with ``arrive_at_tick``, its
    machine code arrives while the host's ``tick`` runs for that time, with
    ``run``'s portable frame below. What it computed, and the fuel it used."""
    config = wasmlite.Config()
    config.strategy = strategy
    config.consume_fuel = fuel
    eng = wasmlite.Engine(config)
    store = wasmlite.Store(eng)
    if fuel:
        store.set_fuel(10_000_000)
    module = wasmlite.Module(eng, COUNTER)
    compiled = module._prepared()
    obj = _machine_code(compiled) if arrive_at_tick is not None else None
    ticks = []

    def tick(i: int) -> None:
        ticks.append(i)
        if len(ticks) == arrive_at_tick:
            compiled.arrive(obj)

    host = wasmlite.Func(store, wasmlite.FuncType([wasmlite.ValType.i32()], []), tick)
    instance = wasmlite.Instance(store, module, [host])
    exports = instance.exports(store)
    seen = (exports["run"](store, 400), exports["state"](store), memory_digest(store, exports))
    moved = "__native__" in instance._inst.namespace
    loops_moved = getattr(compiled, "osr_entered", 0)
    return seen, (moved, loops_moved), store.get_fuel() if fuel else None


@pytest.mark.parametrize("arrive_at_tick", [1, 2, 5])
def test_a_running_call_moves_to_machine_code_and_computes_the_same(arrive_at_tick: int) -> None:
    expected, moved, _ = _run_counter("portable", None)
    assert moved == (False, 0)
    seen, moved, _ = _run_counter("auto", arrive_at_tick)
    # the instance moved, and run's portable frame moved at its loop's next iteration
    assert moved == (True, 1)
    assert seen == expected


def test_fuel_is_counted_the_same_across_the_move() -> None:
    expected, _, expected_fuel = _run_counter("portable", None, fuel=True)
    seen, moved, fuel = _run_counter("auto", 3, fuel=True)
    assert moved == (True, 0)       # metered code has no on-stack replacement: its loop stays
    assert (seen, fuel) == (expected, expected_fuel)


def test_instances_made_after_the_machine_code_arrived_start_native() -> None:
    eng = engine("auto")
    module = wasmlite.Module(eng, '(module (func (export "f") (param i32) (result i32) '
                                  '(i32.mul (local.get 0) (i32.const 3))))')
    compiled = module._prepared()
    assert isinstance(compiled, TieredModule)
    compiled.arrive(_machine_code(compiled))
    store = wasmlite.Store(eng)
    instance = wasmlite.Instance(store, module, [])
    assert "__native__" in instance._inst.namespace
    assert instance.exports(store)["f"](store, 14) == 42


def test_a_module_stays_portable_when_its_machine_code_cannot_be_compiled(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "")      # no interpreter to run the compile in
    eng = engine("auto")
    module = wasmlite.Module(eng, '(module (func (export "f") (result i32) (i32.const 5)))')
    compiled = module._prepared()
    compiled.tier_up()
    assert not compiled.wait_native(10)
    assert compiled.state == "failed"
    store = wasmlite.Store(eng)
    instance = wasmlite.Instance(store, module, [])
    assert "__native__" not in instance._inst.namespace
    assert instance.exports(store)["f"](store) == 5


LOOP = """(module
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "spin") (param $n i32) (result i32) (local $i i32)
    (loop $l (local.set $i (call $inc (local.get $i)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i)))"""


def test_a_module_that_runs_hot_is_compiled_in_the_background(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tiering, "SAMPLE_INTERVAL", 0.01)
    monkeypatch.setenv("WASMLITE_TIER_UP", "0.02")
    eng = engine("auto")
    module = wasmlite.Module(eng, LOOP)
    compiled = module._prepared()
    store = wasmlite.Store(eng)
    instance = wasmlite.Instance(store, module, [])
    spin = instance.exports(store)["spin"]
    deadline = time.monotonic() + 60
    while compiled.state == "portable" and time.monotonic() < deadline:
        assert spin(store, 20_000) == 20_000
    assert compiled.wait_native(120), compiled.state
    assert spin(store, 1_000_000) == 1_000_000
    assert "__native__" in instance._inst.namespace


def test_a_cold_module_is_not_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tiering, "SAMPLE_INTERVAL", 0.01)
    monkeypatch.setenv("WASMLITE_TIER_UP", "0.02")
    eng = engine("auto")
    module = wasmlite.Module(eng, LOOP)
    store = wasmlite.Store(eng)
    spin = wasmlite.Instance(store, module, []).exports(store)["spin"]
    assert spin(store, 10) == 10
    time.sleep(0.2)                 # idle: nothing of it runs when the sampler looks
    assert module._prepared().state == "portable"


def test_tier_up_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tiering, "SAMPLE_INTERVAL", 0.01)
    monkeypatch.setenv("WASMLITE_TIER_UP", "off")
    module = wasmlite.Module(engine("auto"), LOOP)
    store = wasmlite.Store(module.engine)
    spin = wasmlite.Instance(store, module, []).exports(store)["spin"]
    assert spin(store, 100_000) == 100_000
    assert module._prepared().state == "portable"


def test_a_bad_tier_up_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WASMLITE_TIER_UP", "soon")
    module = wasmlite.Module(engine("auto"), LOOP)
    store = wasmlite.Store(module.engine)
    with pytest.raises(wasmlite.WasmtimeError, match="WASMLITE_TIER_UP must be a number of "
                                                     "seconds or 'off', found 'soon'"):
        wasmlite.Instance(store, module, [])


def test_machine_code_in_the_code_cache_runs_native_from_the_first_call(tmp_path) -> None:
    toml = tmp_path / "cache.toml"
    toml.write_text(f'[cache]\nenabled = true\ndirectory = "{tmp_path / "cache"}"\n')

    def cached_module():
        config = wasmlite.Config()
        config.cache = str(toml)
        return wasmlite.Module(wasmlite.Engine(config), LOOP)

    first = cached_module()
    compiled = first._prepared()
    assert isinstance(compiled, TieredModule)
    compiled.tier_up()
    assert compiled.wait_native(120), compiled.state
    second = cached_module()
    assert is_native(second)
    store = wasmlite.Store(second.engine)
    assert wasmlite.Instance(store, second, []).exports(store)["spin"](store, 1000) == 1000


def test_exiting_while_a_compile_runs_is_clean(tmp_path) -> None:
    script = tmp_path / "quick.py"
    script.write_text(
        "import wasmlite\n"
        "config = wasmlite.Config()\n"
        "config.strategy = 'auto'\n"
        "engine = wasmlite.Engine(config)\n"
        f"module = wasmlite.Module(engine, {LOOP!r})\n"
        "module._prepared().tier_up()\n"
        "store = wasmlite.Store(engine)\n"
        "print(wasmlite.Instance(store, module, []).exports(store)['spin'](store, 10))\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "10\n", "")


# --- real programs: C built for wasm32-wasi, moved while main() runs portable ------------

def _c_programs():
    from pathlib import Path
    return sorted((Path(__file__).parents[2] / "fuzz" / "programs").glob("*.c"))


def _build_c(source, level: str, *flags: str):
    """``source`` (a C file) built for wasm32-wasi at ``level`` beside itself."""
    from tests.fuzz.tools import WASI_SYSROOT, clang, wasm_c_compiler_problem
    problem = wasm_c_compiler_problem()
    if problem:
        pytest.skip(problem)
    wasm = source.with_name(f"{source.stem}{level}.wasm")
    subprocess.run([clang(), "--target=wasm32-wasi", f"--sysroot={WASI_SYSROOT}", level, "-w",
                    *flags, str(source), "-o", str(wasm)], check=True, capture_output=True)
    return wasm


def _run_wasi(path, strategy: str, out, prepare=None):
    """Run the WASI program ``path`` under ``strategy``, its standard output going
    to file ``out``; ``prepare(compiled, store, linker)`` runs before it is
    instantiated. Its compiled module, exit status, standard output, and whether
    the instance moved to machine code."""
    eng = engine(strategy)
    store = wasmlite.Store(eng)
    wasi = wasmlite.WasiConfig()
    wasi.stdout_file = str(out)
    wasi.argv = [path.name]
    store.set_wasi(wasi)
    linker = wasmlite.Linker(eng)
    linker.define_wasi()
    module = wasmlite.Module.from_file(eng, str(path))
    compiled = module._prepared()
    if prepare is not None:
        prepare(compiled, store, linker)
    instance = linker.instantiate(store, module)
    status = 0
    try:
        instance.exports(store)["_start"](store)
    except wasmlite.ExitTrap as exit_:
        status = exit_.code
    return compiled, (status, out.read_bytes(), "__native__" in instance._inst.namespace)


def _arriving_at_host_call(n: int):
    """A ``prepare`` for :func:`_run_wasi`: the machine code arrives during the
    program's ``n``-th host call (main() and its callers are portable frames then)."""
    def prepare(compiled, store, linker) -> None:
        assert isinstance(compiled, TieredModule)
        obj = _machine_code(compiled)
        calls = []

        def hook(_store, kind) -> None:
            if kind is wasmlite.CallHook.CALLING_HOST:
                calls.append(kind)
                if len(calls) == n:
                    compiled.arrive(obj)
        store.call_hook(hook)
    return prepare


@pytest.mark.parametrize("level", ["-O0", "-O2"])
@pytest.mark.parametrize("program", _c_programs(), ids=lambda p: p.stem)
def test_a_c_program_moved_to_machine_code_mid_run_prints_the_same(program, level, tmp_path):
    source = tmp_path / program.name
    source.write_bytes(program.read_bytes())
    wasm = _build_c(source, level)
    _, (status, expected, _) = _run_wasi(wasm, "portable", tmp_path / "portable.out")
    assert expected.rstrip().endswith(b"ok")
    for at in (1, 2):
        _, seen = _run_wasi(wasm, "auto", tmp_path / f"auto-{at}.out", _arriving_at_host_call(at))
        assert seen == (status, expected, True)


# --- random modules: every call moved to machine code at its first inner call --------

def _replayed_calls(wasm: bytes, moved: bool) -> list:
    """What the exports of ``wasm`` do when, for each export call in turn, a fresh
    instance replays the calls before it portably and then makes that call and
    the rest. When ``moved``, the machine code arrives under that call: its own
    frame stays portable, and its loops or calls move the instance to machine
    code; otherwise everything runs on the portable tier."""
    from wasmlite.compile.python.module import CompiledModule
    module = wasmlite.Module(engine("auto" if moved else "portable"), wasm)
    plan = _call_plan(module)
    obj = None
    if moved:
        compiled = module._prepared()
        if not isinstance(compiled, TieredModule):
            pytest.skip("the native tier does not compile this module")
        if not plan:
            pytest.skip("the module exports no function to call")
        obj = _machine_code(compiled)
    seen: list = []
    for k in range(len(plan)):
        if moved:
            module = wasmlite.Module(engine("auto"), wasm)   # a module whose code has not arrived
        store = wasmlite.Store(module.engine)
        try:
            instance = wasmlite.Instance(store, module, [])
        except wasmlite.Trap as trap:
            return [("instantiation", trap.trap_code, trap.message)]
        exports = instance.exports(store)
        for name, args in plan[:k]:
            outcome(lambda: exports[name](store, *args))
        if moved:
            fn = exports[plan[k][0]]._fn
            portable, _ = CompiledModule._materialize(module._prepared(), fn.instance, fn.index)
            module._prepared().arrive(obj)
            fn.raw = portable
        for name, args in plan[k:]:
            seen.append((name, outcome(lambda: exports[name](store, *args))))
        seen.append(memory_digest(store, exports))
    return seen


def _call_plan(module: wasmlite.Module) -> list:
    from .test_differential_random_modules import ARGUMENTS
    plan = []
    for export in sorted(module.exports, key=lambda e: e.name):
        if isinstance(export.type, wasmlite.FuncType):
            params = [str(t) for t in export.type.params]
            if all(t in ARGUMENTS for t in params):
                plan += [(export.name, [ARGUMENTS[t][k] for t in params]) for k in range(2)]
    return plan[:12]


def _hide_globals(wasm: bytes) -> bytes:
    """``wasm`` without its global exports: globals that only its code sees are
    the ones native code keeps in the context (as compiled C keeps its stack
    pointer), and so the ones a move to machine code hands over."""
    import re
    from testsuite_scripts import wasm_tools
    tools = wasm_tools()
    if tools is None:
        pytest.skip("wasm-tools is not installed")
    text = subprocess.run([tools, "print"], input=wasm, capture_output=True, check=True).stdout
    kept = re.sub(rb'\n\s*\(export "[^\n]*" \(global \d+\)\)(?=\n)', b"", text)
    return subprocess.run([tools, "parse", "-"], input=kept, capture_output=True,
                          check=True).stdout


def _random_module(seed: int) -> bytes:
    """A random MVP module of at least three functions, its globals hidden."""
    import hashlib
    from .test_differential_random_modules import SMITH_FLAGS, WASM_TOOLS
    data = hashlib.sha256(f"tiering-{seed}".encode()).digest() * 300
    done = subprocess.run([WASM_TOOLS, "smith", *SMITH_FLAGS, "--min-funcs", "3"], input=data,
                          capture_output=True, check=True)
    return _hide_globals(done.stdout)


@pytest.mark.parametrize("seed", range(60))
def test_random_module_moved_mid_call_behaves_as_portable(seed: int) -> None:
    wasm = _random_module(seed)
    assert _replayed_calls(wasm, moved=True) == _replayed_calls(wasm, moved=False)


LOOP_IN_MAIN = r"""
#include <stdint.h>
#include <stdio.h>
__attribute__((import_module("env"), import_name("tick"))) void tick(void);
int main(void) {
    uint64_t h = 1469598103934665603ull;
    tick();     /* the machine code arrives here: main is a portable frame */
    for (uint32_t i = 0; i < 200000; i++) { h ^= i; h *= 1099511628211ull; }
    printf("%llu\n", (unsigned long long)h);
    return 0;
}
"""


def test_a_loop_in_main_moves_to_machine_code_at_its_next_iteration(tmp_path) -> None:
    source = tmp_path / "loop.c"
    source.write_text(LOOP_IN_MAIN)
    wasm = _build_c(source, "-O1", "-Wl,--allow-undefined")

    def ticking(arrive: bool):
        """A ``prepare`` defining the program's ``tick``: where the machine code arrives."""
        def prepare(compiled, store, linker) -> None:
            obj = _machine_code(compiled) if arrive else None
            linker.define_func("env", "tick", wasmlite.FuncType([], []),
                               lambda: compiled.arrive(obj) if obj is not None else None)
        return prepare

    _, (_, expected, _) = _run_wasi(wasm, "portable", tmp_path / "portable.out", ticking(False))
    compiled, (_, seen, _) = _run_wasi(wasm, "auto", tmp_path / "auto.out", ticking(True))
    assert seen == expected
    assert compiled.osr_entered == 1


def test_a_process_that_exits_as_its_module_tiers_up_still_fills_the_code_cache(tmp_path) -> None:
    toml = tmp_path / "cache.toml"
    toml.write_text(f'[cache]\nenabled = true\ndirectory = "{tmp_path / "cache"}"\n')
    script = tmp_path / "brief.py"
    script.write_text(
        "import wasmlite\n"
        "config = wasmlite.Config()\n"
        f"config.cache = {str(toml)!r}\n"
        "engine = wasmlite.Engine(config)\n"
        f"module = wasmlite.Module(engine, {LOOP!r})\n"
        "store = wasmlite.Store(engine)\n"
        "print(wasmlite.Instance(store, module, []).exports(store)['spin'](store, 10))\n"
        "module._prepared().tier_up()\n")     # and exit at once
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "10\n", "")
    deadline = time.monotonic() + 120
    while not any((tmp_path / "cache").rglob("*.native-*.o")) and time.monotonic() < deadline:
        time.sleep(0.2)
    config = wasmlite.Config()
    config.cache = str(toml)
    assert is_native(wasmlite.Module(wasmlite.Engine(config), LOOP))
