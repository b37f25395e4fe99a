"""Every binary ``assert_malformed`` of the spec testsuite is rejected by the
decoder with the message the testsuite expects."""

from __future__ import annotations

import pytest

from wasmlite.binary import decode_module
from wasmlite.errors import MalformedError

from .conftest import SUMMARY
from .wast_scripts import ScriptConverter

KNOWN_CONFLICTS: dict[tuple[str, int], str] = {
    ("binary.wast", 661): "memory limits flag 0x08 is the custom-page-sizes flag",
    ("proposals/custom-descriptors/binary.wast", 640):
        "memory limits flag 0x08 is the custom-page-sizes flag",
}
"""Core tests contradicted by a proposal wasmlite implements. The module is
still malformed (it is truncated), only the first error found differs."""


def _outcome(data: bytes) -> str | None:
    """The decoder's error message, or ``None`` when ``data`` decodes."""
    try:
        decode_module(data)
    except MalformedError as e:
        return e.message
    return None


def test_binary_assert_malformed_is_rejected_with_expected_message(
        malformed_wast: str, spec_scripts: ScriptConverter) -> None:
    script = spec_scripts.script(malformed_wast)
    cases = script.of_type("assert_malformed")
    assert cases, "the script has binary assert_malformed commands"
    mismatches = []
    for case in cases:
        message = _outcome(case.path.read_bytes())
        if (malformed_wast, case.line) in KNOWN_CONFLICTS:
            assert message is not None, f"line {case.line}: decoded without error"
            SUMMARY["malformed: known conflicts (rejected, other message)"] += 1
        elif message is None or case.text not in message:
            mismatches.append(f"line {case.line}: expected {case.text!r}, got {message!r}")
        else:
            SUMMARY["malformed: rejected with the expected message"] += 1
    assert not mismatches, (f"{len(mismatches)} of {len(cases)} mismatches:\n"
                            + "\n".join(mismatches))


@pytest.mark.parametrize("name,line", sorted(KNOWN_CONFLICTS))
def test_known_conflict_is_still_a_binary_malformed_test(name: str, line: int,
                                                         spec_scripts: ScriptConverter) -> None:
    if not (spec_scripts.root / name).is_file():
        pytest.skip(f"{name} not in this testsuite")
    lines = [case.line for case in spec_scripts.script(name).of_type("assert_malformed")]
    assert line in lines
