"""Runs a preview 2 test component through ``wasmlite run`` and through the oracle.

The oracle is the same command line on wasmtime-py (``api=wasmtime``), where
``Linker.add_wasip2`` and ``Store.set_wasi`` are Wasmtime's own WASI preview 2.
Wasmtime writes inherited standard streams to the process's descriptors, so
the oracle runs in a child process; wasmlite runs in this one (its standard
streams are Python's, captured as the preview 1 driver captures them).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

if __package__:
    from ..testsuite import Case, Outcome, command_line, run_case
else:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from tests.wasi.testsuite import Case, Outcome, command_line, run_case

FAILING_UNDER_THE_ADAPTER = {
    "assemblyscript/args_get-multiple-arguments",
    "assemblyscript/environ_get-multiple-variables",
    "assemblyscript/fd_write-to-invalid-fd",
    "assemblyscript/proc_exit-failure",
}
"""Programs that do not behave as their JSON expects once adapted, on Wasmtime too."""

NONDETERMINISTIC_OUTPUT = {
    "rust/poll_oneoff_stdio",
}
"""Programs whose output varies between runs (a Rust ``HashMap`` printed in the
order its random seed gives), so only their exit status is compared."""


_ORACLE = ("import sys, wasmtime\n"
           "from wasmlite import cli\n"
           "sys.exit(cli.main(sys.argv[1:], api=wasmtime))\n")
_TIMEOUT = 120


def _judge(case: Case, outcome: Outcome) -> Outcome:
    if outcome.exit_code != case.exit_code:
        outcome.problems.append(f"exit code {outcome.exit_code}, expected {case.exit_code}")
    if case.stdout is not None and outcome.stdout != case.stdout.encode():
        outcome.problems.append(f"stdout {outcome.stdout[:200]!r}, expected {case.stdout!r}")
    return outcome


def run_wasmlite(case: Case, component: Path, workdir: Path) -> Outcome:
    """``case`` with its program replaced by ``component``, run by ``wasmlite run``."""
    import wasmlite
    return run_case(dataclasses.replace(case, wasm=component), wasmlite, workdir)


def run_oracle(case: Case, component: Path, workdir: Path) -> Outcome:
    """``case`` with its program replaced by ``component``, run on wasmtime-py."""
    argv = command_line(dataclasses.replace(case, wasm=component), workdir)
    done = subprocess.run([sys.executable, "-c", _ORACLE, *argv], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=_TIMEOUT,
                          env={**os.environ, "RUST_BACKTRACE": "0"})
    return _judge(case, Outcome(done.returncode, done.stdout, done.stderr))


def oracle_available() -> bool:
    """Whether wasmtime-py with WASI preview 2 can be imported."""
    try:
        import wasmtime.component
    except ImportError:
        return False
    return hasattr(wasmtime.component.Linker, "add_wasip2")
