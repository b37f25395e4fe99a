"""Runs the adapted WASI testsuite through wasmlite and the wasmtime-py oracle and
prints, per suite, how many programs behave as their JSON expects on each and
whether both agree (exit status and stdout); ``--write PATH`` puts the figures
in the WASI conformance page beside the preview 1 results:

    python tests/wasi/preview2/compare.py [--write docs/wasi-conformance.md]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__:
    from ..testsuite import SUITES, discover, write_section
    from .build_components import Unavailable, component_of_case
    from .runner import NONDETERMINISTIC_OUTPUT, run_oracle, run_wasmlite
else:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from tests.wasi.preview2.build_components import Unavailable, component_of_case
    from tests.wasi.preview2.runner import NONDETERMINISTIC_OUTPUT, run_oracle, run_wasmlite
    from tests.wasi.testsuite import SUITES, discover, write_section


def main(argv: list[str] | None = None) -> int:
    """Compare every case; print the figures; optionally write them to the page."""
    parser = argparse.ArgumentParser(description="Run the adapted WASI testsuite in wasmlite "
                                                 "and wasmtime-py.")
    parser.add_argument("--write", metavar="PATH", type=Path,
                        help="put the preview 2 section in this conformance page")
    options = parser.parse_args(argv)
    cases = discover()
    failures: list[str] = []
    passed = {"wasmlite": 0, "wasmtime": 0}
    disagreements = 0
    per_suite: dict[str, list[int]] = {suite: [0, 0, 0] for suite in SUITES}
    for case in cases:
        try:
            component = component_of_case(case)
        except Unavailable as exc:
            print(f"cannot build the components: {exc}")
            return 1
        with tempfile.TemporaryDirectory() as mine, tempfile.TemporaryDirectory() as theirs:
            ours = run_wasmlite(case, component, Path(mine))
            oracle = run_oracle(case, component, Path(theirs))
        agree = ours.exit_code == oracle.exit_code and (
            ours.stdout == oracle.stdout or case.id in NONDETERMINISTIC_OUTPUT)
        passed["wasmlite"] += ours.passed
        passed["wasmtime"] += oracle.passed
        counts = per_suite[case.suite]
        counts[0] += ours.passed
        counts[1] += oracle.passed
        counts[2] += 1
        disagreements += not agree
        status = "ok" if ours.passed else "FAIL: " + "; ".join(ours.problems)
        if not agree:
            status += (f" | DIFFERS from wasmtime (exit {oracle.exit_code}, "
                       f"stdout {oracle.stdout[:120]!r})")
        if not ours.passed or not agree:
            same = "fails the same way under wasmtime" if agree and not oracle.passed else (
                "passes under wasmtime" if oracle.passed else "fails differently under wasmtime")
            failures.append(f"- `{case.id}`: {'; '.join(ours.problems) or 'passes'} ({same})")
        print(f"{case.id}: {status}", flush=True)
    for suite, (ours_passed, oracle_passed, total) in per_suite.items():
        print(f"{suite}: wasmlite {ours_passed}/{total}, wasmtime {oracle_passed}/{total}")
    total = len(cases)
    print(f"all: wasmlite {passed['wasmlite']}/{total}, wasmtime {passed['wasmtime']}/{total}, "
          f"{disagreements} disagreement(s)")
    if options.write:
        write_section(options.write, _page(per_suite, failures, disagreements))
    return 0 if disagreements == 0 else 1


def _page(per_suite: dict[str, list[int]], failures: list[str], disagreements: int) -> str:
    lines = [
        "# WASI preview 2 conformance",
        "",
        "The same programs turned into `wasi:cli/command` components with the preview 1",
        "adapter (`wasi_snapshot_preview1.command.wasm` from the npm package",
        "`@bytecodealliance/jco`, through `wasm-tools component new --adapt`), each run",
        "through the `wasmlite run` command line and, as the reference, through",
        "wasmtime-py's `add_wasip2`, and judged by its JSON.",
        "Regenerate with `python tests/wasi/preview2/compare.py --write docs/wasi-conformance.md`.",
        "",
        "| suite | wasmlite passed | wasmtime passed | total |",
        "|---|---|---|---|",
    ]
    totals = [0, 0, 0]
    for suite, counts in per_suite.items():
        lines.append(f"| {suite} | {counts[0]} | {counts[1]} | {counts[2]} |")
        totals = [a + b for a, b in zip(totals, counts)]
    lines.append(f"| **all** | **{totals[0]}** | **{totals[1]}** | **{totals[2]}** |")
    lines += ["", f"Programs whose exit status or output differs between the two: {disagreements}.",
              "", "## Failing under wasmlite", ""]
    lines += failures or ["None."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
