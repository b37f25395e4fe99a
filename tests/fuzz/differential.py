"""Run one module in wasmlite and in wasmtime-py and compare what can be observed.

The plan of calls is fixed before either engine runs: every exported function,
in export order and then once more in a seeded shuffled order, each call with
its own deterministic arguments. Each engine then produces a trace: the
instantiation outcome, and per call its results or trap followed by the
exported globals, memories (size and a digest of the contents) and table sizes.

wasmtime-py cannot pass ``v128`` values or GC references across the Python
boundary (it aborts the process or refuses), so functions and globals whose
types use them are reached through an adapter module, instantiated in the same
store with the module's exports as imports: it turns ``v128`` into two ``i64``
and a reference into small integers describing it (null? i31 and its value?
struct? array?). Both engines go through the same adapter, so the comparison
stays like for like. Types that name the module's own type definitions are not
adaptable; those functions and globals are left out (counted as skipped).

Fuel: both stores get the same fuel before every call. The engines charge it
at different points (wasmtime as it goes, wasmlite per straight-line stretch at
function entries and loop headers), so a call that runs out on one side may
finish on the other. The traces are compared up to the first call that ran
out of fuel on either side; from there on the states are not comparable.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
import struct
import time
from dataclasses import dataclass, field

from . import isolate
from .smith import ENGINE_FEATURES

CALL_FUEL = 200_000
"""Fuel given to both stores before each call."""

WASMLITE_TIMEOUT = 30.0
"""Seconds wasmlite may take for one module's whole plan beyond twice what wasmtime
took for it (fuel bounds every call; this catches allocations and loops that fuel
does not meter). wasmtime's time counts because the plan's own work, hashing
gigabytes of memory after each call, is the same on both sides."""

WASMLITE_MEMORY = 768 << 20
"""Bytes of memory wasmlite may take for one module."""

MAX_CALLS = 48
"""At most this many calls per module (both rounds together)."""

NUM_TYPES = ("i32", "i64", "f32", "f64")
OUT_OF_FUEL = "all fuel consumed by WebAssembly"

_I32 = [0, 1, -1, 2, 3, 7, 8, 16, 255, 256, 1000, 65535, 65536, 0x7FFFFFFF, -0x80000000, -2, 31, 32]
_I64 = [0, 1, -1, 2, 7, 63, 64, 65536, 2**32, 2**32 - 1, 2**63 - 1, -2**63, -2, 1 << 40]
_F = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0e9, -3.0e9, 1e-40, 5e-324, 1.7976931348623157e308,
      math.inf, -math.inf, math.nan, 65536.0, 4294967296.0, 2.0**63, -(2.0**31)]


# --- the plan ------------------------------------------------------------------------------


@dataclass
class Call:
    export: str
    params: tuple
    results: tuple
    via: str            # "direct" or the adapter export's name
    args: list = field(default_factory=list)


@dataclass
class Plan:
    calls: list[Call]
    globals: list[tuple[str, str]]     # (export name, "direct" or adapter getter)
    memories: list[str]
    tables: list[str]
    adapter_wat: str | None
    adapter_imports: list[str]         # exports of the module, in the adapter's import order
    skipped: int = 0


def _abstract(vt) -> bool:
    """Whether ``vt`` is a value type the adapter can write without the module's types."""
    return isinstance(vt, str) or isinstance(vt.heap, str)


def _plain(module, typeidx: int) -> bool:
    """Whether type ``typeidx`` is a final type without supertypes in a rec group of
    its own: only such a type is equal to the one the adapter writes for it."""
    sub = module.types[typeidx]
    if not sub.final or sub.supertypes:
        return False
    for first, count in module.rec_groups:
        if first <= typeidx < first + count:
            return count == 1
    return True


def _heap_family(heap: str) -> str:
    if heap in ("func", "nofunc"):
        return "func"
    if heap in ("extern", "noextern"):
        return "extern"
    if heap in ("exn", "noexn"):
        return "exn"
    return "any"


def _wat_type(vt) -> str:
    if isinstance(vt, str):
        return vt
    return f"(ref {'null ' if vt.nullable else ''}{vt.heap})"


def _nullable(vt) -> str:
    return f"(ref null {vt.heap})"


def _adapt_param(vt, names: list[str]) -> str | None:
    """Code pushing a value of type ``vt`` from the adapter's parameters ``names``
    (consumed from the front); None if no value can be made."""
    if vt in NUM_TYPES:
        return f"(local.get ${names.pop(0)})"
    if vt == "v128":
        lo, hi = names.pop(0), names.pop(0)
        return (f"(i64x2.replace_lane 1 (i64x2.replace_lane 0 (v128.const i64x2 0 0) "
                f"(local.get ${lo})) (local.get ${hi}))")
    heap = vt.heap
    if vt.nullable:
        return f"(ref.null {heap})"
    return {
        "func": "(ref.func $dummy)",
        "extern": "(extern.convert_any (ref.i31 (i32.const 7)))",
        "any": "(ref.i31 (i32.const 7))", "eq": "(ref.i31 (i32.const 7))",
        "i31": "(ref.i31 (i32.const 7))",
        "struct": "(struct.new $dummy_struct)",
        "array": "(array.new_default $dummy_array (i32.const 2))",
    }.get(heap)


def _adapted_param_types(vt) -> list[str]:
    if vt in NUM_TYPES:
        return [vt]
    if vt == "v128":
        return ["i64", "i64"]
    return []


def _adapt_result(vt, local: str) -> tuple[list[str], str]:
    """The adapter's result types for a value of type ``vt`` held in ``local``, and
    the code pushing them."""
    get = f"(local.get ${local})"
    if vt in NUM_TYPES:
        return [vt], get
    if vt == "v128":
        return ["i64", "i64"], f"(i64x2.extract_lane 0 {get}) (i64x2.extract_lane 1 {get})"
    family = _heap_family(vt.heap)
    if family in ("func", "exn"):
        return ["i32"], f"(ref.is_null {get})"
    if family == "extern":
        get = f"(any.convert_extern {get})"
    i31 = f"(ref.test (ref i31) {get})"
    code = (f"(ref.is_null {get}) {i31} (ref.test (ref struct) {get}) "
            f"(ref.test (ref array) {get}) "
            f"(if (result i32) {i31} (then (i31.get_s (ref.cast (ref i31) {get}))) "
            f"(else (i32.const 0)))")
    return ["i32"] * 5, code


def _arg(rng: random.Random, vt: str):
    if vt == "i32":
        return rng.choice(_I32) if rng.random() < 0.7 else rng.randrange(-2**31, 2**31)
    if vt == "i64":
        return rng.choice(_I64) if rng.random() < 0.7 else rng.randrange(-2**63, 2**63)
    if vt in ("f32", "f64"):
        return rng.choice(_F) if rng.random() < 0.7 else rng.uniform(-1e6, 1e6)
    raise AssertionError(vt)


def make_plan(wasm: bytes, seed: int) -> Plan:
    """The calls and state reads for ``wasm`` (types read with wasmlite's decoder)."""
    from wasmlite.binary.decoder import decode_module
    module = decode_module(wasm)
    func_types = module.func_typeidx()
    global_types = module.global_types()
    imports: list[str] = []
    adapter_types: list[str] = []
    adapter_funcs: list[str] = []
    calls: list[Call] = []
    globals_: list[tuple[str, str]] = []
    memories: list[str] = []
    tables: list[str] = []
    skipped = 0
    for export in module.exports:
        if export.kind == "memory":
            memories.append(export.name)
        elif export.kind == "table":
            tables.append(export.name)
        elif export.kind == "global":
            gt = global_types[export.index]
            vt = gt.valtype
            if vt in NUM_TYPES:
                globals_.append((export.name, "direct"))
                continue
            if not _abstract(vt):
                skipped += 1
                continue
            k = len(imports)
            imports.append(export.name)
            mut = f"(mut {_wat_type(vt)})" if gt.mutable else _wat_type(vt)
            adapter_types.append(f'(import "m" "{k}" (global $i{k} {mut}))')
            local_type = "v128" if vt == "v128" else _nullable(vt)
            results, push = _adapt_result(vt, "r")
            adapter_funcs.append(
                f'(func (export "get{k}") (result {" ".join(results)}) (local $r {local_type}) '
                f'(local.set $r (global.get $i{k})) {push})')
            globals_.append((export.name, f"get{k}"))
        elif export.kind == "func":
            ft = module.func_type(func_types[export.index])
            params, results = tuple(ft.params), tuple(ft.results)
            if all(t in NUM_TYPES for t in params + results):
                calls.append(Call(export.name, params, results, "direct"))
                continue
            if not all(_abstract(t) for t in params + results) or not _plain(
                    module, func_types[export.index]):
                skipped += 1
                continue
            names: list[str] = []
            adapter_params: list[str] = []
            for i, t in enumerate(params):
                for j, at in enumerate(_adapted_param_types(t)):
                    names.append(f"p{i}_{j}")
                    adapter_params.append(f"(param $p{i}_{j} {at})")
            pushes = [_adapt_param(t, names) for t in params]
            if any(p is None for p in pushes):
                skipped += 1
                continue
            k = len(imports)
            imports.append(export.name)
            sig = (f"(param {' '.join(map(_wat_type, params))}) "
                   f"(result {' '.join(map(_wat_type, results))})")
            adapter_types.append(f'(import "m" "{k}" (func $i{k} {sig}))')
            locals_, sets, out_types, out_code = [], [], [], []
            for i, t in enumerate(results):
                locals_.append(f"(local $r{i} {'v128' if t == 'v128' else _wat_type(t) if t in NUM_TYPES else _nullable(t)})")
                types_, code = _adapt_result(t, f"r{i}")
                out_types += types_
                out_code.append(code)
            for i in reversed(range(len(results))):
                sets.append(f"(local.set $r{i})")
            adapter_funcs.append(
                f'(func (export "call{k}") {" ".join(adapter_params)} (result {" ".join(out_types)}) '
                f'{" ".join(locals_)} {" ".join(pushes)} (call $i{k}) {" ".join(sets)} '
                f'{" ".join(out_code)})')
            arg_types = tuple(at for t in params for at in _adapted_param_types(t))
            calls.append(Call(export.name, arg_types, tuple(results), f"call{k}"))
    adapter_wat = None
    if imports:
        adapter_wat = "\n".join([
            "(module", "(type $dummy_struct (struct))", "(type $dummy_array (array (mut i8)))",
            *adapter_types, "(func $dummy)", "(elem declare func $dummy)", *adapter_funcs, ")"])
    rng = random.Random(seed)
    rounds = list(calls)
    second = list(calls)
    rng.shuffle(second)
    planned = []
    for call in (rounds + second)[:MAX_CALLS]:
        planned.append(Call(call.export, call.params, call.results, call.via,
                            [_arg(rng, t) for t in call.params]))
    return Plan(planned, globals_, memories, tables, adapter_wat, imports, skipped)


# --- running --------------------------------------------------------------------------------


_QUIET_BIT = 1 << 51


def _value(v):
    if isinstance(v, float):
        bits = struct.unpack("<Q", struct.pack("<d", v))[0]
        if v != v:
            # wasmtime-py's C cast of an f32 to a double quiets a signalling NaN,
            # where wasmlite keeps the bits: NaNs are compared up to the quiet bit
            bits |= _QUIET_BIT
        return ("f", f"{bits:016x}")
    if isinstance(v, (list, tuple)):
        return tuple(_value(x) for x in v)
    if v is None or isinstance(v, int):
        return v
    return ("object", type(v).__name__)


def _trap(api, exc) -> tuple:
    text = str(exc)
    if "wasm trap: " in text:
        message = text.rsplit("wasm trap: ", 1)[1].strip().splitlines()[0]
    else:
        lines = text.strip().splitlines()
        message = lines[-1].strip() if lines else ""
        head, _, rest = message.partition(": ")
        if head.isdigit():
            message = rest
    code = getattr(exc, "trap_code", None)
    return ("trap", code.name if code is not None else None, message)


def _outcome(api, thunk):
    try:
        return ("ok", _value(thunk()))
    except api.Trap as exc:
        return _trap(api, exc)
    except api.WasmtimeError as exc:
        lines = str(exc).strip().splitlines()
        return ("error", lines[0] if lines else "")
    except Exception as exc:  # noqa: BLE001 - anything else is reported, never hidden
        return ("python-exception", type(exc).__name__, str(exc)[:200])


def engine(api):
    config = api.Config()
    for feature in ENGINE_FEATURES:
        setattr(config, feature, True)
    config.consume_fuel = True
    return api.Engine(config)


def trace(api, wasm: bytes, plan: Plan, adapter: bytes | None) -> list:
    """What ``api`` (wasmlite or wasmtime) shows while running ``plan`` on ``wasm``."""
    eng = engine(api)
    store = api.Store(eng)
    try:
        return _trace(api, eng, store, wasm, plan, adapter)
    finally:
        store.close()


def _trace(api, eng, store, wasm: bytes, plan: Plan, adapter: bytes | None) -> list:
    out: list = []
    try:
        module = api.Module(eng, wasm)
    except api.WasmtimeError as exc:
        return [("compile", "error", str(exc).strip().splitlines()[0][:120])]
    store.set_fuel(CALL_FUEL)
    holder = {}
    start = _outcome(api, lambda: holder.setdefault("i", api.Instance(store, module, [])) and None)
    out.append(("instantiate", start))
    if start[0] != "ok":
        return out
    exports = holder["i"].exports(store)
    adapted = None
    if adapter is not None:
        linked = _outcome(api, lambda: holder.setdefault("a", api.Instance(
            store, api.Module(eng, adapter),
            [exports[name] for name in plan.adapter_imports])) and None)
        out.append(("adapter", linked))
        if linked[0] != "ok":
            return out
        adapted = holder["a"].exports(store)

    def state():
        seen = []
        for name, via in plan.globals:
            if via == "direct":
                seen.append((name, _outcome(api, lambda: exports[name].value(store))))
            else:
                store.set_fuel(CALL_FUEL)
                seen.append((name, _outcome(api, lambda: adapted[via](store))))
        for name in plan.memories:
            mem = exports[name]
            size = mem.data_len(store)
            digest = hashlib.sha1()
            for start in range(0, size, MEMORY_CHUNK):
                # a chunk at a time: a memory of gigabytes is mostly untouched pages,
                # which a copy of the whole would make resident
                chunk = mem.read(store, start, min(start + MEMORY_CHUNK, size))
                digest.update(b"zeros" if chunk == _ZEROS else chunk)
            seen.append((name, size, digest.hexdigest()))
        for name in plan.tables:
            seen.append((name, _outcome(api, lambda: exports[name].size(store))))
        return seen

    out.append(("state", state()))
    for call in plan.calls:
        func = exports[call.export] if call.via == "direct" else adapted[call.via]
        store.set_fuel(CALL_FUEL)
        result = _outcome(api, lambda: func(store, *call.args))
        via = "" if call.via == "direct" else f" through adapter {call.via}"
        out.append((f"call {call.export!r}{via} with {call.args!r}", result))
        if result[0] == "trap" and result[2] == OUT_OF_FUEL:
            break
        out.append(("state", state()))
    return out


def _ran_out_of_fuel(step) -> bool:
    return (isinstance(step, tuple) and len(step) == 2 and isinstance(step[1], tuple)
            and step[1][:1] == ("trap",) and step[1][2] == OUT_OF_FUEL)


def _out_of_host_memory(step) -> bool:
    """Whether wasmtime stopped a call because it could not allocate (a table grown
    by billions of elements): a limit of the host, like fuel, with nothing to compare."""
    return (isinstance(step, tuple) and len(step) == 2 and isinstance(step[1], tuple)
            and step[1][:1] == ("error",) and step[1][1].startswith("out of memory"))


def _beyond_wasmlite_limits(steps) -> bool:
    """Whether wasmtime's state in ``steps`` has a memory larger than wasmlite
    reserves for a 64-bit memory or a table longer than wasmlite allows: growth
    there fails in wasmlite (as the spec allows), so what follows differs."""
    from wasmlite.runtime.memory import RESERVE_MEMORY64
    from wasmlite.runtime.table import MAX_ELEMENTS
    for step in steps:
        if not (isinstance(step, tuple) and step[0] == "state"):
            continue
        for item in step[1]:
            if len(item) == 3 and isinstance(item[1], int) and item[1] > RESERVE_MEMORY64:
                return True
            if (len(item) == 2 and isinstance(item[1], tuple) and item[1][0] == "ok"
                    and isinstance(item[1][1], int) and item[1][1] > MAX_ELEMENTS):
                return True
    return False


@dataclass
class Verdict:
    same: bool
    compared_calls: int
    fuel_stop: bool
    skipped: int
    detail: str = ""


_WARM_UP = """(module
  (type $s (struct (field (mut i32))))
  (tag $t (param i32))
  (memory 1)
  (func (export "f") (result i32)
    (drop (struct.new $s (i32.const 1)))
    (drop (i32x4.extract_lane 0 (i32x4.add (v128.const i64x2 1 2) (v128.const i64x2 3 4))))
    (block $h (result i32) (try_table (catch $t $h) (throw $t (i32.const 5))) (i32.const 0))))"""


@functools.cache
def _warm_up() -> None:
    """Load wasmlite's lazily imported parts (GC, SIMD, exceptions) in this process,
    so that the forked children do not each import them again."""
    import wasmlite
    store = wasmlite.Store(engine(wasmlite))
    store.set_fuel(CALL_FUEL)
    instance = wasmlite.Instance(store, wasmlite.Module(store.engine, _WARM_UP), [])
    assert instance.exports(store)["f"](store) == 5


MEMORY_CHUNK = 1 << 24
_ZEROS = bytes(MEMORY_CHUNK)


def compare(wasm: bytes, seed: int) -> Verdict:
    """Run ``wasm`` in both engines and compare their traces."""
    import wasmtime

    import wasmlite
    _warm_up()
    reference = engine(wasmtime)
    try:
        wasmtime.Module.validate(reference, wasm)
    except wasmtime.WasmtimeError as exc:
        # Smith makes valid modules; wasmtime refusing one means an option
        # combination it does not support. Nothing to compare.
        return Verdict(True, 0, False, 0, f"wasmtime refuses the module: {str(exc).splitlines()[0]}")
    try:
        plan = make_plan(wasm, seed)
    except wasmlite.WasmtimeError as exc:
        return Verdict(False, 0, False, 0,
                       f"wasmlite cannot decode a module wasmtime accepts: {exc}")
    adapter = bytes(wasmtime.wat2wasm(plan.adapter_wat)) if plan.adapter_wat else None
    started = time.monotonic()
    expected = trace(wasmtime, wasm, plan, adapter)
    timeout = WASMLITE_TIMEOUT + 2 * (time.monotonic() - started)
    isolated = isolate.run(trace, wasmlite, wasm, plan, adapter, timeout=timeout,
                           max_rss=WASMLITE_MEMORY)
    if isolated.status != "ok":
        why = f"wasmlite did not finish the module ({isolated.status}: {isolated.value})"
        if isolated.status in ("timeout", "memory") and _ran_out_of_fuel(expected[-1]):
            # wasmtime stopped for fuel where wasmlite ran out of time or memory:
            # both hit a resource limit, nothing to compare.
            return Verdict(True, 0, True, plan.skipped, why)
        return Verdict(False, 0, False, plan.skipped,
                       f"{why}; wasmtime's trace ends with {expected[-2:]!r}")
    actual = isolated.value
    calls = 0
    for i in range(max(len(expected), len(actual))):
        want = expected[i] if i < len(expected) else None
        got = actual[i] if i < len(actual) else None
        if _ran_out_of_fuel(want) or _ran_out_of_fuel(got) or _out_of_host_memory(want):
            return Verdict(True, calls, True, plan.skipped)
        if want != got:
            if _beyond_wasmlite_limits(expected[i:i + 2]):
                return Verdict(True, calls, True, plan.skipped,
                               "wasmtime grew a memory or table past wasmlite's limits")
            where = f"step {i} ({(want or got)[0]!r})"
            context = [f"  {e!r}" for e in expected[max(0, i - 2):i]]
            detail = "\n".join([f"first difference at {where}:",
                                f"  wasmtime: {want!r}", f"  wasmlite: {got!r}",
                                "preceding steps (same in both):", *context])
            return Verdict(False, calls, False, plan.skipped, detail)
        if want is not None and want[0] != "state":
            calls += 1
    return Verdict(True, calls, False, plan.skipped)
