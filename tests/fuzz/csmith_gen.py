"""Random C programs from csmith, kept small enough for a pure-Python wasm tier.

The options are drawn per seed from ranges that keep programs to a few
functions, shallow blocks and short arrays, so that most finish natively in
milliseconds and under wasmlite in about a second. A program csmith writes for
a seed is the same on every run of the same csmith version.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from .tools import csmith


def options(seed: int) -> list[str]:
    rng = random.Random(f"csmith-options:{seed}")
    chosen = [
        "--max-funcs", str(rng.randint(2, 8)),
        "--max-block-depth", str(rng.randint(2, 4)),
        "--max-block-size", str(rng.randint(2, 4)),
        "--max-expr-complexity", str(rng.randint(3, 8)),
        "--max-array-dim", str(rng.randint(1, 2)),
        "--max-array-len-per-dim", str(rng.randint(2, 6)),
        "--max-struct-fields", str(rng.randint(2, 6)),
        "--max-pointer-depth", str(rng.randint(1, 3)),
        "--no-argc",
        # wasm and the host must lay data out alike for the checksum to match:
        # packed structs and volatile accesses are where compilers may differ
        # within what C allows.
        "--no-packed-struct", "--no-volatiles", "--no-volatile-pointers",
    ]
    for flag in ("bitfields", "unions", "math64", "longlong", "jumps", "divs",
                 "embedded-assigns", "comma-operators", "pointers", "structs"):
        if rng.random() < 0.15:
            chosen.append(f"--no-{flag}")
    return chosen


def generate(seed: int, path: Path) -> Path:
    """Write csmith's program for ``seed`` to ``path``."""
    # csmith writes a platform.info file into its working directory
    subprocess.run([csmith(), "--seed", str(seed), *options(seed), "-o", str(path.resolve())],
                   check=True, capture_output=True, timeout=60, cwd=path.resolve().parent)
    return path
