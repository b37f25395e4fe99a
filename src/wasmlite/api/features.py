"""Refusing modules that use WebAssembly proposals the engine's Config switched off."""

from __future__ import annotations

from operator import itemgetter

from .. import ir
from ..errors import InvalidError

# Instruction-table feature -> Config proposal name (``Config.features()``).
_INSTRUCTION_FEATURES = {
    "simd": "simd", "relaxed_simd": "relaxed_simd", "threads": "threads", "gc": "gc",
    "exceptions": "exceptions", "legacy_exceptions": "legacy_exceptions",
    "wide_arithmetic": "wide_arithmetic",
}
_TAIL_CALLS = frozenset({"return_call", "return_call_indirect", "return_call_ref"})
_SCANNED = frozenset(_INSTRUCTION_FEATURES.values()) | {"tail_call"}


def _refuse(feature: str, what: str) -> None:
    raise InvalidError(f"{what} requires the {feature} proposal, which is not enabled")


def check_features(module: ir.Module, features: frozenset[str]) -> None:
    """Raise InvalidError if ``module`` uses a proposal missing from ``features``."""
    mem_limits = [m.limits for m in module.mem_types()]
    if "memory64" not in features and any(l.is64 for l in mem_limits):
        _refuse("memory64", "a 64-bit memory")
    if "multi_memory" not in features and len(mem_limits) > 1:
        _refuse("multi-memory", "more than one memory")
    if "threads" not in features and any(l.shared for l in mem_limits):
        _refuse("threads", "a shared memory")
    if "exceptions" not in features and module.tag_types():
        _refuse("exceptions", "a tag")
    disabled = _SCANNED - features
    if not disabled:
        return
    first = itemgetter(0)
    ops: set = set()
    for func in module.funcs:
        ops.update(map(first, func.body))
    for op in sorted(ops, key=_table_order):
        feature = _INSTRUCTION_FEATURES.get(op.feature)
        if feature in disabled:
            if feature == "legacy_exceptions":
                # wasmtime's wording, which names the Config switch's feature
                raise InvalidError(f"legacy_exceptions feature required for {op.name} "
                                   "instruction")
            _refuse(feature.replace("_", "-"), f"instruction {op.name}")
        if op.name in _TAIL_CALLS and "tail_call" in disabled:
            _refuse("tail-call", f"instruction {op.name}")


def _table_order(op) -> tuple[int, int]:
    """A fixed order of instruction-table rows, so the same module is always
    refused for the same instruction."""
    return (op.prefix or 0, op.code)
