"""The package's type information: ``py.typed`` ships with it, ``mypy`` accepts its
public modules, and a strictly typed program using the public API passes
``mypy --strict``."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wasmlite

ROOT = Path(__file__).resolve().parents[2]
USAGE = Path(__file__).with_name("typed_usage.py")

needs_mypy = pytest.mark.skipif(importlib.util.find_spec("mypy") is None,
                                reason="mypy (a dev extra) is not installed")
needs_source = pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(),
                                  reason="the source checkout (pyproject.toml) is not there")


def mypy(cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MYPYPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(cache), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def test_the_package_is_marked_typed() -> None:
    assert (Path(wasmlite.__file__).parent / "py.typed").is_file()


@needs_source
def test_py_typed_is_package_data() -> None:
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "py.typed" in project["tool"]["setuptools"]["package-data"]["wasmlite"]
    assert any(dep.startswith("mypy") for dep in project["project"]["optional-dependencies"]["dev"])


@needs_mypy
@needs_source
def test_public_modules_pass_mypy(mypy_cache: Path) -> None:
    result = mypy(mypy_cache)                       # the files named in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


@needs_mypy
@needs_source
def test_typed_program_using_the_public_api_passes_mypy_strict(mypy_cache: Path) -> None:
    result = mypy(mypy_cache, "--strict", "--follow-imports=silent", str(USAGE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_program_runs() -> None:
    spec = importlib.util.spec_from_file_location("typed_usage", USAGE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()
