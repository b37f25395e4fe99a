"""A C program built with ``clang --target=wasm32-wasi`` and adapted to a
component uses files, clocks, the environment and arguments through WASI
preview 2, under ``wasmlite run`` and under Wasmtime alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..testsuite import Case
from .build_components import Unavailable, c_program_component
from .runner import oracle_available, run_oracle, run_wasmlite

EXPECTED = b"""argc=3
arg[1]=first
arg[2]=second word
GREETING=hello there
contents:
line one
line two
line three
size=29 regular=1
link -> moved.txt
entries=2
failures=0
"""


@pytest.fixture(scope="module")
def component() -> Path:
    try:
        return c_program_component("files_clock_env")
    except Unavailable as exc:
        pytest.skip(f"cannot build the C program component: {exc}")


def _case(root: Path, component: Path) -> Case:
    (root / "data").mkdir(parents=True)
    return Case(suite="c", name="files_clock_env", wasm=component,
                args=("first", "second word"), env=(("GREETING", "hello there"),),
                root=root, stdout=EXPECTED.decode())


def test_c_program_runs_under_wasmlite(component: Path, tmp_path: Path) -> None:
    outcome = run_wasmlite(_case(tmp_path / "root", component), component, tmp_path / "run")
    assert outcome.passed, "; ".join(outcome.problems) + "\n" + outcome.stderr.decode()
    assert not (tmp_path / "run" / "root" / "data" / "sub").exists()


@pytest.mark.skipif(not oracle_available(), reason="wasmtime-py is not installed")
def test_c_program_runs_under_wasmtime(component: Path, tmp_path: Path) -> None:
    outcome = run_oracle(_case(tmp_path / "root", component), component, tmp_path / "run")
    assert outcome.passed, "; ".join(outcome.problems) + "\n" + outcome.stderr.decode()
