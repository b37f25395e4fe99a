"""The component section of docs/conformance.md: scripts grouped as the
reference tests are read, and the section replaced in place, alone."""

from tests.spec import component_conformance as cc

PAGE = """# Conformance

Generated.

## Summary

| Testsuite | Passed | Failed | Skipped | Total | Details |
|---|---:|---:|---:|---:|---|
| Spec, in scope | 5 | 0 | 0 | 5 | [commands of 1 scripts](#in-scope) |
| WASI preview 1 | 1 | 0 | – | 1 | [programs, per suite](wasi-conformance.md) |

## Spec testsuite

Spec results.
"""

ASYNC = "raised NotSupportedError: not supported: component-model async"


def results():
    return [cc.ScriptResult("values/a.wast", "sync", 3, [ASYNC]),
            cc.ScriptResult("async/b.wast", "async", 1, ["did not instantiate: 7 things"] * 2),
            cc.ScriptResult("async/c.wast", "nyi", 2, [], ["needs threads"])]


def test_groups_follow_the_folder_and_nyi_txt():
    nyi = {"async/c.wast", "validation/max-value-size.wast"}
    assert cc.group_of("async/c.wast", nyi) == "nyi"
    assert cc.group_of("validation/max-value-size.wast", nyi) == "nyi"
    assert cc.group_of("async/b.wast", nyi) == "async"
    assert cc.group_of("values/a.wast", nyi) == "sync"


def test_section_is_added_then_replaced_alone():
    once = cc.replace_section(PAGE, results(), "python -m x", 2.0)
    assert once.startswith(PAGE.split("## Spec testsuite")[0].split("| WASI")[0])
    assert "| Component model, synchronous | 3 | 1 | 0 | 4 |" in once
    assert "| Component model, listed in nyi.txt | 2 | 0 | 1 | 3 |" in once
    assert once.index("| Component model, async") < once.index("| WASI preview 1")
    assert once.index("## Spec testsuite") < once.index("## Component model")
    assert "- Command: `python -m x`" in once
    assert "| async/b.wast | 1 | 2 | 0 |  | 2× did not instantiate: N things |" in once
    assert "1 of commands that need component-model async" in once
    assert "| async/c.wast | 2 | 0 | 1 | 1× needs threads |  |" in once
    again = cc.replace_section(once, results()[:1], "python -m y", 2.0)
    assert again.count("## Component model") == 1
    assert again.count("| Component model,") == 3
    assert "python -m x" not in again and "Spec results." in again
