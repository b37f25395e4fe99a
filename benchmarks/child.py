"""Runs ONE benchmark program under ONE runtime and prints one JSON line.

Invoked by the driver in a fresh process per run, so that start-up, peak memory
and machine drift are measured alike for every runtime::

    python -m benchmarks.child RUNTIME WASM WORKDIR NAME [CACHE_CONFIG]

RUNTIME is ``wasmlite`` (the portable tier), ``wasmlite-native``,
``wasmlite-auto`` or ``wasmlite-portable`` (``Config.strategy``), ``wasmtime``
or ``pywasm``.

CACHE_CONFIG, for wasmlite and wasmtime-py, is a cache configuration file
given to ``Config.cache``; without it the engine has the default configuration
(no cache).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

perf_counter = time.perf_counter


def run_with_api(api, wasm: Path, workdir: Path, name: str, out: Path, err: Path,
                 cache_config: str | None = None, strategy: str | None = None) -> dict:
    """wasmlite and wasmtime-py share one API; this runs a WASI command through it
    (``strategy`` picks wasmlite's tier)."""
    marks: dict[str, float] = {}
    t0 = perf_counter()
    config = api.Config()
    if strategy:
        config.strategy = strategy
    if cache_config:
        config.cache = cache_config
    engine = api.Engine(config)
    module = api.Module.from_file(engine, str(wasm))
    t1 = perf_counter()
    store = api.Store(engine)
    linker = api.Linker(engine)
    linker.define_wasi()
    wasi = api.WasiConfig()
    wasi.argv = [name]
    wasi.preopen_dir(str(workdir), ".")
    wasi.stdout_file = str(out)
    wasi.stderr_file = str(err)
    store.set_wasi(wasi)
    empty = api.FuncType([], [])
    linker.define_func("bench", "start", empty, lambda: marks.__setitem__("start", perf_counter()))
    linker.define_func("bench", "end", empty, lambda: marks.__setitem__("end", perf_counter()))
    instance = linker.instantiate(store, module)
    t2 = perf_counter()
    code = 0
    try:
        instance.exports(store)["_start"](store)
    except api.ExitTrap as exit_trap:
        code = exit_trap.code
    t3 = perf_counter()
    tier = None
    if strategy == "native":
        from wasmlite.compile.llvm.module import NativeModule
        tier = "native" if isinstance(module._prepared(), NativeModule) else "portable"
    elif strategy == "auto":
        tier = getattr(module._prepared(), "state", "portable")
    return {"tier": tier, "compile": t1 - t0, "instantiate": t2 - t1, "run": t3 - t2, "first_result": t3 - t0,
            "exit": code,
            "bench": marks["end"] - marks["start"] if len(marks) == 2 else None}


def run_with_pywasm(pywasm, wasm: Path, workdir: Path, name: str, out: Path, err: Path) -> dict:
    """pywasm 2.x: its own WASI preview 1 writes to the process's stdout/stderr,
    which are redirected to the capture files at the descriptor level."""
    marks: dict[str, float] = {}
    # pywasm runs each wasm call as Python recursion: give it the depth wasmlite
    # allows wasm frames (wasmlite.runtime.entry.WASM_STACK_FRAMES), so that a
    # deep program is measured rather than stopped by Python's default limit
    sys.setrecursionlimit(sys.getrecursionlimit() + 32_000)
    for fd, path in ((1, out), (2, err)):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(handle, fd)
        os.close(handle)
    t0 = perf_counter()
    runtime = pywasm.core.Runtime()
    wasi = pywasm.wasi.Preview1([name], {".": str(workdir)}, {})
    wasi.bind(runtime)
    empty = pywasm.core.FuncType([], [])

    def mark(key):
        def host(_machine, _args):
            marks[key] = perf_counter()
            return []
        return host

    runtime.imports["bench"] = {"start": runtime.allocate_func_host(empty, mark("start")),
                                "end": runtime.allocate_func_host(empty, mark("end"))}
    instance = runtime.instance_from_file(str(wasm))
    t2 = perf_counter()
    code = wasi.main(runtime, instance)
    t3 = perf_counter()
    return {"compile": None, "instantiate": t2 - t0, "run": t3 - t2, "first_result": t3 - t0,
            "exit": code,
            "bench": marks["end"] - marks["start"] if len(marks) == 2 else None}


def main(argv: list[str]) -> int:
    runtime, wasm, workdir, name = argv[0], Path(argv[1]), Path(argv[2]), argv[3]
    cache_config = argv[4] if len(argv) > 4 else None
    os.chdir(workdir)
    with tempfile.TemporaryDirectory() as tmp:
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        out.touch()
        err.touch()
        result_fd = os.dup(1)
        t0 = perf_counter()
        api = __import__(runtime.partition("-")[0])
        imported = perf_counter() - t0
        try:
            if runtime == "pywasm":
                result = run_with_pywasm(api, wasm, workdir, name, out, err)
            else:
                strategy = runtime.partition("-")[2] or \
                    ("portable" if runtime == "wasmlite" else None)
                result = run_with_api(api, wasm, workdir, name, out, err, cache_config, strategy)
        except Exception as e:      # the runtime could not run the program: say why
            result = {"error": f"{type(e).__name__}: {e}"[:200]}
        result["import"] = imported
        result["stdout"] = out.read_text(errors="replace")
        result["stderr"] = err.read_text(errors="replace")
    result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with os.fdopen(result_fd, "w") as channel:
        channel.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
