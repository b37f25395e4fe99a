"""The ``.wasmlite.engine`` section: what an engine records about the code it
compiled, so that an engine loading the artifact can tell whether it may run it.

Layout (see ``docs/artifacts.md``): one version byte (:data:`VERSION`), one byte
giving the length of the version string, the version string (UTF-8, at most
255 bytes; set by ``Config.module_version``), then the metadata as UTF-8 JSON:
``{"target": triple, "shared_flags": {...}, "isa_flags": {...}, "tunables":
{...}, "features": {...}}``. Names follow Wasmtime's (its tunables and its
``WasmFeatures`` fields), plus wasmlite's own.
"""

from __future__ import annotations

import json
import os
import sys

from typing import Any

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...api.engine import Engine

__all__ = ["VERSION", "SECTION", "TUNABLES", "FEATURES", "host_triple", "metadata",
           "version_string", "encode", "compatibility_key"]

VERSION = 0
"""The first byte of the section: the version of this layout."""

SECTION = ".wasmlite.engine"

_64_BIT = sys.maxsize > 2 ** 32

TUNABLES: tuple[tuple[str, str, str | None], ...] = (
    ("collector", "collector", None),
    ("memory_reservation", "int", "memory reservation"),
    ("memory_guard_size", "int", "memory guard size"),
    ("generate_native_debuginfo", "bool", "debug information support"),
    ("parse_wasm_debuginfo", "bool", "WebAssembly backtrace support"),
    ("consume_fuel", "bool", "fuel support"),
    ("epoch_interruption", "bool", "epoch interruption"),
    ("memory_may_move", "bool", "memory may move"),
    ("guard_before_linear_memory", "bool", "guard before linear memory"),
    ("table_lazy_init", "bool", "table lazy init"),
    ("relaxed_simd_deterministic", "bool", "relaxed simd deterministic semantics"),
    ("winch_callable", "bool", "Winch calling convention"),
    ("signals_based_traps", "bool", "Signals-based traps"),
    ("memory_init_cow", "bool", "memory initialization with CoW"),
    ("memory_reservation_for_growth", "int", None),
)
"""Each tunable: its name, its kind and the words of the message when an
artifact's value differs from the host's (``None``: recorded, not checked), in
the order they are checked."""

FEATURES: tuple[tuple[str, str], ...] = (
    ("reference_types", "WebAssembly reference types support"),
    ("function_references", "WebAssembly function-references support"),
    ("gc", "WebAssembly garbage collection support"),
    ("multi_value", "WebAssembly multi-value support"),
    ("bulk_memory", "WebAssembly bulk memory support"),
    ("component_model", "WebAssembly component model support"),
    ("simd", "WebAssembly SIMD support"),
    ("tail_call", "WebAssembly tail calls support"),
    ("threads", "WebAssembly threads support"),
    ("shared_everything_threads", "WebAssembly shared-everything-threads support"),
    ("multi_memory", "WebAssembly multi-memory support"),
    ("exceptions", "WebAssembly exceptions support"),
    ("legacy_exceptions", "WebAssembly legacy exceptions support"),
    ("memory64", "WebAssembly 64-bit memory support"),
    ("extended_const", "WebAssembly extended-const support"),
    ("relaxed_simd", "WebAssembly relaxed-simd support"),
    ("custom_page_sizes", "WebAssembly custom-page-sizes support"),
    ("component_model_async", "WebAssembly component model support for async lifts/lowers, "
                              "futures, streams, and errors"),
    ("component_model_async_builtins", "WebAssembly component model support for async "
                                       "builtins"),
    ("component_model_async_stackful", "WebAssembly component model support for async "
                                       "stackful"),
    ("component_model_error_context", "WebAssembly component model support for "
                                      "error-context"),
    ("gc_types", "support for WebAssembly gc types"),
    ("wide_arithmetic", "WebAssembly wide-arithmetic support"),
    ("stack_switching", "WebAssembly stack switching support"),
    ("component_model_map", "WebAssembly component model support for maps"),
    ("component_model_implements", "WebAssembly component model support for implements"),
    ("component_model_fixed_length_lists", "WebAssembly component model support for "
                                           "fixed-length lists"),
    ("component_model_memory64", "WebAssembly component model support for 64-bit memories"),
    ("component_model_gc", "WebAssembly component model support for the gc option"),
)
"""Each feature: its name (Wasmtime's ``WasmFeatures`` field, or wasmlite's own
after Wasmtime's) and the words of the message when an artifact's value
differs from the host's, in the order they are checked."""

_ALWAYS_OFF = frozenset({"shared_everything_threads", "component_model_async_builtins",
                         "component_model_async_stackful"})
"""Features wasmlite has no switch for: never enabled."""

_ARCHITECTURE_ALIASES = {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64",
                         "i386": "i686", "i486": "i686", "i586": "i686", "x86": "i686",
                         "ppc64le": "powerpc64le", "ppc64": "powerpc64"}


def host_triple() -> str:
    """The target triple of the machine this process runs on (``x86_64-unknown-linux-gnu``)."""
    if hasattr(os, "uname"):
        machine = os.uname().machine.lower()
    else:
        machine = (os.environ.get("PROCESSOR_ARCHITECTURE") or "unknown").lower()
    machine = _ARCHITECTURE_ALIASES.get(machine, machine)
    platform = sys.platform
    if platform.startswith("linux"):
        return f"{machine}-unknown-linux-gnu"
    if platform == "darwin":
        return f"{machine}-apple-darwin"
    if platform in ("win32", "cygwin"):
        return f"{machine}-pc-windows-msvc"
    for system in ("freebsd", "netbsd", "openbsd", "dragonfly"):
        if platform.startswith(system):
            return f"{machine}-unknown-{system}"
    return f"{machine}-unknown-unknown"


def architecture_and_system(triple: str) -> tuple[str, str]:
    """The architecture and operating system a target triple names (``unknown``
    when it names none); a triple that is not recognised raises WasmtimeError."""
    from ...api.target import _SYSTEMS, _is_vendor, check_triple
    check_triple(triple)
    parts = triple.split("-")
    architecture = _ARCHITECTURE_ALIASES.get(parts[0], parts[0])
    rest = parts[1:]
    if rest and _is_vendor(rest[0]):
        rest = rest[1:]
    system = rest[0] if rest and _SYSTEMS.fullmatch(rest[0]) else "unknown"
    return architecture, system


def tier(engine: Engine) -> str:
    """The tier an engine compiles for: ``native`` or ``portable``."""
    return "native" if engine.config["strategy"] == "native" else "portable"


def _bytecode_magic() -> str:
    loader: Any = sys.modules.get("_frozen_importlib_external")
    if loader is None:
        import importlib.util as loader
    return bytes(loader.MAGIC_NUMBER).hex()


def shared_flags(engine: Engine) -> dict[str, Any]:
    """The settings compiled code depends on that are not particular to a
    processor: the tier, the Python implementation and its bytecode version
    (code objects are tied to them), and the optimization level."""
    config = engine.config
    return {
        "tier": tier(engine),
        "python_implementation": sys.implementation.name,
        "python_cache_tag": sys.implementation.cache_tag or "",
        "python_bytecode_magic": _bytecode_magic(),
        "opt_level": config["cranelift_opt_level"],
        "enable_nan_canonicalization": bool(config["cranelift_nan_canonicalization"]),
        "enable_verifier": bool(config["cranelift_debug_verifier"]),
    }


DONT_CARE_SHARED_FLAGS = frozenset({"opt_level", "enable_nan_canonicalization",
                                    "enable_verifier"})
"""Shared flags whose value does not change what the code does: any value is accepted."""


def isa_flags(engine: Engine) -> dict[str, Any]:
    """Processor-specific settings: none for the portable tier, whose code runs
    on any processor; the native tier's belong here when it records them."""
    return {}


def tunables(engine: Engine) -> dict[str, Any]:
    """The engine's tunables, by Wasmtime's names. The memory sizes keep
    Wasmtime's defaults when ``Config`` leaves them unset: wasmlite checks
    bounds explicitly and does not depend on them, but records them so that
    artifacts behave as Wasmtime's do."""
    config = engine.config

    def size(name: str, default_64: int, default_32: int) -> int:
        value = config[name]
        if value is None:
            return default_64 if _64_BIT else default_32
        return int(value)

    return {
        "collector": "python" if config["gc_support"] else None,
        "memory_reservation": size("memory_reservation", 1 << 32, 10 << 20),
        "memory_guard_size": size("memory_guard_size", 32 << 20, 64 << 10),
        "generate_native_debuginfo": bool(config["debug_info"]),
        "parse_wasm_debuginfo": True,
        "consume_fuel": bool(config["consume_fuel"]),
        "epoch_interruption": bool(config["epoch_interruption"]),
        "memory_may_move": bool(config["memory_may_move"]),
        "guard_before_linear_memory": True,
        "table_lazy_init": True,
        "relaxed_simd_deterministic": bool(config["wasm_relaxed_simd_deterministic"]),
        "winch_callable": False,
        "signals_based_traps": bool(config["signals_based_traps"]),
        "memory_init_cow": bool(config["memory_init_cow"]),
        "memory_reservation_for_growth": size("memory_reservation_for_growth", 2 << 30, 1 << 20),
    }


def features(engine: Engine) -> dict[str, bool]:
    """Which WebAssembly features the engine enables, for every name of :data:`FEATURES`."""
    enabled = engine.features
    found = {}
    for name, _ in FEATURES:
        if name == "gc_types":
            found[name] = bool(engine.config["gc_support"])
        elif name in _ALWAYS_OFF:
            found[name] = False
        else:
            found[name] = name in enabled
    return found


def metadata(engine: Engine) -> dict[str, Any]:
    """Everything the engine section records about ``engine`` besides the version."""
    return {
        "target": engine.config["target"] or host_triple(),
        "shared_flags": shared_flags(engine),
        "isa_flags": isa_flags(engine),
        "tunables": tunables(engine),
        "features": features(engine),
    }


def version_string(engine: Engine) -> str:
    """The version string ``Config.module_version`` puts in artifacts."""
    return engine.config["module_version"].as_str()


def encode(version: str, found: dict[str, Any]) -> bytes:
    """The section holding ``version`` and the metadata ``found``."""
    raw = version.encode()
    if len(raw) > 255:
        raise ValueError("the version string must be at most 255 bytes")
    body = json.dumps(found, separators=(",", ":"), ensure_ascii=False).encode()
    return bytes((VERSION, len(raw))) + raw + body


def compatibility_key(engine: Engine) -> bytes:
    """Bytes that are equal for two engines exactly when each can load the
    other's artifacts and would write the same ones: the module-version
    strategy and everything the engine section records."""
    strategy = engine.config["module_version"]
    return json.dumps([strategy.kind, strategy.as_str(), metadata(engine)],
                      separators=(",", ":")).encode()
