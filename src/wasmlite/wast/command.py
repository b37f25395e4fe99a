"""``wasmlite wast FILE...``: run WAST scripts (core or component) and print
what passed, file by file, then the totals."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .runner import FileReport, run_file

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wasmlite wast",
                                     description="Run WAST scripts (core and component).")
    parser.add_argument("files", nargs="+", metavar="FILE", help="a .wast script")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only the summary line of each file")
    return parser


def _print_report(report: FileReport, quiet: bool) -> None:
    print(report.summary())
    if quiet:
        return
    for outcome in report.failed:
        reason = outcome.reason.replace("\n", " | ")
        print(f"  line {outcome.line}: {outcome.command} failed: {reason}")
    for outcome in report.skipped:
        print(f"  line {outcome.line}: {outcome.command} skipped: {outcome.reason}")


def main(argv: Sequence[str]) -> int:
    """Run the command line ``argv`` (after ``wast``); 0 when every command of
    every file passed, 1 otherwise."""
    options = _parser().parse_args(list(argv))
    passed = failed = skipped = 0
    for path in options.files:
        try:
            report = run_file(path)
        except OSError as e:
            report = FileReport(path, error=f"cannot read: {e.strerror}")
        _print_report(report, options.quiet)
        passed += report.passed
        failed += len(report.failed) + (report.error is not None)
        skipped += len(report.skipped)
    total = passed + failed + skipped
    print(f"total: {passed}/{total} passed, {failed} failed, {skipped} skipped "
          f"in {len(options.files)} file(s)")
    sys.stdout.flush()
    return 0 if failed == 0 else 1
