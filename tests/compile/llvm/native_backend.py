"""The spec driver's wasmlite backend with every engine on the native tier.

Modules the native tier does not compile fall back to the portable tier;
:data:`TIERS` records which tier each compiled module got, so that a
script's results can be counted apart when part of it ran portable.
"""

from __future__ import annotations

import dataclasses
import types

import wasmlite
from wasmlite.compile import llvm as native

from tests.spec.backend import Backend, load_backend

__all__ = ["native_backend", "TIERS", "run_script"]

TIERS: list[str] = []
"""``"native"`` or ``"portable"`` per module compiled since the list was last cleared."""

REASONS: list[str] = []
"""Why each module that fell back to the portable tier did."""


def _recording(compile_module):
    def compile_and_record(module, **options):
        compiled = compile_module(module, **options)
        from wasmlite.compile.llvm.coverage import unsupported
        from wasmlite.compile.llvm.module import NativeModule
        TIERS.append("native" if isinstance(compiled, NativeModule) else "portable")
        if not isinstance(compiled, NativeModule):
            REASONS.append(str(unsupported(module, fuel=options.get("fuel", False),
                                           epoch=options.get("epoch", False))))
        return compiled
    return compile_and_record


def native_backend() -> Backend:
    """The wasmlite backend whose Configs start with ``strategy = "native"``."""
    base = load_backend("wasmlite")
    api = types.ModuleType("wasmlite_native")
    api.__dict__.update({k: v for k, v in vars(wasmlite).items() if not k.startswith("__")})

    class Config(wasmlite.Config):
        def __init__(self) -> None:
            super().__init__()
            self.strategy = "native"

    api.Config = Config
    if not getattr(native.compile_module, "recording", False):
        recorded = _recording(native.compile_module)
        recorded.recording = True       # type: ignore[attr-defined]
        native.compile_module = recorded
    return dataclasses.replace(base, name="wasmlite-native", api=api)


def run_script(path: str) -> dict:
    """Run one spec script on the native tier: its counts and the tiers its modules got."""
    from testsuite_scripts import spec_files
    from tests.spec.runner import run_file
    spec = next(f for f in spec_files() if str(f.path) == path or f.name == path)
    TIERS.clear()
    REASONS.clear()
    report = run_file(spec, native_backend())
    return {"name": spec.name, "passed": report.passed, "failed": report.failed,
            "skipped": report.skipped, "native": TIERS.count("native"),
            "portable": TIERS.count("portable"), "in_scope": spec.in_scope,
            "reasons": sorted(set(REASONS)),
            "failures": report.failure_lines(10)}


if __name__ == "__main__":
    import json
    import sys
    print(json.dumps(run_script(sys.argv[1])))
