"""Time to first result under ``Config.strategy = "auto"`` (tiering), against
the native tier compiled up front and wasmtime-py (``python -m benchmarks
--only-tiering``).

For each program of the benchmark folder, each run a fresh process: *auto* is
the default configuration (no code cache: the module starts portable and moves
to machine code compiled in the background once hot); *auto, cached* has the
code cache on, after one run that filled it (the machine code of that run's
background compile, which is waited for); *native* is ``strategy = "native"``
without cache (the whole module compiled before the first call); *wasmtime*
is wasmtime-py's default. The figure is load + compile + instantiate + the
whole run (the median of ``--runs``); *bench* is the time between the
program's ``bench.start`` and ``bench.end`` under *auto*. Every run's output is
checked.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

CONFIGURATIONS = ("auto", "auto, cached", "native", "wasmtime")


def _compiling() -> bool:
    """Whether some background compile of wasmlite still runs (on Linux; elsewhere
    it is assumed to)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for cmdline in proc.glob("[0-9]*/cmdline"):
        try:
            if b"wasmlite.compile.llvm.background" in cmdline.read_bytes():
                return True
        except OSError:
            pass
    return False


def _wait_for_object_file(directory: Path, timeout: float) -> bool:
    """Wait until the code cache in ``directory`` holds an object file, or no
    background compile is left to write one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(directory.rglob("*.native-*.o")):
            return True
        if not _compiling():
            time.sleep(0.5)     # it may have written the file as it ended
            return any(directory.rglob("*.native-*.o"))
        time.sleep(0.2)
    return False


def measure(program, runs: int, timeout: float, run_program: Callable) -> dict:
    """First-result times of ``program`` under each configuration;
    ``run_program(program, runtime, timeout, cache_config)`` makes one run."""
    found: dict[str, list[dict]] = {c: [] for c in CONFIGURATIONS}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "cache.toml"
        config.write_text(f'[cache]\ndirectory = "{Path(tmp) / "cache"}"\n')
        filling = run_program(program, "wasmlite-auto", timeout, config)
        cached = filling.get("tier") in ("compiling", "native") and \
            _wait_for_object_file(Path(tmp) / "cache", timeout)
        for _ in range(runs):
            found["auto"].append(run_program(program, "wasmlite-auto", timeout))
            if cached:
                found["auto, cached"].append(run_program(program, "wasmlite-auto", timeout,
                                                         config))
            found["native"].append(run_program(program, "wasmlite-native", timeout))
            found["wasmtime"].append(run_program(program, "wasmtime", timeout))
    summary: dict = {"program": program.name}
    for name, records in found.items():
        ok = [r for r in records if "first_result" in r and r.get("correct")]
        if not records:
            summary[name] = "not cached (the run ended first)"
        elif len(ok) < len(records):
            bad = next(r for r in records if r not in ok)
            summary[name] = "over the limit" if "timeout" in bad else \
                f"wrong output or error: {bad.get('error', '')}"[:120]
        else:
            summary[name] = statistics.median(r["first_result"] for r in ok)
            if name == "auto":
                summary["bench"] = statistics.median(r["bench"] for r in ok)
                moved = sum(r.get("tier") == "native" for r in ok)
                summary["moved"] = "yes" if moved == len(ok) else "no" if not moved else \
                    f"{moved} of {len(ok)} runs"
    return summary


def measure_all(programs, runs: int, timeout: float, run_program: Callable) -> dict:
    """:func:`measure` for every program, printed as it goes."""
    rows = []
    for program in programs:
        rows.append(measure(program, runs, timeout, run_program))
        print(json.dumps(rows[-1]), flush=True)
    return {"rows": rows, "runs": runs}


def _cell(value) -> str:
    return f"{value:.3g} s" if isinstance(value, float) else str(value)


def section(tiering: dict) -> list[str]:
    """The report's section on tiering, from what :func:`measure_all` gave."""
    runs = tiering.get("runs", 1)
    lines = ["", "### Tiering (`Config.strategy = \"auto\"`, the default)", "",
             f"Measured {tiering.get('date', '?')}"
             + (f" (commit {tiering['commit']})" if tiering.get("commit") else "") + " with:", "",
             "```sh", "python -m benchmarks " + " ".join(tiering.get("command", [])), "```", "",
             "Time to first result (load + compile + instantiate + the whole run after the "
             f"import), median of {runs} fresh process{'es' if runs != 1 else ''} per "
             "configuration: *auto* without code cache (portable at once, machine code "
             "compiled in a child process once the module runs hot, each instance moving to "
             "it at its next call); *auto, cached* with the code cache filled by an earlier "
             "run (machine code from the first call); *native* compiled up front without "
             "cache; wasmtime-py's default. *Moved* is whether the run without cache reached "
             "the machine code before it ended; *bench under auto* is its time between "
             "`bench.start` and `bench.end`. A call already running when the machine code "
             "arrives moves at the header of its next loop iteration (on-stack "
             "replacement). The compile in the background takes a core: on a machine of "
             "two, a run that ends before the machine code arrives is slower than on the "
             "portable tier alone.", "",
             "| program | auto | auto, cached | native | wasmtime | auto / wasmtime "
             "| auto, cached / wasmtime | moved | bench under auto |",
             "|---|---|---|---|---|---|---|---|---|"]
    cached_ratios = []
    for s in tiering["rows"]:
        auto, cached, peer = s["auto"], _cell_value(s["auto, cached"]), s["wasmtime"]
        ratios = [f"{a / peer:.3g}" if isinstance(a, float) and isinstance(peer, float) else "-"
                  for a in (auto, cached)]
        if isinstance(cached, float) and isinstance(peer, float):
            cached_ratios.append(cached / peer)
        lines.append(f"| {s['program']} | {_cell(auto)} | {_cell(cached)} | "
                     f"{_cell(s['native'])} | {_cell(peer)} | {ratios[0]} | {ratios[1]} | "
                     f"{s.get('moved', '-')} | {_cell(s.get('bench', '-'))} |")
    if cached_ratios:
        lines += ["", f"Over the {len(cached_ratios)} programs whose machine code was cached: "
                  f"median auto, cached / wasmtime **{statistics.median(cached_ratios):.3g}**."]
    return lines


def _cell_value(value):
    """A cell's measurement, with the older wording of a missing one normalised."""
    if isinstance(value, str) and value.startswith("no cached machine code"):
        return "not cached (the run ended first)"
    return value
