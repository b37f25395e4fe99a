"""``--help`` and ``--version``, and the entry points that reach the command line."""

from __future__ import annotations

import subprocess
import sys
from typing import Callable

import wasmlite as package

from .programs import TRAP


def test_help_describes_the_options(wasmlite: Callable) -> None:
    run = wasmlite("--help")
    assert run.status == 0
    for option in ("--dir", "--env", "--invoke", "--fuel", "--preload", "--bench", "usage:"):
        assert option in run.stdout


def test_version(wasmlite: Callable) -> None:
    run = wasmlite("--version")
    assert (run.status, run.stdout) == (0, f"wasmlite {package.__version__}\n")


def test_python_dash_m_runs_the_command_line(wat_file: Callable) -> None:
    result = subprocess.run([sys.executable, "-m", "wasmlite", "run", str(wat_file(TRAP))],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 134
    assert "unreachable" in result.stderr and "Traceback" not in result.stderr
