"""Fuel metering and epoch interruption, when compiled in."""

import pytest

from wasmlite.compile.python import compile_module
from wasmlite.runtime import Trap, TrapCode, instantiate

from conftest import module_of

LOOP = """
(module (func (export "spin") (param i32)
  (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))
"""


def test_running_out_of_fuel_traps(store):
    inst = instantiate(compile_module(module_of(LOOP), fuel=True), [], store=store)
    store.fuel = 1000
    inst.exports["spin"].call(10)
    left = store.fuel
    assert 0 < left < 1000
    with pytest.raises(Trap) as info:
        inst.exports["spin"].call(1_000_000)
    assert info.value.trap_code is TrapCode.OUT_OF_FUEL


def test_epoch_deadline_interrupts(store):
    inst = instantiate(compile_module(module_of(LOOP), epoch=True), [], store=store)
    epoch = [0]
    store.epoch_source = lambda: epoch[0]
    store.epoch_deadline = 1
    inst.exports["spin"].call(100)
    epoch[0] = 1
    with pytest.raises(Trap) as info:
        inst.exports["spin"].call(100)
    assert info.value.trap_code is TrapCode.INTERRUPT


def test_code_without_metering_ignores_fuel(store):
    inst = instantiate(compile_module(module_of(LOOP)), [], store=store)
    store.fuel = 0
    inst.exports["spin"].call(100)
    assert store.fuel == 0
