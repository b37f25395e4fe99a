"""Run one spec script in a separate Python process.

A runtime that crashes the interpreter (an abort in native code, a C stack
overflow) or hangs past every time limit then loses that one script, which
is reported as failed, and not the whole run.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
import time
from pathlib import Path

from testsuite_scripts import SpecFile

from .runner import FileReport, Outcome, file_timeout

REPO_ROOT = Path(__file__).resolve().parents[2]
GRACE_SECONDS = 120


def run_in_process(spec_file: SpecFile, runtime: str) -> FileReport:
    """Run ``spec_file`` against ``runtime`` in a fresh process; read back its report."""
    command = [sys.executable, "-m", "tests.spec.runner", str(spec_file.path),
               "--runtime", runtime, "--json"]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=file_timeout() + GRACE_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return _lost(spec_file, "the runner process did not finish in time", started)
    if done.returncode == 0:
        try:
            report = FileReport.from_json(json.loads(done.stdout))
        except (ValueError, TypeError, KeyError):
            pass
        else:
            report.name, report.excluded = spec_file.name, spec_file.excluded
            return report
    return _lost(spec_file, "the runner process " + how_it_ended(done), started)


def how_it_ended(done: subprocess.CompletedProcess) -> str:
    """How a script's process that gave no report ended, with its last line of stderr."""
    if done.returncode == 0:
        how = "printed no report"
    elif done.returncode < 0:
        how = f"was killed by signal {-done.returncode}"
    else:
        how = f"exited with status {done.returncode}"
    return how + ": " + (done.stderr.strip().splitlines() or ["no output"])[-1][:300]


def select(files: list[SpecFile], only: list[str], in_scope: bool) -> list[SpecFile]:
    """The scripts of ``files`` whose names match one of the globs ``only`` (all
    when empty), leaving out the excluded ones when ``in_scope``."""
    if only:
        files = [f for f in files if any(fnmatch.fnmatchcase(f.name, g) for g in only)]
    return [f for f in files if f.in_scope] if in_scope else files


def _lost(spec_file: SpecFile, reason: str, started: float) -> FileReport:
    report = FileReport(spec_file.name, spec_file.excluded, seconds=time.monotonic() - started)
    report.failures.append(Outcome(0, "script", reason))
    return report
