"""``python -m benchmarks.text_parse`` — CPU time to parse and encode every .wast of
the spec testsuite with wasmlite's own text parser (one core, one process)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from wasmlite.text import parse_wast

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "testsuite"


def main() -> int:
    root = Path(os.environ.get("WASMLITE_TESTSUITE", DEFAULT))
    files = sorted(root.rglob("*.wast"))
    if not files:
        print(f"no .wast files under {root}", file=sys.stderr)
        return 1
    sources = [f.read_text(encoding="utf-8") for f in files]
    start = time.process_time()
    commands = sum(len(parse_wast(source)) for source in sources)
    seconds = time.process_time() - start
    print(f"{len(files)} scripts, {commands} commands, text to bytes in {seconds:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
