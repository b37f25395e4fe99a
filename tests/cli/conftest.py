"""Fixtures of the command line tests: the runtime, and a way to run ``wasmlite``.

``WASMLITE_CLI_BACKEND`` names the runtime module the command line runs on:
``wasmlite`` (the default) or ``wasmtime`` (the wasmtime-py package).
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Callable

import pytest

from wasmlite import cli

BACKEND_ENV = "WASMLITE_CLI_BACKEND"


@dataclass
class Run:
    """The exit status and output of one ``wasmlite`` command."""

    status: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def api() -> ModuleType:
    """The runtime module the command line runs on."""
    return importlib.import_module(os.environ.get(BACKEND_ENV) or "wasmlite")


@pytest.fixture
def code_cache(tmp_path_factory, monkeypatch) -> Path:
    """The directory that stands for ``$XDG_CACHE_HOME`` in a test."""
    home = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def wasmlite(api: ModuleType, code_cache: Path) -> Callable[..., Run]:
    """Run ``cli.main(args)`` in this process with ``stdin`` bytes; capture its output."""
    def run(*args: str | os.PathLike, stdin: bytes = b"") -> Run:
        stdout, stderr = io.BytesIO(), io.BytesIO()
        streams = (io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"),
                   io.TextIOWrapper(stdout, encoding="utf-8", write_through=True),
                   io.TextIOWrapper(stderr, encoding="utf-8", write_through=True))
        saved = sys.stdin, sys.stdout, sys.stderr
        sys.stdin, sys.stdout, sys.stderr = streams
        try:
            status = cli.main([os.fspath(arg) for arg in args], api=api)
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
        return Run(status, stdout.getvalue().decode(), stderr.getvalue().decode())
    return run


@pytest.fixture
def wat_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write WAT text to a file in a fresh directory; its path."""
    def write(text: str, name: str = "program.wat") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path
    return write
