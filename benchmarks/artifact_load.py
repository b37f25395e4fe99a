"""Loading a precompiled artifact against compiling from wasm.

    python benchmarks/artifact_load.py [FILE.wasm]

Defaults to the largest program of ../shared/bench (or $WASMLITE_BENCH). Prints
the best of several runs of: validating and compiling every function from the
wasm binary (what an artifact saves), validating alone (the lazy default of
``Module(engine, wasm)``), and ``Module.deserialize`` of the artifact up to a
module ready to instantiate, with the artifact's size. Each run uses a fresh Module, with no code cache.

Then the start of ``wasmlite run``, each in a fresh process: the time from the
command's start to the program's call of ``bench.start`` (its set-up done), for
a second run with the code cache against ``wasmlite run --allow-precompiled``
on the artifact (the goal: within 1.2x).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time


def largest_program() -> str:
    """The largest ``.wasm`` file under the benchmark folder."""
    root = os.environ.get("WASMLITE_BENCH") or os.path.join(
        os.path.dirname(__file__), "..", "..", "shared", "bench")
    found = [os.path.join(d, f) for d, _, files in os.walk(root) for f in files
             if f.endswith(".wasm")]
    if not found:
        sys.exit(f"no .wasm files under {root}")
    return max(found, key=os.path.getsize)


def best(action, runs: int = 5) -> float:
    """The shortest time of ``runs`` calls of ``action``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from wasmlite import Engine, Module
    path = sys.argv[1] if len(sys.argv) > 1 else largest_program()
    with open(path, "rb") as f:
        wasm = f.read()
    engine = Engine()

    def compile_all() -> None:
        module = Module(engine, wasm)
        compiled = module._prepared()
        first = compiled.n_imported_funcs
        for index in range(first, first + len(module._ir.funcs)):
            compiled.code(index)

    artifact = engine.precompile_module(wasm)
    results = {
        "compile every function from wasm": best(compile_all, 3),
        "validate only (Module(engine, wasm))": best(lambda: Module(engine, wasm)),
        "deserialize the artifact": best(lambda: Module.deserialize(engine, artifact)._prepared()),
    }
    print(f"{os.path.relpath(path)}: {len(wasm):,} bytes of wasm, "
          f"artifact {len(artifact):,} bytes")
    for what, seconds in results.items():
        print(f"  {what:40} {seconds * 1000:9.1f} ms")
    ratio = results["compile every function from wasm"] / results["deserialize the artifact"]
    print(f"  deserializing is {ratio:.1f}x faster than compiling every function")
    run_starts(path, artifact)


_UNTIL_BENCH_START = """
import os, sys, time
started = time.perf_counter()
from wasmlite import cli
def reached(timer):
    print(time.perf_counter() - started, flush=True)
    os._exit(0)
cli._BenchTimer.start = reached
cli.main(sys.argv[1:])
"""


def start_seconds(arguments: list[str], workdir: str, cache_home: str) -> float:
    """Seconds from ``wasmlite run ARGUMENTS``' start to the program's ``bench.start``."""
    done = subprocess.run([sys.executable, "-c", _UNTIL_BENCH_START, "run", "--dir", ".",
                           "--bench", *arguments], cwd=workdir, capture_output=True, text=True,
                          env={**os.environ, "XDG_CACHE_HOME": cache_home}, check=True)
    return float(done.stdout.split()[-1])


def run_starts(path: str, artifact: bytes, runs: int = 5) -> None:
    workdir = os.path.dirname(os.path.abspath(path))
    with tempfile.TemporaryDirectory() as scratch:
        artifact_path = os.path.join(scratch, "program.cwasm")
        with open(artifact_path, "wb") as f:
            f.write(artifact)
        start_seconds([path], workdir, scratch)         # fills the cache
        cached, precompiled = [], []
        for _ in range(runs):                            # alternately, back to back
            cached.append(start_seconds([path], workdir, scratch))
            precompiled.append(start_seconds(["--allow-precompiled", artifact_path],
                                             workdir, scratch))
    cached_s, precompiled_s = statistics.median(cached), statistics.median(precompiled)
    print(f"  wasmlite run, second run with the cache {cached_s * 1000:9.1f} ms to bench.start")
    print(f"  wasmlite run --allow-precompiled         {precompiled_s * 1000:9.1f} ms to bench.start")
    print(f"  cached / precompiled: {cached_s / precompiled_s:.2f} (goal: at most 1.2)")


if __name__ == "__main__":
    main()
