"""The spec testsuite's scripts as validation cases.

Each ``.wast`` file is converted to JSON plus binary modules by
``wasm-tools json-from-wast`` (``wast2json`` from wabt for the legacy
exception scripts, which wasm-tools cannot parse). Every module that a script
defines must validate; every ``assert_invalid`` module must be rejected with
the expected message.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from wasmlite.binary.decoder import decode_module
from wasmlite.errors import InvalidError, NotSupportedError, WasmtimeError
from wasmlite.validate import validate_module

DEFAULT_TESTSUITE = Path(__file__).resolve().parents[2].parent / "shared" / "testsuite"

OUT_OF_SCOPE = ("simd_*", "relaxed_*", "*_relaxed_*",
                "array*", "struct*", "i31", "br_on_cast*", "ref_cast", "ref_test", "ref_eq",
                "type-*", "binary-gc",
                "tag", "throw*", "try_table")
"""Top-level scripts of SIMD, GC and exceptions, counted apart from the core ones."""

UNIMPLEMENTED = {"proposals/custom-descriptors/": "the custom descriptors proposal is not implemented"}
"""Script folders of proposals wasmlite does not implement, with the reason."""

OBSOLETE_EXPECTATIONS = frozenset({"multiple memories", "multiple tables"})
"""``assert_invalid`` messages of scripts written before Wasm 3.0 allowed
several memories and tables per module; those modules are valid now."""

VALID_COMMANDS = ("module", "module_definition", "assert_unlinkable", "assert_uninstantiable")
"""Commands whose module is valid (instantiation may still fail)."""


def suite_root() -> Path:
    """The testsuite directory (``WASMLITE_TESTSUITE`` overrides the default)."""
    return Path(os.environ.get("WASMLITE_TESTSUITE", DEFAULT_TESTSUITE))


def script_names(root: Path) -> tuple[list[str], list[str]]:
    """``(in_scope, other)`` script names relative to ``root``, without ``.wast``.

    In scope: top-level scripts except SIMD, GC and exceptions. Other: those,
    plus ``legacy/`` and ``proposals/``.
    """
    if not root.is_dir():
        return [], []
    in_scope, other = [], []
    for path in sorted(root.rglob("*.wast")):
        name = path.relative_to(root).with_suffix("").as_posix()
        top_level = "/" not in name
        if top_level and not any(fnmatch.fnmatch(name, p) for p in OUT_OF_SCOPE):
            in_scope.append(name)
        else:
            other.append(name)
    return in_scope, other


def unimplemented_reason(name: str) -> str | None:
    """Why script ``name`` is not checked at all, or ``None``."""
    for prefix, reason in UNIMPLEMENTED.items():
        if name.startswith(prefix):
            return reason
    return None


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


class ConversionFailed(Exception):
    """No tool could turn the script into binary modules."""


def convert(source: Path, out_dir: Path) -> Path:
    """Convert one script into ``out_dir``; the JSON file's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "script.json"
    errors = []
    wasm_tools = _tool("wasm-tools")
    if wasm_tools:
        done = subprocess.run([wasm_tools, "json-from-wast", str(source), "-o", str(out),
                               "--wasm-dir", str(out_dir)], capture_output=True, text=True)
        if done.returncode == 0:
            return out
        errors.append("wasm-tools: " + (done.stderr.strip().splitlines() or ["failed"])[0])
    wast2json = _tool("wast2json")
    if wast2json:
        done = subprocess.run([wast2json, "--enable-all", str(source), "-o", str(out)],
                              capture_output=True, text=True)
        if done.returncode == 0:
            return out
        errors.append("wast2json: " + (done.stderr.strip().splitlines() or ["failed"])[0])
    raise ConversionFailed("; ".join(errors) or "neither wasm-tools nor wast2json is installed")


class Converter:
    """Converts every script of a testsuite in background threads, once."""

    def __init__(self, root: Path, work: Path, workers: int = 2):
        self.root = root
        self.work = work
        self._pool = ThreadPoolExecutor(max_workers=workers)
        self._jobs: dict[str, Future] = {}

    def start(self, names: list[str]) -> None:
        for name in names:
            if name not in self._jobs:
                self._jobs[name] = self._pool.submit(
                    convert, self.root / f"{name}.wast", self.work / name.replace("/", "__"))

    def result(self, name: str) -> Path:
        """The converted JSON of ``name`` (waits for it); raises ConversionFailed."""
        self.start([name])
        return self._jobs[name].result()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


@dataclass
class Outcome:
    """What validating one script's modules gave."""

    checked: int = 0
    unsupported: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def check_script(json_path: Path) -> Outcome:
    """Validate every module of a converted script against its expected verdict."""
    outcome = Outcome()
    custom_page_sizes = json_path.parent.name.startswith("proposals__custom-page-sizes")
    commands = json.loads(json_path.read_text(encoding="utf-8"))["commands"]
    for cmd in commands:
        kind = cmd["type"]
        filename = cmd.get("filename", "")
        if not filename.endswith(".wasm") or (kind not in VALID_COMMANDS and kind != "assert_invalid"):
            continue
        if kind == "assert_invalid" and cmd["text"] in OBSOLETE_EXPECTATIONS:
            continue
        where = f"line {cmd['line']}"
        try:
            module = decode_module((json_path.parent / filename).read_bytes(),
                                   custom_page_sizes=custom_page_sizes)
        except NotSupportedError as e:
            outcome.unsupported.append(f"{where}: {e}")
            continue
        except WasmtimeError as e:
            outcome.unreadable.append(f"{where}: {e}")
            continue
        outcome.checked += 1
        try:
            validate_module(module)
            error = None
        except InvalidError as e:
            error = str(e)
        if kind == "assert_invalid":
            if error is None:
                outcome.failures.append(f"{where}: accepted, expected {cmd['text']!r}")
            elif cmd["text"] not in error:
                outcome.failures.append(f"{where}: got {error!r}, expected {cmd['text']!r}")
        elif error is not None:
            outcome.failures.append(f"{where}: valid module rejected: {error}")
    return outcome
