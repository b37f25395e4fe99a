"""Traps carry wasmtime's message, trap code and a wasm backtrace."""

import pytest

from wasmlite.runtime import Trap, TrapCode

WAT = """
(module $calc
  (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $outer (export "outer") (param i32) (result i32) (call $inner (local.get 0)))
  (func (export "boom") unreachable))
"""


def test_trap_codes_have_wasmtime_messages():
    assert Trap.of(TrapCode.INTEGER_DIVISION_BY_ZERO).message == "integer divide by zero"
    assert Trap.of(TrapCode.MEMORY_OUT_OF_BOUNDS).message == "out of bounds memory access"
    assert Trap.of(TrapCode.STACK_OVERFLOW).message == "call stack exhausted"
    assert "unreachable" in Trap.of(TrapCode.UNREACHABLE).message
    assert "undefined element" in Trap.of(TrapCode.TABLE_OUT_OF_BOUNDS).message
    assert "out of bounds table access" in Trap.of(TrapCode.TABLE_OUT_OF_BOUNDS).message


def test_trap_without_frames_prints_wasm_trap_prefix():
    assert str(Trap.of(TrapCode.INTEGER_OVERFLOW)) == "wasm trap: integer overflow"


def test_embedder_trap_prints_only_its_message():
    trap = Trap("custom failure")
    assert str(trap) == "custom failure"
    assert trap.trap_code is None
    assert trap.frames == []


def test_backtrace_names_functions_innermost_first(instance):
    inst = instance(WAT)
    with pytest.raises(Trap) as info:
        inst.exports["outer"].call(0)
    trap = info.value
    assert trap.trap_code is TrapCode.INTEGER_DIVISION_BY_ZERO
    assert [(f.func_index, f.func_name, f.module_name) for f in trap.frames] == [
        (0, "inner", "calc"), (1, "outer", "calc")]
    text = str(trap)
    assert text.startswith("error while executing at wasm backtrace:\n")
    assert "calc!inner" in text and "calc!outer" in text
    assert text.endswith("Caused by:\n    wasm trap: integer divide by zero\n")


def test_unnamed_function_is_shown_by_index(instance):
    inst = instance(WAT)
    with pytest.raises(Trap) as info:
        inst.exports["boom"].call()
    assert info.value.trap_code is TrapCode.UNREACHABLE
    assert "calc!<wasm function 2>" in str(info.value)
