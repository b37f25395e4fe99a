"""Every binary ``assert_malformed`` of the spec testsuite is rejected by the
decoder with the message the testsuite expects."""

from __future__ import annotations

from testsuite_scripts import SpecFile, uses_custom_page_sizes
from wasmlite.binary import decode_module
from wasmlite.errors import MalformedError

from .conftest import SUMMARY
from .wast_scripts import binary_malformed

def _outcome(data: bytes, custom_page_sizes: bool) -> str | None:
    """The decoder's error message, or ``None`` when ``data`` decodes."""
    try:
        decode_module(data, custom_page_sizes=custom_page_sizes)
    except MalformedError as e:
        return e.message
    return None


def test_binary_assert_malformed_is_rejected_with_expected_message(malformed_wast: SpecFile) -> None:
    cases = binary_malformed(malformed_wast)
    assert cases, "the script has binary assert_malformed commands"
    mismatches = []
    for case in cases:
        message = _outcome(case.wasm, uses_custom_page_sizes(malformed_wast.name))
        if message is None or case.text not in message:
            mismatches.append(f"line {case.line}: expected {case.text!r}, got {message!r}")
        else:
            SUMMARY["malformed: rejected with the expected message"] += 1
    assert not mismatches, (f"{len(mismatches)} of {len(cases)} mismatches:\n"
                            + "\n".join(mismatches))
