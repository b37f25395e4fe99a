"""Randomly generated modules get the same verdict as ``wasm-tools validate``.

``wasm-tools smith`` builds modules from fixed seeds (some with invalid
function bodies); the reference validator's verdict must be ours.
"""

import random
import subprocess

import pytest

from wasmlite.binary.decoder import decode_module
from wasmlite.errors import InvalidError, MalformedError
from wasmlite.validate import validate_module

from testsuite_scripts import wasm_tools

SEEDS = range(40)
SMITH_FEATURES = [
    "--gc-enabled", "true", "--exceptions-enabled", "true", "--simd-enabled", "true",
    "--relaxed-simd-enabled", "true", "--tail-call-enabled", "true", "--memory64-enabled", "true",
    "--threads-enabled", "true", "--wide-arithmetic-enabled", "true",
    "--custom-page-sizes-enabled", "true", "--extended-const-enabled", "true",
    "--compact-imports-enabled", "false", "--max-memories", "3", "--max-tables", "3",
]
REFERENCE_FEATURES = "all,-custom-descriptors,-shared-everything-threads,-compact-imports"


@pytest.mark.skipif(wasm_tools() is None, reason="wasm-tools is not installed")
@pytest.mark.parametrize("seed", SEEDS)
def test_verdict_matches_the_reference_validator(seed, tmp_path):
    tool = wasm_tools()
    flags = SMITH_FEATURES + ["--allow-invalid-funcs", "true" if seed % 2 else "false"]
    made = subprocess.run([tool, "smith", *flags], input=random.Random(seed).randbytes(3000),
                          capture_output=True)
    if made.returncode:
        pytest.skip("wasm-tools smith made no module from this seed")
    path = tmp_path / "generated.wasm"
    path.write_bytes(made.stdout)
    reference = subprocess.run([tool, "validate", "--features", REFERENCE_FEATURES, str(path)],
                               capture_output=True, text=True)
    try:
        module = decode_module(made.stdout, custom_page_sizes=True)
    except MalformedError as e:
        assert reference.returncode != 0, f"the decoder rejected a valid module: {e}"
        return
    try:
        validate_module(module)
        verdict = None
    except InvalidError as e:
        verdict = str(e)
    if reference.returncode == 0:
        assert verdict is None, f"valid module rejected: {verdict}"
    else:
        assert verdict is not None, f"invalid module accepted; reference says: {reference.stderr.strip()}"
