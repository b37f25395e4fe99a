"""Random modules (wasm-tools smith) behave the same on the native and portable tiers:
MVP modules, modules with SIMD, and modules with references, tail calls and
64-bit and multiple memories.

Every exported function is called with zeros and then with other arguments;
results (floats bit for bit), traps, and the exported globals and memories
after each call must agree. Most modules must compile natively (the rest
fall back to the portable tier, which is checked too).
"""

from __future__ import annotations

import hashlib
import subprocess

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite
from testsuite_scripts import wasm_tools

from .conftest import engine, is_native, memory_digest, outcome

WASM_TOOLS = wasm_tools()
if WASM_TOOLS is None:
    pytest.skip("wasm-tools is not installed", allow_module_level=True)

SMITH_FLAGS = [
    "--ensure-termination", "--export-everything", "true", "--max-imports", "0",
    "--simd-enabled", "false", "--gc-enabled", "false", "--exceptions-enabled", "false",
    "--threads-enabled", "false", "--tail-call-enabled", "false",
    "--memory64-enabled", "false", "--reference-types-enabled", "false",
    "--max-memories", "1", "--max-memory32-bytes", "1048576", "--allow-start-export", "false",
]


def _enabled(*switches: str, memories: int = 1) -> list[str]:
    flags = list(SMITH_FLAGS)
    for switch in switches:
        flags[flags.index(switch) + 1] = "true"
    flags[flags.index("--max-memories") + 1] = str(memories)
    return flags


PROFILES = {"mvp": SMITH_FLAGS,
            "simd": _enabled("--simd-enabled"),
            "refs": _enabled("--reference-types-enabled", "--tail-call-enabled",
                             "--memory64-enabled", memories=2)}
"""wasm-smith options per profile; the seeds of "mvp" keep their earlier modules."""

ARGUMENTS = {"i32": (0, 1, 0xFFFFFFFF), "i64": (0, 7, 0x8000000000000000),
             "f32": (0.0, -1.5, float("nan")), "f64": (0.0, 2.5, float("-inf")),
             "v128": (0, 1, (1 << 128) - 1)}

SEEDS = range(40)
CASES = [("mvp", seed) for seed in SEEDS] + [(profile, seed) for profile in ("simd", "refs")
                                             for seed in range(20)]


def random_module(seed: int, profile: str = "mvp") -> bytes:
    name = f"native-{seed}" if profile == "mvp" else f"{profile}-{seed}"
    data = hashlib.sha256(name.encode()).digest() * 300
    done = subprocess.run([WASM_TOOLS, "smith", *PROFILES[profile]], input=data,
                          capture_output=True, check=True)
    return done.stdout


def behaviour(tier: str, wasm: bytes) -> tuple[bool, list]:
    store = wasmlite.Store(engine(tier))
    module = wasmlite.Module(store.engine, wasm)
    native = is_native(module)
    try:
        instance = wasmlite.Instance(store, module, [])
    except wasmlite.Trap as trap:
        return native, [("instantiation", trap.trap_code, trap.message)]
    exports = instance.exports(store)
    seen = []
    for name in sorted(exports):
        func = exports[name]
        if not isinstance(func, wasmlite.Func):
            continue
        params = [str(t) for t in func.type(store).params]
        for k in range(3):
            args = [ARGUMENTS[t][k] if t in ARGUMENTS else None for t in params]
            seen.append((name, k, outcome(lambda: func(store, *args))))
            seen.append(memory_digest(store, exports))
    return native, seen


@pytest.mark.parametrize(("profile", "seed"), CASES)
def test_random_module_behaves_the_same_on_both_tiers(profile: str, seed: int) -> None:
    wasm = random_module(seed, profile)
    _, native = behaviour("native", wasm)
    _, portable = behaviour("portable", wasm)
    assert native == portable


def test_most_random_modules_compile_natively() -> None:
    from wasmlite.compile.llvm.coverage import unsupported
    from wasmlite.binary.decoder import decode_module
    reasons = [unsupported(decode_module(random_module(seed))) for seed in SEEDS]
    assert sum(r is None for r in reasons) >= len(SEEDS) * 3 // 4, reasons
