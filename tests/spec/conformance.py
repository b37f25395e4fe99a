"""Run the whole spec testsuite and write ``docs/conformance.md``.

    python -m tests.spec.conformance                      # wasmlite; writes the report
    python -m tests.spec.conformance --runtime wasmtime   # prints only (add --write to write)

Every script runs in its own process (``--jobs`` at a time), so a runtime
that crashes or hangs loses one file, not the run. In-scope and excluded
scripts are reported in separate tables with separate totals. The report
has the totals of the WASI testsuite, taken from its own page
(``docs/wasi-conformance.md``), so that it is the one entry point. For
wasmlite it also runs the component-model reference tests
(``tests/spec/component_conformance.py``) and ends with their section,
and runs every script again on the native tier (``tests/spec/native_tier.py``;
``--no-native`` leaves that out), reported in a section of its own beside the
portable tier's counts.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import platform
import re
import shlex
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from testsuite_scripts import spec_files, suite_root

from . import native_tier
from .backend import BackendUnavailable, load_backend, selected_runtime
from .isolated import REPO_ROOT, run_in_process, select
from .runner import DEPENDS_ON_ABSENT, FileReport

REPORT_PATH = REPO_ROOT / "docs" / "conformance.md"
WASI_REPORT_PATH = REPO_ROOT / "docs" / "wasi-conformance.md"
WASI_COMMAND = "python tests/wasi/testsuite.py --write docs/wasi-conformance.md"
WASI_PREVIEW2_COMMAND = "python tests/wasi/preview2/compare.py --write docs/wasi-conformance.md"
LISTED_FAILURES = 20

_WASI_TOTALS = re.compile(r"^\| \*\*all\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|$", re.M)


# --------------------------------------------------------------- summaries

_NUMBERS = re.compile(r"(?<![\w.])(0x[0-9a-fA-F]+|-?\d+(\.\d+)?(e[-+]?\d+)?)")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def failure_category(reason: str) -> str:
    """A failure reason with its particulars (numbers, names) blanked out.

    Commands that failed because their module did not load form one category;
    the module's own failure is counted where that module is.
    """
    if reason.startswith(DEPENDS_ON_ABSENT):
        return DEPENDS_ON_ABSENT
    reason = _QUOTED.sub("'…'", reason)
    reason = _NUMBERS.sub("N", reason)
    return reason[:140]


def _reason_summary(counter: collections.Counter[str], limit: int = 3) -> str:
    parts = [f"{count}× {reason}" for reason, count in counter.most_common(limit)]
    if len(counter) > limit:
        parts.append(f"+{len(counter) - limit} more")
    return "; ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _totals(reports: list[FileReport]) -> tuple[int, int, int]:
    return (sum(r.passed for r in reports), sum(r.failed for r in reports),
            sum(r.skipped for r in reports))


def print_reports(reports: list[FileReport], runtime: str) -> None:
    """Per-file counts and the totals, on stdout."""
    for title, group in (("in scope", [r for r in reports if r.excluded is None]),
                         ("excluded", [r for r in reports if r.excluded is not None])):
        if not group:
            continue
        print(f"== {runtime}: {title} ==")
        for r in group:
            line = f"{r.name:32} passed {r.passed:6}  failed {r.failed:6}  skipped {r.skipped:5}"
            print(f"{line}  {r.seconds:6.1f}s")
        passed, failed, skipped = _totals(group)
        print(f"{'TOTAL ' + title:32} passed {passed:6}  failed {failed:6}  skipped {skipped:5}\n")


def render_markdown(reports: list[FileReport], runtime: str, command: str,
                    elapsed: float, components: tuple[list, float] | None = None,
                    native: tuple[list | None, float, str | None] | None = None) -> str:
    """``docs/conformance.md`` for ``reports``, the component-model reference
    tests' ``components`` (results and seconds) when they ran, and the native
    tier's run of the scripts (``native``: its reports, seconds, and why it could
    not run) when it was asked for."""
    from . import component_conformance as cc
    backend = load_backend(runtime)
    in_scope = [r for r in reports if r.excluded is None]
    excluded = [r for r in reports if r.excluded is not None]
    origin = suite_root() / "ORIGIN.txt"
    origin_text = origin.read_text().split(":")[0].strip() if origin.is_file() else "unknown"
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Conformance",
        "",
        cc.GENERATED,
        "",
        *_summary(in_scope, excluded, cc.summary_rows(components[0]) if components else []),
        "## Spec testsuite",
        "",
        f"- Command: `{command}`",
        f"- Date: {date} (run took {elapsed:.0f}s)",
        f"- Runtime: {backend.name} {backend.version}",
        f"- Python: {platform.python_version()} ({platform.machine()})",
        f"- Testsuite: {origin_text}",
        "",
        "`pytest tests/spec -n 2` runs the in-scope scripts as tests (one per script);",
        "`--runtime wasmtime` runs everything on wasmtime-py instead, to check the driver.",
        "",
        "Scripts are read by wasmlite's own WAST parser (`wasmlite.text.parse_wast`):",
        "modules written in the text format (`module quote` included) run from wasmlite's",
        "encoding, on either runtime, and a text `assert_malformed` passes when the parser",
        "rejects its module (the spec's messages for malformed text are informal, so only",
        "the rejection is checked).",
        "",
        "Each command of a script counts once: a module, a register, an action or an",
        "assertion. *Skipped* commands are not counted as passed; the reasons are listed.",
        "Expectations of the threads proposal's snapshot that the Wasm 3.0 core scripts",
        "overturn (several memories, 64-bit memory limits) are skipped as superseded.",
        "",
    ]
    for title, group, note in (
        ("In scope", in_scope, "Every top-level script except those of proposals wasmlite "
         "does not implement yet."),
        ("Excluded", excluded, "Scripts of proposals outside the current scope (SIMD, GC, "
         "exception handling, threads, ...). They run and are reported, but do not count "
         "towards conformance."),
    ):
        passed, failed, skipped = _totals(group)
        total = passed + failed + skipped
        rate = f"{100 * passed / total:.2f}%" if total else "n/a"
        clean = sum(1 for r in group if not r.failed)
        out += [
            f"### {title}",
            "",
            note,
            "",
            f"**Total: {passed} passed, {failed} failed, {skipped} skipped** of {total} "
            f"commands ({rate} passed); {clean} of {len(group)} scripts without failures.",
            "",
        ]
        header = "| Script | Passed | Failed | Skipped | Skip reasons | Main failures |"
        rule = "|---|---:|---:|---:|---|---|"
        if title == "Excluded":
            header = "| Script | Proposal | Passed | Failed | Skipped | Skip reasons | Main failures |"
            rule = "|---|---|---:|---:|---:|---|---|"
        out += [header, rule]
        for r in group:
            proposal = f" {_cell(r.excluded)} |" if title == "Excluded" else ""
            failures = collections.Counter(failure_category(o.reason) for o in r.failures)
            out.append(
                f"| {r.name} |{proposal} {r.passed} | {r.failed} | {r.skipped} | "
                f"{_cell(_reason_summary(r.skip_reasons()))} | "
                f"{_cell(_reason_summary(failures, 2))} |"
            )
        out.append("")
    failing = [line for r in in_scope for line in r.failure_lines(limit=LISTED_FAILURES)]
    if failing:
        out += ["### In-scope failures", "", f"Up to {LISTED_FAILURES} per script.", "",
                "```", *failing, "```", ""]
    categories = collections.Counter(
        failure_category(o.reason) for r in in_scope for o in r.failures
    )
    if categories:
        out += ["### Failure categories (in scope)", "",
                "| Failures | Reason (particulars blanked) |", "|---:|---|"]
        out += [f"| {count} | {_cell(reason)} |" for reason, count in categories.most_common(40)]
        if len(categories) > 40:
            out.append(f"| … | {len(categories) - 40} more categories |")
        out.append("")
    if native is not None:
        out += native_tier.render_section(native[0], reports, command, native[1], native[2])
    if components:
        out += [cc.render_section(components[0], command, components[1]), ""]
    out += fuzz_section()
    return "\n".join(out)


FUZZ_RECORD = REPO_ROOT / "docs" / "fuzz-campaigns.jsonl"
"""Campaigns of ``python -m tests.fuzz``, one JSON object a line: the command, the
commit it ran on, when, its counts (cases, divergent, slow, inconclusive, and for
smith the calls compared) and a note (e.g. that it was stopped early)."""


FUZZ_GOALS = {"mutate": "200,000", "smith": "20,000", "csmith": "2,000 programs"}
"""The sizes of the long campaigns the fidelity work asked for."""


def fuzz_section() -> list[str]:
    """The section of the recorded fuzz campaigns (``FUZZ_RECORD``), if any."""
    if not FUZZ_RECORD.is_file():
        return []
    rows = [json.loads(line) for line in FUZZ_RECORD.read_text().splitlines() if line.strip()]
    out = ["## Fuzz campaigns", "",
           "Recorded in `docs/fuzz-campaigns.jsonl` from the campaigns' own summary or last",
           "progress line (a campaign stopped before its last case counts the cases it",
           "finished). See `tests/fuzz/README.md` for what each fuzzer compares.", "",
           "\"Calls compared\" counts the smith fuzzer's calls; \"Platform\" counts the wasm",
           "builds of C programs whose output differs from the native build's exactly as",
           "it does under wasmtime (a difference of the wasm32 build, not of wasmlite).", "",
           "| Fuzzer | Cases | Divergent | Slow | Inconclusive | Calls compared | Platform "
           "| Commit | Date | Command |",
           "|---|---:|---:|---:|---:|---:|---:|---|---|---|"]
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["kind"]] = totals.get(r["kind"], 0) + r["cases"]
        out.append(f"| {r['kind']} | {r['cases']} | {r['divergent']} | {r['slow']} | "
                   f"{r['inconclusive']} | {r.get('calls', '')} | {r.get('platform', '')} | "
                   f"{r['commit']} | {r['date']} | "
                   f"`{r['command']}`{' ' + r['note'] if r.get('note') else ''} |")
    out += ["", "| Fuzzer | Cases in all | Campaign size asked for |", "|---|---:|---:|"]
    for kind, cases in totals.items():
        out.append(f"| {kind} | {cases:,} | {FUZZ_GOALS.get(kind, '–')} |")
    out.append("")
    return out


def refresh_fuzz_section(page: Path) -> int:
    """Replace the fuzz campaign section, the last of ``page``, with the record's."""
    if not page.is_file():
        print(f"error: {page} does not exist yet: run the testsuite first", file=sys.stderr)
        return 2
    text = page.read_text()
    head, found, _ = text.partition("## Fuzz campaigns")
    page.write_text((head if found else text.rstrip("\n") + "\n\n") + "\n".join(fuzz_section()))
    print(f"wrote {os.path.relpath(page)}")
    return 0


def _summary(in_scope: list[FileReport], excluded: list[FileReport],
             component_rows: list[str]) -> list[str]:
    """The totals of every testsuite, the WASI one read from its own generated page."""
    out = ["## Summary", "",
           "| Testsuite | Passed | Failed | Skipped | Total | Details |",
           "|---|---:|---:|---:|---:|---|"]
    for title, group, anchor in (("Spec, in scope", in_scope, "in-scope"),
                                 ("Spec, excluded proposals", excluded, "excluded")):
        passed, failed, skipped = _totals(group)
        out.append(f"| {title} | {passed} | {failed} | {skipped} | {passed + failed + skipped} "
                   f"| [commands of {len(group)} scripts](#{anchor}) |")
    out += component_rows
    text = WASI_REPORT_PATH.read_text(encoding="utf-8") if WASI_REPORT_PATH.is_file() else ""
    preview1, _, preview2 = text.partition("# WASI preview 2")
    for title, section, command in (("WASI preview 1", preview1, WASI_COMMAND),
                                    ("WASI preview 2 (adapted programs)", preview2,
                                     WASI_PREVIEW2_COMMAND)):
        totals = _WASI_TOTALS.search(section)
        if totals is None:
            out.append(f"| {title} | – | – | – | – | not run yet: `{command}` |")
            continue
        # preview 1 gives passed, failed, total; preview 2 passed, wasmtime's passed, total
        passed, second, total = (int(n) for n in totals.groups())
        details = ("[programs, per suite](wasi-conformance.md)" if section is preview1
                   else f"[wasmtime passes {second}](wasi-conformance.md)")
        out.append(f"| {title} | {passed} | {total - passed} | – | {total} | {details} |")
    return out + ["", f"The WASI page is generated separately: `{WASI_COMMAND}` and "
                      f"`{WASI_PREVIEW2_COMMAND}`.", ""]


# --------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    """Run every script, print the counts, and (for wasmlite) write the report."""
    parser = argparse.ArgumentParser(prog="python -m tests.spec.conformance",
                                     description=main.__doc__)
    parser.add_argument("--runtime", choices=("wasmlite", "wasmtime"))
    parser.add_argument("--jobs", "-j", type=int, default=2, help="scripts run at once")
    parser.add_argument("--only", action="append", default=[], metavar="GLOB",
                        help="run only scripts whose name matches (repeatable)")
    parser.add_argument("--in-scope", action="store_true", help="skip the excluded scripts")
    parser.add_argument("--write", action="store_true",
                        help="write the report even for the wasmtime runtime")
    parser.add_argument("--no-write", action="store_true", help="never write the report")
    parser.add_argument("--output", type=Path, default=REPORT_PATH)
    parser.add_argument("--failures", type=int, default=0, metavar="N",
                        help="print the first N failures of each script")
    parser.add_argument("--no-native", action="store_true",
                        help="do not run the scripts again on the native tier")
    parser.add_argument("--fuzz-only", action="store_true",
                        help="run nothing: rewrite only the page's fuzz campaign section "
                             "from docs/fuzz-campaigns.jsonl")
    args = parser.parse_args(argv)
    if args.fuzz_only:
        return refresh_fuzz_section(args.output)
    try:
        runtime = selected_runtime(args.runtime)
        load_backend(runtime)
    except BackendUnavailable as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    files = spec_files()
    if not files:
        print(f"error: no testsuite at {suite_root()}", file=sys.stderr)
        return 2
    files = select(files, args.only, args.in_scope)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        reports = list(pool.map(lambda f: run_in_process(f, runtime), files))
    elapsed = time.monotonic() - started
    print_reports(reports, runtime)
    if args.failures:
        for r in reports:
            for text in r.failure_lines(args.failures):
                print(text)
    native = None
    if runtime == "wasmlite" and not args.no_native:
        missing = native_tier.unavailable()
        native_reports, native_elapsed = None, 0.0
        if missing is None:
            started = time.monotonic()
            native_reports = native_tier.run_all(files, args.jobs)
            native_elapsed = time.monotonic() - started
            native_tier.print_reports(native_reports)
            if args.failures:
                for n in native_reports:
                    for text in n.failure_lines(args.failures):
                        print(text)
        else:
            print(f"native tier not run: {missing}")
        native = (native_reports, native_elapsed, missing)
    complete = not args.only and not args.in_scope
    write = (runtime == "wasmlite" or args.write) and not args.no_write
    if write and complete:
        command = "python -m tests.spec.conformance " + shlex.join(argv or sys.argv[1:])
        components = None
        if runtime == "wasmlite":   # the component driver runs on wasmlite's API
            from . import component_conformance as cc
            components = cc.run_all(args.jobs)
            cc.print_results(components[0])
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(render_markdown(reports, runtime, command.strip(), elapsed,
                                               components, native))
        print(f"wrote {os.path.relpath(args.output)}")
    elif write:
        print("report not written: --only / --in-scope ran part of the suite")
    return 0


if __name__ == "__main__":
    sys.exit(main())
