"""Atomic memory instructions (threads proposal) on a single thread."""

import pytest

from wasmlite.runtime import Trap, TrapCode

WAT = """
(module (memory 1 1 shared)
  (func (export "add") (param i32 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "cas") (param i32 i32 i32) (result i32)
    (i32.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.atomic.store8 (local.get 0) (local.get 1)))
  (func (export "wait") (param i32 i32) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (i64.const 1000)))
  (func (export "notify") (param i32) (result i32) (memory.atomic.notify (local.get 0) (i32.const 1))))
"""


def test_read_modify_write_returns_the_old_value(instance):
    inst = instance(WAT)
    assert inst.exports["add"].call(8, 5) == 0
    assert inst.exports["add"].call(8, 0xFFFFFFFF) == 5
    assert inst.exports["load"].call(8) == 4


def test_compare_exchange(instance):
    inst = instance(WAT)
    assert inst.exports["cas"].call(0, 1, 9) == 0
    assert inst.exports["load"].call(0) == 0
    assert inst.exports["cas"].call(0, 0, 9) == 0
    assert inst.exports["load"].call(0) == 9


def test_unaligned_access_traps(instance):
    with pytest.raises(Trap) as info:
        instance(WAT).exports["load"].call(2)
    assert info.value.trap_code is TrapCode.HEAP_MISALIGNED
    assert info.value.message == "unaligned atomic"


def test_narrow_store_and_bounds(instance):
    inst = instance(WAT)
    inst.exports["store8"].call(65535, 0x1FF)
    with pytest.raises(Trap) as info:
        inst.exports["load"].call(65536)
    assert info.value.trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS


def test_wait_returns_not_equal_or_timed_out(instance):
    inst = instance(WAT)
    assert inst.exports["wait"].call(0, 1) == 1
    assert inst.exports["wait"].call(0, 0) == 2
    assert inst.exports["notify"].call(0) == 0
