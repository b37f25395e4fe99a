"""CPU-bound benchmark programs run as preview 1 modules and as preview 2 components.

Each program of ``../shared/bench`` that the portable tier runs in seconds is
made a ``wasi:cli/command`` component: its ``bench`` imports are declared in a
WIT world (:data:`BENCH_WORLD`) with ``wasm-tools component embed``, then
``wasm-tools component new --adapt`` wraps it with the preview 1 adapter (the
same adapter as the preview 2 tests use). Both forms run through
``wasmlite run --dir . --bench-out FILE`` in a fresh process, alternately, and
the figures are the median time between ``bench.start`` and ``bench.end``, and
the median CPU time the program's thread spent between them (less disturbed by
other work on the machine)::

    python -m benchmarks.preview2_programs [--runs 5] [--programs a,b] [--out FILE]

The goal: the component runs within 5% of the module.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .__main__ import source_commit, today
from .programs import Program, bench_dir, discover

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.wasi.preview2.build_components import Unavailable, _tool, adapter, cache_directory  # noqa: E402

BENCH_WORLD = """package wasmlite:bench;

world program {
  import bench: interface {
    start: func();
    end: func();
  }
}
"""

QUICK = ("quicksort", "richards", "shootout-ackermann", "shootout-gimli", "shootout-keccak",
         "shootout-memmove", "shootout-random", "shootout-ratelimit", "shootout-switch",
         "shootout-xblabla20", "shootout-xchacha20")
"""The programs the portable tier runs in under ten seconds each."""


def component_of(program: Program) -> Path:
    """``program`` made a preview 2 command component (built once, then cached)."""
    target = cache_directory() / "bench" / f"{program.name}.wasm"
    if target.exists() and target.stat().st_mtime >= program.wasm.stat().st_mtime:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tools = _tool("wasm-tools")
    with tempfile.TemporaryDirectory() as work:
        world = Path(work) / "bench.wit"
        world.write_text(BENCH_WORLD)
        embedded = Path(work) / "embedded.wasm"
        for step in ([tools, "component", "embed", str(world), str(program.wasm), "-o", str(embedded)],
                     [tools, "component", "new", str(embedded), "--adapt",
                      f"wasi_snapshot_preview1={adapter()}", "-o", str(target)]):
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                raise Unavailable(f"{' '.join(step[:3])} failed for {program.name}: "
                                  f"{done.stderr.strip()[-300:]}")
    return target


def bench_seconds(program: Program, wasm: Path, timeout: float) -> tuple[float, float]:
    """One run of ``wasm`` in ``program``'s folder: the seconds from bench.start to
    bench.end, and the CPU seconds the program's thread spent between them."""
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "elapsed"
        done = subprocess.run([sys.executable, "-m", "wasmlite", "run", "--dir", ".",
                               "--argv0", program.name, "--bench-out", str(report), str(wasm)],
                              cwd=program.workdir, capture_output=True, timeout=timeout)
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"{wasm.name} failed ({done.returncode}): "
                               f"{done.stderr.decode(errors='replace')[-300:]}")
        wall, cpu = report.read_text().split()
        return int(wall) / 1e9, int(cpu) / 1e9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.preview2_programs",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--programs", default=",".join(QUICK))
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    options = parser.parse_args(argv)
    wanted = options.programs.split(",")
    programs = [p for p in discover(bench_dir()) if p.name in wanted]
    lines = ["| program | module (preview 1) | component (preview 2) | component / module "
             "| module CPU | component CPU | component / module (CPU) |",
             "|---|---|---|---|---|---|---|"]
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    for program in programs:
        try:
            component = component_of(program)
        except Unavailable as exc:
            print(f"cannot build the components: {exc}", file=sys.stderr)
            return 1
        times: dict[str, list[tuple[float, float]]] = {"module": [], "component": []}
        for _ in range(options.runs):
            times["module"].append(bench_seconds(program, program.wasm, options.timeout))
            times["component"].append(bench_seconds(program, component, options.timeout))
        module, adapted = (statistics.median(t[0] for t in times[k]) for k in ("module", "component"))
        module_cpu, adapted_cpu = (statistics.median(t[1] for t in times[k])
                                   for k in ("module", "component"))
        ratios.append(adapted / module)
        cpu_ratios.append(adapted_cpu / module_cpu)
        lines.append(f"| {program.name} | {module:.4g} s | {adapted:.4g} s | {adapted / module:.3f} "
                     f"| {module_cpu:.4g} s | {adapted_cpu:.4g} s | {adapted_cpu / module_cpu:.3f} |")
        print(lines[-1], flush=True)
    if ratios:
        lines.append(f"| **median** | | | **{statistics.median(ratios):.3f}** | | "
                     f"| **{statistics.median(cpu_ratios):.3f}** |")
    table = "\n".join(lines) + "\n"
    print(table)
    if options.out:
        options.out.write_text(
            "# Benchmark programs as preview 2 components\n\n"
            f"Measured {today()} (commit {source_commit()}) on {os.cpu_count()} cores. "
            f"Medians of {options.runs} runs each, module and component alternately, "
            "time (and CPU time of the program's thread) between `bench.start` and "
            "`bench.end` under `wasmlite run`.\n"
            "Regenerate with `python -m benchmarks.preview2_programs "
            f"--runs {options.runs} --out {options.out}`.\n\n" + table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
