"""Random modules (wasm-smith) behave as they do on wasmtime, the reference.

Every exported function is called with zero arguments; results, traps and
the exported globals and memories afterwards must agree.
"""

import hashlib
import math
import struct
import subprocess

import pytest

import wasmlite
from testsuite_scripts import wasm_tools

wasmtime = pytest.importorskip("wasmtime")
WASM_TOOLS = wasm_tools()
if WASM_TOOLS is None:
    pytest.skip("wasm-tools is not installed", allow_module_level=True)

SMITH_FLAGS = [
    "--ensure-termination", "--export-everything", "true", "--max-imports", "0",
    "--simd-enabled", "false", "--gc-enabled", "false", "--exceptions-enabled", "false",
    "--threads-enabled", "false", "--tail-call-enabled", "true", "--memory64-enabled", "true",
    "--max-memories", "2", "--multi-value-enabled", "true", "--max-memory32-bytes", "1048576",
    "--max-memory64-bytes", "1048576", "--allow-start-export", "false",
]
FEATURES = ("wasm_multi_value", "wasm_bulk_memory", "wasm_reference_types", "wasm_tail_call",
            "wasm_memory64", "wasm_multi_memory", "wasm_function_references")


def random_module(seed: int) -> bytes:
    data = hashlib.sha256(str(seed).encode()).digest() * 300
    done = subprocess.run([WASM_TOOLS, "smith", *SMITH_FLAGS], input=data,
                          capture_output=True, check=True)
    return done.stdout


def observable(value):
    if isinstance(value, float):
        return "nan" if math.isnan(value) else struct.pack("<d", value)
    if isinstance(value, (list, tuple)):
        return [observable(v) for v in value]
    if value is None or isinstance(value, int):
        return value
    return type(value).__name__


def behaviour(api, wasm: bytes) -> list:
    config = api.Config()
    for feature in FEATURES:
        setattr(config, feature, True)
    engine = api.Engine(config)
    store = api.Store(engine)
    module = api.Module(engine, wasm)
    try:
        instance = api.Instance(store, module, [])
    except api.Trap as trap:
        return [("instantiation trap", str(trap).split("wasm trap: ")[-1][:21])]
    exports = instance.exports(store)
    names = [e.name for e in module.exports]
    seen = []
    for name in names:
        func = exports[name]
        if not isinstance(func, api.Func):
            continue
        args = [0.0 if str(t) in ("f32", "f64") else 0 if str(t) in ("i32", "i64") else None
                for t in func.type(store).params]
        try:
            seen.append((name, observable(func(store, *args))))
        except api.Trap as trap:
            seen.append((name, "trap", str(trap).split("wasm trap: ")[-1][:21]))
        for other in names:
            ext = exports[other]
            if isinstance(ext, api.Global):
                seen.append((other, observable(ext.value(store))))
            elif isinstance(ext, api.Memory):
                data = bytes(ext.read(store, 0, ext.data_len(store)))
                seen.append((other, hashlib.md5(data).hexdigest()))
    return seen


@pytest.mark.parametrize("seed", range(20))
def test_random_module_matches_wasmtime(seed):
    wasm = random_module(seed)
    assert behaviour(wasmlite, wasm) == behaviour(wasmtime, wasm)
