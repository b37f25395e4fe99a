"""Store controls: fuel, epoch deadlines, resource limits and call hooks."""

import pytest

from .api_helpers import wat
from wasmlite import (CallHook, Config, Engine, Func, FuncType, Instance, Module, Store, Trap, TrapCode,
                      WasmtimeError)

# A loop long enough to outlast any fuel or epoch budget used here, yet finite, so that
# a missing interruption shows as a failure rather than a hang.
LOOP = wat('(module (func (export "spin") (param i32) '
           '(loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0)))')
SPIN = 1_000_000


def test_fuel_needs_configuration():
    store = Store(Engine())
    with pytest.raises(WasmtimeError, match="fuel is not configured in this store"):
        store.set_fuel(10)
    with pytest.raises(WasmtimeError, match="fuel is not configured in this store"):
        store.get_fuel()


def test_fuel_is_set_and_read():
    config = Config()
    config.consume_fuel = True
    store = Store(Engine(config))
    assert store.get_fuel() == 0
    store.set_fuel(1000)
    assert store.get_fuel() == 1000


def test_running_out_of_fuel_traps():
    config = Config()
    config.consume_fuel = True
    engine = Engine(config)
    store = Store(engine)
    store.set_fuel(10_000)
    with pytest.raises(Trap) as info:
        Instance(store, Module(engine, LOOP), []).exports(store)["spin"](store, SPIN)
    assert info.value.trap_code == TrapCode.OUT_OF_FUEL
    assert store.get_fuel() == 0


def test_epoch_deadline_interrupts():
    config = Config()
    config.epoch_interruption = True
    engine = Engine(config)
    store = Store(engine)
    spin = Instance(store, Module(engine, LOOP), []).exports(store)["spin"]
    with pytest.raises(Trap) as info:
        spin(store, SPIN)
    assert info.value.trap_code == TrapCode.INTERRUPT


def test_epoch_increment_from_host_interrupts_running_code():
    config = Config()
    config.epoch_interruption = True
    engine = Engine(config)
    store = Store(engine)
    store.set_epoch_deadline(1)
    module = Module(engine, wat('(module (import "" "tick" (func)) (func (export "spin") (param i32) '
                                '(loop call 0 local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0)))'))
    ticks = []

    def tick():
        ticks.append(1)
        if len(ticks) == 50:
            engine.increment_epoch()
    spin = Instance(store, module, [Func(store, FuncType([], []), tick)]).exports(store)["spin"]
    with pytest.raises(Trap) as info:
        spin(store, 1000)
    assert info.value.trap_code == TrapCode.INTERRUPT
    assert len(ticks) == 50


def test_instance_limit():
    engine = Engine()
    store = Store(engine)
    store.set_limits(instances=1)
    module = Module(engine, wat("(module)"))
    Instance(store, module, [])
    with pytest.raises(WasmtimeError, match="resource limit exceeded: instance count too high at 2"):
        Instance(store, module, [])


def test_memory_size_limit_caps_memory_grow():
    engine = Engine()
    store = Store(engine)
    store.set_limits(memory_size=2 * 65536)
    module = Module(engine, wat('(module (memory 1) (func (export "grow") (param i32) (result i32) '
                                'local.get 0 memory.grow))'))
    grow = Instance(store, module, []).exports(store)["grow"]
    assert grow(store, 1) == 1
    assert grow(store, 1) == -1


def test_call_hooks_see_every_transition():
    engine = Engine()
    store = Store(engine)
    events = []
    store.call_hook(lambda s, kind: events.append(kind))
    module = Module(engine, wat('(module (import "" "h" (func)) (func (export "run") call 0))'))
    run = Instance(store, module, [Func(store, FuncType([], []), lambda: events.append("host"))]).exports(store)["run"]
    run(store)
    assert events == [CallHook.CALLING_WASM, CallHook.CALLING_HOST, "host",
                      CallHook.RETURNING_FROM_HOST, CallHook.RETURNING_FROM_WASM]
    store.call_hook(None)
    events.clear()
    run(store)
    assert events == ["host"]


def test_call_hook_exception_aborts_the_call():
    engine = Engine()
    store = Store(engine)
    module = Module(engine, wat('(module (import "" "h" (func)) (func (export "run") call 0))'))
    called = []
    run = Instance(store, module, [Func(store, FuncType([], []), lambda: called.append(1))]).exports(store)["run"]
    error = RuntimeError("no host calls")

    def hook(s, kind):
        if kind == CallHook.CALLING_HOST:
            raise error
    store.call_hook(hook)
    with pytest.raises(RuntimeError) as info:
        run(store)
    assert info.value is error
    assert called == []


def test_table_and_memory_count_limits():
    engine = Engine()
    store = Store(engine)
    store.set_limits(tables=1, memories=0)
    with pytest.raises(WasmtimeError, match="resource limit exceeded: memory count too high at 1"):
        Instance(store, Module(engine, wat("(module (memory 1))")), [])
    Instance(store, Module(engine, wat("(module (table 1 funcref))")), [])
    with pytest.raises(WasmtimeError, match="resource limit exceeded: table count too high at 2"):
        Instance(store, Module(engine, wat("(module (table 1 funcref))")), [])


def test_table_elements_limit_caps_table_grow():
    engine = Engine()
    store = Store(engine)
    store.set_limits(table_elements=3)
    module = Module(engine, wat('(module (table 2 funcref) (func (export "grow") (param i32) (result i32) '
                                'ref.null func local.get 0 table.grow 0))'))
    grow = Instance(store, module, []).exports(store)["grow"]
    assert grow(store, 1) == 2
    assert grow(store, 1) == -1


def test_gc_is_accepted():
    assert Store().gc() is None
