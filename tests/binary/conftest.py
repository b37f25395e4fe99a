"""Fixtures of the binary format tests: the spec testsuite, converted once per session."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator

import pytest

from .wast_scripts import (TESTSUITE_ENV, ScriptConverter, find_tool, testsuite_root,
                           wast_files)

ROOT = testsuite_root()
WAST_FILES = wast_files(ROOT)
CONVERSION_THREADS = 2

SUMMARY: Counter[str] = Counter()
"""Per-category counts of spec modules checked, printed after the session."""

_BINARY_MALFORMED = re.compile(rb"\(assert_malformed\s*\(module\s+binary")


def _has_binary_malformed(name: str) -> bool:
    return bool(_BINARY_MALFORMED.search((ROOT / name).read_bytes()))


def _parameters(names: list[str]) -> list:
    if not names:
        reason = f"spec testsuite not found at {ROOT} (set {TESTSUITE_ENV})"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-testsuite")]
    return [pytest.param(name, id=name) for name in names]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``wast``: every script; ``malformed_wast``: scripts with binary
    ``assert_malformed`` commands."""
    if "wast" in metafunc.fixturenames:
        metafunc.parametrize("wast", _parameters(WAST_FILES))
    if "malformed_wast" in metafunc.fixturenames:
        names = [n for n in WAST_FILES if _has_binary_malformed(n)]
        metafunc.parametrize("malformed_wast", _parameters(names))


@pytest.fixture(scope="session")
def spec_scripts() -> Iterator[ScriptConverter]:
    """The converter of the testsuite's scripts, already converting all of
    them in background threads."""
    wasm_tools = find_tool("wasm-tools")
    if wasm_tools is None:
        pytest.skip("wasm-tools not found (next to the Python executable or on PATH)")
    converter = ScriptConverter(ROOT, wasm_tools, find_tool("wast2json"))
    order = list(WAST_FILES)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if int(worker.lstrip("gw") or 0) % 2:
        order.reverse()            # two workers convert from opposite ends
    converter.prefetch(order, CONVERSION_THREADS)
    yield converter
    converter.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the per-category counts of spec modules (single-process runs)."""
    if SUMMARY:
        terminalreporter.section("spec testsuite binaries")
        for category, count in sorted(SUMMARY.items()):
            terminalreporter.write_line(f"{category}: {count}")
