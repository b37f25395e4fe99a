"""Every well-formed binary module of the spec testsuite decodes: the modules
of ``module`` commands and of the assertions that expect a failure after
decoding (``assert_invalid``, ``assert_unlinkable``, ``assert_trap``, ...)."""

from __future__ import annotations

from testsuite_scripts import SpecFile, unimplemented_proposal, uses_custom_page_sizes
from wasmlite.binary import decode_module
from wasmlite.errors import NotSupportedError, WasmtimeError

from .conftest import SUMMARY
from .wast_scripts import module_bytes, well_formed


def test_well_formed_modules_decode(wast: SpecFile) -> None:
    cases = well_formed(wast)
    unsupported = unimplemented_proposal(wast.name)
    failures = []
    for case in cases:
        try:
            decode_module(module_bytes(case), custom_page_sizes=uses_custom_page_sizes(wast.name))
        except NotSupportedError as e:
            if unsupported is None:
                failures.append(f"line {case.line} ({case.command}): {e}")
            else:
                SUMMARY[f"well-formed: not supported ({unsupported})"] += 1
        except WasmtimeError as e:
            failures.append(f"line {case.line} ({case.command}): {type(e).__name__}: {e}")
        else:
            SUMMARY["well-formed: decoded"] += 1
    assert not failures, (f"{len(failures)} of {len(cases)} modules fail:\n"
                          + "\n".join(failures))
