"""The official spec testsuite's ``.wast`` scripts, as every test folder sees them.

Where the testsuite is (``$WASMLITE_TESTSUITE``, else ``shared/testsuite``
beside the checkout), which of its scripts are in scope, which expectations
newer core tests overturned, and the scripts' commands and modules as
wasmlite's own WAST parser reads them: text modules in wasmlite's encoding,
``(module binary ...)`` modules as the script's bytes.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from wasmlite.errors import WasmtimeError
from wasmlite.text import parse_wast
from wasmlite.text import script as wast

DEFAULT_TESTSUITE = Path(__file__).resolve().parents[1].parent / "shared" / "testsuite"
TESTSUITE_ENV = "WASMLITE_TESTSUITE"

EXCLUDED_PATTERNS: tuple[tuple[str, str], ...] = (
    ("simd_*", "SIMD"),
    ("relaxed_*", "relaxed SIMD"),
    ("*_relaxed_*", "relaxed SIMD"),
    ("array*", "GC"),
    ("struct*", "GC"),
    ("i31", "GC"),
    ("br_on_cast*", "GC"),
    ("ref_cast", "GC"),
    ("ref_test", "GC"),
    ("ref_eq", "GC"),
    ("type-*", "GC"),
    ("binary-gc", "GC"),
    ("tag", "exception handling"),
    ("throw*", "exception handling"),
    ("try_table", "exception handling"),
)
"""Top-level scripts of proposals outside the current scope, with the proposal
each pattern belongs to. First match wins. Scripts in folders (``proposals/``,
``legacy/``, ``custom/``) are out of scope too."""

UNIMPLEMENTED_PROPOSALS: dict[str, str] = {
    "proposals/custom-descriptors/": "custom descriptors (exact types, type descriptors)",
}
"""Script folders of proposals wasmlite does not implement: their modules may
raise NotSupportedError."""

CUSTOM_PAGE_SIZES_SCRIPTS = "proposals/custom-page-sizes/"
"""Scripts read with the custom-page-sizes proposal on (it changes the binary
format of memory limits, so it is off everywhere else)."""

PRE_WASM3_SCRIPTS = "proposals/threads/"
SUPERSEDED_MESSAGES: dict[tuple[str, str], str] = {
    ("assert_invalid", "multiple memories"): "Wasm 3.0 allows several memories",
    ("assert_invalid", "multiple tables"): "Wasm 3.0 allows several tables",
    ("assert_malformed", "i32 constant out of range"):
        "Wasm 3.0 reads memory limits as 64-bit numbers (memory.wast: a validation error)",
}
"""Expectations of the threads proposal's snapshot (written before Wasm 3.0)
that the Wasm 3.0 core scripts contradict: (command, message) -> why."""


@dataclass(frozen=True)
class SpecFile:
    """One ``.wast`` script of the testsuite.

    ``name`` is its path relative to the testsuite root without the suffix
    (``i32``, ``proposals/threads/atomic``); ``excluded`` says why the script
    is out of scope, or is ``None`` for an in-scope script.
    """

    name: str
    path: Path
    excluded: str | None

    @property
    def in_scope(self) -> bool:
        """Whether the script counts towards wasmlite's conformance."""
        return self.excluded is None


@dataclass(frozen=True, slots=True)
class ModuleCase:
    """A module of a script, with the command that carries it.

    ``command`` is the command's ``json-from-wast`` type (``module``,
    ``assert_invalid``, ``assert_malformed``, ...), ``text`` the expected error
    message of an assertion. ``form`` is ``text``, ``binary`` or ``quote``;
    ``wasm`` is the binary module, or ``None`` when the parser rejected the
    text, ``error`` then saying why.
    """

    command: str
    line: int
    form: str
    wasm: bytes | None
    text: str | None
    error: WasmtimeError | None


# ----------------------------------------------------------------- where and what


def suite_root() -> Path:
    """The testsuite directory: ``$WASMLITE_TESTSUITE`` or the shared copy."""
    return Path(os.environ.get(TESTSUITE_ENV) or DEFAULT_TESTSUITE)


def missing_testsuite() -> str:
    """The reason to give when skipping for want of a testsuite."""
    return f"spec testsuite not found at {suite_root()} (set {TESTSUITE_ENV})"


def exclusion_reason(name: str) -> str | None:
    """Why the script ``name`` (relative, no suffix) is out of scope, if it is."""
    if "/" in name:
        folder = name.split("/")[0]
        if folder == "proposals":
            return f"proposal {name.split('/')[1]}"
        if folder == "legacy":
            return "legacy exception handling"
        return f"not a top-level script ({folder}/)"
    for pattern, proposal in EXCLUDED_PATTERNS:
        if fnmatch.fnmatchcase(name, pattern):
            return proposal
    return None


def unimplemented_proposal(name: str) -> str | None:
    """The proposal wasmlite does not implement that script ``name`` tests, if any."""
    for prefix, proposal in UNIMPLEMENTED_PROPOSALS.items():
        if name.startswith(prefix):
            return proposal
    return None


def uses_custom_page_sizes(name: str) -> bool:
    """Whether script ``name`` is read with the custom-page-sizes proposal on."""
    return name.startswith(CUSTOM_PAGE_SIZES_SCRIPTS)


def superseded(name: str, command: str, text: str | None) -> str | None:
    """Why the expectation ``text`` of a ``command`` in script ``name`` no longer
    holds in Wasm 3.0, if it does not."""
    if not name.startswith(PRE_WASM3_SCRIPTS) or text is None:
        return None
    return SUPERSEDED_MESSAGES.get((command, text))


def spec_file(path: Path, root: Path | None = None) -> SpecFile:
    """The script at ``path``, named relative to ``root`` (else by its stem)."""
    root = suite_root() if root is None else root
    try:
        name = path.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
    except ValueError:
        name = path.stem
    return SpecFile(name, path, exclusion_reason(name))


def spec_files(root: Path | None = None) -> list[SpecFile]:
    """Every ``.wast`` script under the testsuite root, in-scope ones first."""
    root = suite_root() if root is None else root
    if not root.is_dir():
        return []
    files = [spec_file(path, root) for path in root.rglob("*.wast")]
    files.sort(key=lambda f: (not f.in_scope, f.name.count("/"), f.name))
    return files


# ------------------------------------------------------------------------ reading


def read_commands(path: Path) -> list[wast.Command]:
    """The commands of the script at ``path``, read by wasmlite's WAST parser.

    Raises :class:`~wasmlite.text.ParseError` when the script itself (not a
    module inside it) is malformed.
    """
    return parse_wast(path.read_text(encoding="utf-8"))


def _flatten(commands: list[wast.Command]) -> list[wast.Command]:
    out = []
    for command in commands:
        out.append(command)
        if isinstance(command, wast.Thread):
            out.extend(_flatten(command.commands))
    return out


@functools.lru_cache(maxsize=None)
def module_cases(path: Path) -> tuple[ModuleCase, ...]:
    """Every module the script at ``path`` writes, in script order (read once per process)."""
    cases = []
    for command in _flatten(read_commands(path)):
        module = getattr(command, "module", None)
        if isinstance(module, wast.ScriptModule):
            error = module.error.with_traceback(None) if module.error else None
            cases.append(ModuleCase(command.type, command.line, module.form, module.wasm,
                                    getattr(command, "text", None), error))
    return tuple(cases)


def wasm_tools() -> str | None:
    """The dev-only ``wasm-tools`` command: beside this interpreter (an unactivated
    venv), else on PATH; None when it is not installed."""
    beside = Path(sys.executable).parent / "wasm-tools"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("wasm-tools")
