"""Micro-benchmarks: small WAT kernels, each run in a fresh process per runtime::

    python -m benchmarks.micro RUNTIME NAME      (prints one JSON line)

RUNTIME is ``wasmlite`` (its default, portable tier), ``wasmlite-native``
(``Config.strategy = "native"``, which needs llvmlite), ``wasmtime`` or
``pywasm``. Each kernel exports ``run`` taking an iteration count; the figure is
the best of three calls, divided by the count where a per-operation cost is
meaningful.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time

KERNELS: dict[str, tuple[str, int, str]] = {
    # name: (wat, argument, what one operation is)
    "fib": ("""
(module
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "run") (param i32) (result i32) (call $fib (local.get 0))))
""", 22, "fib(22), whole call"),
    "loop": ("""
(module
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.xor (local.get $i) (i32.const 0x55))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
""", 100_000, "loop iteration"),
    "memory": ("""
(module
  (memory 1)
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $fill
      (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc)) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $acc (i32.add (local.get $acc)
        (i32.load (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $sum (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
""", 50_000, "store + load pair"),
    "call_indirect": ("""
(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $inc $dec)
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func $dec (type $t) (i32.sub (local.get 0) (i32.const 1)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (call_indirect (type $t) (local.get $acc) (i32.and (local.get $i) (i32.const 1))))
      (local.set $acc (call_indirect (type $t) (local.get $acc) (i32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
""", 50_000, "loop iteration with two indirect calls"),
    "host_call": ("""
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (call $f (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
""", 50_000, "wasm -> Python host call"),
    "export_call": ("""
(module
  (func (export "run") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))
""", 50_000, "Python -> wasm call of an (i32) -> i32 export"),
}


def _wasm_bytes(wat: str) -> bytes:
    try:
        import wasmlite
        return wasmlite.wat2wasm(wat)
    except Exception:
        import wasmtime
        return wasmtime.wat2wasm(wat)


def _best_of(callable_, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        callable_()
        best = min(best, time.perf_counter() - t0)
    return best


def runtimes() -> list[str]:
    """The runtimes installed here that the micro-benchmarks can measure."""
    found = ["wasmlite"]
    if importlib.util.find_spec("llvmlite"):
        found.append("wasmlite-native")
    return found + [peer for peer in ("wasmtime", "pywasm") if importlib.util.find_spec(peer)]


def measure_api(api, name: str, strategy: str | None = None) -> float:
    wat, n, _ = KERNELS[name]
    config = api.Config()
    if strategy is not None:
        config.strategy = strategy
    engine = api.Engine(config)
    store = api.Store(engine)
    module = api.Module(engine, _wasm_bytes(wat))
    linker = api.Linker(engine)
    i32 = api.ValType.i32()
    linker.define_func("env", "f", api.FuncType([i32], [i32]), lambda x: x + 1 if x < 1 << 30 else 0)
    run = linker.instantiate(store, module).exports(store)["run"]
    if strategy == "native":
        from wasmlite.compile.llvm.module import NativeModule
        assert isinstance(module._prepared(), NativeModule), "the kernel fell back to portable"
    if name == "export_call":
        def loop():
            for i in range(n):
                run(store, i)
        return _best_of(loop)
    return _best_of(lambda: run(store, n))


def measure_pywasm(name: str) -> float:
    import pywasm

    wat, n, _ = KERNELS[name]
    runtime = pywasm.core.Runtime()
    i32 = pywasm.core.ValType.i32()
    runtime.imports["env"] = {"f": runtime.allocate_func_host(
        pywasm.core.FuncType([i32], [i32]), lambda _m, args: [args[0] + 1 if args[0] < 1 << 30 else 0])}
    module = pywasm.core.ModuleDesc.from_reader(__import__("io").BytesIO(_wasm_bytes(wat)))
    instance = runtime.instance(module)
    if name == "export_call":
        def loop():
            for i in range(n):
                runtime.invocate(instance, "run", [i])
        return _best_of(loop)
    return _best_of(lambda: runtime.invocate(instance, "run", [n]))


def main(argv: list[str]) -> int:
    runtime, name = argv
    if runtime == "pywasm":
        seconds = measure_pywasm(name)
    elif runtime == "wasmlite-native":
        seconds = measure_api(__import__("wasmlite"), name, "native")
    else:
        seconds = measure_api(__import__("wasmlite" if runtime == "wasmlite" else "wasmtime"), name)
    _, n, unit = KERNELS[name]
    per_op = seconds if name == "fib" else seconds / n
    print(json.dumps({"seconds": seconds, "per_op": per_op, "unit": unit}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
