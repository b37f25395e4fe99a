"""The spec testsuite's modules as the binary format tests check them.

Scripts are read by wasmlite's own WAST parser (see ``tests/testsuite_scripts.py``):
``(module binary ...)`` modules are the script's bytes, text modules
wasmlite's encoding of them.
"""

from __future__ import annotations

from testsuite_scripts import ModuleCase, SpecFile, module_cases


def binary_malformed(script: SpecFile) -> list[ModuleCase]:
    """The ``(module binary ...)`` modules the script expects to be malformed."""
    return [m for m in module_cases(script.path)
            if m.command == "assert_malformed" and m.form == "binary"]


def well_formed(script: SpecFile) -> list[ModuleCase]:
    """Every module the script does not expect to be malformed.

    A module with a malformed custom annotation is one of them when the parser
    let it through (it may merely warn), not when it rejected the text.
    """
    return [m for m in module_cases(script.path) if m.command != "assert_malformed"
            and not (m.command == "assert_malformed_custom" and m.wasm is None)]


def module_bytes(case: ModuleCase) -> bytes:
    """The binary module of ``case``; raises the parser's error for text it rejected."""
    if case.wasm is None:
        raise case.error
    return case.wasm
