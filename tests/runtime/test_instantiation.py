"""Instantiation: import checks, initialisers, segments and the start function."""

import pytest

from wasmlite import ir
from wasmlite.errors import LinkError
from wasmlite.runtime import (GlobalInstance, HostFunction, MemoryInstance, TableInstance, Trap,
                              TrapCode)


def test_import_count_must_match(instance):
    with pytest.raises(LinkError, match="expected 1 imports, found 0"):
        instance('(module (import "m" "f" (func)))')


def test_function_import_type_mismatch_names_both_types(instance):
    host = HostFunction(ir.FuncType(("i32",), ()), lambda x: None)
    with pytest.raises(LinkError) as info:
        instance('(module (import "m" "f" (func (param i64))))', [host])
    assert str(info.value) == (
        "incompatible import type for `m::f`\n\nCaused by:\n    types incompatible: "
        "expected type `(func (param i64))`, found type `(func (param i32))`\n")


def test_import_of_the_wrong_kind(instance):
    glob = GlobalInstance(ir.GlobalType("i32", False), 1)
    with pytest.raises(LinkError, match="expected func, but found global"):
        instance('(module (import "m" "f" (func)))', [glob])


def test_global_mutability_must_match(instance):
    glob = GlobalInstance(ir.GlobalType("i32", False), 1)
    with pytest.raises(LinkError, match="expected mutable global, found immutable global"):
        instance('(module (import "m" "g" (global (mut i32))))', [glob])


def test_memory_import_uses_its_current_size(instance):
    mem = MemoryInstance(ir.MemType(ir.Limits(1, 4)))
    with pytest.raises(LinkError, match=r"expected memory limits \(min: 2, max: none\)"):
        instance('(module (import "m" "mem" (memory 2)))', [mem])
    mem.grow(1)
    inst = instance('(module (import "m" "mem" (memory 2)))', [mem])
    assert inst.mems[0] is mem


def test_globals_evaluate_extended_constant_expressions(instance):
    glob = GlobalInstance(ir.GlobalType("i32", False), 40)
    inst = instance("""(module (import "m" "g" (global i32))
        (global (export "a") i32 (i32.add (global.get 0) (i32.const 2)))
        (global (export "b") i64 (i64.mul (i64.const -3) (i64.const 5))))""", [glob])
    assert inst.exports["a"].value == 42
    assert inst.exports["b"].value == (-15) & 0xFFFFFFFFFFFFFFFF


def test_active_segments_before_a_failing_one_stay_applied(instance):
    mem = MemoryInstance(ir.MemType(ir.Limits(1)))
    with pytest.raises(Trap) as info:
        instance("""(module (import "m" "mem" (memory 1))
            (data (i32.const 0) "ok")
            (data (i32.const 65535) "no"))""", [mem])
    assert info.value.trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS
    assert mem.read(0, 2) == b"ok"


def test_element_segment_out_of_bounds_traps(instance):
    table = TableInstance(ir.TableType(ir.FUNCREF, ir.Limits(1)))
    with pytest.raises(Trap) as info:
        instance("""(module (import "m" "t" (table 1 funcref)) (func $f)
            (elem (i32.const 0) $f) (elem (i32.const 1) $f))""", [table])
    assert info.value.trap_code is TrapCode.TABLE_OUT_OF_BOUNDS
    assert table.elements[0] is not None


def test_declarative_and_active_segments_are_dropped(instance):
    inst = instance("""(module (table 2 funcref) (func $f)
        (elem (i32.const 0) $f) (elem declare func $f) (elem $p func $f))""")
    assert [len(e.elements) for e in inst.elems] == [0, 0, 1]


def test_start_function_runs_during_instantiation(instance):
    calls = []
    host = HostFunction(ir.FuncType(("i32",), ()), calls.append)
    instance("""(module (import "m" "log" (func $log (param i32)))
        (func $start (call $log (i32.const 7))) (start $start))""", [host])
    assert calls == [7]


def test_store_keeps_every_instance(instance, store):
    instance("(module)")
    instance("(module)")
    assert len(store.instances) == 2
