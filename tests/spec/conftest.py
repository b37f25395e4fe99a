"""pytest options of the spec testsuite: which runtime runs the scripts."""

from __future__ import annotations

import pytest

from .backend import RUNTIME_ENV, RUNTIMES, BackendUnavailable, load_backend, selected_runtime


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--runtime wasmlite|wasmtime`` (also ``$WASMLITE_SPEC_RUNTIME``)."""
    try:
        parser.addoption(
            "--runtime", choices=RUNTIMES, default=None,
            help=f"runtime the spec scripts run on (default: ${RUNTIME_ENV} or wasmlite)",
        )
    except ValueError:  # another conftest already offers --runtime; share it
        pass


@pytest.fixture(scope="session")
def runtime(request: pytest.FixtureRequest) -> str:
    """The name of the runtime under test, after checking it can be loaded."""
    try:
        name = selected_runtime(request.config.getoption("--runtime", default=None))
        load_backend(name)
    except BackendUnavailable as e:
        pytest.fail(f"spec runtime unavailable: {e}", pytrace=False)
    return name
