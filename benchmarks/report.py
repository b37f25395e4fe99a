"""Writes docs/performance.md (and its chart) from the driver's measurements."""

from __future__ import annotations

import platform
import statistics
from importlib import metadata
from pathlib import Path

TECHNIQUES = Path(__file__).resolve().parent / "techniques.md"

LONG_RUN = 0.1
"""A runtime whose run takes more than this share of the time limit runs only
once per program: its relative noise is small, and pywasm's runs are minutes."""


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _seconds(s: dict | None) -> str:
    if not s:
        return "-"
    if s["status"] == "timeout":
        return f"over {s['timeout']:.0f} s"
    if s["status"] == "error":
        return f"error: {s['error'][:80]}"
    return f"{s['median']:.4g} s ({s['min']:.3g}–{s['max']:.3g})"


def _bench_time(s: dict | None) -> float | None:
    """A run over the limit counts at the limit (a lower bound for the peer)."""
    if not s:
        return None
    if s["status"] == "timeout":
        return s["timeout"]
    return s["median"] if s["status"] == "ok" else None


def _ratio(a: float | None, b: float | None, over: bool = False) -> str:
    if a is None or b is None or b == 0:
        return "-"
    return f"{'≥ ' if over else ''}{a / b:.3g}"


def _chart(path: Path, names: list[str], ratios: dict[str, list[float | None]]) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / max(1, len(ratios))
    for k, (label, values) in enumerate(ratios.items()):
        xs = [i + k * width for i, v in enumerate(values) if v]
        ax.bar(xs, [v for v in values if v], width, label=label)
    ax.set_yscale("log")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks([i + width * (len(ratios) - 1) / 2 for i in range(len(names))])
    ax.set_xticklabels(names, rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("time ratio (log scale)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def _micros(r: dict | None) -> str:
    if not r or "per_op" not in r:
        return "over limit" if r and "timeout" in r else f"error: {(r or {}).get('error', '-')[:60]}"
    if r.get("runs", 1) > 1:
        return f"{r['per_op'] * 1e6:.3g} µs ({r['min'] * 1e6:.3g}–{r['max'] * 1e6:.3g})"
    return f"{r['per_op'] * 1e6:.3g} µs"


def component_section(components: dict, goals: dict, argv: list[str]) -> list[str]:
    """The component micro-benchmarks: wasmlite and wasmtime-py per call, their
    ratio and the goal for it."""
    results = components["results"]
    runtimes = [rt for rt in ("wasmlite", "wasmtime") if any(rt in per for per in results.values())]
    command = components.get("command", argv)
    lines = ["", "## Component model", "",
             f"Measured {components.get('date', '?')}"
             + (f" (commit {components['commit']})" if components.get("commit") else "")
             + " with:", "", "```sh", "python -m benchmarks " + " ".join(command), "```", "",
             "One component of our own (`benchmarks/components.py`: a core module with a memory, "
             "a bump allocator as `realloc`, exports lifted with `post-return` freeing what the "
             "call allocated), the same binary on both runtimes, called through each runtime's "
             "`component` API (`Instance.get_func`, then `Func.__call__`; both runtimes run "
             "post-return within the call). Each benchmark runs in a fresh process per runtime, "
             f"the runtimes back to back, in {components.get('rounds', 1)} round"
             + ("s" if components.get("rounds", 1) != 1 else "") + "; a process "
             "times three batches of calls and keeps the best. The figure is per call: the "
             "median over the rounds (min–max). pywasm has no component model.", "",
             "| benchmark | one operation | " + " | ".join(runtimes)
             + " | wasmlite / wasmtime | goal | met |",
             "|---|---|" + "---|" * (len(runtimes) + 3)]
    for name, per in results.items():
        unit = next((r["unit"] for r in per.values() if r and "unit" in r), "")
        hosts = [f"{rt}: `{per[rt]['host']}`" for rt in runtimes
                 if name.startswith("host_call") and (per.get(rt) or {}).get("host")]
        if hosts:
            unit += " (" + ", ".join(hosts) + ")"
        mine = (per.get("wasmlite") or {}).get("per_op")
        peer = (per.get("wasmtime") or {}).get("per_op")
        goal = goals.get(name)
        met = "-" if goal is None or mine is None or not peer else \
            ("yes" if mine / peer <= goal else "**no**")
        lines.append(f"| {name} | {unit} | " + " | ".join(_micros(per.get(rt)) for rt in runtimes)
                     + f" | {_ratio(mine, peer)} | {'-' if goal is None else f'≤ {goal:.2g}'}"
                     + f" | {met} |")
    lines += ["", "`host_call` and `host_call_wrap` time one export call that calls the "
              "host function in a loop, divided by the number of host calls; the host function "
              "is defined with the API named in the row (wasmtime-py's component linker has "
              "only `add_func`; a runtime without `func_wrap` is measured with `add_func` "
              "again in `host_call_wrap`)."]
    return lines


NATIVE_GOALS = {"median": 1.3, "max": 2.0, "first_result": 2.0, "cached_first_result": 1.2}
"""The native tier's goals against wasmtime-py: median and largest run-time ratio
over the programs, and the largest program's time to first result (first run,
and second run with the code cache)."""


def _figure(s: dict | None, key: str, unit: str, scale: float = 1.0) -> str:
    """``s[key]`` (scaled, with ``unit``) of a summary that ran to the end, else "-"."""
    v = s.get(key) if s and s.get("status") == "ok" else None
    return "-" if v is None else f"{v * scale:.3g}{unit}"


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def native_section(native: dict) -> tuple[list[str], dict[str, float | None]]:
    """The native tier against wasmtime-py, program by program, and the largest
    program's time to first result; with the per-program ratios for the chart."""
    results, startup = native["results"], native.get("startup") or {}
    lines = ["", "## Native tier", "",
             f"Measured {native.get('date', '?')}"
             + (f" (commit {native['commit']})" if native.get("commit") else "") + " with:", "",
             "```sh", "python -m benchmarks " + " ".join(native.get("command", [])), "```", "",
             "The native tier (`Config.strategy = \"native\"`, machine code through llvmlite) "
             "and wasmtime-py, each program run "
             f"{_times(native.get('runs', 1))} per runtime in fresh processes, the two back to "
             "back; the figure is the time between `bench.start` and `bench.end` (median, "
             "min–max); *first result* is load + compile + instantiate + the whole run after the "
             "import (median), *peak RSS* the process's largest. *Tier* is the tier the module ran on (a module using what the native "
             "tier does not compile runs portable).", "",
             "| program | wasmlite-native | wasmtime | native / wasmtime | tier | output "
             "| native first result | wasmtime first result | native peak RSS | wasmtime peak RSS |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    ratios: dict[str, float | None] = {}
    for name, per in results.items():
        mine, peer = _bench_time(per.get("wasmlite-native")), _bench_time(per.get("wasmtime"))
        over = (per.get("wasmlite-native") or {}).get("status") == "timeout"
        ratios[name] = mine / peer if mine and peer and not over else None
        s = per.get("wasmlite-native") or {}
        correct = "ok" if s.get("correct") else ("-" if s.get("status") != "ok" else "WRONG")
        extra = [_figure(per.get(rt), "first_result", " s") for rt in ("wasmlite-native", "wasmtime")]
        extra += [_figure(per.get(rt), "maxrss_kb", " MiB", 1 / 1024) for rt in ("wasmlite-native", "wasmtime")]
        lines.append(f"| {name} | {_seconds(per.get('wasmlite-native'))} | "
                     f"{_seconds(per.get('wasmtime'))} | {_ratio(mine, peer, over)} | "
                     f"{s.get('tier') or '-'} | {correct} | " + " | ".join(extra) + " |")
    known = [r for r in ratios.values() if r is not None]
    if known:
        median, worst = statistics.median(known), max(known)
        where = max((r, n) for n, r in ratios.items() if r is not None)[1]
        met = lambda v, goal: "met" if v <= goal else "**not met**"   # noqa: E731
        lines += ["", f"Over the {len(known)} programs: median native / wasmtime "
                  f"**{median:.3g}** (goal ≤ {NATIVE_GOALS['median']}: {met(median, NATIVE_GOALS['median'])}), "
                  f"largest **{worst:.3g}** ({where}; goal ≤ {NATIVE_GOALS['max']}: "
                  f"{met(worst, NATIVE_GOALS['max'])})."]
    if startup:
        lines += ["", f"### Time to first result of `{startup['program']}` (the largest program)", "",
                  f"{_times(startup['runs'])} per runtime and configuration, interleaved; medians. "
                  "*First result* is load + compile + instantiate + the whole run after the "
                  "runtime's import; *cached* is a second run with the code cache on "
                  "(`Config.cache`).", "",
                  "| configuration | wasmlite-native | wasmtime | native / wasmtime | goal |",
                  "|---|---|---|---|---|"]
        for kind, label, goal in (("default", "first run (no cache)", NATIVE_GOALS["first_result"]),
                                  ("cached", "second run, cached", NATIVE_GOALS["cached_first_result"])):
            per = startup.get(kind, {})
            a = (per.get("wasmlite-native") or {}).get("first_result")
            b = (per.get("wasmtime") or {}).get("first_result")
            verdict = "-" if not a or not b else ("met" if a / b <= goal else "**not met**")
            lines.append(f"| {label} | {'-' if a is None else f'{a:.3g} s'} | "
                         f"{'-' if b is None else f'{b:.3g} s'} | {_ratio(a, b)} | ≤ {goal} ({verdict}) |")
    return lines, ratios


def write_report(out: Path, results: dict, startup: dict, micro: dict,
                 text_parse: tuple[int, int, float] | None, runtimes: list[str], opts, *,
                 date: str, argv: list[str], commit: str | None = None,
                 components: dict | None = None, component_goals: dict | None = None,
                 native: dict | None = None, tiering: dict | None = None) -> None:
    lines = ["# Performance", "",
             f"Measured {date} on {platform.machine()} / {platform.system()} with "
             f"Python {platform.python_version()}, wasmlite {_version('wasmlite')}"
             + (f" (commit {commit})" if commit else "") + ", "
             f"wasmtime-py {_version('wasmtime')}, pywasm {_version('pywasm')}.", "",
             "Regenerate with:", "", "```sh",
             "python -m benchmarks " + " ".join(argv), "```", "",
             f"Each program runs {opts.runs} times per runtime, each run in a fresh process, the runtimes "
             "back to back"
             + (f"; {opts.jobs} programs are measured at a time" if opts.jobs > 1 else "")
             + f" (a runtime whose run takes over {opts.timeout * LONG_RUN:.0f} s runs once). The figure is the time between the program's `bench.start` and `bench.end` "
             f"calls: median (min–max). A run longer than {opts.timeout:.0f} s"
             + (f" ({opts.pywasm_timeout:.0f} s for pywasm)" if opts.pywasm_timeout != opts.timeout else "")
             + " is stopped and reported as over the limit; in the ratio it counts at the limit. "
             "When wasmlite itself is over the limit, pywasm / wasmlite counts as 1 if pywasm is "
             "over its limit too, and as at most pywasm's time / the limit otherwise.", "",
             "## Programs", "",
             "| program | " + " | ".join(runtimes) + " | wasmlite / wasmtime | pywasm / wasmlite | output |",
             "|---|" + "---|" * (len(runtimes) + 3)]
    names, vs_wasmtime, vs_pywasm = [], [], []
    for name, per in results.items():
        mine = _bench_time(per.get("wasmlite"))
        peer = _bench_time(per.get("wasmtime"))
        slow = _bench_time(per.get("pywasm"))
        mine_over = per.get("wasmlite", {}).get("status") == "timeout"
        slow_over = per.get("pywasm", {}).get("status") == "timeout"
        if mine_over:
            correct = "not checked (over the limit)"
        else:
            correct = "ok" if per.get("wasmlite", {}).get("correct") else "WRONG or missing"
        if mine_over and slow_over:
            vs_slow, slow_ratio = "1 (both over the limit)", 1.0
        elif mine_over and slow is not None:
            vs_slow, slow_ratio = "≤ " + _ratio(slow, mine), slow / mine
        else:
            vs_slow, slow_ratio = _ratio(slow, mine, slow_over), (slow / mine if slow and mine else None)
        lines.append(f"| {name} | " + " | ".join(_seconds(per.get(rt)) for rt in runtimes)
                     + f" | {_ratio(mine, peer, mine_over)} | {vs_slow} | {correct} |")
        names.append(name)
        vs_wasmtime.append(mine / peer if mine and peer else None)
        vs_pywasm.append(slow_ratio)
    known = [r for r in vs_pywasm if r]
    if known:
        lines += ["", f"Median over the programs of pywasm time / wasmlite time: **{statistics.median(known):.3g}** "
                  f"({len(known)} programs with both figures)."]

    lines += ["", "## Start-up and memory", "",
              "Every runtime's package is compiled to bytecode before the runs, as `pip install` "
              "does, and wasmlite's module bundle is written, as its first import does. *Import* is `import` of the runtime's package. *First result* is load + "
              "compile + instantiate + the whole run of `_start` after that import, with the "
              "engine's default configuration (no code cache).", "",
              "| program | " + " | ".join(f"{rt} import" for rt in runtimes) + " | "
              + " | ".join(f"{rt} first result" for rt in runtimes) + " | "
              + " | ".join(f"{rt} compile" for rt in runtimes) + " | "
              + " | ".join(f"{rt} instantiate" for rt in runtimes) + " | "
              + " | ".join(f"{rt} peak RSS" for rt in runtimes) + " |",
              "|---|" + "---|" * (5 * len(runtimes))]

    def cell(s, key, scale=1.0, unit=" s"):
        return _figure(s, key, unit, scale)
    for name, per in results.items():
        lines.append(f"| {name} | " + " | ".join(cell(per.get(rt), "import") for rt in runtimes) + " | "
                     + " | ".join(cell(per.get(rt), "first_result") for rt in runtimes) + " | "
                     + " | ".join(cell(per.get(rt), "compile") for rt in runtimes) + " | "
                     + " | ".join(cell(per.get(rt), "instantiate") for rt in runtimes) + " | "
                     + " | ".join(cell(per.get(rt), "maxrss_kb", 1 / 1024, " MiB") for rt in runtimes) + " |")
    rss = [(per["wasmlite"]["maxrss_kb"] / per["wasmtime"]["maxrss_kb"], name)
           for name, per in results.items()
           if per.get("wasmlite", {}).get("status") == "ok" and per.get("wasmtime", {}).get("status") == "ok"]
    if rss:
        worst, where = max(rss)
        lines += ["", f"Peak RSS of wasmlite / wasmtime-py: at most **{worst:.2f}** ({where}), "
                  f"over the {len(rss)} programs both ran to the end."]
    if startup:
        program = startup["program"]
        lines += ["", f"### Time to first result of `{program}`", "",
                  f"Measured alone after the programs, {startup['runs']} runs per runtime and "
                  "configuration, the runtimes interleaved; medians. *Import + first result* is "
                  "the time from a fresh interpreter's first import of the runtime to the "
                  "program's end. *Cached* is with the code cache on (`Config.cache`, a cache "
                  "configuration file naming a fresh directory), after one run that fills it.", "",
                  "| runtime | configuration | import | first result | import + first result "
                  "| compile | instantiate |",
                  "|---|---|---|---|---|---|---|"]
        for kind, label in (("default", "default (no cache)"), ("cached", "cached")):
            for rt, s in startup.get(kind, {}).items():
                lines.append(f"| {rt} | {label} | {cell(s, 'import')} | {cell(s, 'first_result')} "
                             f"| {cell(s, 'import_and_first_result')} "
                             f"| {cell(s, 'compile')} | {cell(s, 'instantiate')} |")

    if micro:
        lines += ["", "## Micro-benchmarks", "",
                  "Best of three calls in one process; per operation where that is meaningful.", "",
                  "| kernel | unit | " + " | ".join(runtimes) + " | wasmlite / wasmtime | pywasm / wasmlite |",
                  "|---|---|" + "---|" * (len(runtimes) + 2)]
        for name, per in micro.items():
            def fmt(r):
                if not r or "per_op" not in r:
                    return "over limit" if r and "timeout" in r else f"error: {(r or {}).get('error', '-')[:50]}"
                return f"{r['per_op'] * 1e6:.3g} µs"
            unit = next((r["unit"] for r in per.values() if r and "unit" in r), "")
            ops = {rt: (per.get(rt) or {}).get("per_op") for rt in runtimes}
            lines.append(f"| {name} | {unit} | " + " | ".join(fmt(per.get(rt)) for rt in runtimes)
                         + f" | {_ratio(ops.get('wasmlite'), ops.get('wasmtime'))}"
                         + f" | {_ratio(ops.get('pywasm'), ops.get('wasmlite'))} |")

    native_ratios: dict[str, float | None] = {}
    if native:
        section, native_ratios = native_section(native)
        lines += section
    if tiering:
        from .tiering import section as tiering_section
        lines += tiering_section(tiering)

    if components:
        lines += component_section(components, component_goals or {}, argv)

    if text_parse:
        scripts, commands, seconds = text_parse
        lines += ["", "## Text format", "",
                  f"Parsing every script of the spec testsuite ({scripts} scripts, {commands} commands) "
                  f"from text to binary modules takes **{seconds:.2f} s** of CPU on one core "
                  "(`python -m benchmarks.text_parse`)."]

    chart = out.with_name("performance-ratios.png")
    series = {"wasmlite / wasmtime-py": vs_wasmtime, "pywasm / wasmlite": vs_pywasm}
    if native_ratios:
        series["wasmlite-native / wasmtime-py"] = [native_ratios.get(n) for n in names]
    if names and _chart(chart, names, series):
        lines += ["", "## Ratios per program", "", f"![per-program time ratios]({chart.name})"]
    if TECHNIQUES.exists():
        lines += ["", TECHNIQUES.read_text().strip()]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
