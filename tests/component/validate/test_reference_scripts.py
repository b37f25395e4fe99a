"""Every component of the reference scripts of the synchronous component
model validates, and every ``assert_invalid`` component is refused with the
script's message (see ``reference.py``)."""

from __future__ import annotations

import pytest

from ..component_scripts import ScriptUnreadable
from .reference import async_scripts, run_script, sync_scripts


def _outcomes(script: str) -> list:
    try:
        return run_script(script)
    except ScriptUnreadable as e:
        pytest.skip(str(e))


@pytest.mark.parametrize("script", sync_scripts() or ["(absent)"])
def test_sync_script(script: str) -> None:
    if script == "(absent)":
        pytest.skip("the component-model reference tests are absent")
    outcomes = _outcomes(script)
    failures = [str(o) for o in outcomes if not o.passed]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("script", async_scripts() or ["(absent)"])
def test_async_script(script: str) -> None:
    """The async scripts: the built-ins' and async options' types are
    checked, though async calls cannot run yet."""
    if script == "(absent)":
        pytest.skip("the component-model reference tests are absent")
    outcomes = _outcomes(script)
    failures = [str(o) for o in outcomes if not o.passed]
    assert not failures, "\n".join(failures)
