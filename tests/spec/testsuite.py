"""Where the spec testsuite lives and which of its files are in scope."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TESTSUITE = Path(__file__).resolve().parents[2].parent / "shared" / "testsuite"
TESTSUITE_ENV = "WASMLITE_TESTSUITE"

# Top-level files of proposals wasmlite does not implement yet, with the
# proposal each pattern belongs to. First match wins.
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


@dataclass(frozen=True)
class SpecFile:
    """One ``.wast`` script of the testsuite.

    ``name`` is its path relative to the testsuite root without the suffix
    (``i32``, ``proposals/threads/atomic``); ``excluded`` says why the file is
    out of scope, or is ``None`` for an in-scope file.
    """

    name: str
    path: Path
    excluded: str | None

    @property
    def in_scope(self) -> bool:
        """Whether the file counts towards wasmlite's conformance."""
        return self.excluded is None


def testsuite_root() -> Path:
    """The testsuite directory: ``$WASMLITE_TESTSUITE`` or the shared copy."""
    return Path(os.environ.get(TESTSUITE_ENV) or DEFAULT_TESTSUITE)


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


def spec_files(root: Path | None = None) -> list[SpecFile]:
    """Every ``.wast`` script under the testsuite root, in-scope ones first."""
    root = testsuite_root() if root is None else root
    if not root.is_dir():
        return []
    files = []
    for path in root.rglob("*.wast"):
        name = path.relative_to(root).with_suffix("").as_posix()
        files.append(SpecFile(name, path, exclusion_reason(name)))
    files.sort(key=lambda f: (not f.in_scope, f.name.count("/"), f.name))
    return files
