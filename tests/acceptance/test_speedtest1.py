"""SQLite's speedtest1 built for wasm32-wasi prints the same report (timings left out),
exits alike and leaves the same database file under ``wasmlite run`` as under wasmtime.

Its sources come from the package registries, so the build is not made here: run
``python tests/acceptance/run_external.py speedtest1`` once (a few minutes; see the README
beside this file) and this test finds the build in its work directory. Only the small
"orm" test set runs here (about 250 rows inserted and queried in a file database);
run_external.py runs the larger ones.
"""

from __future__ import annotations

import pytest

from .run_external import compare, speedtest1_wasm

pytest.importorskip("wasmtime", reason="wasmtime (the oracle) is not installed")

WASM = speedtest1_wasm()
pytestmark = pytest.mark.skipif(
    not WASM.exists(), reason=f"no speedtest1 build at {WASM}: its SQLite sources come from the "
                              "package registries; build it with `python tests/acceptance/run_external.py speedtest1`")


def test_speedtest1_matches_wasmtime(tmp_path):
    same, expected, got = compare(WASM, "orm:1", tmp_path)
    assert expected.code == 0 and b"Verification Hash: " in expected.stdout
    assert expected.database is not None and len(expected.database) > 4096
    assert got.comparable() == expected.comparable()
    assert same
