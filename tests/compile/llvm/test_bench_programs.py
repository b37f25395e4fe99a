"""The benchmark programs print exactly their expected output under
``wasmlite run --tier native``, and those whose features the native tier
covers do run natively."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

BENCH_ROOT = Path(os.environ.get("WASMLITE_BENCH")
                  or Path(__file__).resolve().parents[4] / "shared" / "bench")


def _programs() -> list:
    if not BENCH_ROOT.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(
            reason=f"no benchmark programs at {BENCH_ROOT} (set WASMLITE_BENCH)"))]
    found = []
    for expected in sorted(BENCH_ROOT.glob("*/*.stdout.expected")):
        name = expected.name.removesuffix(".stdout.expected")
        found.append(pytest.param(expected.parent, name, id=name))
    return found


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")


@pytest.mark.parametrize(("folder", "name"), _programs())
def test_program_output_on_the_native_tier(folder: Path, name: str) -> None:
    from wasmlite.binary.decoder import decode_module
    from wasmlite.compile.llvm.coverage import unsupported
    wasm = folder / f"{name}.wasm"
    assert unsupported(decode_module(wasm.read_bytes())) is None
    run = subprocess.run([sys.executable, "-m", "wasmlite", "run", "--tier", "native",
                          "--no-cache", "--bench", "--dir", ".", "--argv0", name, wasm.name],
                         cwd=folder, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        expected = folder / f"{name}.{stream}.expected"
        assert _lines(text) == _lines(expected.read_text()), stream
