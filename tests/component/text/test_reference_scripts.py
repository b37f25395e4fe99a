"""Every component-model reference script, read by wasmlite and checked
against ``wasm-tools json-from-wast`` (see :mod:`.reference`): every command
read, at the same line, components written as text encoded like
``wasm-tools parse`` does, malformed text rejected with a parse error, and
component values read as wasm-tools reads them. Set
``WASMLITE_COMPONENT_TESTS`` to use another copy of the scripts; the tests
skip when there is none."""

from __future__ import annotations

import pytest

from ..component_scripts import COMPONENT_TESTS_ENV, DEFAULT_COMPONENT_TESTS, wasm_tools, wast_scripts
from .conftest import FIGURES
from .reference import examine

SCRIPTS = wast_scripts()
needs_scripts = pytest.mark.skipif(
    not SCRIPTS, reason=f"the component-model reference tests are absent: set {COMPONENT_TESTS_ENV} "
                        f"or put them in {DEFAULT_COMPONENT_TESTS}")
needs_wasm_tools = pytest.mark.skipif(wasm_tools() is None,
                                      reason="wasm-tools is not installed (pip install -e '.[dev]')")
per_script = pytest.mark.parametrize("name", SCRIPTS or ["<none>"])


def _add(figure: str, amount: int) -> None:
    FIGURES[figure] = FIGURES.get(figure, 0) + amount


@needs_scripts
@needs_wasm_tools
@per_script
def test_every_command_is_read(name):
    result = examine(name)
    _add("scripts", 1)
    complete = result.commands == result.reference_commands and not result.misplaced
    _add("scripts read completely (every command, at wasm-tools' lines)", int(complete))
    assert not result.misplaced, result.misplaced[:3]
    assert result.commands == result.reference_commands


@needs_scripts
@needs_wasm_tools
@per_script
def test_text_components_encode_like_wasm_tools(name):
    result = examine(name)
    _add("text components compared with wasm-tools", result.compared)
    _add("... byte-identical", result.identical)
    _add("... identical but for the names of core module items", result.identical_but_core_names)
    assert not result.mismatches, result.mismatches[:3]


@needs_scripts
@needs_wasm_tools
@per_script
def test_malformed_text_is_rejected(name):
    result = examine(name)
    _add("malformed text components", result.malformed)
    _add("... rejected with a ParseError", result.malformed_rejected)
    assert not result.accepted_malformed, result.accepted_malformed


@needs_scripts
@needs_wasm_tools
@per_script
def test_component_values_are_read_like_wasm_tools(name):
    result = examine(name)
    _add("component values compared", result.values)
    assert not result.value_mismatches, result.value_mismatches[:3]
