"""The exit status of ``wasmlite``: the program's code, 134 for traps, 1 for errors."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from wasmlite.cli import TRAP_EXIT_STATUS

from .programs import HELLO, TRAP, UNKNOWN_IMPORT, SPIN, exit_program


def test_program_that_returns_exits_with_zero(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite(wat_file(HELLO))
    assert (run.status, run.stdout, run.stderr) == (0, "hello, world\n", "")


@pytest.mark.parametrize("code", [0, 1, 42, 125])
def test_proc_exit_code_becomes_the_exit_status(wasmlite: Callable, wat_file: Callable,
                                                code: int) -> None:
    run = wasmlite("run", wat_file(exit_program(code)))
    assert (run.status, run.stderr) == (code, "")


def test_exit_codes_from_126_are_errors(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite(wat_file(exit_program(200)))
    assert run.status == 1
    assert "exit with invalid exit status outside of [0..126)" in run.stderr


def test_trap_prints_message_and_backtrace(wasmlite: Callable, wat_file: Callable) -> None:
    path = wat_file(TRAP)
    run = wasmlite(path)
    assert run.status == TRAP_EXIT_STATUS == 134
    assert run.stderr.startswith(f"Error: failed to run main module `{path}`")
    assert "unreachable" in run.stderr
    assert "explode" in run.stderr and "middle" in run.stderr
    assert "Traceback" not in run.stderr


def test_fuel_exhaustion_is_a_trap(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("run", "--fuel", "10000", wat_file(SPIN))
    assert run.status == TRAP_EXIT_STATUS
    assert "fuel" in run.stderr


def _one_line_error(run: object) -> str:
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_missing_file_is_one_line(wasmlite: Callable, tmp_path: Path) -> None:
    run = wasmlite(tmp_path / "absent.wasm")
    assert run.status == 1
    assert "absent.wasm" in _one_line_error(run)


def test_malformed_binary_is_one_line(wasmlite: Callable, tmp_path: Path) -> None:
    path = tmp_path / "bad.wasm"
    path.write_bytes(b"\0asm\x01\0\0\0\x01\xff")
    run = wasmlite(path)
    assert run.status == 1
    assert "failed to compile" in _one_line_error(run)


def test_invalid_text_is_one_line(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite(wat_file("(module (func (result i32)))"))
    assert run.status == 1
    assert "failed to compile" in _one_line_error(run)


def test_unknown_import_is_one_line(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite(wat_file(UNKNOWN_IMPORT))
    assert run.status == 1
    line = _one_line_error(run)
    assert "failed to instantiate" in line and "missing" in line


def test_missing_module_argument_is_a_usage_error(wasmlite: Callable) -> None:
    run = wasmlite("run")
    assert run.status == 2
    assert "FILE" in run.stderr and "usage:" in run.stderr


def test_bad_option_is_a_usage_error(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("--fuel", "lots", wat_file(HELLO))
    assert run.status == 2
    assert "--fuel" in run.stderr
