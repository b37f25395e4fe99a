"""``python -m benchmarks`` — run the benchmark programs and micro-benchmarks under
every available runtime, back to back, and regenerate docs/performance.md.

Options: ``--runs N`` (runs per program and runtime, median reported),
``--timeout S`` (per run; slower runs are reported as "over S s"),
``--pywasm-timeout S`` (pywasm's own limit, default ``--timeout``),
``--runtimes a,b`` (default: wasmlite plus every installed peer),
``--programs a,b`` (default: all), ``--jobs N`` (programs measured at a time,
one per core; default 1), ``--no-micro`` (neither core nor component
micro-benchmarks), ``--out FILE``.

Each program's measurements are appended to a raw-results file next to the
report (``performance.jsonl``) as soon as they are taken; ``--resume``
continues an interrupted run from it (same options and same wasmlite source),
and ``--report-only`` rewrites the report from it without measuring (the report
names the commit that was measured).

``--only-micro`` measures the core micro-benchmarks alone (``--micro a,b`` picks
kernels), in ``--runs`` rounds, each round one fresh process per runtime, the
runtimes back to back; it prints each kernel's per-runtime median (min–max) and
writes no file. Its runtimes may include ``wasmlite-native`` (the native tier,
with llvmlite installed), which it measures by default beside the others.

``--only-native`` measures the native tier (``wasmlite-native``, which needs
llvmlite) against wasmtime-py alone: every program in ``--runs`` rounds, the two
back to back, and the largest program's time to first result without and with
the code cache; it replaces that part of the raw-results file and rewrites the
report, keeping the rest (the section gives its own command, date and commit).

``--only-tiering`` measures every program's time to first result under
``Config.strategy = "auto"`` (without and with the code cache) beside the
native tier compiled up front and wasmtime-py (see :mod:`.tiering`); it
replaces that part of the raw-results file and rewrites the report.

``--only-components`` measures the component micro-benchmarks alone (``--runs``
rounds, the runtimes back to back in each), replaces them in the raw-results
file and rewrites the report, keeping every other measurement of that file as
it is (the report gives the components their own command, date and commit).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .components import BENCHMARKS as COMPONENT_BENCHMARKS
from .components import GOALS as COMPONENT_GOALS
from .micro import KERNELS
from .micro import runtimes as micro_runtimes
from .programs import bench_dir, discover, normalise
from .report import LONG_RUN, write_report
from .text_parse import measure as measure_text_parse

ROOT = Path(__file__).resolve().parent.parent


def available_runtimes() -> list[str]:
    found = ["wasmlite"]
    if importlib.util.find_spec("llvmlite"):
        found.append("wasmlite-native")
    for peer in ("wasmtime", "pywasm"):
        if importlib.util.find_spec(peer):
            found.append(peer)
    return found


def byte_compile(runtimes: list[str]) -> None:
    """Compile every runtime's Python files to bytecode first, as ``pip install``
    does, and write wasmlite's module bundle, as its first import does, so that
    no run pays for compiling a runtime's own source."""
    for rt in runtimes:
        spec = importlib.util.find_spec(rt)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=2)
    if "wasmlite" in runtimes:
        subprocess.run([sys.executable, "-c", "from wasmlite.bundle import bundle_path, write; "
                        "write(bundle_path())"], check=True)


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
            "import_and_first_result": statistics.median(r["import"] + r["first_result"] for r in ok),
            "maxrss_kb": max(r["maxrss_kb"] for r in ok), "correct": all(r["correct"] for r in ok),
            "tier": next((r["tier"] for r in ok if r.get("tier") == "portable"), ok[0].get("tier"))}


STARTUP_PROGRAM = "noop"


def run_program(program, rt: str, timeout: float, cache_config: Path | None = None) -> dict:
    """One run of ``program`` under runtime ``rt`` in a fresh process, its output
    checked against the expected files."""
    args = ["-m", "benchmarks.child", rt, str(program.wasm), str(program.workdir), program.name]
    record = run_child(args + ([str(cache_config)] if cache_config else []), timeout)
    if "bench" in record:
        record["correct"] = check_output(program, record)
    return record


def measure_program(program, runtimes: list[str], runs: int, timeouts: dict[str, float]) -> dict:
    """``runs`` runs of ``program`` under each runtime, back to back, summarised;
    ``timeouts`` is each runtime's limit per run."""
    records: dict[str, list[dict]] = {rt: [] for rt in runtimes}
    long_run = min(timeouts.values()) * LONG_RUN
    for _ in range(runs):
        for rt in runtimes:   # back to back, so drift hits every runtime alike
            if records[rt] and ("timeout" in records[rt][-1]
                                or records[rt][-1].get("run", 0) > long_run):
                continue      # one run over the limit, or a long one, is enough
            records[rt].append(run_program(program, rt, timeouts[rt]))
    per = {rt: summarise(recs) for rt, recs in records.items()}
    print(program.name, json.dumps({rt: {k: v for k, v in s.items() if k in ("status", "median", "correct")}
                                    for rt, s in per.items()}), flush=True)
    return per


STARTUP_RUNS = 11
"""Rounds of the start-up measurement: it is a few tens of milliseconds, so
more runs than the programs get."""


def measure_startup(programs, runtimes: list[str], timeout: float, name: str = STARTUP_PROGRAM,
                    rounds: int = STARTUP_RUNS) -> dict:
    """Time to first result of program ``name`` (``noop`` by default), measured
    alone after the programs, the runtimes interleaved in each of ``rounds`` rounds:
    with each engine's default configuration (no code cache), and for wasmlite
    and wasmtime-py with the code cache on (a cache configuration file naming a
    fresh directory, through ``Config.cache``) after one run that fills it."""
    program = next((p for p in programs if p.name == name), None)
    if program is None:
        return {}
    records: dict[str, dict[str, list]] = {"default": {rt: [] for rt in runtimes},
                                           "cached": {rt: [] for rt in runtimes if rt != "pywasm"}}
    with tempfile.TemporaryDirectory() as tmp:
        configs = {}
        for rt in records["cached"]:
            config = configs[rt] = Path(tmp) / f"{rt}.toml"
            config.write_text(f'[cache]\ndirectory = "{Path(tmp) / rt}"\n')
            run_program(program, rt, timeout, config)      # fills the cache
        for _ in range(rounds):
            for kind, per in records.items():
                for rt, found in per.items():
                    found.append(run_program(program, rt, timeout,
                                             configs[rt] if kind == "cached" else None))
    return {"program": program.name, "runs": rounds,
            **{kind: {rt: summarise(recs) for rt, recs in per.items()}
               for kind, per in records.items()}}


def source_digest() -> str:
    """A digest of wasmlite's Python source and of the child that runs it: raw
    results are only resumed for the code they measured."""
    spec = importlib.util.find_spec("wasmlite")
    files = sorted(f for folder in spec.submodule_search_locations for f in Path(folder).rglob("*.py"))
    digest = hashlib.sha256()
    for path in files + [Path(__file__).with_name("child.py")]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def measure_components(runtimes: list[str], rounds: int, timeout: float) -> dict:
    """The component micro-benchmarks: each in ``rounds`` rounds, each round one
    fresh process per runtime, the runtimes back to back; per runtime the median
    of the rounds' per-call times, with their range. pywasm has no component
    model and is left out."""
    runtimes = [rt for rt in runtimes if rt != "pywasm"]
    found: dict = {}
    for name in COMPONENT_BENCHMARKS:
        records: dict[str, list[dict]] = {rt: [] for rt in runtimes}
        for _ in range(rounds):
            for rt in runtimes:
                records[rt].append(run_child(["-m", "benchmarks.components", rt, name], timeout))
        per = {}
        for rt, recs in records.items():
            ok = [r for r in recs if "per_op" in r]
            if len(ok) < len(recs):
                per[rt] = next(r for r in recs if "per_op" not in r)
                continue
            times = [r["per_op"] for r in ok]
            per[rt] = {"per_op": statistics.median(times), "min": min(times), "max": max(times),
                       "runs": len(times), "unit": ok[0]["unit"], "host": ok[0].get("host")}
        found[name] = per
        print(name, json.dumps(per), flush=True)
    return found


def today() -> str:
    return time.strftime("%Y-%m-%d")


def source_commit() -> str | None:
    """The git commit of the wasmlite source measured (``+`` when it has changes
    not committed), if it is a git checkout."""
    folder = importlib.util.find_spec("wasmlite").submodule_search_locations[0]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder,
                                capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--", "."], cwd=folder,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+" if changed else "")


def read_raw(path: Path, header: dict | None, same_source: bool = True) -> dict:
    """What raw-results file ``path`` holds, if it was measured under ``header``
    (by other code too, unless ``same_source``; under any header if ``header`` is
    None): ``programs`` (name -> per-runtime summaries), ``header`` and any of
    ``commit``, ``date``, ``startup``, ``micro``, ``components`` and
    ``text_parse``."""
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()] \
        if path.exists() else []
    if header is None and lines and "header" in lines[0]:
        header = lines[0]["header"]
    if not same_source and lines and "header" in lines[0]:
        header = dict(header, source=lines[0]["header"].get("source"))
    if not lines or lines[0].get("header") != header:
        found = lines[0].get("header") if lines else "nothing"
        raise SystemExit(f"cannot use {path}: it holds {found}, "
                         f"this run would be {header}")
    found: dict = {"programs": {}, "header": lines[0]["header"]}
    for line in lines[1:]:
        if "program" in line:
            found["programs"][line["program"]] = line["results"]
        else:
            found.update(line)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--pywasm-timeout", type=float, default=None,
                        help="pywasm's limit per run (default: --timeout)")
    parser.add_argument("--runtimes", default=None,
                        help="default: wasmlite and every installed peer (with --only-micro, "
                             "wasmlite-native too when llvmlite is installed)")
    parser.add_argument("--programs", default="")
    parser.add_argument("--jobs", type=int, default=1,
                        help="programs measured at a time (each with its runtimes back to back)")
    parser.add_argument("--no-micro", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--resume", action="store_true",
                        help="keep the programs already in the raw-results file")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite the report from the raw-results file, measuring nothing")
    parser.add_argument("--only-components", action="store_true",
                        help="measure only the component micro-benchmarks (--runs rounds) and "
                             "rewrite the report with the raw-results file's other measurements")
    parser.add_argument("--only-native", action="store_true",
                        help="measure only the native tier against wasmtime-py (the programs, "
                             "--runs rounds, and the largest program's time to first result) and "
                             "rewrite the report with the raw-results file's other measurements")
    parser.add_argument("--only-tiering", action="store_true",
                        help="measure only the time to first result under strategy auto "
                             "(tiering), --runs runs per configuration, and rewrite the report "
                             "with the raw-results file's other measurements")
    parser.add_argument("--only-micro", action="store_true",
                        help="measure only the core micro-benchmarks (--runs rounds) and print "
                             "them; no file is written")
    parser.add_argument("--micro", default="",
                        help=f"with --only-micro, the kernels to measure (default: all of "
                             f"{', '.join(KERNELS)})")
    opts = parser.parse_args(argv)
    if opts.pywasm_timeout is None:
        opts.pywasm_timeout = opts.timeout
    if opts.only_micro:
        return only_micro(parser, opts)
    runtimes = (opts.runtimes or ",".join(rt for rt in available_runtimes()
                                          if rt != "wasmlite-native")).split(",")
    unknown = [rt for rt in runtimes if rt not in available_runtimes()]
    if unknown:
        parser.error(f"--runtimes: {', '.join(unknown)} not available here "
                     f"(available: {', '.join(available_runtimes())})")
    timeouts = {rt: opts.pywasm_timeout if rt == "pywasm" else opts.timeout for rt in runtimes}
    programs = discover()
    if not programs and not opts.only_components:
        parser.error(f"no benchmark programs under {bench_dir()} "
                     "(set WASMLITE_BENCH to the folder that holds them)")
    if opts.programs:
        wanted = opts.programs.split(",")
        unknown = sorted(set(wanted) - {p.name for p in programs})
        if unknown:
            parser.error(f"--programs: no program named {', '.join(unknown)} "
                         f"(programs: {', '.join(p.name for p in programs)})")
        programs = [p for p in programs if p.name in wanted]

    raw = Path(opts.out).with_suffix(".jsonl")
    if opts.only_components:
        return only_components(opts, raw, runtimes, programs)
    if opts.only_native:
        if "wasmlite-native" not in available_runtimes():
            parser.error("--only-native: the native tier needs llvmlite (pip install 'wasmlite[native]')")
        return only_native(opts, raw, runtimes, programs)
    if opts.only_tiering:
        if "wasmlite-native" not in available_runtimes():
            parser.error("--only-tiering: tiering needs llvmlite (pip install 'wasmlite[native]')")
        return only_tiering(opts, raw, runtimes, programs)
    header = {"runs": opts.runs, "jobs": opts.jobs, "timeouts": timeouts,
              "source": source_digest()}
    found = read_raw(raw, header, same_source=not opts.report_only) \
        if opts.resume or opts.report_only else {"programs": {}}
    if not opts.resume and not opts.report_only:
        found["commit"] = source_commit()
        found["date"] = today()
        raw.write_text(json.dumps({"header": header}) + "\n"
                       + json.dumps({"commit": found["commit"], "date": found["date"]}) + "\n")

    def keep(line: dict) -> None:
        with raw.open("a") as f:
            f.write(json.dumps(line) + "\n")

    done = found["programs"]
    if not opts.report_only:
        byte_compile(runtimes)

        def measure(program) -> None:
            done[program.name] = measure_program(program, runtimes, opts.runs, timeouts)
            keep({"program": program.name, "results": done[program.name]})

        with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as lanes:
            list(lanes.map(measure, [p for p in programs if p.name not in done]))
        if "startup" not in found:
            found["startup"] = measure_startup(programs, runtimes, opts.timeout)
            keep({"startup": found["startup"]})
        if "micro" not in found:
            found["micro"] = {}
            for name in [] if opts.no_micro else KERNELS:
                found["micro"][name] = {rt: run_child(["-m", "benchmarks.micro", rt, name],
                                                      opts.timeout) for rt in runtimes}
                print(name, json.dumps(found["micro"][name]), flush=True)
            keep({"micro": found["micro"]})
        if "components" not in found and not opts.no_micro:
            found["components"] = {
                "results": measure_components(runtimes, opts.runs, opts.timeout),
                "rounds": opts.runs, "commit": found.get("commit"), "date": today()}
            keep({"components": found["components"]})
        if "text_parse" not in found:
            found["text_parse"] = measure_text_parse()
            keep({"text_parse": found["text_parse"]})
    command = [a for a in (argv if argv is not None else sys.argv[1:])
               if a not in ("--resume", "--report-only")]
    render(opts, raw, found, programs, runtimes, command)
    return 0


def render(opts, raw: Path, found: dict, programs, runtimes: list[str],
           command: list[str]) -> None:
    """Write the report from ``found`` (what :func:`read_raw` returns)."""
    done = found["programs"]
    results = {p.name: done[p.name] for p in programs if p.name in done} if programs else done
    date = found.get("date") or time.strftime("%Y-%m-%d", time.localtime(raw.stat().st_mtime))
    write_report(Path(opts.out), results, found.get("startup", {}), found.get("micro", {}),
                 found.get("text_parse"), runtimes, opts, date=date, argv=command,
                 commit=found.get("commit"), components=found.get("components"),
                 component_goals=COMPONENT_GOALS, native=found.get("native"),
                 tiering=found.get("tiering"))
    print(f"wrote {opts.out}")


def report_date(report: Path) -> str | None:
    """The date the report ``report`` gives its programs' measurements, if any."""
    if not report.is_file():
        return None
    found = re.search(r"^Measured (\d{4}-\d{2}-\d{2}) on ", report.read_text(), re.M)
    return found.group(1) if found else None


def command_of(header: dict) -> list[str]:
    """The driver's options that measured the programs under ``header``."""
    timeouts = header.get("timeouts", {})
    command = ["--runs", str(header["runs"]), "--timeout", f"{timeouts.get('wasmlite', 300.0):g}"]
    if "pywasm" in timeouts and timeouts["pywasm"] != timeouts.get("wasmlite"):
        command += ["--pywasm-timeout", f"{timeouts['pywasm']:g}"]
    if header.get("jobs", 1) != 1:
        command += ["--jobs", str(header["jobs"])]
    return command


def only_micro(parser: argparse.ArgumentParser, opts) -> int:
    """``--only-micro``: the core micro-benchmarks in ``--runs`` rounds, each
    round one fresh process per runtime, the runtimes back to back; one JSON
    line per kernel with each runtime's median, min and max per operation."""
    runtimes = opts.runtimes.split(",") if opts.runtimes else micro_runtimes()
    unknown = [rt for rt in runtimes if rt not in micro_runtimes()]
    if unknown:
        parser.error(f"--runtimes: {', '.join(unknown)} not available here "
                     f"(available: {', '.join(micro_runtimes())})")
    kernels = opts.micro.split(",") if opts.micro else list(KERNELS)
    unknown = [k for k in kernels if k not in KERNELS]
    if unknown:
        parser.error(f"--micro: no kernel named {', '.join(unknown)} "
                     f"(kernels: {', '.join(KERNELS)})")
    byte_compile([rt for rt in dict.fromkeys(rt.partition("-")[0] for rt in runtimes)])
    for name in kernels:
        records: dict[str, list[dict]] = {rt: [] for rt in runtimes}
        for _ in range(opts.runs):
            for rt in runtimes:
                records[rt].append(run_child(["-m", "benchmarks.micro", rt, name], opts.timeout))
        per: dict = {}
        for rt, recs in records.items():
            ok = [r for r in recs if "per_op" in r]
            if len(ok) < len(recs):
                per[rt] = next(r for r in recs if "per_op" not in r)
                continue
            times = [r["per_op"] for r in ok]
            per[rt] = {"per_op": statistics.median(times), "min": min(times), "max": max(times),
                       "runs": len(times), "unit": ok[0]["unit"]}
        print(json.dumps({"kernel": name, "results": per}), flush=True)
        print(f"  {name}: " + ", ".join(
            f"{rt} {r['per_op'] * 1e6:.3g} µs ({r['min'] * 1e6:.3g}–{r['max'] * 1e6:.3g})"
            if "per_op" in r else f"{rt} {r}" for rt, r in per.items()), flush=True)
    return 0


def only_components(opts, raw: Path, runtimes: list[str], programs) -> int:
    """``--only-components``: measure the component micro-benchmarks, put them
    in the raw-results file in place of earlier ones, and rewrite the report with
    the file's other measurements as they are."""
    byte_compile([rt for rt in runtimes if rt != "pywasm"])
    return replace_part(opts, raw, runtimes, programs, "components", lambda: {
        "results": measure_components(runtimes, opts.runs, opts.timeout),
        "rounds": opts.runs, "commit": source_commit(), "date": today(),
        "command": ["--only-components", "--runs", str(opts.runs)]})


def only_native(opts, raw: Path, runtimes: list[str], programs) -> int:
    """``--only-native``: the programs under the native tier and wasmtime-py,
    back to back in ``--runs`` rounds, and the time to first result of the
    largest program with and without the code cache; put in the raw-results
    file in place of earlier ones, the report rewritten with the rest as it is."""
    pair = ["wasmlite-native", "wasmtime"]
    timeouts = {rt: opts.timeout for rt in pair}
    byte_compile(["wasmlite", "wasmtime"])

    def measure() -> dict:
        results = {p.name: measure_program(p, pair, opts.runs, timeouts) for p in programs}
        largest = max(programs, key=lambda p: p.wasm.stat().st_size)
        return {"results": results,
                "startup": measure_startup(programs, pair, opts.timeout, largest.name, opts.runs),
                "runs": opts.runs, "commit": source_commit(), "date": today(),
                "command": ["--only-native", "--runs", str(opts.runs)]}
    return replace_part(opts, raw, [rt for rt in runtimes if rt != "wasmlite-native"], programs,
                        "native", measure)


def only_tiering(opts, raw: Path, runtimes: list[str], programs) -> int:
    """``--only-tiering``: the programs' time to first result under strategy
    ``auto`` (see :mod:`.tiering`), put in the raw-results file in place of
    earlier ones, the report rewritten with the rest as it is."""
    from .tiering import measure_all
    byte_compile(["wasmlite", "wasmtime"])
    return replace_part(opts, raw, [rt for rt in runtimes if rt != "wasmlite-native"], programs,
                        "tiering", lambda: {
                            **measure_all(programs, opts.runs, opts.timeout, run_program),
                            "commit": source_commit(), "date": today(),
                            "command": ["--only-tiering", "--runs", str(opts.runs)]})


def replace_part(opts, raw: Path, runtimes: list[str], programs, key: str, measure) -> int:
    """Put ``measure()`` in the raw-results file as its ``key`` part, in place of
    an earlier one, and rewrite the report with the file's other measurements."""
    if raw.exists():
        found = read_raw(raw, None)
        lines = [line for line in raw.read_text().splitlines() if line.strip()]
        if "date" not in found:   # the programs' date, before this run touches the file
            found["date"] = report_date(Path(opts.out)) or \
                time.strftime("%Y-%m-%d", time.localtime(raw.stat().st_mtime))
            lines.insert(1, json.dumps({"date": found["date"]}))
        lines = [line for line in lines if not line.startswith('{"%s"' % key)]
    else:
        header = {"runs": opts.runs, "jobs": opts.jobs,
                  "timeouts": {rt: opts.timeout for rt in runtimes}, "source": source_digest()}
        found = {"programs": {}, "header": header, "date": today()}
        lines = [json.dumps({"header": header})]
    found[key] = measure()
    lines.append(json.dumps({key: found[key]}))
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text("\n".join(lines) + "\n")
    header = found["header"]
    shown = argparse.Namespace(**vars(opts))
    shown.runs, shown.jobs = header["runs"], header.get("jobs", 1)
    shown.timeout = header["timeouts"].get("wasmlite", opts.timeout)
    shown.pywasm_timeout = header["timeouts"].get("pywasm", shown.timeout)
    render(shown, raw, found, programs, runtimes, command_of(header))
    return 0


if __name__ == "__main__":
    sys.exit(main())
