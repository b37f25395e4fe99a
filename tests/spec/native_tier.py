"""Run the spec testsuite on the native tier, one process per script.

    python -m tests.spec.native_tier                 # every script; per-file counts
    python -m tests.spec.native_tier --only 'i3*'    # some scripts

Each script runs through ``tests/compile/llvm/native_backend.py`` (every
engine with ``strategy = "native"``) in its own process, so that a crash in
compiled code loses one script, not the run. Modules the native tier does
not compile run on the portable tier instead; every command is counted on
the tier of the code it ran: natively compiled modules, modules that fell
back to the portable tier, or no compiled code at all (malformed and invalid
modules, registrations). ``tests/spec/conformance.py`` runs this too and
puts the results in ``docs/conformance.md`` beside the portable tier's.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Iterable

from testsuite_scripts import SpecFile, spec_files, suite_root

from .isolated import GRACE_SECONDS, REPO_ROOT, how_it_ended, select
from .runner import FileReport, file_timeout

TIERS = ("native", "portable", "none")
TIER_LABELS = {"native": "native modules", "portable": "fallen back to portable",
               "none": "no compiled code"}
LISTED_FAILURES = 20
COMMAND = "python -m tests.spec.native_tier"


def unavailable() -> str | None:
    """Why the native tier cannot run here (``None``: it can)."""
    from wasmlite.compile import llvm
    return None if llvm.available() else llvm.MISSING


@dataclass
class NativeReport:
    """One script's results on the native tier."""

    name: str
    excluded: str | None
    by_tier: dict[str, dict[str, int]] = field(
        default_factory=lambda: {t: {"passed": 0, "failed": 0, "skipped": 0} for t in TIERS})
    native_modules: int = 0
    portable_modules: int = 0
    fallbacks: dict[str, int] = field(default_factory=dict)
    fallback_reasons: list[tuple[str, str, int]] = field(default_factory=list)
    """(proposal, the native tier's reason, modules) of the modules that fell back."""
    failures: list[dict[str, Any]] = field(default_factory=list)
    lost: str | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        return sum(t["passed"] for t in self.by_tier.values())

    @property
    def failed(self) -> int:
        return sum(t["failed"] for t in self.by_tier.values()) + (self.lost is not None)

    @property
    def skipped(self) -> int:
        return sum(t["skipped"] for t in self.by_tier.values())

    def count(self, tier: str, outcome: str) -> int:
        return self.by_tier[tier][outcome]

    @classmethod
    def from_result(cls, spec: SpecFile, data: dict[str, Any]) -> "NativeReport":
        """The report of ``native_backend.run_script``'s result ``data``."""
        return cls(spec.name, spec.excluded, by_tier=data["by_tier"],
                   native_modules=data["native"], portable_modules=data["portable"],
                   fallbacks=data["fallbacks"], fallback_reasons=data["fallback_reasons"],
                   failures=data["failure_list"], seconds=data["seconds"])

    def failure_lines(self, limit: int = LISTED_FAILURES,
                      tiers: Iterable[str] = TIERS) -> list[str]:
        """The failures (of ``tiers``) as ``file:line command [tier]: reason``."""
        if self.lost is not None:
            return [f"{self.name}.wast: script lost: {self.lost}"]
        shown = [f"{self.name}.wast:{f['line']} {f['command']} [{f['tier']}]: {f['reason']}"
                 for f in self.failures if f["tier"] in tiers]
        return shown[:limit]


def run_in_process(spec: SpecFile) -> NativeReport:
    """Run ``spec`` on the native tier in a fresh process; read back its counts."""
    command = [sys.executable, "-m", "tests.compile.llvm.native_backend", str(spec.path),
               "--failures", str(LISTED_FAILURES)]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=file_timeout() + GRACE_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return _lost(spec, "the process did not finish in time", started)
    if done.returncode == 0:
        try:
            return NativeReport.from_result(spec, json.loads(done.stdout))
        except (ValueError, TypeError, KeyError):
            pass
    return _lost(spec, "the process " + how_it_ended(done), started)


def _lost(spec: SpecFile, reason: str, started: float) -> NativeReport:
    return NativeReport(spec.name, spec.excluded, lost=reason,
                        seconds=time.monotonic() - started)


def run_all(files: list[SpecFile], jobs: int = 2) -> list[NativeReport]:
    """Every script of ``files`` on the native tier, ``jobs`` processes at a time."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(run_in_process, files))


# ------------------------------------------------------------------- totals


def totals(reports: list[NativeReport]) -> dict[str, Any]:
    """Counts summed over ``reports``: per tier and outcome, modules, lost scripts."""
    by_tier = {t: {o: sum(r.count(t, o) for r in reports) for o in ("passed", "failed", "skipped")}
               for t in TIERS}
    return {"by_tier": by_tier, "native": sum(r.native_modules for r in reports),
            "portable": sum(r.portable_modules for r in reports),
            "lost": sum(1 for r in reports if r.lost is not None)}


def _pair(report: NativeReport, tier: str) -> str:
    return f"{report.count(tier, 'passed')} / {report.count(tier, 'failed')}"


def _fallback_cell(counts: dict[str, int]) -> str:
    return "; ".join(f"{n}× {p}" for p, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def native_failures(report: NativeReport, portable: FileReport | None) -> bool:
    """Whether commands on natively compiled code failed (or the process was lost)
    where the portable tier passes every command of the script."""
    clean = portable is None or portable.failed == 0
    return clean and (report.lost is not None or report.count("native", "failed") > 0)


def print_reports(reports: list[NativeReport]) -> None:
    """Per-file counts and the totals, on stdout."""
    print("== wasmlite, native tier ==  (passed/failed on native modules | fallen back"
          " | no compiled code; modules native/portable)")
    for r in reports:
        if r.lost is not None:
            print(f"{r.name:32} LOST: {r.lost}")
            continue
        print(f"{r.name:32} native {_pair(r, 'native'):>13}  portable {_pair(r, 'portable'):>13}"
              f"  none {_pair(r, 'none'):>11}  modules {r.native_modules:3}/{r.portable_modules:<3}"
              f"  {r.seconds:6.1f}s  {_fallback_cell(r.fallbacks)}")
    t = totals(reports)
    line = "  ".join(f"{tier} {t['by_tier'][tier]['passed']}/{t['by_tier'][tier]['failed']}"
                     for tier in TIERS)
    print(f"{'TOTAL':32} {line}  modules {t['native']}/{t['portable']}  lost {t['lost']}\n")


def _totals_line(title: str, reports: list[NativeReport]) -> str:
    t = totals(reports)
    b = t["by_tier"]
    skipped = sum(b[tier]["skipped"] for tier in TIERS)
    lost = f"; {t['lost']} scripts lost (process crashed or timed out)" if t["lost"] else ""
    return (f"**{title}: native modules {b['native']['passed']} passed / "
            f"{b['native']['failed']} failed; fallen back to portable "
            f"{b['portable']['passed']} passed / {b['portable']['failed']} failed; no compiled "
            f"code {b['none']['passed']} passed / {b['none']['failed']} failed; {skipped} "
            f"skipped. Modules: {t['native']} native, {t['portable']} portable** "
            f"({len(reports)} scripts{lost}).")


def render_section(reports: list[NativeReport] | None, portable: list[FileReport],
                   command: str, elapsed: float, missing: str | None = None) -> list[str]:
    """The native-tier section of ``docs/conformance.md`` (``missing``: why it did not run)."""
    out = ["## Spec testsuite on the native tier", ""]
    if missing is not None or reports is None:
        return out + [f"Not run: {missing or 'the native tier was not run'}.", ""]
    by_name = {r.name: r for r in portable}
    in_scope = [r for r in reports if r.excluded is None]
    excluded = [r for r in reports if r.excluded is not None]
    out += [
        f"- Command: `{command}` (run took {elapsed:.0f}s); "
        f"`{COMMAND}` prints the same counts alone",
        "",
        "Every script again, on engines with `Config.strategy = \"native\"` (one process",
        "per script). A module that uses anything the native tier does not compile runs",
        "on the portable tier instead, so each command is counted on the tier of the",
        "code it ran: *native modules* (the module it compiled, or the instance it",
        "invoked, is native machine code), *fallen back* (that module runs portable), or",
        "*no compiled code* (malformed and invalid modules, registrations; the same on",
        "either tier). An action counts on the tier of the instance it invokes, even",
        "when that calls functions imported from an instance of the other tier.",
        "Modules are counted per compilation.",
        "",
        _totals_line("In scope", in_scope),
        "",
        _totals_line("Excluded proposals", excluded),
        "",
        _totals_line("All", reports),
        "",
    ]
    proposals: collections.Counter[str] = collections.Counter()
    scripts: dict[str, set[str]] = collections.defaultdict(set)
    wording: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for r in reports:
        for proposal, n in r.fallbacks.items():
            proposals[proposal] += n
            scripts[proposal].add(r.name)
    for r in reports:
        for proposal, reason, n in r.fallback_reasons:
            wording[proposal][reason] += n
    if proposals:
        out += ["### Why modules fall back to the portable tier", "",
                "The first thing in each module the native tier does not compile, by the",
                "proposal it belongs to (the native tier compiles numbers, memories,",
                "memory64, tables and table instructions, references to functions and",
                "external objects, tail calls, SIMD and relaxed SIMD, and structured",
                "control flow).", "",
                "| Proposal | Modules | Scripts | Reasons (first per module) |",
                "|---|---:|---:|---|"]
        for proposal, n in proposals.most_common():
            reasons = "; ".join(f"{c}× {w}" for w, c in wording[proposal].most_common(4))
            if len(wording[proposal]) > 4:
                reasons += f"; +{len(wording[proposal]) - 4} more"
            out.append(f"| {_cell(proposal)} | {n} | {len(scripts[proposal])} | {_cell(reasons)} |")
        out.append("")
    flagged = [r for r in reports if native_failures(r, by_name.get(r.name))]
    failing = [line for r in flagged for line in r.failure_lines(tiers=("native", "none"))]
    out += ["### Native-tier failures", ""]
    if failing:
        out += ["Failed commands on natively compiled code in scripts whose every command",
                f"passes on the portable tier (up to {LISTED_FAILURES} per script).", "",
                "```", *failing, "```", ""]
    else:
        out += ["None: in every script that passes on the portable tier, every command on",
                "natively compiled code passes too.", ""]
    other = [line for r in in_scope if r.failed and r not in flagged
             for line in r.failure_lines(limit=5)]
    if other:
        out += ["Failures in in-scope scripts that fail on the portable tier too (up to 5 per",
                "script):", "", "```", *other, "```", ""]
    for title, group in (("In scope", in_scope), ("Excluded", excluded)):
        out += [f"### Native tier, {title.lower()}", "",
                "Passed / failed commands. *Portable tier*: the results above; the other",
                "columns are this run's.", "",
                "| Script | Portable tier | Native modules | Fallen back | No compiled code "
                "| Skipped | Modules native / portable | Fall-back reasons |",
                "|---|---:|---:|---:|---:|---:|---:|---|"]
        for r in group:
            p = by_name.get(r.name)
            portable_cell = f"{p.passed} / {p.failed}" if p is not None else "–"
            if r.lost is not None:
                out.append(f"| {r.name} | {portable_cell} | lost | lost | lost | – | – | "
                           f"{_cell(r.lost)} |")
                continue
            out.append(f"| {r.name} | {portable_cell} | {_pair(r, 'native')} | "
                       f"{_pair(r, 'portable')} | {_pair(r, 'none')} | {r.skipped} | "
                       f"{r.native_modules} / {r.portable_modules} | "
                       f"{_cell(_fallback_cell(r.fallbacks))} |")
        out.append("")
    return out


# --------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    """Run the spec scripts on the native tier and print the per-file counts."""
    parser = argparse.ArgumentParser(prog=COMMAND, description=main.__doc__)
    parser.add_argument("--jobs", "-j", type=int, default=2, help="scripts run at once")
    parser.add_argument("--only", action="append", default=[], metavar="GLOB",
                        help="run only scripts whose name matches (repeatable)")
    parser.add_argument("--in-scope", action="store_true", help="skip the excluded scripts")
    parser.add_argument("--failures", type=int, default=0, metavar="N",
                        help="print the first N failures of each script")
    args = parser.parse_args(argv)
    missing = unavailable()
    if missing is not None:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    files = spec_files()
    if not files:
        print(f"error: no testsuite at {suite_root()}", file=sys.stderr)
        return 2
    reports = run_all(select(files, args.only, args.in_scope), args.jobs)
    print_reports(reports)
    if args.failures:
        for r in reports:
            for text in r.failure_lines(args.failures):
                print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
