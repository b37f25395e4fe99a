"""Loading a precompiled artifact against compiling from wasm.

    python benchmarks/artifact_load.py [FILE.wasm]

Defaults to the largest program of ../shared/bench (or $WASMLITE_BENCH). Prints
the best of several runs of: validating and compiling every function from the
wasm binary (what an artifact saves), validating alone (the lazy default of
``Module(engine, wasm)``), and ``Module.deserialize`` of the artifact, with the
artifact's size. Each run uses a fresh Module, with no code cache.
"""

from __future__ import annotations

import os
import sys
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
        "deserialize the artifact": best(lambda: Module.deserialize(engine, artifact)),
    }
    print(f"{os.path.relpath(path)}: {len(wasm):,} bytes of wasm, "
          f"artifact {len(artifact):,} bytes")
    for what, seconds in results.items():
        print(f"  {what:40} {seconds * 1000:9.1f} ms")
    ratio = results["compile every function from wasm"] / results["deserialize the artifact"]
    print(f"  deserializing is {ratio:.1f}x faster than compiling every function")


if __name__ == "__main__":
    main()
