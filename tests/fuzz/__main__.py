"""``python -m tests.fuzz``: run a fuzzing campaign from the repository root.

    python -m tests.fuzz --cases 1000 --kind smith --seed 5000 --out fuzz-findings

Prints a progress line while it runs and a summary at the end; every
divergence is saved in --out (see campaign.py). The exit status is 1 when a
divergence was found, else 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .campaign import KINDS, Campaign


def main(argv: list[str] | None = None) -> int:
    from .smith import PROFILES
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz",
        description="Fuzz wasmlite: csmith programs and our C programs against their native "
                    "builds, wasm-smith modules against wasmtime-py, mutated modules against "
                    "wasmtime-py's validator.")
    parser.add_argument("--cases", type=int, default=100, help="how many cases per kind (default 100)")
    parser.add_argument("--kind", choices=(*KINDS, "all"), default="all",
                        help="which fuzzer (default: all, one after the other)")
    parser.add_argument("--seed", type=int, default=0,
                        help="the first case's seed; cases are seed, seed+1, ... (default 0)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"),
                        help="folder for divergences (default ./fuzz-findings)")
    parser.add_argument("--profile", choices=sorted(PROFILES),
                        help="smith only: use this feature profile for every case "
                             "(default: the profiles in turn)")
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    options = parser.parse_args(argv)
    kinds = KINDS if options.kind == "all" else (options.kind,)
    started = time.monotonic()
    tallies = []
    for kind in kinds:
        campaign = Campaign(kind, options.cases, options.seed, options.out, options.quiet,
                            options.profile)
        try:
            tallies.append(campaign.run())
        except SystemExit as stop:
            print(f"[{kind}] skipped: {stop}", file=sys.stderr)
    found = sum(t.divergences for t in tallies)
    print(f"summary: {sum(t.done for t in tallies)} cases in {time.monotonic() - started:.0f} s, "
          f"{found} divergences" + (f" saved in {options.out}" if found else ""))
    for tally in tallies:
        print("  " + tally.line())
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
