"""``(@metadata.code.branch_hint ...)`` annotations: the instruction each one
hints, the ``metadata.code.branch_hint`` section they become, and the
placements that are malformed."""

import pytest

from wasmlite.binary import decode_module
from wasmlite.text import ParseError, parse_wat, wat2wasm

SECTION = "metadata.code.branch_hint"
LIKELY = '(@metadata.code.branch_hint "\\01")'
UNLIKELY = '(@metadata.code.branch_hint "\\00")'


def hint_section(text: str) -> tuple[bytes, tuple[str, str]] | None:
    """The payload and place of the branch hint section of ``text``'s binary, if any."""
    m = decode_module(wat2wasm(text))
    for (name, payload), place in zip(m.customs, m.custom_places):
        if name == SECTION:
            return payload, place
    return None


def test_a_hinted_flat_if_is_found_by_its_offset():
    text = f"(func (param i32) (local i64) local.get 0 {UNLIKELY} if end)"
    payload, place = hint_section(text)
    # function 0, one hint: offset 5 (locals 01 01 7e, local.get 0), size 1, unlikely
    assert payload == bytes([1, 0, 1, 5, 1, 0])
    assert place == ("after", "func")
    assert parse_wat(text).custom_places == [("before", "code")]


def test_folded_instructions_are_hinted_at_their_head():
    text = (f"(func) (func (param i32) (block {LIKELY} (br_if 0 (local.get 0)))"
            f" {UNLIKELY} (if (local.get 0) (then (nop)) (else {LIKELY} (br_if 0 (i32.const 1)))))")
    payload, _ = hint_section(text)
    # function 1: br_if at 5 (00, block 02 40, local.get 0), if at 10, br_if at 16
    assert payload == bytes([1, 1, 3, 5, 1, 1, 10, 1, 0, 16, 1, 1])


def test_hints_of_several_functions_in_index_order():
    text = (f'(import "m" "f" (func)) (func (param i32) local.get 0 {LIKELY} if end)'
            f" (func (param i32) block local.get 0 {UNLIKELY} br_if 0 end)")
    payload, _ = hint_section(text)
    assert payload == bytes([2, 1, 1, 3, 1, 1, 2, 1, 5, 1, 0])


def test_no_section_without_hints():
    assert hint_section("(func (param i32) local.get 0 if end)") is None


def test_the_section_comes_after_custom_sections_placed_before_code():
    m = decode_module(wat2wasm(f'(@custom "x" (before code) "") (func (param i32) local.get 0 {LIKELY} if end)'))
    assert [name for name, _ in m.customs] == ["x", SECTION]


def test_a_hint_on_another_instruction_is_kept():
    # an invalid target is for a custom section check to report, not the parser
    assert hint_section(f"(func {LIKELY} nop)")[0] == bytes([1, 0, 1, 1, 1, 1])


def error_of(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_wat(text)
    return info.value


@pytest.mark.parametrize("text, reason", [
    (f"(func (param i32) local.get 0 {LIKELY} {LIKELY} if end)", "duplicate annotation"),
    (f"{LIKELY} (func)", "not in a function"),
    (f"(func) {LIKELY}", "not in a function"),
    (f"(global i32 {LIKELY} (i32.const 0))", "not in a function"),
    (f'(func (import "m" "f") {LIKELY})', "not in a function"),
    ('(func (@metadata.code.branch_hint "\\02") nop)', "invalid hint value"),
    ('(func (@metadata.code.branch_hint "\\00\\01") nop)', "invalid hint value"),
    ("(func (@metadata.code.branch_hint 1) nop)", "unexpected token"),
    (f"(func {LIKELY})", "invalid placement"),
    (f"(func (param i32) (if (local.get 0) {LIKELY} (then)))", "invalid placement"),
    (f"(func (param i32) {LIKELY} (local i32) nop)", "invalid placement"),
    (f"(func (param i32) (br_if 0 (local.get 0) {LIKELY}))", "invalid placement"),
])
def test_malformed_branch_hints(text, reason):
    assert error_of(text).reason == f"@metadata.code.branch_hint annotation: {reason}"


def test_other_annotations_stay_ignored():
    assert wat2wasm("(func (@metadata.code.other 1 2) nop)") == wat2wasm("(func nop)")
