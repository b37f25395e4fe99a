"""The WASI testsuite driver: runs each prebuilt test program through ``wasmlite``.

Each ``tests/<lang>/testsuite/wasm32-wasip1/NAME.wasm`` is one test; its optional
``NAME.json`` gives ``args``, ``env``, a ``root`` directory to preopen as ``/``,
the expected ``exit_code`` and ``stdout``. The root is copied to a fresh
directory per test so the shared files never change.

Run as a script to print per-suite counts and, with ``--write PATH``, regenerate
the WASI conformance page:

    python tests/wasi/testsuite.py [--backend wasmtime] [--write docs/wasi-conformance.md]
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

TESTSUITE_ENV = "WASMLITE_WASI_TESTSUITE"
DEFAULT_TESTSUITE = Path(__file__).resolve().parents[2].parent / "shared" / "wasi-testsuite"
SUITES = ("assemblyscript", "c", "rust")


def suite_directory() -> Path:
    """The testsuite directory: ``$WASMLITE_WASI_TESTSUITE`` or the shared copy."""
    return Path(os.environ.get(TESTSUITE_ENV) or DEFAULT_TESTSUITE)


@dataclass(frozen=True)
class Case:
    """One test program and how to run it."""

    suite: str
    name: str
    wasm: Path
    args: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    root: Path | None = None
    exit_code: int = 0
    stdout: str | None = None

    @property
    def id(self) -> str:
        """``suite/name``."""
        return f"{self.suite}/{self.name}"


@dataclass
class Outcome:
    """What running a case produced."""

    exit_code: int
    stdout: bytes
    stderr: bytes
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Whether the case behaved as its JSON says."""
        return not self.problems


def discover(root: Path | None = None) -> list[Case]:
    """Every test case under ``root`` (the testsuite directory), sorted by id."""
    root = suite_directory() if root is None else root
    cases = []
    for suite in SUITES:
        folder = root / "tests" / suite / "testsuite" / "wasm32-wasip1"
        for wasm in sorted(folder.glob("*.wasm")):
            spec_path = wasm.with_suffix(".json")
            spec = json.loads(spec_path.read_text()) if spec_path.exists() else {}
            cases.append(Case(
                suite=suite, name=wasm.stem, wasm=wasm,
                args=tuple(spec.get("args", ())),
                env=tuple(spec.get("env", {}).items()),
                root=folder / spec["root"] if "root" in spec else None,
                exit_code=spec.get("exit_code", 0),
                stdout=spec.get("stdout"),
            ))
    return cases


def _copy_root(source: Path, workdir: Path) -> Path:
    target = workdir / "root"
    shutil.copytree(source, target)
    for folder, _dirs, files in os.walk(target):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return target


def command_line(case: Case, workdir: Path) -> list[str]:
    """The ``wasmlite run`` arguments for ``case``; copies its root into ``workdir``."""
    argv = ["run"]
    for name, value in case.env:
        argv += ["--env", f"{name}={value}"]
    if case.root is not None:
        argv += ["--dir", f"{_copy_root(case.root, workdir)}::/"]
    return [*argv, str(case.wasm), *case.args]


def run_case(case: Case, api: ModuleType, workdir: Path) -> Outcome:
    """Run ``case`` through ``wasmlite.cli.main`` in this process, stdio captured."""
    from wasmlite import cli

    stdout, stderr = io.BytesIO(), io.BytesIO()
    streams = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8"),
               io.TextIOWrapper(stdout, encoding="utf-8", write_through=True),
               io.TextIOWrapper(stderr, encoding="utf-8", write_through=True))
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        exit_code = cli.main(command_line(case, workdir), api=api)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    outcome = Outcome(exit_code, stdout.getvalue(), stderr.getvalue())
    if exit_code != case.exit_code:
        outcome.problems.append(f"exit code {exit_code}, expected {case.exit_code}")
    if case.stdout is not None and outcome.stdout != case.stdout.encode():
        outcome.problems.append(f"stdout {outcome.stdout[:200]!r}, expected {case.stdout!r}")
    return outcome


DIFFERENCES_FROM_WASMTIME = [
    "## Where wasmlite answers differently from wasmtime",
    "",
    "Sandbox escapes (`..` past a preopen, absolute paths, links leading out) are `PERM`",
    "and link cycles `LOOP`, as in wasmtime. Deliberate differences, all within what the",
    "preview 1 specification allows:",
    "",
    "- Rights are tracked: a descriptor holds the rights `path_open` asked for (narrowed",
    "  by the directory's inheriting rights) and `fd_fdstat_set_rights` can drop them;",
    "  using a dropped right is `NOTCAPABLE`. wasmtime ignores rights",
    "  (`fd_fdstat_set_rights` is `NOTSUP` there).",
    "- A pointer or buffer outside guest memory is `FAULT`; wasmtime traps.",
    "- Unknown flag bits or enum values (`oflags`, `whence`, `advice`, clock ids) are",
    "  `INVAL`; wasmtime traps.",
    "- The process and thread CPU-time clocks work; wasmtime answers `BADF`.",
    "- `path_link` with `SYMLINK_FOLLOW` follows the link (inside the sandbox);",
    "  wasmtime answers `INVAL`.",
    "- `poll_oneoff` reports the bytes left to read in a file as `nbytes` and a",
    "  hang-up for an empty stdin; wasmtime reports 1.",
]
"""Behaviour notes appended to the conformance page."""


def conformance_page(results: list[tuple[Case, Outcome]], backend: str) -> str:
    """The Markdown WASI conformance section for ``results``."""
    lines = [
        "# WASI preview 1 conformance",
        "",
        "The prebuilt `wasm32-wasip1` programs of the official WASI testsuite",
        "(WebAssembly/wasi-testsuite), each run through the `wasmlite run` command line",
        f"on the `{backend}` engine and judged by its JSON (exit code and stdout).",
        "Regenerate with `python tests/wasi/testsuite.py --write docs/wasi-conformance.md`.",
        "",
        "| suite | passed | failed | total |",
        "|---|---|---|---|",
    ]
    total_passed = total = 0
    for suite in SUITES:
        outcomes = [outcome for case, outcome in results if case.suite == suite]
        passed = sum(outcome.passed for outcome in outcomes)
        lines.append(f"| {suite} | {passed} | {len(outcomes) - passed} | {len(outcomes)} |")
        total_passed += passed
        total += len(outcomes)
    lines.append(f"| **all** | **{total_passed}** | **{total - total_passed}** | **{total}** |")
    failures = [(case, outcome) for case, outcome in results if not outcome.passed]
    lines += ["", "## Failing tests", ""]
    if not failures:
        lines.append("None.")
    for case, outcome in failures:
        lines.append(f"- `{case.id}`: {'; '.join(outcome.problems)}")
    lines += ["", *DIFFERENCES_FROM_WASMTIME]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Put ``section`` (Markdown starting with a ``# `` heading) into the page at
    ``path``: in place of the section with the same heading, else at the end. The
    preview 1 and preview 2 results share one page and are written separately."""
    heading = section.split("\n", 1)[0]
    old = path.read_text() if path.exists() else ""
    sections = ["# " + part for part in ("\n" + old).split("\n# ")[1:]]
    kept = [part if not part.startswith(heading + "\n") else section for part in sections]
    if section not in kept:
        kept.append(section)
    path.write_text("\n".join(part.rstrip("\n") + "\n" for part in kept))


def main(argv: list[str] | None = None) -> int:
    """Run the whole testsuite; print counts; optionally write the conformance page."""
    parser = argparse.ArgumentParser(description="Run the WASI testsuite through wasmlite.")
    parser.add_argument("--backend", default="wasmlite",
                        help="runtime module to run on (wasmlite, or wasmtime to compare)")
    parser.add_argument("--write", metavar="PATH", help="write the conformance page to PATH")
    options = parser.parse_args(argv)
    api = importlib.import_module(options.backend)
    cases = discover()
    if not cases:
        print(f"no WASI testsuite found at {suite_directory()} (set {TESTSUITE_ENV})")
        return 1
    results = []
    for case in cases:
        with tempfile.TemporaryDirectory() as workdir:
            outcome = run_case(case, api, Path(workdir))
        results.append((case, outcome))
        status = "ok" if outcome.passed else "FAIL: " + "; ".join(outcome.problems)
        print(f"{case.id}: {status}", flush=True)
    for suite in SUITES:
        outcomes = [outcome for case, outcome in results if case.suite == suite]
        print(f"{suite}: {sum(o.passed for o in outcomes)}/{len(outcomes)} passed")
    if options.write:
        write_section(Path(options.write), conformance_page(results, options.backend))
    return 0 if all(outcome.passed for _, outcome in results) else 1


if __name__ == "__main__":
    sys.exit(main())
