"""``--invoke 'name(args)'`` on a component: WAVE arguments, the result in WAVE.

The expected lines are what ``wasmtime run --invoke`` (the Wasmtime 49 command
line) prints for the same component and calls. When a ``wasmtime`` command is
on the PATH (or named by ``WASMLITE_WASMTIME_CLI``), one test also runs every
call through it and compares the output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from wasmlite.component.text import component_wat2wasm

# export name, component type of its one parameter and result, the core parameters,
# and where the core function stores them for the result (None: returned as is)
_ECHOES: list[tuple[str, str, list[str], list[tuple[str, int]] | None]] = [
    ("echo-bool", "bool", ["i32"], None),
    ("echo-s8", "s8", ["i32"], None),
    ("echo-u64", "u64", ["i64"], None),
    ("echo-s64", "s64", ["i64"], None),
    ("echo-f32", "f32", ["f32"], None),
    ("echo-f64", "f64", ["f64"], None),
    ("echo-char", "char", ["i32"], None),
    ("echo-string", "string", ["i32", "i32"], [("i32", 0), ("i32", 4)]),
    ("echo-list", "(list s16)", ["i32", "i32"], [("i32", 0), ("i32", 4)]),
    ("echo-record", "$rec", ["i32", "i32", "i32"], [("i32", 0), ("i32", 4), ("i32", 8)]),
    ("echo-option", "(option u32)", ["i32", "i32"], [("i32", 0), ("i32", 4)]),
    ("echo-result", "(result string (error u8))", ["i32", "i32", "i32"],
     [("i32", 0), ("i32", 4), ("i32", 8)]),
    ("echo-variant", "$var", ["i32", "i32", "i32"], [("i32", 0), ("i32", 4), ("i32", 8)]),
    ("echo-enum", "$enm", ["i32"], None),
    ("echo-flags", "$flg", ["i32"], None),
    ("echo-tuple", "(tuple u8 s64)", ["i32", "i64"], [("i32", 0), ("i64", 8)]),
    ("echo-nested", "(option (option u8))", ["i32", "i32", "i32"],
     [("i8", 0), ("i8", 1), ("i8", 2)]),
    ("echo-unit-result", "(result)", ["i32"], None),
]


def _echo_component() -> str:
    """Component text whose ``echo-*`` exports return their argument."""
    core, lifted = [], []
    for name, ty, params, stores in _ECHOES:
        declared = " ".join(f"(param {p})" for p in params)
        if stores is None:
            core.append(f'(func (export "{name}") {declared} (result {params[0]}) (local.get 0))')
        else:
            body = " ".join(
                f"(i32.const {1024 + offset}) (local.get {i}) "
                f"({'i32.store8' if kind == 'i8' else kind + '.store'})"
                for i, (kind, offset) in enumerate(stores))
            core.append(f'(func (export "{name}") {declared} (result i32) {body} '
                        "(i32.const 1024))")
        lifted.append(f'(func (export "{name}") (param "x" {ty}) (result {ty}) '
                      f'(canon lift (core func $i "{name}") (memory $mem) (realloc $realloc)))')
    return f"""(component
  (core module $m
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func (export "nothing"))
    (func (export "pair") (param i32 f64) (result i32)
      (i32.store (i32.const 1024) (local.get 0))
      (f64.store (i32.const 1032) (local.get 1))
      (i32.const 1024))
    (func (export "fail") unreachable)
    {chr(10).join(core)})
  (core instance $i (instantiate $m))
  (alias core export $i "memory" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (type $rec' (record (field "a" u8) (field "b" string)))
  (type $var' (variant (case "empty") (case "days" u32) (case "name" string)))
  (type $enm' (enum "north" "south" "ok"))
  (type $flg' (flags "read" "write" "exec"))
  (export $rec "rec" (type $rec'))
  (export $var "var" (type $var'))
  (export $enm "enm" (type $enm'))
  (export $flg "flg" (type $flg'))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add")))
  (func (export "nothing") (canon lift (core func $i "nothing")))
  (func (export "fail") (canon lift (core func $i "fail")))
  (func (export "pair") (param "a" u32) (param "b" f64) (result (tuple u32 f64))
    (canon lift (core func $i "pair") (memory $mem)))
  {chr(10).join(lifted)})
"""


# the call and what Wasmtime prints for it
CALLS: list[tuple[str, str]] = [
    ("add(1, 2)", "3"),
    ("add(1,2) // a comment", "3"),
    ("nothing()", "()"),
    ("pair(7, 2.5)", "(7, 2.5)"),
    ("echo-bool(true)", "true"),
    ("echo-s8(-5)", "-5"),
    ("echo-u64(18446744073709551615)", "18446744073709551615"),
    ("echo-s64(-9223372036854775808)", "-9223372036854775808"),
    ("echo-f32(1.5)", "1.5"),
    ("echo-f32(0.1)", "0.1"),
    ("echo-f32(123456789)", "123456790"),
    ("echo-f32(3.4028235e38)", "340282350000000000000000000000000000000"),
    ("echo-f32(-0.0)", "-0"),
    ("echo-f32(nan)", "nan"),
    ("echo-f64(1e20)", "100000000000000000000"),
    ("echo-f64(1e-7)", "0.0000001"),
    ("echo-f64(1E3)", "1000"),
    ("echo-f64(1e400)", "inf"),
    ("echo-f64(-inf)", "-inf"),
    ("echo-char('x')", "'x'"),
    ("echo-char('\\'')", "'\\''"),
    ("echo-char('\"')", "'\\\"'"),
    ("echo-char('\\u{7}')", "'\\u{7}'"),
    ("echo-char('\\u{1F44B}')", "'\U0001F44B'"),
    ('echo-string("abc\\t\\"q\\" \\\\ \\u{7f} \\u{0} é ☃ \\n \\r")',
     '"abc\\t\\"q\\" \\\\ \\u{7f} \\u{0} é ☃ \\n \\r"'),
    ("echo-string(\"x'y\")", '"x\\\'y"'),
    ('echo-string("\\u{200b}\\u{feff}\\u{85}\\u{a0}\\u{2028}")',
     '"\\u{200b}\\u{feff}\\u{85}\\u{a0}\\u{2028}"'),
    ("echo-list([1, -2, 3])", "[1, -2, 3]"),
    ("echo-list([])", "[]"),
    ('echo-record({b: "x", a: 1,})', '{a: 1, b: "x"}'),
    ("echo-option(some(5))", "some(5)"),
    ("echo-option(5)", "some(5)"),
    ("echo-option(none)", "none"),
    ('echo-result("flat")', 'ok("flat")'),
    ("echo-result(err(3))", "err(3)"),
    ("echo-variant(empty)", "empty"),
    ("echo-variant(days(30))", "days(30)"),
    ('echo-variant(name("n"))', 'name("n")'),
    ("echo-enum(south)", "south"),
    ("echo-enum(%ok)", "%ok"),
    ("echo-flags({exec, read})", "{read, exec}"),
    ("echo-flags({})", "{}"),
    ("echo-tuple((1, -2))", "(1, -2)"),
    ("echo-nested(some(none))", "some(none)"),
    ("echo-nested(some(some(3)))", "some(some(3))"),
    ("echo-nested(none)", "none"),
    ("echo-unit-result(ok)", "ok"),
    ("echo-unit-result(err)", "err"),
]


@pytest.fixture(scope="module")
def echo_wasm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The echo component as a binary file."""
    path = tmp_path_factory.mktemp("wave") / "echo.wasm"
    path.write_bytes(component_wat2wasm(_echo_component()))
    return path


@pytest.mark.parametrize("call, printed", CALLS, ids=[call for call, _ in CALLS])
def test_result_is_printed_in_wave(wasmlite: Callable, echo_wasm: Path, call: str,
                                   printed: str) -> None:
    run = wasmlite("run", "--invoke", call, echo_wasm)
    assert (run.status, run.stdout, run.stderr) == (0, printed + "\n", "")


@pytest.mark.parametrize("call, message", [
    ("add(-1, 2)", "while interpreting parameters in invoke 'add(-1, 2)': expected u32 "
                   "(from 0 to 4294967295), found `-1` at 4..6"),
    ("add(1)", "expected 2 argument(s) (u32, u32), found 1 at 5..5"),
    ("echo-enum(west)", "expected a case of enum { north, south, ok }, found `west` at 10..14"),
    ("echo-record({a: 1})", "missing field `b` of record { a: u8, b: string } at 12..18"),
    ("add", "failed to parse invoke 'add': expected a call `name(arg, ...)`, found `add`"),
    ("missing()", "no exported func named `missing` in component"),
])
def test_bad_calls_are_reported(wasmlite: Callable, echo_wasm: Path, call: str,
                                message: str) -> None:
    run = wasmlite("run", "--invoke", call, echo_wasm)
    assert run.status == 1 and run.stdout == ""
    assert run.stderr.startswith(f"Error: failed to run main module `{echo_wasm}`")
    assert message in run.stderr


@pytest.mark.parametrize("prefix", ["", ";; the echo component\n(; as text ;)\n"])
def test_component_text_runs_as_its_binary_does(wasmlite: Callable, tmp_path: Path,
                                                prefix: str) -> None:
    text = tmp_path / "echo.wat"
    text.write_text(prefix + _echo_component())
    run = wasmlite("run", "--invoke", "echo-string(\"text\")", text)
    assert (run.status, run.stdout, run.stderr) == (0, '"text"\n', "")


def test_trap_in_the_called_export(wasmlite: Callable, echo_wasm: Path) -> None:
    run = wasmlite("run", "--invoke", "fail()", echo_wasm)
    assert run.status == 134
    assert "failed to invoke `fail()`" in run.stderr and "unreachable" in run.stderr


def _wasmtime_cli() -> str | None:
    return os.environ.get("WASMLITE_WASMTIME_CLI") or shutil.which("wasmtime")


def test_output_matches_the_wasmtime_command_line(echo_wasm: Path) -> None:
    cli = _wasmtime_cli()
    if cli is None:
        pytest.skip("no wasmtime command line (set WASMLITE_WASMTIME_CLI to one)")
    version = subprocess.run([cli, "--version"], capture_output=True, text=True)
    if version.returncode != 0 or not version.stdout.startswith("wasmtime"):
        pytest.skip(f"`{cli}` is not the wasmtime command line")
    for call, printed in CALLS:
        run = subprocess.run([cli, "run", "--invoke", call, str(echo_wasm)],
                             capture_output=True, text=True, timeout=60)
        assert (call, run.stdout) == (call, printed + "\n")
