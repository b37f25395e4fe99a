"""Threads running wasm at the same time on one engine, each thread with its own store.

As with Wasmtime, an engine and its modules are shared by threads and a store
is used by one thread at a time. Whatever one thread does (compiling a
function on first call, trapping, exhausting its call stack, spending fuel)
must not disturb what another thread computes.
"""

import marshal
import struct
import sys
import threading
import time

import pytest

from wasmlite import Config, Engine, Instance, Module, Store, Trap, TrapCode
from wasmlite.compile.cache import CodeCache
from wasmlite.compile.python import module as compiled_module

THREADS = 6

FIB = """(module $fib
  (func $fib (export "run") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2))))))))"""

SUM = """(module $sum (memory 1)
  (func (export "run") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (i32.store (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const 2)) (local.get $i))
      (local.set $s (i32.add (local.get $s)
        (i32.load (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))"""

TRAPS = """(module $traps (memory 1)
  (func $div (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func $load (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) nop (call $div (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.add (i32.const 1) (call $load (local.get 0)))))"""

DEEP = """(module $deep
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (else (i32.const 0))))
  (func $forever (export "forever") (param i32) (result i32)
    (i32.add (call $forever (local.get 0)) (i32.const 1))))"""

MANY = "(module " + "\n".join(
    f'(func (export "f{i}") (param i32) (result i32) '
    f'(i32.add (i32.mul (local.get 0) (i32.const {i + 3})) (i32.const {i})))'
    for i in range(40)) + ")"


@pytest.fixture(autouse=True)
def frequent_thread_switches():
    """Switch threads far more often than by default, so that races show."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.fixture
def slow_compiles(monkeypatch):
    """Make compiling a function slow (so that threads meet inside it) and count
    how many times each function is compiled."""
    counts: dict[int, int] = {}
    compile_function = compiled_module.FunctionCompiler.compile

    def counted(self, *args, **kwargs):
        counts[self.index] = counts.get(self.index, 0) + 1
        time.sleep(0.002)
        return compile_function(self, *args, **kwargs)
    monkeypatch.setattr(compiled_module.FunctionCompiler, "compile", counted)
    return counts


def run_threads(work, count: int = THREADS) -> list:
    """Run ``work(i)`` in ``count`` threads started together; their results (or
    the exceptions they raised), in thread order."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def body(i):
        start.wait()
        try:
            results[i] = work(i)
        except BaseException as e:       # noqa: BLE001 - reported by the caller
            results[i] = e
    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads)
    return results


def export(module: Module, name: str, store: Store | None = None):
    store = store or Store(module.engine)
    return store, Instance(store, module, []).exports(store)[name]


def test_threads_run_different_modules_at_once():
    engine = Engine()
    modules = [Module(engine, FIB), Module(engine, SUM)]
    expected = [[610, 987], [sum(range(300)), sum(range(400))]]

    def work(i):
        out = []
        for n in ((15, 16), (300, 400))[i % 2]:
            store, run = export(modules[i % 2], "run")
            out.append(run(store, n))
        return out
    assert run_threads(work) == [expected[i % 2] for i in range(THREADS)]


def test_traps_in_several_threads_keep_their_own_backtraces():
    engine = Engine()
    module = Module(engine, TRAPS)

    def reference(name, args):
        store, f = export(module, name)
        with pytest.raises(Trap) as info:
            f(store, *args)
        return str(info.value), info.value.trap_code
    expected = {"div": reference("div", (7, 0)), "load": reference("load", (65534,))}

    def work(i):
        name, args = ("div", (7, 0)) if i % 2 else ("load", (65534,))
        seen = []
        for _ in range(20):
            store, f = export(module, name)
            try:
                f(store, *args)
            except Trap as e:
                seen.append((str(e), e.trap_code))
        return name, seen
    for name, seen in run_threads(work):
        assert seen == [expected[name]] * 20
    assert expected["div"][1] is TrapCode.INTEGER_DIVISION_BY_ZERO
    assert "memory fault at wasm address 0x10002" in expected["load"][0]


def test_call_stack_exhausted_in_one_thread_while_another_recurses_deeply():
    engine = Engine()
    module = Module(engine, DEEP)
    inside = threading.Event()
    done = threading.Event()

    def work(i):
        store, f = export(module, "forever" if i == 0 else "down")
        if i == 0:
            inside.wait(30)
            try:
                f(store, 0)
            except Trap as e:
                return e.trap_code, len(e.frames)
            finally:
                done.set()
        results = []
        inside.set()
        while not done.is_set() or len(results) < 3:
            results.append(f(store, 5000))
        return set(results)
    results = run_threads(work, 3)
    assert results[0] == (TrapCode.STACK_OVERFLOW, 20)
    assert results[1] == results[2] == {5000}


def test_same_module_compiled_lazily_by_threads_at_once(slow_compiles):
    engine = Engine()
    module = Module(engine, MANY)

    def work(i):
        store = Store(engine)
        exports = Instance(store, module, []).exports(store)
        return [exports[f"f{k}"](store, i) for k in range(40)]
    results = run_threads(work, 8)
    assert results == [[i * (k + 3) + k for k in range(40)] for i in range(8)]
    assert slow_compiles == {k: 1 for k in range(40)}


def test_same_function_compiled_once_when_threads_call_it_first_together(slow_compiles):
    engine = Engine()
    module = Module(engine, FIB)
    stores = [Store(engine) for _ in range(THREADS)]
    instances = [Instance(s, module, []) for s in stores]

    def work(i):
        return instances[i].exports(stores[i])["run"](stores[i], 12)
    assert run_threads(work) == [144] * THREADS
    assert slow_compiles == {0: 1}


def records(data: bytes) -> list:
    """The records of a code cache file (its format: a magic line, then records
    each preceded by its length)."""
    assert data.startswith(b"wasmlite code cache")
    pos = data.index(b"\n") + 1
    out = []
    while pos < len(data):
        (size,) = struct.unpack_from("<I", data, pos)
        out.append(marshal.loads(data[pos + 4:pos + 4 + size]))
        pos += 4 + size
    return out


def test_code_cache_written_by_threads_at_once_reads_back_whole(tmp_path, monkeypatch,
                                                               slow_compiles):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    config = Config()
    config.cache = True
    engine = Engine(config)
    module = Module(engine, MANY)

    def work(i):
        store = Store(engine)
        exports = Instance(store, module, []).exports(store)
        return [exports[f"f{(k + i) % 40}"](store, 2) for k in range(40)]
    run_threads(work, 8)
    files = list((tmp_path / "wasmlite").glob("*.wlc"))
    assert len(files) == 1
    cache = CodeCache(str(files[0]))
    assert cache.valid
    assert sorted(cache.codes) == list(range(40))
    written = records(files[0].read_bytes())
    codes = [r for r in written if isinstance(r, tuple) and len(r) == 4]
    assert sorted(r[0] for r in codes) == list(range(40))
    fresh = Config()
    fresh.cache = True
    again = Module(Engine(fresh), MANY)
    store = Store(again.engine)
    assert Instance(store, again, []).exports(store)["f7"](store, 3) == 3 * 10 + 7


def test_fuel_is_counted_per_store_across_threads():
    config = Config()
    config.consume_fuel = True
    engine = Engine(config)
    module = Module(engine, SUM)

    def work(i):
        store = Store(engine)
        store.set_fuel(10_000_000)
        run = Instance(store, module, []).exports(store)["run"]
        run(store, 1000 + i)
        return store.get_fuel()
    spent = [10_000_000 - left for left in run_threads(work)]

    store = Store(engine)
    store.set_fuel(10_000_000)
    run = Instance(store, module, []).exports(store)["run"]
    alone = []
    for i in range(THREADS):
        before = store.get_fuel()
        run(store, 1000 + i)
        alone.append(before - store.get_fuel())
    assert spent == alone


def test_epoch_ticks_from_several_threads_all_count():
    engine = Engine()

    def work(i):
        for _ in range(2000):
            engine.increment_epoch()
    run_threads(work)
    assert engine.epoch_cell[0] == 2000 * THREADS


def test_threads_with_different_stack_budgets_each_get_theirs():
    small = Config()
    small.max_wasm_stack = 64 * 1024
    module_small = Module(Engine(small), DEEP)
    module_big = Module(Engine(), DEEP)

    def work(i):
        module = module_small if i % 2 else module_big
        store, f = export(module, "down")
        try:
            return f(store, 20_000)
        except Trap as e:
            return e.trap_code
    results = run_threads(work, 4)
    assert results[0] == results[2] == 20_000
    # the small budget is a floor, not a ceiling, while a bigger one runs alongside
    assert all(r in (20_000, TrapCode.STACK_OVERFLOW) for r in results[1::2])
