"""The component-model reference scripts, run through decoding and validation.

Every component a script defines (``module``, ``module_definition`` and the
components of other commands) must validate; every ``assert_invalid``
component must be refused with a message that contains the script's text.
``python -m tests.component.validate.reference [script ...]`` prints the
counts per script and each failure.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from wasmlite.component.binary import decode_component, is_component
from wasmlite.component.validate import validate_component
from wasmlite.errors import InvalidError, MalformedError

from ..component_scripts import ScriptBinary, ScriptUnreadable, script_binaries, wast_scripts

SYNC_FOLDERS = ("binary", "linking", "resources", "validation", "values")
"""The folders of scripts of the synchronous component model."""

VALID_COMMANDS = ("module", "module_definition", "assert_trap", "assert_return",
                  "assert_uninstantiable", "assert_unlinkable", "assert_exhaustion")


@dataclass
class Outcome:
    """How one binary of a script fared."""

    binary: ScriptBinary
    expected: str       # "valid" or "invalid"
    passed: bool
    detail: str         # the error, when there was one

    def __str__(self) -> str:
        want = "valid" if self.expected == "valid" else f"invalid ({self.binary.text!r})"
        return f"{self.binary}: expected {want}, got {self.detail or 'valid'}"


def check(binary: ScriptBinary) -> Outcome | None:
    """Decode and validate one binary; ``None`` for what is not a component
    or not a validation case."""
    if not is_component(binary.data):
        return None
    if binary.command == "assert_invalid":
        expected = "invalid"
    elif binary.command in VALID_COMMANDS:
        expected = "valid"
    else:
        return None
    try:
        validate_component(decode_component(binary.data, lazy_modules=False))
    except (InvalidError, MalformedError) as e:
        message = str(e)
        passed = (expected == "invalid" and isinstance(e, InvalidError)
                  and binary.text in message)
        return Outcome(binary, expected, passed, f"{type(e).__name__}: {message}")
    return Outcome(binary, expected, expected == "valid", "")


def run_script(script: str) -> list[Outcome]:
    """The outcome of every component of ``script``."""
    with tempfile.TemporaryDirectory() as tmp:
        binaries = script_binaries(script, Path(tmp))
    return [o for o in map(check, binaries) if o is not None]


def sync_scripts() -> list[str]:
    return [s for s in wast_scripts() if s.split("/")[0] in SYNC_FOLDERS]


def async_scripts() -> list[str]:
    return [s for s in wast_scripts() if s.split("/")[0] == "async"]


def main(argv: list[str]) -> int:
    scripts = argv or sync_scripts() + async_scripts()
    total = [0, 0]
    for script in scripts:
        try:
            outcomes = run_script(script)
        except ScriptUnreadable as e:
            print(f"{script}: skipped, {e}")
            continue
        passed = sum(o.passed for o in outcomes)
        valid = [o for o in outcomes if o.expected == "valid"]
        invalid = [o for o in outcomes if o.expected == "invalid"]
        print(f"{script}: {passed}/{len(outcomes)} "
              f"(valid {sum(o.passed for o in valid)}/{len(valid)}, "
              f"invalid {sum(o.passed for o in invalid)}/{len(invalid)})")
        for o in outcomes:
            if not o.passed:
                print(f"    {o}")
        total[0] += passed
        total[1] += len(outcomes)
    print(f"total: {total[0]}/{total[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
