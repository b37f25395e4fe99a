"""Every module of the spec testsuite gets the verdict the testsuite expects.

``test_core_script`` covers the in-scope scripts; ``test_proposal_script``
covers SIMD, GC, exceptions, ``legacy/``, ``proposals/`` and ``custom/``,
so that both counts can be reported.
"""

import warnings

import pytest

from testsuite_scripts import SpecFile, missing_testsuite, spec_files, unimplemented_proposal

from .spec_scripts import check_script

SPEC_FILES = spec_files()
IN_SCOPE = [f for f in SPEC_FILES if f.in_scope]
OTHER = [f for f in SPEC_FILES if not f.in_scope]

_ABSENT = pytest.mark.skipif(not SPEC_FILES, reason=missing_testsuite())


def _run(script: SpecFile) -> None:
    proposal = unimplemented_proposal(script.name)
    if proposal:
        pytest.skip(f"{script.name}.wast: not implemented: {proposal}")
    outcome = check_script(script)
    if outcome.unreadable:
        warnings.warn(f"{script.name}.wast: {len(outcome.unreadable)} modules could not be read"
                      f" (first: {outcome.unreadable[0]})")
    if outcome.failures:
        pytest.fail(f"{script.name}.wast: {len(outcome.failures)} of {outcome.checked} modules"
                    " got the wrong verdict:\n  " + "\n  ".join(outcome.failures[:40]))
    if not outcome.checked:
        reason = outcome.unsupported[0] if outcome.unsupported else "no modules"
        pytest.skip(f"{script.name}.wast: nothing to validate ({reason})")


def _ids(scripts: list[SpecFile]) -> list[str]:
    return [f.name for f in scripts] or ["-"]


@_ABSENT
@pytest.mark.parametrize("script", IN_SCOPE or [None], ids=_ids(IN_SCOPE))
def test_core_script(script):
    _run(script)


@_ABSENT
@pytest.mark.parametrize("script", OTHER or [None], ids=_ids(OTHER))
def test_proposal_script(script):
    _run(script)
