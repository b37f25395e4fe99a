"""Scripts are read through wasm-tools into commands, cached, or reported unavailable."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import script as s
from . import wast_json
from .backend import load_backend
from .runner import run_file
from .testsuite import SpecFile, exclusion_reason

SCRIPT = """\
(module $m (func (export "f") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0))))
(register "m" $m)
(assert_return (invoke $m "f" (f32.const -0)) (i32.const 0x80000000))
(assert_malformed (module quote "(func") "unexpected token")
(assert_invalid (module (func (result i32))) "type mismatch")
"""


@pytest.fixture
def wast_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if wast_json.wasm_tools() is None:
        pytest.skip("wasm-tools not installed")
    monkeypatch.setattr(wast_json, "CACHE_DIR", tmp_path / "cache")
    path = tmp_path / "sample.wast"
    path.write_text(SCRIPT)
    return path


def test_commands_keep_names_values_and_module_forms(wast_file: Path) -> None:
    commands = wast_json.read_script(wast_file, "sample").commands
    module, register, assert_return, malformed, invalid = commands
    assert isinstance(module, s.Module) and module.name == "m" and module.line == 1
    assert module.source.binary is not None and module.source.binary.startswith(b"\0asm")
    assert register == s.Register(2, "m", "m")
    assert assert_return == s.AssertReturn(
        3, s.Invoke("m", "f", (s.Num("f32", 0x8000_0000),)), (s.Num("i32", 0x8000_0000),))
    assert isinstance(malformed, s.AssertModule) and malformed.kind == "malformed"
    assert malformed.source == s.ModuleSource(None, text=True)
    assert isinstance(invalid, s.AssertModule) and invalid.text == "type mismatch"
    assert invalid.source.binary is not None


def test_a_conversion_is_cached_by_content(wast_file: Path) -> None:
    wast_json.read_script(wast_file, "sample")
    first = sorted(p.name for p in wast_json.CACHE_DIR.iterdir())
    wast_json.read_script(wast_file, "sample")
    assert sorted(p.name for p in wast_json.CACHE_DIR.iterdir()) == first
    wast_file.write_text(SCRIPT + '(assert_return (invoke "f" (f32.const 0)) (i32.const 0))\n')
    wast_json.read_script(wast_file, "sample")
    assert len(list(wast_json.CACHE_DIR.iterdir())) == len(first) + 1


def test_a_script_the_tool_rejects_is_one_failure(wast_file: Path) -> None:
    wast_file.write_text("(module (func (no.such.instruction)))\n")
    pytest.importorskip("wasmtime")
    report = run_file(SpecFile("sample", wast_file, None), load_backend("wasmtime"))
    assert report.failed == 1 and report.passed == 0
    assert "json-from-wast failed" in report.failures[0].reason


def test_without_wasm_tools_a_script_is_unavailable_not_failed(
    wast_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wast_json, "wasm_tools", lambda: None)
    pytest.importorskip("wasmtime")
    report = run_file(SpecFile("sample", wast_file, None), load_backend("wasmtime"))
    assert report.unavailable is not None and "wasm-tools" in report.unavailable
    assert (report.passed, report.failed, report.skipped) == (0, 0, 0)


@pytest.mark.parametrize("name, reason", [
    ("i32", None), ("type", None), ("simd_lane", "SIMD"), ("i8x16_relaxed_swizzle", "relaxed SIMD"),
    ("type-rec", "GC"), ("throw_ref", "exception handling"),
    ("proposals/threads/atomic", "proposal threads"), ("legacy/throw", "legacy exception handling"),
])
def test_scope_of_scripts(name: str, reason: str | None) -> None:
    assert exclusion_reason(name) == reason
