"""Modules without ``_start``: ``_initialize`` runs first, then the ``""`` export,
as the wasmtime command line runs them (checked against Wasmtime 49)."""

from __future__ import annotations

from typing import Callable

_SAY = """
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "init\\n")
  (data (i32.const 32) "main\\n")
  (data (i32.const 48) "strt\\n")
  (func $say (param i32)
    (i32.store (i32.const 0) (local.get 0))
    (i32.store (i32.const 4) (i32.const 5))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
"""

INITIALIZE = '(func (export "_initialize") (call $say (i32.const 16)))'
DEFAULT = '(func (export "") (call $say (i32.const 32)))'
START = '(func (export "_start") (call $say (i32.const 48)))'


def _module(*funcs: str) -> str:
    return "(module" + _SAY + "\n  ".join(funcs) + ")"


def test_initialize_then_the_default_export(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("run", wat_file(_module(INITIALIZE, DEFAULT)))
    assert (run.status, run.stdout, run.stderr) == (0, "init\nmain\n", "")


def test_initialize_alone_is_called(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("run", wat_file(_module(INITIALIZE)))
    assert (run.status, run.stdout) == (0, "init\n")


def test_default_export_alone(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("run", wat_file(_module(DEFAULT)))
    assert (run.status, run.stdout) == (0, "main\n")


def test_default_export_is_chosen_over_start(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("run", wat_file(_module(START, INITIALIZE, DEFAULT)))
    assert (run.status, run.stdout) == (0, "init\nmain\n")


def test_initialize_runs_before_start(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("run", wat_file(_module(START, INITIALIZE)))
    assert (run.status, run.stdout) == (0, "init\nstrt\n")


def test_initialize_runs_before_an_invoked_export(wasmlite: Callable,
                                                  wat_file: Callable) -> None:
    run = wasmlite("run", "--invoke", "", wat_file(_module(INITIALIZE, DEFAULT)))
    assert (run.status, run.stdout) == (0, "init\nmain\n")


def test_default_export_results_are_printed(wasmlite: Callable, wat_file: Callable) -> None:
    path = wat_file('(module (func (export "_initialize")) '
                    '(func (export "") (result i32 f64) (i32.const 7) (f64.const 2.5)))')
    run = wasmlite("run", path)
    assert (run.status, run.stdout) == (0, "7\n2.5\n")
    assert "returns values is experimental" in run.stderr


def test_default_export_takes_the_arguments(wasmlite: Callable, wat_file: Callable) -> None:
    path = wat_file('(module (func (export "") (param i32) (result i32) (local.get 0)))')
    run = wasmlite("run", path, "5")
    assert (run.status, run.stdout) == (0, "5\n")
    run = wasmlite("run", path)
    assert run.status == 1 and "command default takes 1 argument(s)" in run.stderr


def test_a_default_export_that_is_not_a_function_is_ignored(wasmlite: Callable,
                                                            wat_file: Callable) -> None:
    run = wasmlite("run", wat_file('(module (func (export "_initialize")) '
                                   '(memory (export "") 1))'))
    assert (run.status, run.stdout, run.stderr) == (0, "", "")


def test_traps(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("run", wat_file('(module (func (export "_initialize") unreachable) '
                                   '(func (export "")))'))
    assert run.status == 134
    assert "failed to invoke" not in run.stderr and "unreachable" in run.stderr
    run = wasmlite("run", wat_file('(module (func (export "") unreachable))'))
    assert run.status == 134 and "0: failed to invoke command default" in run.stderr
