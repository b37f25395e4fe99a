"""The spec driver's wasmlite backend with every engine on the native tier.

Modules the native tier does not compile fall back to the portable tier;
:data:`TIERS` records which tier each compiled module got, so that a
script's results can be counted apart when part of it ran portable.

    python -m tests.compile.llvm.native_backend SCRIPT     # one script's counts, as JSON

Each command of the script is counted on the tier of the code it ran (see
:class:`TierCountingRun`): ``native``, ``portable`` (a module that fell back),
or ``none`` (commands that run no compiled code: malformed and invalid
modules, registrations, modules that fail to decode).
"""

from __future__ import annotations

import collections
import dataclasses
import types
from typing import Any, Iterable

import wasmlite
from wasmlite import ir
from wasmlite.compile import llvm as native

from tests.spec import script as s
from tests.spec.backend import Backend, load_backend
from tests.spec.runner import FileReport, ScriptRun

__all__ = ["native_backend", "TIERS", "REASONS", "PROPOSALS", "run_script", "fallback_proposal",
           "TierCountingRun", "TIER_NAMES"]

TIERS: list[str] = []
"""``"native"`` or ``"portable"`` per module compiled since the list was last cleared
(a module whose compilation raised counts on the tier it was compiled for)."""

REASONS: list[str] = []
"""Why each module that fell back to the portable tier did."""

PROPOSALS: list[str] = []
"""The proposal (or feature) behind each reason in :data:`REASONS`."""

TIER_NAMES = ("native", "portable", "none")
"""The tiers a command is counted on; ``none``: it ran no compiled code."""


# ------------------------------------------------------------ fall-back reasons

_SIMD_SHAPES = ("i8x16.", "i16x8.", "i32x4.", "i64x2.", "f32x4.", "f64x2.", "v128.")
_GC_INSTRUCTIONS = ("struct.", "array.", "i31.", "ref.i31", "ref.cast", "ref.test", "br_on_cast",
                    "ref.eq", "any.convert_extern", "extern.convert_any")
_EXCEPTION_INSTRUCTIONS = ("throw", "throw_ref", "try_table", "try", "catch", "catch_all",
                           "rethrow", "delegate")
_FUNCTION_REFERENCE_INSTRUCTIONS = ("call_ref", "br_on_null", "br_on_non_null", "ref.as_non_null")
_GC_HEAPS = ("any", "eq", "i31", "struct", "array", "none")


def _instruction_proposal(name: str) -> str:
    if "relaxed" in name:
        return "relaxed SIMD"
    if name.startswith(_SIMD_SHAPES):
        return "SIMD"
    if "atomic" in name:
        return "threads (atomics)"
    if name.startswith(_GC_INSTRUCTIONS):
        return "GC"
    if name in _EXCEPTION_INSTRUCTIONS:
        return "exception handling"
    if name.startswith("return_call"):
        return "tail calls"
    if name in _FUNCTION_REFERENCE_INSTRUCTIONS:
        return "function references"
    if name.startswith(("table.", "elem.")):
        return "table instructions (reference types, bulk memory)"
    if name.startswith("ref."):
        return "reference types"
    if name.endswith(("add128", "sub128", "mul_wide_s", "mul_wide_u")):
        return "wide arithmetic"
    return f"instruction {name}"


def _type_proposal(module: ir.Module, t: Any) -> str | None:
    """The proposal that brings value type ``t`` (``None``: a number type)."""
    if t == "v128":
        return "SIMD"
    if not isinstance(t, ir.RefType):
        return None
    heap = t.heap
    if heap in ("exn", "noexn"):
        return "exception handling"
    if heap in _GC_HEAPS:
        return "GC"
    if isinstance(heap, int):
        comptype = module.types[heap].comptype if heap < len(module.types) else None
        return "function references" if isinstance(comptype, ir.FuncType) else "GC"
    if not t.nullable:
        return "function references"
    return "reference types"


def _first_offending_type(module: ir.Module, reason: str) -> Any:
    """The value type that ``reason`` (a reason of :func:`coverage.unsupported`
    about types) is about: the first one found where the native tier looks."""
    from wasmlite.compile.llvm.coverage import value_ok

    def functype(typeidx: int) -> list[Any]:
        comptype = module.types[typeidx].comptype
        return [*comptype.params, *comptype.results] if isinstance(comptype, ir.FuncType) else []

    def first(types_: Iterable[Any]) -> Any:
        return next((t for t in types_ if not value_ok(module, t)), None)

    if reason.startswith("functions "):
        return first(t for i in module.func_typeidx() for t in functype(i))
    if reason.startswith("locals "):
        return first(t for func in module.funcs for t in func.locals)
    if reason.startswith("globals "):
        return first(gt.valtype for gt in module.global_types())
    if reason.startswith("tables "):
        return first(table.element for table in module.table_types())
    found: list[Any] = []
    for func in module.funcs:
        for instr in func.body:
            name = instr[0].name
            if reason.startswith("block types ") and name in ("block", "loop", "if"):
                bt = instr[1]
                found += functype(bt) if isinstance(bt, int) else [] if bt is None else [bt]
            elif reason.startswith("call_indirect ") and name in ("call_indirect",
                                                                  "return_call_indirect"):
                found += functype(instr[1])
            elif reason.startswith("call_ref ") and name in ("call_ref", "return_call_ref"):
                found += functype(instr[1])
            elif reason.startswith("typed select ") and name == "select t":
                found += list(instr[1])
    return first(found)


def fallback_proposal(module: ir.Module, reason: str) -> str:
    """The proposal (or feature) whose use is ``reason`` for ``module`` to run portable."""
    if reason.startswith("instruction "):
        return _instruction_proposal(reason.removeprefix("instruction "))
    if reason in ("memory64", "table64"):
        return "memory64"
    if reason.startswith("threads"):
        return "threads (shared memory)"
    if reason.startswith("exception handling"):
        return "exception handling"
    if "CPython" in reason:
        return reason
    return _type_proposal(module, _first_offending_type(module, reason)) or reason


# ------------------------------------------------------------------ recording


def _record_fallback(module: ir.Module, options: dict) -> str | None:
    from wasmlite.compile.llvm.coverage import unsupported
    reason = unsupported(module, fuel=options.get("fuel", False), epoch=options.get("epoch", False))
    TIERS.append("native" if reason is None else "portable")
    if reason is not None:
        REASONS.append(reason)
        PROPOSALS.append(fallback_proposal(module, reason))
    return reason


def _recording(compile_module):
    def compile_and_record(module, **options):
        from wasmlite.compile.llvm.module import NativeModule
        if options.get("tiered"):      # an engine of another test, under "auto": not recorded
            return compile_module(module, **options)
        try:
            compiled = compile_module(module, **options)
        except BaseException:
            try:
                _record_fallback(module, options)
            except Exception:
                TIERS.append("native")
            raise
        if isinstance(compiled, NativeModule):
            TIERS.append("native")
        elif _record_fallback(module, options) is None:   # not expected: no reason to fall back
            TIERS[-1] = "portable"
            REASONS.append("compiled portable without a reason")
            PROPOSALS.append("compiled portable without a reason")
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


def _tier_of_compiled(compiled: Any) -> str:
    from wasmlite.compile.llvm.module import NativeModule
    if compiled is None:
        return "none"
    return "native" if isinstance(compiled, NativeModule) else "portable"


class TierCountingRun(ScriptRun):
    """A script run that counts each command's outcome on the tier of the code it ran.

    A command that compiled modules counts on their tier (portable if any of
    them fell back); an action counts on the tier of the instance it invokes
    (a call into another instance's functions counts on the caller's tier);
    any other command counts as ``none``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_tier = {tier: {"passed": 0, "failed": 0, "skipped": 0} for tier in TIER_NAMES}
        self.failure_tiers: list[str] = []

    def _record(self, command: s.Command, deadline: float, report: FileReport) -> None:
        compiled_before = len(TIERS)
        passed, failed = report.passed, report.failed
        super()._record(command, deadline, report)
        tier = self._tier(command, TIERS[compiled_before:])
        outcome = ("passed" if report.passed > passed
                   else "failed" if report.failed > failed else "skipped")
        self.by_tier[tier][outcome] += 1
        if outcome == "failed":
            self.failure_tiers.append(tier)

    def _tier(self, command: s.Command, compiled: list[str]) -> str:
        if compiled:
            return "portable" if "portable" in compiled else "native"
        action = getattr(command, "action", None)
        if action is not None:
            instance = self.current if action.module is None else self.instances.get(action.module)
            return self._instance_tier(instance)
        if isinstance(command, s.ModuleInstance):     # its definition compiled earlier
            tier = self._instance_tier(self.current)
            if tier == "none":
                tier = self._instance_tier(self.definitions.get(command.module))
            return tier
        return "none"

    @staticmethod
    def _instance_tier(instance: Any) -> str:
        inner = getattr(instance, "_inst", None)
        if inner is not None:
            return _tier_of_compiled(getattr(inner, "compiled", None))
        return _tier_of_compiled(getattr(instance, "_compiled", None))


def run_script(path: str, failures: int = 10) -> dict:
    """Run one spec script on the native tier: its counts, per tier too, and the
    tiers its modules got (with the first ``failures`` failures)."""
    from testsuite_scripts import spec_files
    from tests.spec.runner import run_file
    spec = next(f for f in spec_files() if str(f.path) == path or f.name == path)
    TIERS.clear()
    REASONS.clear()
    PROPOSALS.clear()
    runs: list[TierCountingRun] = []

    class Run(TierCountingRun):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            runs.append(self)

    report = run_file(spec, native_backend(), Run)
    by_tier = runs[0].by_tier if runs else {t: {"passed": 0, "failed": 0, "skipped": 0}
                                            for t in TIER_NAMES}
    failure_tiers = runs[0].failure_tiers if runs else []
    failure_tiers += ["none"] * (report.failed - len(failure_tiers))  # setup / reading failures
    if not runs:
        by_tier["none"]["failed"] = report.failed
    return {"name": spec.name, "passed": report.passed, "failed": report.failed,
            "skipped": report.skipped, "native": TIERS.count("native"),
            "portable": TIERS.count("portable"), "in_scope": spec.in_scope,
            "excluded": spec.excluded, "reasons": sorted(set(REASONS)),
            "fallbacks": dict(collections.Counter(PROPOSALS)),
            "fallback_reasons": [[proposal, reason, n] for (proposal, reason), n
                                 in collections.Counter(zip(PROPOSALS, REASONS)).items()],
            "by_tier": by_tier, "seconds": round(report.seconds, 2),
            "failures": report.failure_lines(failures),
            "failure_list": [{"line": o.line, "command": o.command, "reason": o.reason,
                              "tier": tier}
                             for o, tier in zip(report.failures[:failures], failure_tiers)]}


def main(argv: list[str] | None = None) -> int:
    """Run one script on the native tier and print its counts as JSON."""
    import argparse
    import json
    import sys
    from contextlib import redirect_stdout
    parser = argparse.ArgumentParser(prog="python -m tests.compile.llvm.native_backend",
                                     description=main.__doc__)
    parser.add_argument("script", help="a .wast file of the testsuite, or its name (i32)")
    parser.add_argument("--failures", type=int, default=10, metavar="N",
                        help="failures listed in the result")
    args = parser.parse_args(argv)
    with redirect_stdout(sys.stderr):   # whatever the runtime prints stays out of the JSON
        result = run_script(args.script, args.failures)
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main())
