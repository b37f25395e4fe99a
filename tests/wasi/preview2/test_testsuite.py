"""The WASI testsuite programs, made components with the preview 1 adapter, run
through ``wasmlite run`` and behave as under Wasmtime's own WASI preview 2
(wasmtime-py's ``add_wasip2``): the same exit status and output.

Four assemblyscript programs fail under Wasmtime too, because of the adapter
(it reports ``proc_exit(33)`` as status 1, traps on the argument and
environment buffers those programs pass, and answers a write to an unknown
descriptor differently): for them the test checks that wasmlite fails the
same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..testsuite import TESTSUITE_ENV, Case, discover, suite_directory
from .build_components import Unavailable, component_of_case
from .runner import (FAILING_UNDER_THE_ADAPTER, NONDETERMINISTIC_OUTPUT, oracle_available,
                     run_oracle, run_wasmlite)

CASES = discover()

def _component(case: Case) -> Path:
    try:
        return component_of_case(case)
    except Unavailable as exc:
        pytest.skip(f"cannot build the preview 2 components: {exc}")


@pytest.mark.skipif(not CASES, reason=f"no WASI testsuite at {suite_directory()} "
                                      f"(set {TESTSUITE_ENV} to its directory)")
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_adapted_program_behaves_as_under_wasmtime(case: Case, tmp_path: Path) -> None:
    component = _component(case)
    ours = run_wasmlite(case, component, tmp_path / "wasmlite")
    detail = f"\nstderr: {ours.stderr.decode(errors='replace')[-2000:]}"
    if case.id in FAILING_UNDER_THE_ADAPTER:
        assert not ours.passed, "expected the adapter to change this program's behaviour"
    else:
        assert ours.passed, "; ".join(ours.problems) + detail
    if not oracle_available():
        return
    oracle = run_oracle(case, component, tmp_path / "wasmtime")
    assert ours.exit_code == oracle.exit_code, \
        f"exit status {ours.exit_code}, Wasmtime's {oracle.exit_code}" + detail
    if case.id not in NONDETERMINISTIC_OUTPUT:
        assert ours.stdout == oracle.stdout
