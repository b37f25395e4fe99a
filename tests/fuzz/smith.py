"""Random modules from ``wasm-tools smith``, in feature profiles.

Each profile is a set of smith options (which proposals the generator may use)
and the proposals both engines are configured with. A module is a pure function
of (profile, seed): the seed is stretched into the random bytes smith reads.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass

from .tools import wasm_tools
from .wasmbin import function_count

_ALL_OFF = {
    "simd": "false", "relaxed-simd": "false", "gc": "false", "exceptions": "false",
    "threads": "false", "tail-call": "false", "memory64": "false", "custom-descriptors": "false",
    "custom-page-sizes": "false", "wide-arithmetic": "false", "shared-everything-threads": "false",
    "compact-imports": "false",
}
_MVP_OFF = {"bulk-memory": "false", "reference-types": "false", "multi-value": "false",
            "saturating-float-to-int": "false", "sign-extension-ops": "false",
            "extended-const": "false"}

_COMMON = [
    "--ensure-termination", "--fuel", "400", "--export-everything", "true",
    "--max-imports", "0", "--allow-start-export", "false",
    "--max-memory32-bytes", "262144", "--max-memory64-bytes", "262144",
    "--max-table-elements", "200", "--min-funcs", "3", "--max-funcs", "24", "--max-data-segments", "8",
    "--max-element-segments", "8", "--max-elements", "32", "--max-globals", "16",
    # Arrays of a billion elements in global and table initialisers take wasmlite
    # tens of seconds and gigabytes; test_known_divergences keeps one such case.
    "--limit-arrays-in-const-exprs", "true",
]

ENGINE_FEATURES = ("wasm_multi_value", "wasm_bulk_memory", "wasm_reference_types",
                   "wasm_simd", "wasm_relaxed_simd", "wasm_tail_call", "wasm_memory64",
                   "wasm_multi_memory", "wasm_function_references", "wasm_gc",
                   "wasm_exceptions", "wasm_wide_arithmetic")
"""The Config switches turned on in both engines for every profile: the same set
on both sides, so a module means the same to each."""


@dataclass(frozen=True)
class Profile:
    name: str
    enabled: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    mvp: bool = False

    def flags(self) -> list[str]:
        switches = dict(_ALL_OFF)
        if self.mvp:
            switches.update(_MVP_OFF)
        for feature in self.enabled:
            switches[feature] = "true"
        flags = list(_COMMON)
        for feature, value in switches.items():
            flags += [f"--{feature}-enabled", value]
        return flags + list(self.extra)


PROFILES: dict[str, Profile] = {p.name: p for p in (
    Profile("mvp", mvp=True, extra=("--max-memories", "1", "--max-tables", "1")),
    Profile("core", extra=("--max-memories", "1")),
    Profile("simd", ("simd",), ("--max-memories", "1")),
    Profile("relaxed-simd", ("simd", "relaxed-simd"), ("--max-memories", "1")),
    Profile("gc", ("gc",), ("--max-memories", "1", "--max-types", "20")),
    Profile("exceptions", ("exceptions",), ("--max-memories", "1", "--max-tags", "6")),
    Profile("memory64", ("memory64",), ("--min-memories", "1", "--max-memories", "2")),
    Profile("multi-memory", (), ("--min-memories", "2", "--max-memories", "4")),
    Profile("tail-call", ("tail-call",), ("--max-memories", "1")),
    Profile("reference-types", (), ("--min-tables", "1", "--max-tables", "5",
                                    "--min-element-segments", "1")),
    Profile("wide-arithmetic", ("wide-arithmetic",), ("--max-memories", "1")),
    Profile("everything", ("simd", "gc", "exceptions", "tail-call", "memory64"),
            ("--max-memories", "3", "--max-tables", "3")),
)}


def seed_bytes(label: str, seed: int, size: int) -> bytes:
    """``size`` bytes that depend only on ``label`` and ``seed``."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{label}:{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def size_for(seed: int) -> int:
    """How many random bytes smith reads for ``seed``: varied, so that both small
    and larger modules come out."""
    return (256, 1024, 2048, 4096, 8192)[seed % 5]


def generate(profile: Profile, seed: int, attempts: int = 24) -> bytes | None:
    """The module smith builds for ``seed`` in ``profile``. Smith sometimes makes a
    module without functions (when it draws no function types); the bytes of the
    next attempt are then tried, so that nearly every seed has code to run. None
    if no attempt gave one."""
    for attempt in range(attempts):
        label = profile.name if attempt == 0 else f"{profile.name}/{attempt}"
        data = seed_bytes(label, seed, size_for(seed + attempt))
        done = subprocess.run([wasm_tools(), "smith", *profile.flags()], input=data,
                              capture_output=True, timeout=60)
        if done.returncode == 0 and function_count(done.stdout) > 0:
            return done.stdout
    return None


def profile_for(seed: int) -> Profile:
    """The profile a campaign uses for ``seed`` (round robin)."""
    names = list(PROFILES)
    return PROFILES[names[seed % len(names)]]
