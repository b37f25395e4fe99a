"""The runtime under test: wasmlite, or wasmtime-py as a reference for the driver.

Both are driven through the same public wasmtime-py 50 API. What differs is
how strictly failures are judged: wasmlite must raise its own error classes
(MalformedError, InvalidError, LinkError) with the spec's message texts;
wasmtime only has to fail in the right way, since its messages differ from
the spec's.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from testsuite_scripts import uses_custom_page_sizes

RUNTIMES = ("wasmlite", "wasmtime")
RUNTIME_ENV = "WASMLITE_SPEC_RUNTIME"

# The API names the driver uses.
REQUIRED_NAMES = (
    "Config", "Engine", "Store", "Module", "Linker", "Instance", "Func", "Global",
    "Memory", "Table", "Trap", "WasmtimeError", "Val", "FuncType", "ValType",
    "GlobalType", "MemoryType", "TableType", "Limits",
)

# Every proposal the testsuite exercises; set on the Config when the API has it.
FEATURES = (
    "wasm_reference_types", "wasm_simd", "wasm_bulk_memory", "wasm_multi_value",
    "wasm_multi_memory", "wasm_memory64", "wasm_tail_call", "wasm_function_references",
    "wasm_gc", "wasm_exceptions", "wasm_legacy_exceptions", "wasm_relaxed_simd", "wasm_threads", "shared_memory",
    "wasm_wide_arithmetic", "wasm_custom_page_sizes",
)


class BackendUnavailable(Exception):
    """The runtime cannot be imported or lacks part of the API the driver needs."""


@dataclass(frozen=True)
class Backend:
    """A runtime and the rules its failures are judged by.

    ``malformed``, ``invalid`` and ``unlinkable`` are the error classes that
    decoding, validation and linking must raise; ``exact_messages`` says
    whether error and trap messages must contain the spec's text;
    ``f32_signalling_nans`` whether an f32 signalling NaN keeps its bits
    through the API (wasmtime-py converts f32 values with C casts, which
    quiet them).
    """

    name: str
    api: ModuleType
    version: str
    malformed: type[BaseException]
    invalid: type[BaseException]
    unlinkable: type[BaseException]
    exact_messages: bool
    f32_signalling_nans: bool

    def new_engine(self, script_name: str = "") -> Any:
        """An Engine with every proposal the API can switch on enabled, except
        custom page sizes, which changes the binary format of memory limits
        and is on only for its own scripts; wasmlite's on the portable tier
        unless the Config chose another."""
        config = self.api.Config()
        if self.name == "wasmlite" and config.strategy == "auto":
            config.strategy = "portable"    # the tier this runner reports on; no tier-up
        features = FEATURES if uses_custom_page_sizes(script_name) else FEATURES[:-1]
        for feature in features:
            if hasattr(type(config), feature):
                try:
                    setattr(config, feature, True)
                except Exception:  # a feature this build cannot enable stays off
                    pass
        return self.api.Engine(config)


def selected_runtime(explicit: str | None = None) -> str:
    """The runtime asked for: ``explicit``, else ``$WASMLITE_SPEC_RUNTIME``, else wasmlite."""
    name = explicit or os.environ.get(RUNTIME_ENV) or "wasmlite"
    if name not in RUNTIMES:
        raise BackendUnavailable(f"unknown runtime {name!r}; expected one of {', '.join(RUNTIMES)}")
    return name


def load_backend(name: str) -> Backend:
    """The backend called ``name`` (``wasmlite`` or ``wasmtime``)."""
    try:
        api = importlib.import_module(name)
    except ImportError as e:
        raise BackendUnavailable(f"cannot import {name}: {e}") from e
    missing = [n for n in REQUIRED_NAMES if not hasattr(api, n)]
    if missing:
        raise BackendUnavailable(f"{name} lacks {', '.join(missing)}")
    version = str(getattr(api, "__version__", "") or _distribution_version(name))
    if name == "wasmtime":
        error = api.WasmtimeError
        return Backend(name, api, version, error, error, error, exact_messages=False,
                       f32_signalling_nans=False)
    try:
        errors = importlib.import_module(f"{name}.errors")
        return Backend(name, api, version, errors.MalformedError, errors.InvalidError,
                       errors.LinkError, exact_messages=True, f32_signalling_nans=True)
    except (ImportError, AttributeError) as e:
        raise BackendUnavailable(f"{name}.errors is incomplete: {e}") from e


def _distribution_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"
