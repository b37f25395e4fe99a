"""The benchmark programs: WASI commands importing ``bench.start`` / ``bench.end``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BENCH_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


@dataclass(frozen=True)
class Program:
    name: str            # e.g. "shootout-fib2", "quicksort"
    wasm: Path
    workdir: Path        # preopened as "." and used as the working directory
    stdout_expected: Path | None
    stderr_expected: Path | None


def bench_dir() -> Path:
    return Path(os.environ.get("WASMLITE_BENCH", DEFAULT_BENCH_DIR))


def discover(root: Path | None = None) -> list[Program]:
    """Every program under the benchmark folder, sorted by name."""
    root = root or bench_dir()
    found = []
    for wasm in sorted(root.glob("*/*.wasm")):
        stem = wasm.stem
        name = wasm.parent.name if stem == "benchmark" else stem
        def expected(kind: str) -> Path | None:
            p = wasm.parent / f"{stem}.{kind}.expected"
            return p if p.exists() else None
        found.append(Program(name, wasm, wasm.parent, expected("stdout"), expected("stderr")))
    return found


def normalise(text: str) -> list[str]:
    """Output compared line by line; line ends and a final newline do not matter."""
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")
