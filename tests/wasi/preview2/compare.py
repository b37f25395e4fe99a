"""Runs the adapted WASI testsuite through wasmlite and the wasmtime-py oracle and
prints, per suite, how many programs behave as their JSON expects on each and
whether both agree (exit status and stdout):

    python tests/wasi/preview2/compare.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

if __package__:
    from ..testsuite import SUITES, discover
    from .build_components import Unavailable, component_of_case
    from .runner import NONDETERMINISTIC_OUTPUT, run_oracle, run_wasmlite
else:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from tests.wasi.preview2.build_components import Unavailable, component_of_case
    from tests.wasi.preview2.runner import NONDETERMINISTIC_OUTPUT, run_oracle, run_wasmlite
    from tests.wasi.testsuite import SUITES, discover


def main() -> int:
    """Compare every case; print the figures."""
    cases = discover()
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
        print(f"{case.id}: {status}", flush=True)
    for suite, (ours_passed, oracle_passed, total) in per_suite.items():
        print(f"{suite}: wasmlite {ours_passed}/{total}, wasmtime {oracle_passed}/{total}")
    total = len(cases)
    print(f"all: wasmlite {passed['wasmlite']}/{total}, wasmtime {passed['wasmtime']}/{total}, "
          f"{disagreements} disagreement(s)")
    return 0 if disagreements == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
