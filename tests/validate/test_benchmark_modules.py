"""Real-world modules from the benchmark suite validate."""

import os
from pathlib import Path

import pytest

from wasmlite.binary.decoder import decode_module
from wasmlite.validate import validate_module

BENCH = Path(os.environ.get("WASMLITE_BENCH", Path(__file__).resolve().parents[2].parent / "shared" / "bench"))
MODULES = sorted(BENCH.glob("*/*.wasm"))


@pytest.mark.skipif(not MODULES, reason=f"no benchmark modules under {BENCH}")
@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_benchmark_module_validates(path):
    validate_module(decode_module(path.read_bytes()))
