"""Every in-scope script of the spec testsuite runs without a failing command.

Scripts of proposals outside the current scope are collected as skipped
unless ``WASMLITE_SPEC_EXCLUDED=1``; then they run as non-strict xfails (their
counts are in ``docs/conformance.md`` either way, see ``conformance.py``).
Each script runs in its own process unless ``WASMLITE_SPEC_IN_PROCESS=1``.
"""

from __future__ import annotations

import os

import pytest

from testsuite_scripts import SpecFile, missing_testsuite, spec_files

from .backend import load_backend
from .isolated import run_in_process
from .runner import FileReport, run_file

EXCLUDED_ENV = "WASMLITE_SPEC_EXCLUDED"
IN_PROCESS_ENV = "WASMLITE_SPEC_IN_PROCESS"


def _params() -> list:
    files = spec_files()
    if not files:
        return [pytest.param(None, id="testsuite", marks=pytest.mark.skip(reason=missing_testsuite()))]
    run_excluded = os.environ.get(EXCLUDED_ENV) == "1"
    params = []
    for f in files:
        marks = []
        if not f.in_scope:
            if run_excluded:
                marks.append(pytest.mark.xfail(reason=f"excluded: {f.excluded}", strict=False))
            else:
                marks.append(pytest.mark.skip(
                    reason=f"excluded ({f.excluded}); {EXCLUDED_ENV}=1 runs it"))
        params.append(pytest.param(f, id=f.name, marks=marks))
    return params


def _run(spec_file: SpecFile, runtime: str) -> FileReport:
    if os.environ.get(IN_PROCESS_ENV) == "1":
        return run_file(spec_file, load_backend(runtime))
    return run_in_process(spec_file, runtime)


@pytest.mark.parametrize("spec_file", _params())
def test_script_has_no_failing_command(
    spec_file: SpecFile, runtime: str, record_property: pytest.RecordProperty
) -> None:
    report = _run(spec_file, runtime)
    record_property("passed", report.passed)
    record_property("failed", report.failed)
    record_property("skipped", report.skipped)
    summary = (f"{spec_file.name}: passed {report.passed}, failed {report.failed}, "
               f"skipped {report.skipped} on {runtime}")
    if report.failed:
        pytest.fail("\n".join([summary, *report.failure_lines(20)]), pytrace=False)
