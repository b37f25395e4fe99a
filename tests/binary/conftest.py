"""Parameters of the binary format tests: the spec testsuite's scripts."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from testsuite_scripts import SpecFile, missing_testsuite, spec_files

SPEC_FILES = spec_files()

SUMMARY: Counter[str] = Counter()
"""Per-category counts of spec modules checked, printed after the session."""

_BINARY_MALFORMED = re.compile(rb"\(assert_malformed\s*\(module\s+binary")


def _has_binary_malformed(script: SpecFile) -> bool:
    return bool(_BINARY_MALFORMED.search(script.path.read_bytes()))


def _parameters(scripts: list[SpecFile]) -> list:
    if not scripts:
        return [pytest.param(None, marks=pytest.mark.skip(reason=missing_testsuite()),
                             id="no-testsuite")]
    return [pytest.param(script, id=script.name) for script in scripts]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``wast``: every script; ``malformed_wast``: scripts with binary
    ``assert_malformed`` commands."""
    if "wast" in metafunc.fixturenames:
        metafunc.parametrize("wast", _parameters(SPEC_FILES))
    if "malformed_wast" in metafunc.fixturenames:
        metafunc.parametrize("malformed_wast",
                             _parameters([f for f in SPEC_FILES if _has_binary_malformed(f)]))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the per-category counts of spec modules (single-process runs)."""
    if SUMMARY:
        terminalreporter.section("spec testsuite binaries")
        for category, count in sorted(SUMMARY.items()):
            terminalreporter.write_line(f"{category}: {count}")
