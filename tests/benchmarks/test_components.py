"""The component micro-benchmarks run the same component on both runtimes, and
--only-components replaces them alone in the raw results and the report."""

import importlib.util
import json

import pytest

import benchmarks.__main__ as driver
from benchmarks.components import (BENCHMARKS, GOALS, LIST, STRING, has_func_wrap, measure,
                                   prepare)
from benchmarks.report import component_section

RUNTIMES = ["wasmlite"] + (["wasmtime"] if importlib.util.find_spec("wasmtime") else [])


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("name", list(BENCHMARKS))
def test_each_export_computes_its_result(runtime, name):
    store, func, how = prepare(runtime, name)
    wrapped = name == "host_call_wrap" and has_func_wrap(runtime)
    assert how == ("func_wrap" if wrapped else "add_func")
    if name in ("string", "list"):
        arg = STRING if name == "string" else LIST
        for _ in range(3):   # post-return frees what each call allocated
            assert func(store, arg) == arg
    else:
        assert func(store, 5) == 5


def test_wasmlite_measurement_is_per_call():
    record = measure("wasmlite", "string")
    assert record["per_op"] == pytest.approx(record["seconds"] / BENCHMARKS["string"][1])
    assert record["unit"] == BENCHMARKS["string"][2]


def fake_results(per_op=1e-5):
    return {name: {"wasmlite": {"per_op": per_op, "min": per_op, "max": per_op, "runs": 1,
                                "unit": BENCHMARKS[name][2], "host": "add_func"},
                   "wasmtime": {"per_op": 1e-4, "min": 1e-4, "max": 1e-4, "runs": 1,
                                "unit": BENCHMARKS[name][2], "host": "add_func"}}
            for name in BENCHMARKS}


def test_section_gives_ratios_and_goals():
    text = "\n".join(component_section({"results": fake_results(), "rounds": 3}, GOALS, ["x"]))
    assert ("| string | round trip of a 100-byte string | 10 µs | 100 µs | 0.1 | ≤ 0.2 | yes |"
            in text)
    slow = "\n".join(component_section({"results": fake_results(5e-5)}, GOALS, []))
    assert "| 0.5 | ≤ 0.33 | **no** |" in slow


def test_only_components_keeps_the_other_results(tmp_path, monkeypatch):
    monkeypatch.setenv("WASMLITE_BENCH", str(tmp_path / "none"))
    rounds = []
    monkeypatch.setattr(driver, "measure_components",
                        lambda runtimes, n, timeout: rounds.append(n) or fake_results())
    monkeypatch.setattr(driver, "byte_compile", lambda runtimes: None)
    raw = tmp_path / "performance.jsonl"
    header = {"runs": 3, "jobs": 2, "timeouts": {"wasmlite": 300.0, "wasmtime": 300.0},
              "source": "abc"}
    program = {"wasmlite": {"status": "ok", "median": 2.0, "min": 1.0, "max": 3.0,
                            "maxrss_kb": 2048},
               "wasmtime": {"status": "ok", "median": 0.5, "min": 0.4, "max": 0.6,
                            "maxrss_kb": 1024}}
    raw.write_text("".join(json.dumps(line) + "\n" for line in (
        {"header": header}, {"commit": "1234567"}, {"program": "quicksort", "results": program},
        {"components": {"results": {}, "old": True}})))
    out = tmp_path / "performance.md"
    out.write_text("# Performance\n\nMeasured 2026-01-02 on x86_64 / Linux with ...\n")
    for _ in range(2):
        driver.main(["--only-components", "--runs", "2", "--runtimes", "wasmlite,wasmtime",
                     "--out", str(out)])
    assert rounds == [2, 2]
    lines = [json.loads(line) for line in raw.read_text().splitlines()]
    assert lines[0] == {"header": header}
    assert [line for line in lines if "date" in line] == [{"date": "2026-01-02"}]
    kept = [line for line in lines if "components" in line]
    assert len(kept) == 1 and "old" not in kept[0]["components"]
    report = out.read_text()
    assert report.startswith("# Performance\n\nMeasured 2026-01-02 on ")
    assert "python -m benchmarks --runs 3 --timeout 300 --jobs 2\n" in report
    assert "| quicksort | 2 s (1–3) | 0.5 s (0.4–0.6) | 4 |" in report
    assert "python -m benchmarks --only-components --runs 2\n" in report
    assert "## Component model" in report
