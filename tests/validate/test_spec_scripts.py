"""Every module of the spec testsuite gets the verdict the testsuite expects.

``test_core_script`` covers the top-level scripts wasmlite implements first;
``test_proposal_script`` covers SIMD, GC, exceptions, ``legacy/`` and
``proposals/``, so that both counts can be reported.
"""

import warnings

import pytest

from .spec_scripts import ConversionFailed, check_script, script_names, suite_root, unimplemented_reason

IN_SCOPE, OTHER = script_names(suite_root())

_ABSENT = pytest.mark.skipif(not IN_SCOPE, reason=f"no spec testsuite at {suite_root()}"
                             " (set WASMLITE_TESTSUITE)")


def _run(converter, name: str) -> None:
    reason = unimplemented_reason(name)
    if reason:
        pytest.skip(f"{name}.wast: {reason}")
    try:
        json_path = converter.result(name)
    except ConversionFailed as e:
        pytest.skip(f"{name}.wast could not be converted: {e}")
    outcome = check_script(json_path)
    if outcome.unreadable:
        warnings.warn(f"{name}.wast: the decoder could not read {len(outcome.unreadable)} modules"
                      f" (first: {outcome.unreadable[0]})")
    if outcome.failures:
        pytest.fail(f"{name}.wast: {len(outcome.failures)} of {outcome.checked} modules"
                    " got the wrong verdict:\n  " + "\n  ".join(outcome.failures[:40]))
    if not outcome.checked:
        reason = outcome.unsupported[0] if outcome.unsupported else "no binary modules"
        pytest.skip(f"{name}.wast: nothing to validate ({reason})")


@_ABSENT
@pytest.mark.parametrize("name", IN_SCOPE or ["-"])
def test_core_script(converter, name):
    _run(converter, name)


@_ABSENT
@pytest.mark.parametrize("name", OTHER or ["-"])
def test_proposal_script(converter, name):
    _run(converter, name)
