"""Every well-formed binary module of the spec testsuite decodes: the modules
of ``module`` commands and of the assertions that expect a failure after
decoding (``assert_invalid``, ``assert_unlinkable``, ``assert_trap``, ...)."""

from __future__ import annotations

from wasmlite.binary import decode_module
from wasmlite.errors import NotSupportedError, WasmtimeError

from .conftest import SUMMARY
from .wast_scripts import ScriptConverter, unsupported_proposal, uses_custom_page_sizes


def test_well_formed_modules_decode(wast: str, spec_scripts: ScriptConverter) -> None:
    script = spec_scripts.script(wast)
    unsupported = unsupported_proposal(wast)
    failures = []
    for case in script.well_formed():
        try:
            decode_module(case.path.read_bytes(), custom_page_sizes=uses_custom_page_sizes(wast))
        except NotSupportedError as e:
            if unsupported is None:
                failures.append(f"line {case.line} ({case.type}): {e}")
            else:
                SUMMARY[f"well-formed: not supported ({unsupported})"] += 1
        except WasmtimeError as e:
            failures.append(f"line {case.line} ({case.type}): {type(e).__name__}: {e}")
        else:
            SUMMARY["well-formed: decoded"] += 1
    assert not failures, (f"{len(failures)} of {len(script.well_formed())} modules fail:\n"
                          + "\n".join(failures))
