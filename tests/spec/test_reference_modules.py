"""The modules the driver runs match those of ``wasm-tools json-from-wast``.

The driver runs text modules in wasmlite's own encoding. For a sample of
scripts whose text leaves the encoder choices (element segments, recursion
groups, imports, ...), wasm-tools' encoding of each text module decodes to
the same module IR. (``tests/text`` compares every script's commands with
``json-from-wast``.)
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from testsuite_scripts import missing_testsuite, module_cases, suite_root, wasm_tools
from wasmlite import ir
from wasmlite.binary import decode_module

SAMPLE = ("elem", "type-rec", "func", "global", "imports", "data", "table", "memory", "br_table")


def _without_offsets(module: ir.Module) -> ir.Module:
    for func in module.funcs:
        func.offset = 0
    return module


@pytest.mark.parametrize("name", SAMPLE)
def test_text_modules_decode_like_the_reference_encoding(name: str, tmp_path: Path) -> None:
    path = suite_root() / f"{name}.wast"
    if not path.is_file():
        pytest.skip(missing_testsuite())
    tool = wasm_tools()
    if tool is None:
        pytest.skip("wasm-tools not found (next to the Python executable or on PATH)")
    subprocess.run([tool, "json-from-wast", str(path), "-o", str(tmp_path / "script.json"),
                    "--wasm-dir", str(tmp_path)], check=True, capture_output=True)
    commands = json.loads((tmp_path / "script.json").read_text())["commands"]
    reference = [tmp_path / c["filename"] for c in commands if "filename" in c]
    cases = module_cases(path)
    assert len(reference) == len(cases), "both read the same modules"
    pairs = [(m, wasm) for m, wasm in zip(cases, reference) if m.form == "text" and m.wasm is not None]
    assert pairs, f"{name}.wast has text modules"
    differing = [m.line for m, wasm in pairs
                 if _without_offsets(decode_module(m.wasm))
                 != _without_offsets(decode_module(wasm.read_bytes()))]
    assert not differing, f"{name}.wast: modules at lines {differing} decode differently"
