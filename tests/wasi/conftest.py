"""Fixtures of the WASI tests: the runtime they run on, and a suite summary.

``WASMLITE_WASI_BACKEND`` names the runtime module: ``wasmlite`` (the default) or
``wasmtime`` (the wasmtime-py package, to check the tests themselves against
wasmtime's engine running our WASI implementation).
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from types import ModuleType

import pytest

BACKEND_ENV = "WASMLITE_WASI_BACKEND"

_OUTCOMES: Counter[tuple[str, str]] = Counter()


def backend_module() -> ModuleType:
    """The runtime module chosen by ``$WASMLITE_WASI_BACKEND``."""
    return importlib.import_module(os.environ.get(BACKEND_ENV) or "wasmlite")


@pytest.fixture(scope="session")
def api() -> ModuleType:
    """The runtime module the tests run on."""
    return backend_module()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" or "test_wasi_testsuite.py::" not in report.nodeid:
        return
    case = report.nodeid.rpartition("[")[2].rstrip("]")
    _OUTCOMES[(case.partition("/")[0], report.outcome)] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _OUTCOMES:
        return
    terminalreporter.section("WASI testsuite")
    for suite in sorted({suite for suite, _ in _OUTCOMES}):
        passed = _OUTCOMES[(suite, "passed")]
        total = passed + _OUTCOMES[(suite, "failed")]
        terminalreporter.write_line(f"{suite}: {passed}/{total} passed")
