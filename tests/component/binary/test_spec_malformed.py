"""Every binary the reference tests mark as malformed is refused with a
decode error whose message contains the one the test expects."""

from __future__ import annotations

import pytest

from component.component_scripts import require_scripts, wast_scripts
from wasmlite.component.binary import decode_component
from wasmlite.errors import MalformedError


def test_malformed_components_are_refused(binaries_of) -> None:
    require_scripts()
    malformed = [binary for script in wast_scripts() for binary in binaries_of(script, skip=False)
                 if binary.command == "assert_malformed"]
    assert malformed, "the reference tests mark no binary as malformed"
    for binary in malformed:
        with pytest.raises(MalformedError) as error:
            decode_component(binary.data, lazy_modules=False)
        assert binary.text in error.value.message, f"{binary}: {error.value}"
        assert error.value.offset is not None and 0 <= error.value.offset <= len(binary.data)
