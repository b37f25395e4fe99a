"""The native-tier section of docs/conformance.md: commands counted per tier,
failures on natively compiled code listed where the portable tier passes, and
a plain note when llvmlite is missing."""

from tests.spec import native_tier as nt
from tests.spec.runner import FileReport, Outcome


def report(name, native=(0, 0), portable=(0, 0), none=(0, 0), modules=(1, 0), excluded=None,
           failures=(), fallbacks=None):
    by_tier = {tier: {"passed": p, "failed": f, "skipped": 0}
               for tier, (p, f) in (("native", native), ("portable", portable), ("none", none))}
    fallbacks = fallbacks or {}
    return nt.NativeReport(name, excluded, by_tier=by_tier, native_modules=modules[0],
                           portable_modules=modules[1], fallbacks=fallbacks,
                           fallback_reasons=[[p, "instruction i32x4.add", n]
                                             for p, n in fallbacks.items()],
                           failures=list(failures))


def test_missing_llvmlite_is_said():
    text = "\n".join(nt.render_section(None, [], "python -m tests.spec.conformance", 0.0,
                                       missing="the native tier needs the llvmlite package"))
    assert "## Spec testsuite on the native tier" in text
    assert "Not run: the native tier needs the llvmlite package." in text


def test_counts_per_tier_and_failures_where_the_portable_tier_passes():
    failure = {"line": 7, "command": "assert_return", "reason": "wrong", "tier": "native"}
    native = [report("a", native=(5, 1), none=(2, 0), failures=[failure]),
              report("b", native=(1, 0), portable=(4, 0), modules=(1, 2),
                     fallbacks={"SIMD": 2}, excluded="SIMD"),
              nt.NativeReport("c", None, lost="the process was killed by signal 11")]
    portable = [FileReport("a", None, passed=8), FileReport("b", "SIMD", passed=5),
                FileReport("c", None, passed=3)]
    text = "\n".join(nt.render_section(native, portable, "python -m x", 3.0))
    assert ("**All: native modules 6 passed / 1 failed; fallen back to portable 4 passed / "
            "0 failed; no compiled code 2 passed / 0 failed; 0 skipped. Modules: 2 native, "
            "2 portable** (3 scripts; 1 scripts lost") in text
    assert "| SIMD | 2 | 1 | 2× instruction i32x4.add |" in text
    assert "a.wast:7 assert_return [native]: wrong" in text
    assert "c.wast: script lost: the process was killed by signal 11" in text
    assert "| a | 8 / 0 | 5 / 1 | 0 / 0 | 2 / 0 | 0 | 1 / 0 |  |" in text
    assert "| b | 5 / 0 | 1 / 0 | 4 / 0 | 0 / 0 | 0 | 1 / 2 | 2× SIMD |" in text


def test_failures_of_scripts_failing_portable_too_are_listed_apart():
    failure = {"line": 3, "command": "module", "reason": "bad", "tier": "native"}
    native = [report("a", native=(0, 1), failures=[failure])]
    portable = [FileReport("a", None, failures=[Outcome(3, "module", "bad")])]
    text = "\n".join(nt.render_section(native, portable, "python -m x", 1.0))
    assert "None: in every script that passes on the portable tier" in text
    assert "Failures in in-scope scripts that fail on the portable tier too" in text
    assert "a.wast:3 module [native]: bad" in text
