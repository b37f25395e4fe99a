"""Benchmark programs run with ``--bench`` and print exactly their expected output.

The programs are the shared Sightglass builds; as Sightglass compares, a final
newline and ``\\r\\n`` line ends do not matter. Only quick programs run here:
the pure Python engine takes minutes on most of them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from .programs import BENCHMARK

BENCH_ENV = "WASMLITE_BENCH"
BENCH_ROOT = Path(os.environ.get(BENCH_ENV)
                  or Path(__file__).resolve().parents[2].parent / "shared" / "bench")
QUICK = [("noop", "benchmark"), ("shootout", "shootout-ackermann")]


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")


@pytest.mark.skipif(not BENCH_ROOT.is_dir(), reason=f"no benchmark programs at {BENCH_ROOT} "
                                                    f"(set {BENCH_ENV})")
@pytest.mark.parametrize(("folder", "name"), QUICK, ids=[name for _, name in QUICK])
def test_output_matches_the_expected_files(wasmlite: Callable, folder: str, name: str,
                                           monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    directory = BENCH_ROOT / folder
    monkeypatch.chdir(directory)
    report = tmp_path / "elapsed"
    run = wasmlite("run", "--dir", ".", "--bench-out", report, "--argv0", name,
                   f"{name}.wasm")
    assert run.status == 0, run.stderr
    for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        expected = directory / f"{name}.{stream}.expected"
        assert _lines(text) == _lines(expected.read_text()), stream
    wall, cpu = map(int, report.read_text().split())
    assert wall >= 0 and cpu >= 0


def test_bench_module_is_only_defined_on_request(wasmlite: Callable,
                                                 wat_file: Callable) -> None:
    program = wat_file(BENCHMARK)
    run = wasmlite(program)
    assert run.status == 1 and "bench" in run.stderr
    run = wasmlite("--bench", program)
    assert (run.status, run.stdout) == (0, "done\n")


def test_bench_out_writes_nanoseconds(wasmlite: Callable, wat_file: Callable,
                                      tmp_path: Path) -> None:
    report = tmp_path / "elapsed.txt"
    run = wasmlite("--bench-out", report, wat_file(BENCHMARK))
    assert run.status == 0
    wall, cpu = report.read_text().splitlines()
    assert int(wall) >= 0 and int(cpu) >= 0


BENCH_COMPONENT = """(component
  (import "bench" (instance $bench (export "start" (func)) (export "end" (func))))
  (core func $start (canon lower (func $bench "start")))
  (core func $end (canon lower (func $bench "end")))
  (core module $m
    (import "bench" "start" (func $start)) (import "bench" "end" (func $end))
    (func (export "run") (result i32) (call $start) (call $end) (i32.const 0)))
  (core instance $imports (export "start" (func $start)) (export "end" (func $end)))
  (core instance $i (instantiate $m (with "bench" (instance $imports))))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $cli (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $cli)))"""


def test_a_component_gets_a_bench_instance_on_request(wasmlite: Callable,
                                                      tmp_path: Path) -> None:
    """A benchmark program made a component imports `bench` as an instance."""
    program = tmp_path / "bench.wat"
    program.write_text(BENCH_COMPONENT)
    run = wasmlite("run", program)
    assert run.status == 1 and "bench" in run.stderr
    report = tmp_path / "elapsed.txt"
    run = wasmlite("run", "--bench-out", report, program)
    assert (run.status, run.stderr) == (0, "")
    assert all(int(line) >= 0 for line in report.read_text().splitlines())
