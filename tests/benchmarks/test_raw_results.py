"""The benchmark driver keeps raw results it can resume from, and only for the same run."""

import json

import pytest

from benchmarks.__main__ import read_raw

HEADER = {"runs": 3, "jobs": 2, "timeouts": {"wasmlite": 300.0, "pywasm": 1800.0}, "source": "abc"}


def write(path, *lines):
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def test_resume_reads_programs_and_extra_measurements(tmp_path):
    raw = tmp_path / "performance.jsonl"
    write(raw, {"header": HEADER},
          {"program": "noop", "results": {"wasmlite": {"status": "ok"}}},
          {"startup": {"wasmlite": {"status": "ok"}}})
    found = read_raw(raw, HEADER)
    assert found["programs"] == {"noop": {"wasmlite": {"status": "ok"}}}
    assert found["startup"] == {"wasmlite": {"status": "ok"}}
    assert "micro" not in found


def test_resume_refuses_results_of_other_code_or_options(tmp_path):
    raw = tmp_path / "performance.jsonl"
    write(raw, {"header": HEADER | {"source": "def"}})
    with pytest.raises(SystemExit, match="cannot use"):
        read_raw(raw, HEADER)


def test_resume_without_a_raw_file_says_so(tmp_path):
    with pytest.raises(SystemExit, match="holds nothing"):
        read_raw(tmp_path / "missing.jsonl", HEADER)


def test_report_only_accepts_results_of_other_code_but_not_other_options(tmp_path):
    raw = tmp_path / "performance.jsonl"
    write(raw, {"header": HEADER | {"source": "def"}}, {"commit": "1234567"})
    assert read_raw(raw, HEADER, same_source=False)["commit"] == "1234567"
    with pytest.raises(SystemExit, match="cannot use"):
        read_raw(raw, HEADER | {"runs": 5}, same_source=False)
