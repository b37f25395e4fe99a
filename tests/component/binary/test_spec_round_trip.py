"""Every component of the reference tests that wasm-tools accepts decodes, and
encodes back to the same bytes."""

from __future__ import annotations

import pytest

from component.component_scripts import wast_scripts
from wasmlite.component.binary import decode_component, encode_component, is_component

WELL_FORMED_COMMANDS = ("module", "module_definition", "assert_invalid", "assert_uninstantiable",
                        "assert_unlinkable")
"""Commands whose binary is well-formed (an invalid component still decodes)."""

NOT_SHORTEST_FORM = {
    ("binary/binary.wast", 145): "its type section size is a 5-byte LEB128 integer",
}
"""Hand-written binaries whose integers are not in their shortest form: they
decode to the same IR again after encoding, but not to the same bytes."""


@pytest.mark.parametrize("script", wast_scripts() or ["(no scripts)"])
def test_components_round_trip(script: str, binaries_of) -> None:
    checked = 0
    for binary in binaries_of(script):
        if binary.command not in WELL_FORMED_COMMANDS or not is_component(binary.data):
            continue
        component = decode_component(binary.data, lazy_modules=False)
        encoded = encode_component(component)
        if (script, binary.line) in NOT_SHORTEST_FORM:
            assert encoded != binary.data, f"{binary} is now in shortest form"
            assert decode_component(encoded) == component, str(binary)
            assert encode_component(decode_component(encoded)) == encoded, str(binary)
        else:
            assert encoded == binary.data, f"{binary} encodes to different bytes"
        checked += 1
    if not checked:
        pytest.skip(f"{script} holds no well-formed component binary")
