"""The report's native-tier section: ratios against wasmtime-py, judged against the goals."""

from benchmarks.report import native_section


def summary(median, correct=True, tier="native"):
    return {"status": "ok", "median": median, "min": median, "max": median,
            "correct": correct, "tier": tier}


def test_native_section_gives_median_and_largest_ratio_with_verdicts():
    native = {"results": {"a": {"wasmlite-native": summary(1.0), "wasmtime": summary(1.0)},
                          "b": {"wasmlite-native": summary(3.0), "wasmtime": summary(1.0)},
                          "c": {"wasmlite-native": summary(0.5, tier="portable"),
                                "wasmtime": summary(1.0)}},
              "runs": 3, "command": ["--only-native", "--runs", "3"]}
    lines, ratios = native_section(native)
    text = "\n".join(lines)
    assert ratios == {"a": 1.0, "b": 3.0, "c": 0.5}
    assert "median native / wasmtime **1** (goal ≤ 1.3: met)" in text
    assert "largest **3** (b; goal ≤ 2.0: **not met**)" in text
    assert "| c | " in text and "| portable | ok |" in text


def test_native_section_judges_time_to_first_result():
    startup = {"program": "big", "runs": 3,
               "default": {"wasmlite-native": {"first_result": 5.0}, "wasmtime": {"first_result": 2.0}},
               "cached": {"wasmlite-native": {"first_result": 1.0}, "wasmtime": {"first_result": 1.0}}}
    lines, _ = native_section({"results": {}, "startup": startup, "runs": 3})
    text = "\n".join(lines)
    assert "| first run (no cache) | 5 s | 2 s | 2.5 | ≤ 2.0 (**not met**) |" in text
    assert "| second run, cached | 1 s | 1 s | 1 | ≤ 1.2 (met) |" in text
