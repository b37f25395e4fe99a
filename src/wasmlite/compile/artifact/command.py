"""``wasmlite compile`` and ``wasmlite settings``: writing precompiled artifacts
from the command line, and showing what an engine records in them.

    wasmlite compile [--tier portable|native] [--target TRIPLE] [-W FEATURE[=y|n]]
                     [--consume-fuel] [--epoch-interruption] [-o OUT] FILE
    wasmlite settings [--tier ...] [--target TRIPLE] [-W ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Sequence

__all__ = ["compile_main", "settings_main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        from ...cli import UsageError
        raise UsageError(message)


def _engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tier", choices=("portable", "native"),
                        help="compile for the portable tier (Python code, the default) or "
                             "the native tier (machine code through LLVM)")
    parser.add_argument("--target", metavar="TRIPLE",
                        help="the target triple to record (default: this host's)")
    parser.add_argument("-W", dest="wasm", action="append", default=[],
                        metavar="FEATURE[=y|n]",
                        help="switch a WebAssembly proposal on or off, as the Config "
                             "attribute wasm_FEATURE; repeatable")
    parser.add_argument("--consume-fuel", action="store_true",
                        help="compile code that consumes fuel (for `run --fuel`)")
    parser.add_argument("--epoch-interruption", action="store_true",
                        help="compile code that checks the epoch deadline")


def _engine(options: argparse.Namespace) -> Any:
    from ... import Config, Engine
    from ...cli import _announce_native_compiles, _switch_proposal
    config = Config()
    if options.tier is not None:
        config.strategy = options.tier
    _announce_native_compiles(options.tier)
    if options.target is not None:
        config.target = options.target
    if options.consume_fuel:
        config.consume_fuel = True
    if options.epoch_interruption:
        config.epoch_interruption = True
    for switch in options.wasm:
        _switch_proposal(config, switch)
    return Engine(config)


def compile_main(argv: Sequence[str]) -> int:
    """``wasmlite compile``: write the artifact of a module or component file."""
    from ...cli import CommandError, _one_line
    parser = _Parser(prog="wasmlite compile",
                     description="Compile a WebAssembly module or component (binary or "
                                 "text) to a precompiled artifact, which `wasmlite run "
                                 "--allow-precompiled` and Module.deserialize load.")
    _engine_options(parser)
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="where to write the artifact (default: FILE with the "
                             "extension .cwasm)")
    parser.add_argument("module", metavar="FILE", help="the module or component to compile")
    options = parser.parse_args(list(argv))
    engine = _engine(options)
    try:
        with open(options.module, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise CommandError(f"failed to read `{options.module}`: {exc.strerror}") from None
    from ...component.binary.decoder import is_component
    try:
        if is_component(data[:8]) or data.lstrip().startswith(b"(component"):
            artifact = engine.precompile_component(data)
        else:
            artifact = engine.precompile_module(data)
    except Exception as exc:
        raise CommandError(f"failed to compile `{options.module}`: {_one_line(exc)}") from None
    output = options.output or os.path.splitext(options.module)[0] + ".cwasm"
    try:
        with open(output, "wb") as handle:
            handle.write(artifact)
    except OSError as exc:
        raise CommandError(f"failed to write `{output}`: {exc.strerror}") from None
    return 0


def settings_main(argv: Sequence[str]) -> int:
    """``wasmlite settings``: print the target, flags, tunables and features an
    engine with these options records in its artifacts."""
    from .engine_section import metadata, version_string
    parser = _Parser(prog="wasmlite settings",
                     description="Print what an engine with these options records in "
                                 "precompiled artifacts: target, flags, tunables, features.")
    _engine_options(parser)
    parser.add_argument("--json", action="store_true", help="print the metadata as JSON")
    options = parser.parse_args(list(argv))
    engine = _engine(options)
    found = metadata(engine)
    if options.json:
        print(json.dumps({"version": version_string(engine), **found}, indent=2))
        return 0
    out = [f"Target: {found['target']}", f"Version: {version_string(engine)}",
           f"Compatibility hash: {engine.precompile_compatibility_hash():016x}"]
    for key, title in (("shared_flags", "Shared flags"), ("isa_flags", "ISA flags"),
                       ("tunables", "Tunables"), ("features", "Features")):
        out.append("")
        out.append(f"{title}:")
        values = found[key]
        if not values:
            out.append("  (none)")
        for name, value in values.items():
            out.append(f"  {name} = {json.dumps(value)}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0
