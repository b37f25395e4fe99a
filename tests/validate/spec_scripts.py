"""The spec testsuite's scripts as validation cases.

Scripts are read by wasmlite's own WAST parser (see ``tests/testsuite_scripts.py``).
Every module that a script defines must validate; every ``assert_invalid``
module must be rejected with the expected message, unless the Wasm 3.0 core
scripts overturned that expectation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from testsuite_scripts import SpecFile, module_cases, superseded, uses_custom_page_sizes
from wasmlite.binary.decoder import decode_module
from wasmlite.errors import InvalidError, NotSupportedError, WasmtimeError
from wasmlite.validate import validate_module

VALID_COMMANDS = ("module", "module_definition", "assert_unlinkable", "assert_uninstantiable")
"""Commands whose module is valid (instantiation may still fail)."""


@dataclass
class Outcome:
    """What validating one script's modules gave."""

    checked: int = 0
    unsupported: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def check_script(script: SpecFile) -> Outcome:
    """Validate every module of ``script`` against its expected verdict."""
    outcome = Outcome()
    custom_page_sizes = uses_custom_page_sizes(script.name)
    for case in module_cases(script.path):
        kind = case.command
        if kind not in VALID_COMMANDS and kind != "assert_invalid":
            continue
        if superseded(script.name, kind, case.text):
            continue
        where = f"line {case.line}"
        try:
            if case.wasm is None:
                raise case.error
            module = decode_module(case.wasm, custom_page_sizes=custom_page_sizes)
        except NotSupportedError as e:
            outcome.unsupported.append(f"{where}: {e}")
            continue
        except WasmtimeError as e:
            outcome.unreadable.append(f"{where}: {e}")
            continue
        outcome.checked += 1
        try:
            validate_module(module)
            error = None
        except InvalidError as e:
            error = str(e)
        if kind == "assert_invalid":
            if error is None:
                outcome.failures.append(f"{where}: accepted, expected {case.text!r}")
            elif case.text not in error:
                outcome.failures.append(f"{where}: got {error!r}, expected {case.text!r}")
        elif error is not None:
            outcome.failures.append(f"{where}: valid module rejected: {error}")
    return outcome
