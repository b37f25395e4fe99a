"""Every script of the spec testsuite, parsed by wasmlite and checked against wasm-tools.

Per file: text modules encode like ``wasm-tools parse`` (compared as printed by
``wasm-tools print``, custom sections stripped) and have the same custom
sections (``name`` aside) in the same places, malformed text modules are
rejected (malformed annotations with the spec's message), well-formed ones
accepted, and the commands carry what
``wasm-tools json-from-wast`` writes. Set ``WASMLITE_TESTSUITE`` to use another
copy of the testsuite; the tests skip when there is none.
"""


import pytest

from .conftest import FIGURES
from testsuite_scripts import wasm_tools

from .suite import examine, not_supported, wast_files

FILES = wast_files()
needs_suite = pytest.mark.skipif(not FILES, reason="spec testsuite not found (set WASMLITE_TESTSUITE)")
needs_wasm_tools = pytest.mark.skipif(wasm_tools() is None, reason="wasm-tools not installed")
per_file = pytest.mark.parametrize("name", FILES or ["<none>"])


def _add(figure: str, amount: int) -> None:
    FIGURES[figure] = FIGURES.get(figure, 0) + amount


def examined_with_reference(name: str):
    """``examine(name)``, skipping scripts wasm-tools cannot read."""
    result = examine(name)
    if not result.reference_available:
        pytest.skip("wasm-tools cannot read this script (legacy exception syntax)")
    return result


def side_by_side(mismatches) -> str:
    """The first few ``(line, theirs, ours)`` mismatches, for a failure message."""
    return "\n".join(f"line {line}:\n--- wasm-tools\n{theirs}\n--- wasmlite\n{ours}"
                     for line, theirs, ours in mismatches[:3])


@needs_suite
@needs_wasm_tools
@per_file
def test_text_modules_encode_like_the_reference(name):
    result = examined_with_reference(name)
    _add("text modules compared with wasm-tools", result.modules_compared)
    _add("text modules byte-identical to wasm-tools (custom sections aside)", result.identical)
    _add("print mismatches", len(result.mismatches))
    assert not result.mismatches, side_by_side(result.mismatches)


@needs_suite
@needs_wasm_tools
@per_file
def test_custom_sections_are_placed_like_the_reference(name):
    result = examined_with_reference(name)
    _add("text modules with custom sections placed unlike wasm-tools", len(result.custom_mismatches))
    assert not result.custom_mismatches, side_by_side(result.custom_mismatches)


@needs_suite
@per_file
def test_malformed_text_modules_are_rejected(name):
    result = examine(name)
    accepted = [line for line, rejected in result.malformed if not rejected]
    _add("text assert_malformed cases", len(result.malformed))
    _add("text assert_malformed cases rejected", len(result.malformed) - len(accepted))
    _add("assert_malformed cases superseded by Wasm 3.0 core tests", len(result.superseded))
    assert not accepted, f"malformed modules accepted at lines {accepted}"


@needs_suite
@per_file
def test_malformed_annotations_are_rejected_with_the_spec_message(name):
    # the spec lets an implementation merely warn about these; wasmlite rejects them
    result = examine(name)
    wrong = [(line, text, reason) for line, text, reason in result.malformed_custom
             if reason is None or not reason.startswith(text)]
    _add("text assert_malformed_custom cases", len(result.malformed_custom))
    _add("text assert_malformed_custom cases rejected", len(result.malformed_custom) - len(wrong))
    assert not wrong, "\n".join(f"line {line}: expected {text!r}, got {reason!r}" for line, text, reason in wrong)


@needs_suite
@per_file
def test_wellformed_text_modules_are_accepted(name):
    result = examine(name)
    rejected = [(line, error) for line, error in result.wellformed if error is not None]
    unsupported = [r for r in rejected if not_supported(r[1])]
    _add("well-formed text modules", len(result.wellformed))
    _add("well-formed text modules rejected", len(rejected) - len(unsupported))
    _add("well-formed text modules not supported", len(unsupported))
    assert len(unsupported) == len(rejected), "\n".join(
        f"line {line}: {error}" for line, error in rejected if not not_supported(error))
    if unsupported:
        pytest.xfail(f"{len(unsupported)} module(s) use unsupported features: {unsupported[0][1]}")


@needs_suite
@needs_wasm_tools
@per_file
def test_commands_match_json_from_wast(name):
    result = examined_with_reference(name)
    _add("commands compared with json-from-wast", len(result.commands))
    _add("command mismatches", len(result.json_mismatches))
    assert not result.json_mismatches, result.json_mismatches[:3]
