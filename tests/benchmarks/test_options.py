"""The benchmark driver refuses options that would measure nothing, and says why."""

import pytest

from benchmarks.__main__ import main


def make_program(folder, name):
    (folder / name).mkdir()
    (folder / name / "benchmark.wasm").write_bytes(b"\0asm\1\0\0\0")


@pytest.fixture
def bench(tmp_path, monkeypatch):
    make_program(tmp_path, "noop")
    monkeypatch.setenv("WASMLITE_BENCH", str(tmp_path))
    return tmp_path


def test_unknown_program_is_named_with_the_available_ones(bench, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--programs", "noop,nope", "--runtimes", "wasmlite", "--out",
              str(tmp_path / "out.md")])
    err = capsys.readouterr().err
    assert "no program named nope" in err
    assert "(programs: noop)" in err
    assert not (tmp_path / "out.md").exists()


def test_unknown_runtime_is_refused(bench, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--runtimes", "wasmlite,v8", "--out", str(tmp_path / "out.md")])
    assert "v8 not available here" in capsys.readouterr().err


def test_empty_benchmark_folder_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WASMLITE_BENCH", str(tmp_path))
    with pytest.raises(SystemExit):
        main(["--runtimes", "wasmlite", "--out", str(tmp_path / "out.md")])
    assert f"no benchmark programs under {tmp_path}" in capsys.readouterr().err
