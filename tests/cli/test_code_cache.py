"""The command line keeps compiled code between runs unless told not to."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from .programs import MATH


@pytest.fixture(autouse=True)
def only_wasmlite(api) -> None:
    if api.__name__ != "wasmlite":
        pytest.skip("the code cache directory is wasmlite's own")


def cache_entries(home: Path) -> list[Path]:
    folder = home / "wasmlite"
    return list(folder.glob("*.wlc")) if folder.exists() else []


def test_runs_share_one_cache_entry(wasmlite: Callable, wat_file: Callable,
                                    code_cache: Path) -> None:
    math = wat_file(MATH)
    first = wasmlite("--invoke", "add", math, "2", "40")
    assert len(cache_entries(code_cache)) == 1
    second = wasmlite("--invoke", "add", math, "2", "40")
    assert first.stdout == second.stdout == "42\n"
    assert len(cache_entries(code_cache)) == 1


def test_no_cache_writes_nothing(wasmlite: Callable, wat_file: Callable,
                                 code_cache: Path) -> None:
    run = wasmlite("run", "--no-cache", "--invoke", "add", wat_file(MATH), "1", "2")
    assert run.stdout == "3\n"
    assert cache_entries(code_cache) == []
