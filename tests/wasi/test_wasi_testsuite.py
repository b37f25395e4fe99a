"""The official WASI testsuite programs behave as their JSON expects under ``wasmlite run``."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from .testsuite import TESTSUITE_ENV, Case, discover, run_case, suite_directory

CASES = discover()


@pytest.mark.skipif(not CASES, reason=f"no WASI testsuite at {suite_directory()} "
                                      f"(set {TESTSUITE_ENV} to its directory)")
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_program_exits_and_prints_as_expected(case: Case, api: ModuleType,
                                              tmp_path: Path) -> None:
    outcome = run_case(case, api, tmp_path)
    assert outcome.passed, "; ".join(outcome.problems) + \
        f"\nstderr: {outcome.stderr.decode(errors='replace')[-2000:]}"
