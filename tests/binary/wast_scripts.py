"""The spec testsuite's ``.wast`` scripts, converted to JSON commands and binary modules.

``wasm-tools json-from-wast`` converts each script; scripts it cannot read
(the legacy exception handling ones) fall back to wabt's ``wast2json``.
Conversions are cached in the system temporary directory, keyed by the
script's content and the converting tool, so every test session after the
first reads them straight from disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TESTSUITE_ENV = "WASMLITE_TESTSUITE"
DEFAULT_TESTSUITE = Path(__file__).resolve().parents[2].parent / "shared" / "testsuite"
CACHE_DIR = Path(tempfile.gettempdir()) / "wasmlite-binary-tests"
CONVERSION_TIMEOUT_SECONDS = 300


UNSUPPORTED_PROPOSALS: dict[str, str] = {
    "proposals/custom-descriptors/": "custom descriptors (exact types, type descriptors)",
}
"""Scripts of proposals wasmlite does not implement: their modules may raise
NotSupportedError."""


def uses_custom_page_sizes(name: str) -> bool:
    """Whether the script ``name`` is decoded with the custom-page-sizes proposal on."""
    return name.startswith("proposals/custom-page-sizes/")


def unsupported_proposal(name: str) -> str | None:
    """The unimplemented proposal the script ``name`` tests, if any."""
    for prefix, proposal in UNSUPPORTED_PROPOSALS.items():
        if name.startswith(prefix):
            return proposal
    return None


class ConversionFailed(Exception):
    """No tool could convert a script."""


def testsuite_root() -> Path:
    """The testsuite directory: ``$WASMLITE_TESTSUITE`` or the shared copy."""
    return Path(os.environ.get(TESTSUITE_ENV) or DEFAULT_TESTSUITE)


def wast_files(root: Path) -> list[str]:
    """Paths (relative, ``/``-separated) of the scripts at the top level of
    ``root`` and under ``proposals/`` and ``legacy/``."""
    if not root.is_dir():
        return []
    paths = list(root.glob("*.wast"))
    paths += root.glob("proposals/**/*.wast")
    paths += root.glob("legacy/**/*.wast")
    return sorted(p.relative_to(root).as_posix() for p in paths)


def find_tool(name: str) -> Path | None:
    """An executable next to the running Python, else on ``PATH``."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which(name)
    return Path(found) if found else None


@dataclass(frozen=True)
class ModuleCommand:
    """A command of a script that carries a binary module."""

    type: str          # "module", "assert_malformed", "assert_invalid", ...
    line: int
    path: Path         # the .wasm file
    text: str | None   # the expected error message of assert_* commands


@dataclass(frozen=True)
class Script:
    """A converted script: its binary modules, in script order."""

    name: str
    modules: tuple[ModuleCommand, ...]

    def of_type(self, *types: str) -> list[ModuleCommand]:
        """The modules of the commands whose type is one of ``types``."""
        return [m for m in self.modules if m.type in types]

    def well_formed(self) -> list[ModuleCommand]:
        """Every binary module the script does not expect to be malformed."""
        return [m for m in self.modules if m.type != "assert_malformed"]


def _read_script(name: str, directory: Path) -> Script:
    with open(directory / "script.json", encoding="utf-8") as f:
        commands = json.load(f)["commands"]
    modules = []
    for command in commands:
        filename = command.get("filename")
        if not filename or not filename.endswith(".wasm") or command.get("module_type") == "text":
            continue
        modules.append(ModuleCommand(command["type"], command["line"], directory / filename,
                                     command.get("text")))
    return Script(name, tuple(modules))


class ScriptConverter:
    """Converts scripts of the testsuite at ``root``, caching the results."""

    def __init__(self, root: Path, wasm_tools: Path, wast2json: Path | None):
        self.root = root
        self.tools = [(wasm_tools, ["json-from-wast", "{wast}", "-o", "{json}", "--wasm-dir",
                                    "{dir}"])]
        if wast2json is not None:
            self.tools.append((wast2json, ["{wast}", "-o", "{json}"]))
        self._pool: ThreadPoolExecutor | None = None
        self._pending: dict[str, Future] = {}

    def prefetch(self, names: list[str], threads: int) -> None:
        """Start converting ``names`` in background threads."""
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="wast-convert")
        self._pending = {name: self._pool.submit(self._convert, name) for name in names}

    def close(self) -> None:
        """Stop the background conversions that have not started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def script(self, name: str) -> Script:
        """The converted script ``name`` (relative to the testsuite root)."""
        pending = self._pending.get(name)
        if pending is not None and not pending.cancel():
            directory = pending.result()
        else:
            directory = self._convert(name)
        return _read_script(name, directory)

    def _convert(self, name: str) -> Path:
        source = (self.root / name).read_bytes()
        errors = []
        for tool, arguments in self.tools:
            stat = tool.stat()
            key = hashlib.sha256(f"{tool}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
            key.update(source)
            target = CACHE_DIR / f"{name.replace('/', '__')}-{key.hexdigest()[:20]}"
            if (target / "script.json").is_file():
                return target
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix="converting-", dir=CACHE_DIR))
            values = {"wast": str(self.root / name), "json": str(work / "script.json"),
                      "dir": str(work)}
            done = subprocess.run([str(tool)] + [a.format(**values) for a in arguments],
                                  capture_output=True, text=True, check=False,
                                  timeout=CONVERSION_TIMEOUT_SECONDS)
            if done.returncode == 0:
                try:
                    work.rename(target)
                except OSError:           # converted meanwhile by another process
                    shutil.rmtree(work, ignore_errors=True)
                return target
            shutil.rmtree(work, ignore_errors=True)
            errors.append(f"{tool.name}: {done.stderr.strip()}")
        raise ConversionFailed(f"cannot convert {name}:\n" + "\n".join(errors))
