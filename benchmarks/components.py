"""Component micro-benchmarks: calls through the component API, each run in a
fresh process per runtime::

    python -m benchmarks.components RUNTIME NAME      (prints one JSON line)

One component (:data:`COMPONENT`, our own text) serves every benchmark, and the
same binary runs on wasmlite and on wasmtime-py. Its core module has a memory,
a bump allocator as ``realloc`` and a ``post-return`` function that frees
everything a call allocated, so every call starts from the same memory.

* ``string``: an export taking and returning a ``string`` of 100 bytes (the
  core function returns the string it was given, so the argument is lowered
  into wasm memory and lifted back out);
* ``list``: the same for a ``list<u32>`` of 1,000 elements;
* ``host_call``/``host_call_wrap``: an export that runs a loop of calls of the
  imported ``host`` function (``u32 -> u32``), defined in Python through
  ``LinkerInstance.add_func`` or ``LinkerInstance.func_wrap``; the figure is
  per host call.

The figure is the best of three timed batches, divided by the number of calls.
Both runtimes run the ``post-return`` function within the call (wasmtime-py 50
does, as a function whose post-return counts its runs shows: a second call
without ``Func.post_return`` succeeds and sees the count incremented, and
``post_return`` then does nothing; wasmlite's does nothing either), so the
calls are not followed by ``post_return``: a program pays nothing for it.
"""

from __future__ import annotations

import json
import sys
import time

COMPONENT = """
(component
  (import "host" (func $host (param "x" u32) (result u32)))
  (core func $host (canon lower (func $host)))
  (core module $m
    (import "env" "host" (func $host (param i32) (result i32)))
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))

    ;; bump allocator: the canonical ABI's realloc (only ever called to allocate)
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32)
                             (param $size i32) (result i32)
      (local $p i32) (local $end i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
        (then
          (if (i32.eq (memory.grow (i32.sub (i32.shr_u (i32.add (local.get $end) (i32.const 0xffff))
                                                       (i32.const 16))
                                            (memory.size)))
                      (i32.const -1))
            (then unreachable))))
      (global.set $next (local.get $end))
      (local.get $p))

    ;; post-return: everything a call allocated is free again
    (func (export "free-all") (param i32)
      (global.set $next (i32.const 1024)))

    ;; returns its (pointer, length) argument through a return area
    (func (export "echo") (param $ptr i32) (param $len i32) (result i32)
      (i32.store (i32.const 8) (local.get $ptr))
      (i32.store (i32.const 12) (local.get $len))
      (i32.const 8))

    (func (export "call-host") (param $n i32) (result i32)
      (local $i i32) (local $acc i32)
      (block $done
        (br_if $done (i32.eqz (local.get $n)))
        (loop $l
          (local.set $acc (call $host (local.get $acc)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
      (local.get $acc)))
  (core instance $i (instantiate $m (with "env" (instance (export "host" (func $host))))))
  (func (export "echo-string") (param "s" string) (result string)
    (canon lift (core func $i "echo") (memory (core memory $i "mem"))
                (realloc (core func $i "realloc")) (post-return (core func $i "free-all"))))
  (func (export "echo-list") (param "l" (list u32)) (result (list u32))
    (canon lift (core func $i "echo") (memory (core memory $i "mem"))
                (realloc (core func $i "realloc")) (post-return (core func $i "free-all"))))
  (func (export "call-host") (param "n" u32) (result u32)
    (canon lift (core func $i "call-host"))))
"""

STRING = "".join(chr(ord("a") + i % 26) for i in range(100))
LIST = [(i * 2654435761) & 0xFFFFFFFF for i in range(1000)]

BENCHMARKS: dict[str, tuple[str, int, str]] = {
    # name: (export, calls per timed batch, what one operation is)
    "string": ("echo-string", 5_000, "round trip of a 100-byte string"),
    "list": ("echo-list", 200, "round trip of a list<u32> of 1,000 elements"),
    "host_call": ("call-host", 10_000, "wasm -> Python host call (u32 -> u32)"),
    "host_call_wrap": ("call-host", 10_000, "wasm -> Python host call (u32 -> u32)"),
}

GOALS = {"string": 1 / 5, "list": 1 / 5, "host_call": 1 / 3, "host_call_wrap": 1 / 3}
"""The most each benchmark's wasmlite per-call time may be, as a share of
wasmtime-py's."""


def component_bytes() -> bytes:
    """:data:`COMPONENT` as a binary, by wasmlite's text parser, else by
    wasmtime-py's (the same binary is then given to both runtimes)."""
    try:
        from wasmlite.component.text import component_wat2wasm
        return bytes(component_wat2wasm(COMPONENT))
    except Exception:
        import wasmtime
        return wasmtime.wat2wasm(COMPONENT)


def _best_of(batch, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        batch()
        best = min(best, time.perf_counter() - t0)
    return best


def _host(_store, x):
    return x + 1 if x < 1 << 30 else 0


def has_func_wrap(runtime: str) -> bool:
    """Whether ``runtime``'s component ``LinkerInstance`` has ``func_wrap``."""
    component = __import__(runtime + ".component").component
    return hasattr(component.LinkerInstance, "func_wrap")


def define_host(component_api, linker, name: str) -> str:
    """Define the ``host`` import; returns how (``add_func`` or ``func_wrap``)."""
    root = linker.root()
    try:
        if name == "host_call_wrap" and hasattr(root, "func_wrap"):
            def host(x):
                return x + 1 if x < 1 << 30 else 0
            # typed by annotations: u32 -> u32 (set here, as this module's
            # annotations are strings that name no marker)
            host.__annotations__ = {"x": component_api.u32, "return": component_api.u32}
            root.func_wrap("host", host)
            return "func_wrap"
        root.add_func("host", _host)
        return "add_func"
    finally:
        root.close()


def prepare(runtime: str, name: str):
    """The store, the export of benchmark ``name`` and how the host function was
    defined, under ``runtime`` (``wasmlite`` or ``wasmtime``)."""
    api = __import__(runtime)
    component_api = __import__(runtime + ".component").component
    engine = api.Engine()
    store = api.Store(engine)
    component = component_api.Component(engine, component_bytes())
    linker = component_api.Linker(engine)
    how = define_host(component_api, linker, name)
    instance = linker.instantiate(store, component)
    return store, instance.get_func(store, BENCHMARKS[name][0]), how


def measure(runtime: str, name: str) -> dict:
    store, func, how = prepare(runtime, name)
    export, n, unit = BENCHMARKS[name]

    if name == "string" or name == "list":
        arg = STRING if name == "string" else LIST
        got = func(store, arg)
        if got != arg:
            raise AssertionError(f"{export} returned {got!r:.60}")

        def batch():
            for _ in range(n):
                func(store, arg)
        seconds = _best_of(batch)
    else:
        got = func(store, 3)
        if got != 3:
            raise AssertionError(f"{export}(3) returned {got!r}")
        seconds = _best_of(lambda: func(store, n))
    return {"seconds": seconds, "per_op": seconds / n, "unit": unit, "host": how}


def main(argv: list[str]) -> int:
    runtime, name = argv
    try:
        result = measure(runtime, name)
    except Exception as e:          # the runtime could not run it: say why
        result = {"error": f"{type(e).__name__}: {e}"[:200]}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
