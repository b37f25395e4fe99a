"""Start-up of a large component: time to first output of a Python hello world
that componentize-py builds (a ``wasi:cli/run`` component holding a whole
CPython, about 18 MB), on wasmlite and on wasmtime-py::

    python -m benchmarks.component_start [--rounds N] [--component FILE]

Each run is a fresh process that loads the component through the component
API the two runtimes share (``Config.cache`` on, ``Component.from_file``,
``Linker.add_wasip2``, ``instantiate``, then the ``run`` export of
``wasi:cli/run``, whose guest prints ``hello from python``); the figure is the
time from starting that process to reading the first line it prints. A round
gives each runtime a fresh cache directory and runs it twice: the *first run*
fills the cache, the *cached run* finds it filled. The runtimes alternate
within a round, so that the machine's drift hits both alike; the best and the
median of the rounds are reported, and one JSON line per run is printed too.

The component is built once with ``componentize-py`` (``pip install
componentize-py``; 0.25.1 was measured), into
``$XDG_CACHE_HOME/wasmlite-benchmarks`` (``~/.cache``), unless ``--component``
names one (any ``wasi:cli/run@0.2.0`` component that prints a line). Both
runtimes' Python files are compiled to bytecode first, as for ``python -m
benchmarks``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIMES = ("wasmlite", "wasmtime")
GOAL = 2.0
"""The most wasmlite's cached run may take, as a multiple of wasmtime-py's."""

APP = '''import wit_world.exports


class Run(wit_world.exports.Run):
    def run(self) -> None:
        print("hello from python")
'''
WORLD = """package example:hello;

world hello {
  export wasi:cli/run@0.2.0;
}
"""
RUN_WIT = """package wasi:cli@0.2.0;

interface run {
  run: func() -> result;
}
"""


def built_component() -> Path:
    """The hello world component, built with componentize-py on first use."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    target = Path(base) / "wasmlite-benchmarks" / "hello-componentize-py.wasm"
    if target.exists():
        return target
    tool = shutil.which("componentize-py") or str(Path(sys.executable).parent / "componentize-py")
    if not os.path.exists(tool):
        sys.exit("componentize-py is not installed (pip install componentize-py)")
    with tempfile.TemporaryDirectory() as work:
        wit = Path(work) / "wit"
        (wit / "deps" / "cli").mkdir(parents=True)
        (wit / "world.wit").write_text(WORLD)
        (wit / "deps" / "cli" / "run.wit").write_text(RUN_WIT)
        (Path(work) / "app.py").write_text(APP)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        subprocess.run([tool, "-d", "wit", "-w", "hello", "componentize", "app",
                        "-o", str(partial)], cwd=work, check=True, capture_output=True)
        partial.rename(target)
    return target


def child(runtime: str, component: str, cache_config: str) -> None:
    """One run: load ``component`` under ``runtime`` and call its ``run``."""
    api = __import__(runtime)
    component_api = __import__(runtime + ".component").component
    config = api.Config()
    config.cache = cache_config
    engine = api.Engine(config)
    store = api.Store(engine)
    wasi = api.WasiConfig()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    store.set_wasi(wasi)
    loaded = component_api.Component.from_file(engine, component)
    linker = component_api.Linker(engine)
    linker.add_wasip2()
    instance = linker.instantiate(store, loaded)
    interface = instance.get_export_index(store, "wasi:cli/run@0.2.0")
    run = instance.get_func(store, instance.get_export_index(store, "run", interface))
    run(store)
    if hasattr(engine, "cache_hits"):       # wasmlite: whether the cache was used
        print(json.dumps({"cache_hits": engine.cache_hits(),
                          "cache_misses": engine.cache_misses()}), file=sys.stderr)


def time_to_first_output(runtime: str, component: Path, cache_config: Path,
                         timeout: float) -> dict:
    """Start one run in a fresh process; the seconds until its first line."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.component_start", "--child", runtime,
         str(component), str(cache_config)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline() if process.stdout else ""
        first = time.perf_counter() - start
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"error": f"over {timeout} s"}
    last = (err.strip().splitlines() or [f"exit {process.returncode}"])[-1]
    if process.returncode != 0 or not line:
        return {"error": last}
    record = {"seconds": first, "output": line.strip()}
    if last.startswith("{"):
        record.update(json.loads(last))
    return record


MAX_TRIES = 3
"""Times a round is run before its results are taken as they are."""


def measure(component: Path, rounds: int, timeout: float) -> dict[str, dict[str, list[float]]]:
    """Seconds to first output, per runtime and kind of run (``first``, ``cached``).

    wasmlite's cache entries are keyed by its source files too, so a cached
    run that found no entry (an edit of a source file between the two runs of
    its round, in a work tree others are changing) measured a first run: its
    round is run again, up to :data:`MAX_TRIES` times."""
    found: dict[str, dict[str, list[float]]] = {rt: {"first": [], "cached": []}
                                                for rt in RUNTIMES}
    for round_ in range(rounds):
        for tries in range(1, MAX_TRIES + 1):
            taken = _round(round_, component, timeout)
            if taken["wasmlite"].get("cached_hits", 1) or tries == MAX_TRIES:
                break
            print(f"round {round_}: wasmlite's cached run found no cache entry "
                  "(its sources changed?); running the round again", flush=True)
        for rt in RUNTIMES:
            for kind in ("first", "cached"):
                found[rt][kind].append(taken[rt][kind])
    return found


def _round(round_: int, component: Path, timeout: float) -> dict[str, dict[str, float]]:
    """One first run and one cached run per runtime, in a fresh cache
    directory each: their seconds, and wasmlite's cache hits in its cached
    run (``cached_hits``)."""
    taken: dict[str, dict[str, float]] = {rt: {} for rt in RUNTIMES}
    with tempfile.TemporaryDirectory() as tmp:
        configs = {}
        for rt in RUNTIMES:
            configs[rt] = Path(tmp) / f"{rt}.toml"
            configs[rt].write_text(f'[cache]\ndirectory = "{Path(tmp) / rt}"\n')
        for kind in ("first", "cached"):
            for rt in RUNTIMES:
                record = time_to_first_output(rt, component, configs[rt], timeout)
                print(json.dumps({"round": round_, "runtime": rt, "run": kind, **record}),
                      flush=True)
                if "error" in record:
                    sys.exit(f"{rt} ({kind} run): {record['error']}")
                taken[rt][kind] = record["seconds"]
                if kind == "cached" and "cache_hits" in record:
                    taken[rt]["cached_hits"] = record["cache_hits"]
    return taken


def report(found: dict[str, dict[str, list[float]]]) -> str:
    """A table of the best and median times, and their ratios."""
    lines = ["| run | wasmlite best (median) | wasmtime-py best (median) "
             "| ratio of best (of medians) |", "| --- | --- | --- | --- |"]
    for kind in ("first", "cached"):
        ours, theirs = found["wasmlite"][kind], found["wasmtime"][kind]
        ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
        lines.append(f"| {kind} | {min(ours):.2f} s ({ours_median:.2f}) "
                     f"| {min(theirs):.2f} s ({theirs_median:.2f}) "
                     f"| {min(ours) / min(theirs):.2f} ({ours_median / theirs_median:.2f}) |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.component_start",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--component", type=Path, help="the component to start")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--child", nargs=3, metavar=("RUNTIME", "COMPONENT", "CACHE_CONFIG"),
                        help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.child:
        child(*opts.child)
        return 0
    component = opts.component or built_component()
    from .__main__ import byte_compile
    byte_compile(list(RUNTIMES))
    found = measure(component, opts.rounds, opts.timeout)
    print(report(found))
    ours, theirs = found["wasmlite"]["cached"], found["wasmtime"]["cached"]
    print(f"cached run: {min(ours) / min(theirs):.2f} x wasmtime-py's at best, "
          f"{statistics.median(ours) / statistics.median(theirs):.2f} x in the median "
          f"(goal: at most {GOAL:g} x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
