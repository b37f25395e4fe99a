"""``python -m benchmarks`` — run the benchmark programs and micro-benchmarks under
every available runtime, back to back, and regenerate docs/performance.md.

Options: ``--runs N`` (runs per program and runtime, median reported),
``--timeout S`` (per run; slower runs are reported as "over S s"),
``--runtimes a,b`` (default: wasmlite plus every installed peer),
``--programs a,b`` (default: all), ``--jobs N`` (programs measured at a time,
one per core; default 1), ``--no-micro``, ``--out FILE``.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .micro import KERNELS
from .programs import discover, normalise
from .report import LONG_RUN, write_report
from .text_parse import measure as measure_text_parse

ROOT = Path(__file__).resolve().parent.parent


def available_runtimes() -> list[str]:
    found = ["wasmlite"]
    for peer in ("wasmtime", "pywasm"):
        if importlib.util.find_spec(peer):
            found.append(peer)
    return found


def byte_compile(runtimes: list[str]) -> None:
    """Compile every runtime's Python files to bytecode first, as ``pip install``
    does, so that no run pays for compiling a runtime's own source."""
    for rt in runtimes:
        spec = importlib.util.find_spec(rt)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=2)


def run_child(args: list[str], timeout: float) -> dict:
    """One measurement in a fresh interpreter; a timeout or crash becomes a record."""
    try:
        done = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["exit %d" % done.returncode])[-1]}
    record = json.loads(lines[-1])
    return record if "error" not in record else {"error": record["error"]}


def check_output(program, record: dict) -> bool:
    for key, path in (("stdout", program.stdout_expected), ("stderr", program.stderr_expected)):
        if path is not None and normalise(record.get(key, "")) != normalise(path.read_text()):
            return False
    return record.get("exit") == 0


def summarise(records: list[dict]) -> dict:
    ok = [r for r in records if "bench" in r and r["bench"] is not None]
    if len(ok) < len(records):
        bad = next(r for r in records if r not in ok)
        return {"status": "timeout" if "timeout" in bad else "error",
                "timeout": bad.get("timeout"), "error": bad.get("error")}
    times = [r["bench"] for r in ok]
    def median(key):
        values = [r[key] for r in ok if r.get(key) is not None]
        return statistics.median(values) if values else None
    return {"status": "ok", "median": statistics.median(times), "min": min(times), "max": max(times),
            "compile": median("compile"), "instantiate": median("instantiate"),
            "first_result": median("first_result"), "import": median("import"),
            "maxrss_kb": max(r["maxrss_kb"] for r in ok), "correct": all(r["correct"] for r in ok)}


CACHED_STARTUP_PROGRAM = "noop"


def measure_program(program, runtimes: list[str], runs: int, timeout: float) -> dict:
    """``runs`` runs of ``program`` under each runtime, back to back, summarised."""
    records: dict[str, list[dict]] = {rt: [] for rt in runtimes}
    for _ in range(runs):
        for rt in runtimes:   # back to back, so drift hits every runtime alike
            if records[rt] and ("timeout" in records[rt][-1]
                                or records[rt][-1].get("run", 0) > timeout * LONG_RUN):
                continue      # one run over (or near) the limit is enough
            record = run_child(["-m", "benchmarks.child", rt, str(program.wasm),
                                str(program.workdir), program.name], timeout)
            if "bench" in record:
                record["correct"] = check_output(program, record)
            records[rt].append(record)
    per = {rt: summarise(recs) for rt, recs in records.items()}
    print(program.name, json.dumps({rt: {k: v for k, v in s.items() if k in ("status", "median", "correct")}
                                    for rt, s in per.items()}), flush=True)
    return per


def measure_cached_startup(programs, runtimes: list[str], runs: int, timeout: float) -> dict:
    """Time to first result of the ``noop`` program with each runtime's code
    cache on, after one run that fills it (wasmlite and wasmtime-py both take a
    cache configuration file through ``Config.cache``)."""
    program = next((p for p in programs if p.name == CACHED_STARTUP_PROGRAM), None)
    found: dict[str, dict] = {}
    if program is None:
        return found
    for rt in runtimes:
        if rt == "pywasm":
            continue
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "cache.toml"
            config.write_text(f'[cache]\ndirectory = "{Path(tmp) / "cache"}"\n')
            args = ["-m", "benchmarks.child", rt, str(program.wasm), str(program.workdir),
                    program.name, str(config)]
            run_child(args, timeout)                       # fills the cache
            records = [run_child(args, timeout) for _ in range(runs)]
        for record in records:
            if "bench" in record:
                record["correct"] = check_output(program, record)
        found[rt] = summarise(records) | {"program": program.name}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--runtimes", default=",".join(available_runtimes()))
    parser.add_argument("--programs", default="")
    parser.add_argument("--jobs", type=int, default=1,
                        help="programs measured at a time (each with its runtimes back to back)")
    parser.add_argument("--no-micro", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    opts = parser.parse_args(argv)
    runtimes = opts.runtimes.split(",")
    programs = discover()
    if opts.programs:
        wanted = set(opts.programs.split(","))
        programs = [p for p in programs if p.name in wanted]

    byte_compile(runtimes)
    with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as lanes:
        measured = list(lanes.map(lambda p: measure_program(p, runtimes, opts.runs, opts.timeout),
                                  programs))
    results = {program.name: per for program, per in zip(programs, measured)}

    startup = measure_cached_startup(programs, runtimes, opts.runs, opts.timeout)

    micro: dict[str, dict[str, dict]] = {}
    if not opts.no_micro:
        for name in KERNELS:
            micro[name] = {rt: run_child(["-m", "benchmarks.micro", rt, name], opts.timeout)
                           for rt in runtimes}
            print(name, json.dumps(micro[name]), flush=True)

    text_parse = measure_text_parse()
    write_report(Path(opts.out), results, startup, micro, text_parse, runtimes, opts,
                 date=time.strftime("%Y-%m-%d"), argv=argv if argv is not None else sys.argv[1:])
    print(f"wrote {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
