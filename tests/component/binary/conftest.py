"""The reference scripts' binaries, converted once per test process."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from component.component_scripts import ScriptBinary, ScriptUnreadable, script_binaries


@pytest.fixture(scope="session")
def binaries_of(tmp_path_factory) -> Callable[[str], list[ScriptBinary]]:
    """``binaries_of(script)``: the binaries of a reference script, converted by
    wasm-tools into a temporary folder the first time they are asked for. If
    wasm-tools cannot read the script, the test is skipped, or with
    ``skip=False`` the script counts as holding no binary."""
    cache: dict[str, list[ScriptBinary] | ScriptUnreadable] = {}

    def get(script: str, skip: bool = True) -> list[ScriptBinary]:
        if script not in cache:
            folder = tmp_path_factory.mktemp(script.replace("/", "-").removesuffix(".wast"))
            try:
                cache[script] = script_binaries(script, folder)
            except ScriptUnreadable as e:
                cache[script] = e
        binaries = cache[script]
        if isinstance(binaries, ScriptUnreadable):
            if skip:
                pytest.skip(str(binaries))
            return []
        return binaries

    return get
