"""``python -m benchmarks.text_parse`` — CPU time to parse and encode every .wast of
the spec testsuite with wasmlite's own text parser (one core, one process)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from wasmlite.text import parse_wast

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "testsuite"


def measure() -> tuple[int, int, float] | None:
    """(scripts, commands, CPU seconds) for the whole testsuite, or None without it."""
    root = Path(os.environ.get("WASMLITE_TESTSUITE", DEFAULT))
    files = sorted(root.rglob("*.wast"))
    if not files:
        return None
    sources = [f.read_text(encoding="utf-8") for f in files]
    start = time.process_time()
    commands = sum(len(parse_wast(source)) for source in sources)
    return len(files), commands, time.process_time() - start


def main() -> int:
    figures = measure()
    if figures is None:
        print("no .wast files in the testsuite (set WASMLITE_TESTSUITE)", file=sys.stderr)
        return 1
    scripts, commands, seconds = figures
    print(f"{scripts} scripts, {commands} commands, text to bytes in {seconds:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
