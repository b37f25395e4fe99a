"""Every component-model reference script, run by ``wasmlite.wast`` command by
command.

The scripts of ``binary/``, ``linking/``, ``resources/``, ``validation/`` and
``values/`` must pass completely, except the commands that need
component-model async (not supported yet): those are allowed to fail only
with ``not supported: component-model async``. The scripts of ``async/`` run
and are reported (their counts are in the test's skip reason when they do not
pass). Scripts listed in ``nyi.txt`` are skipped with the reason the file
gives.
"""

from __future__ import annotations

import pytest

from ..component_scripts import component_tests_folder, wast_scripts
from wasmlite.wast import FileReport, run_file

ASYNC_UNSUPPORTED = "not supported: component-model async"


def _not_yet_implemented() -> dict[str, str]:
    """The scripts ``nyi.txt`` lists, with the reason its comment lines give."""
    folder = component_tests_folder()
    if folder is None or not (folder / "nyi.txt").exists():
        return {}
    reason = "listed in nyi.txt (tests ahead of implementations)"
    listed = {}
    for line in (folder / "nyi.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            listed[line.removeprefix("./")] = reason
    return listed


NYI = _not_yet_implemented()


def _details(report: FileReport) -> str:
    lines = [report.summary()]
    lines += [f"  line {o.line} {o.command}: {o.reason}" for o in report.failed]
    return "\n".join(lines)


def _needs_async(reason: str) -> bool:
    return ASYNC_UNSUPPORTED in reason


@pytest.mark.parametrize("script", wast_scripts())
def test_reference_script(script: str) -> None:
    if script in NYI:
        pytest.skip(NYI[script])
    folder = component_tests_folder()
    assert folder is not None
    report = run_file(folder / script, script)
    assert report.error is None, report.error
    if script.startswith("async/"):
        if not report.ok:
            pytest.skip(f"component-model async is not supported: {report.summary()}")
        return
    unexpected = [o for o in report.failed if not _needs_async(o.reason)]
    assert not unexpected, _details(report)
