"""Encoding inverts decoding: ``decode(encode(decode(x))) == decode(x)`` for
every module of the spec testsuite."""

from __future__ import annotations

from testsuite_scripts import SpecFile, uses_custom_page_sizes
from wasmlite import ir
from wasmlite.binary import decode_module, encode_module
from wasmlite.errors import NotSupportedError

from .conftest import SUMMARY
from .wast_scripts import module_bytes, well_formed


def without_offsets(module: ir.Module) -> ir.Module:
    """``module`` with every function body offset zeroed (offsets depend on
    the encoding, not on the module)."""
    for func in module.funcs:
        func.offset = 0
    return module


def test_encoding_round_trips(wast: SpecFile) -> None:
    custom_page_sizes = uses_custom_page_sizes(wast.name)
    failures = []
    for case in well_formed(wast):
        try:
            module = decode_module(module_bytes(case), custom_page_sizes=custom_page_sizes)
        except NotSupportedError:
            continue
        again = decode_module(encode_module(module), custom_page_sizes=custom_page_sizes)
        if without_offsets(again) != without_offsets(module):
            failures.append(f"line {case.line} ({case.command})")
        else:
            SUMMARY["round trip: identical IR"] += 1
    assert not failures, "re-encoded modules decode differently:\n" + "\n".join(failures)
