"""Scripts are read by wasmlite's own WAST parser into the driver's commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from testsuite_scripts import SpecFile, exclusion_reason, superseded
from wasmlite.binary import decode_module
from wasmlite.text import ParseError

from . import script as s
from .backend import load_backend
from .runner import run_file
from .script_reader import read_script

SCRIPT = """\
(module $m (func (export "f") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0))))
(register "m" $m)
(assert_return (invoke $m "f" (f32.const -0)) (i32.const 0x80000000))
(assert_malformed (module quote "(func") "unexpected token")
(assert_invalid (module (func (result i32))) "type mismatch")
(module binary "\\00asm" "\\01\\00\\00\\00")
"""

RESULTS = """\
(assert_return (invoke "f" (i32.const -1) (ref.null func) (ref.extern 3))
  (f32.const nan:canonical) (f64.const nan:arithmetic) (i64.const -1)
  (ref.null) (ref.null extern) (ref.extern) (ref.extern 7) (ref.host 2) (ref.func) (ref.i31)
  (v128.const i16x8 -1 0 1 2 3 4 5 6) (v128.const f32x4 nan:canonical 1 -0 0)
  (either (i32.const 1) (i32.const 2)))
"""


@pytest.fixture
def wast_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.wast"
    path.write_text(SCRIPT)
    return path


def test_commands_keep_names_values_and_module_forms(wast_file: Path) -> None:
    module, register, assert_return, malformed, invalid, binary = read_script(
        wast_file, "sample").commands
    assert isinstance(module, s.Module) and module.name == "m" and module.line == 1
    assert module.source.form == "text" and module.source.error is None
    assert len(decode_module(module.source.binary).funcs) == 1
    assert register == s.Register(2, "m", "m")
    assert assert_return == s.AssertReturn(
        3, s.Invoke("m", "f", (s.Num("f32", 0x8000_0000),)), (s.Num("i32", 0x8000_0000),))
    assert isinstance(malformed, s.AssertModule) and malformed.kind == "malformed"
    assert malformed.source.form == "quote" and malformed.source.binary is None
    assert isinstance(malformed.source.error, ParseError)
    assert isinstance(invalid, s.AssertModule) and invalid.text == "type mismatch"
    assert invalid.source.binary is not None and invalid.source.text
    assert binary.source == s.ModuleSource(b"\0asm\1\0\0\0", "binary")


def test_values_become_bit_patterns_and_patterns(tmp_path: Path) -> None:
    path = tmp_path / "values.wast"
    path.write_text(RESULTS)
    (command,) = read_script(path, "values").commands
    assert command.action.args == (s.Num("i32", 0xFFFF_FFFF), s.RefNull("func"), s.RefExtern(3))
    assert command.expected == (
        s.NanPattern("f32", "canonical"), s.NanPattern("f64", "arithmetic"),
        s.Num("i64", 0xFFFF_FFFF_FFFF_FFFF),
        s.RefNull(None), s.RefNull("extern"), s.RefExtern(None), s.RefExtern(7), s.RefHost(2),
        s.RefNonNull("func"), s.RefNonNull("i31"),
        s.V128("i16", (s.Num("i16", 0xFFFF),) + tuple(s.Num("i16", n) for n in range(7))),
        s.V128("f32", (s.NanPattern("f32", "canonical"), s.Num("f32", 0x3F80_0000),
                       s.Num("f32", 0x8000_0000), s.Num("f32", 0))),
        s.Either((s.Num("i32", 1), s.Num("i32", 2))),
    )


def test_a_script_the_parser_rejects_is_one_failure(wast_file: Path) -> None:
    wast_file.write_text("(module (func)) (no_such_command)\n")
    pytest.importorskip("wasmtime")
    report = run_file(SpecFile("sample", wast_file, None), load_backend("wasmtime"))
    assert (report.passed, report.failed) == (0, 1)
    assert report.failures[0].reason.startswith("cannot read the script: 1:")


@pytest.mark.parametrize("name, reason", [
    ("i32", None), ("type", None), ("simd_lane", "SIMD"), ("i8x16_relaxed_swizzle", "relaxed SIMD"),
    ("type-rec", "GC"), ("throw_ref", "exception handling"),
    ("proposals/threads/atomic", "proposal threads"), ("legacy/throw", "legacy exception handling"),
    ("custom/name_annot", "not a top-level script (custom/)"),
])
def test_scope_of_scripts(name: str, reason: str | None) -> None:
    assert exclusion_reason(name) == reason


def test_only_the_threads_snapshot_has_superseded_expectations() -> None:
    assert superseded("proposals/threads/imports", "assert_invalid", "multiple memories")
    assert superseded("imports", "assert_invalid", "multiple memories") is None
    assert superseded("proposals/threads/imports", "assert_invalid", "type mismatch") is None
