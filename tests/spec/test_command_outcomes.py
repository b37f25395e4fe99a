"""The driver counts each command as passed, failed or skipped, never wrongly passed.

These run small scripts on wasmtime-py (the reference runtime of the dev
environment), so they check the driver itself, not wasmlite.
"""

from __future__ import annotations

import time

import pytest

from wasmlite.errors import NotSupportedError
from wasmlite.text import ParseError

from . import script as s
from .backend import load_backend
from .runner import FileReport, ScriptRun, message_matches

wasmtime = pytest.importorskip("wasmtime")

ADD = s.ModuleSource(wasmtime.wat2wasm("""
    (module
      (func (export "host") (import "host" "wait"))
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "trap") unreachable))
"""))


def _run(*commands: s.Command, command_timeout: float = 30.0) -> FileReport:
    run = ScriptRun(load_backend("wasmtime"), command_timeout, file_timeout=60.0)
    wait = wasmtime.Func(run.store, wasmtime.FuncType([], []), lambda: time.sleep(5))
    run.linker.define(run.store, "host", "wait", wait)
    report = FileReport("synthetic", None)
    run.run(s.Script("synthetic", commands), report)
    return report


def _add(a: int, b: int) -> s.Invoke:
    return s.Invoke(None, "add", (s.Num("i32", a), s.Num("i32", b)))


def test_a_right_result_passes_and_a_wrong_one_fails_with_both_values() -> None:
    report = _run(s.Module(1, None, ADD),
                  s.AssertReturn(2, _add(2, 3), (s.Num("i32", 5),)),
                  s.AssertReturn(3, _add(2, 3), (s.Num("i32", 6),)))
    assert (report.passed, report.failed, report.skipped) == (2, 1, 0)
    assert report.failures[0].line == 3
    assert "expected i32:6" in report.failures[0].reason and "got 5" in report.failures[0].reason


def test_assert_trap_needs_a_trap() -> None:
    report = _run(s.Module(1, None, ADD),
                  s.AssertTrap(2, s.Invoke(None, "trap", ()), "unreachable"),
                  s.AssertTrap(3, _add(1, 1), "unreachable"))
    assert (report.passed, report.failed) == (2, 1)
    assert "returned" in report.failures[0].reason


def test_a_text_assert_malformed_passes_only_when_the_parser_rejected_the_module() -> None:
    rejected = s.ModuleSource(None, "quote", ParseError("unexpected token", 1, 7, ")"))
    accepted = s.ModuleSource(ADD.binary, "quote")
    unsupported = s.ModuleSource(None, "text", NotSupportedError("exact reference types"))
    report = _run(s.AssertModule(1, "malformed", rejected, "unexpected token"),
                  s.AssertModule(2, "malformed", accepted, "unexpected token"),
                  s.AssertModule(3, "malformed", unsupported, "unexpected token"))
    assert (report.passed, report.failed, report.skipped) == (1, 2, 0)
    assert "accepted the module" in report.failures[0].reason
    assert "NotSupportedError" in report.failures[1].reason


def test_a_text_module_the_parser_rejected_fails_with_its_error() -> None:
    rejected = s.ModuleSource(None, "text", ParseError("unknown operator", 2, 3, "i32.nop"))
    report = _run(s.Module(1, None, rejected), s.AssertReturn(2, _add(1, 1), (s.Num("i32", 2),)))
    assert (report.passed, report.failed) == (0, 2)
    assert "text parser rejected the module: ParseError: 2:3: unknown operator" in report.failures[0].reason
    assert "depends on a module that did not load" in report.failures[1].reason


def test_a_module_that_loads_counts_as_failed_for_assert_malformed() -> None:
    report = _run(s.AssertModule(1, "malformed", ADD, "unexpected end"))
    assert report.failed == 1 and "module validated" in report.failures[0].reason


def test_commands_after_a_module_that_did_not_load_fail() -> None:
    broken = s.ModuleSource(b"\0asm\1\0\0\0\xff")
    report = _run(s.Module(1, None, ADD),
                  s.Module(2, None, broken),
                  s.AssertReturn(3, _add(1, 1), (s.Num("i32", 2),)))
    assert (report.passed, report.failed) == (1, 2)
    assert "depends on a module that did not load" in report.failures[1].reason


def test_a_command_past_its_time_limit_fails_as_timeout() -> None:
    report = _run(s.Module(1, None, ADD),
                  s.PerformAction(2, s.Invoke(None, "host", ())),
                  s.AssertReturn(3, _add(1, 1), (s.Num("i32", 2),)),
                  command_timeout=0.2)
    assert (report.passed, report.failed) == (2, 1)
    assert report.failures[0].reason.startswith("timeout")


def test_registered_modules_can_be_imported() -> None:
    importer = s.ModuleSource(wasmtime.wat2wasm("""
        (module (import "m" "add" (func $add (param i32 i32) (result i32)))
          (func (export "twice") (param i32) (result i32) (call $add (local.get 0) (local.get 0))))
    """))
    report = _run(s.Module(1, "$m", ADD), s.Register(2, "m", "$m"), s.Module(3, None, importer),
                  s.AssertReturn(4, s.Invoke(None, "twice", (s.Num("i32", 21),)), (s.Num("i32", 42),)),
                  s.AssertReturn(5, s.Invoke("$m", "add", (s.Num("i32", 1), s.Num("i32", 2))),
                                 (s.Num("i32", 3),)))
    assert (report.passed, report.failed) == (5, 0)


def test_messages_match_by_containment_or_a_trailing_detail() -> None:
    assert message_matches("wasm trap: integer divide by zero", "integer divide by zero")
    assert message_matches("uninitialized element", "uninitialized element 2")
    assert not message_matches("uninitialized", "uninitialized element 2")
    assert not message_matches("", "unreachable")
    assert not message_matches("out of bounds memory access", "out of bounds table access")
