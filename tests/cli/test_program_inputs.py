"""Arguments, environment, stdin and directories reach the program as asked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from .programs import CAT_FILE, CAT_STDIN, ECHO_ARGS, ECHO_ENV


def test_arguments_after_the_module_go_to_the_program(wasmlite: Callable,
                                                      wat_file: Callable) -> None:
    path = wat_file(ECHO_ARGS)
    run = wasmlite("run", path, "one", "--two", "thr ee")
    assert run.stdout.split("\0") == [str(path), "one", "--two", "thr ee", ""]


def test_argv0_can_be_set(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite("--argv0", "prog", wat_file(ECHO_ARGS), "x")
    assert run.stdout == "prog\0x\0"


def test_env_sets_variables_and_passes_named_ones(wasmlite: Callable, wat_file: Callable,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FROM_HOST", "host value")
    monkeypatch.delenv("NOT_SET", raising=False)
    run = wasmlite("run", "--env", "A=1", "--env", "B=x=y", "--env", "FROM_HOST",
                   "--env", "NOT_SET", wat_file(ECHO_ENV))
    assert run.stdout.split("\0") == ["A=1", "B=x=y", "FROM_HOST=host value", ""]


def test_no_environment_by_default(wasmlite: Callable, wat_file: Callable) -> None:
    assert wasmlite(wat_file(ECHO_ENV)).stdout == ""


def test_stdin_reaches_the_program(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite(wat_file(CAT_STDIN), stdin=b"line one\nline two\n")
    assert (run.status, run.stdout) == (0, "line one\nline two\n")


def test_dir_preopens_a_directory_under_a_guest_name(wasmlite: Callable, wat_file: Callable,
                                                     tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "input.txt").write_text("file contents")
    run = wasmlite("run", "--dir", f"{data}::/data", wat_file(CAT_FILE))
    assert (run.status, run.stdout) == (0, "file contents")


def test_dir_without_guest_name_uses_the_host_path(wasmlite: Callable, wat_file: Callable,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "input.txt").write_text("here")
    program = wat_file(CAT_FILE)
    monkeypatch.chdir(tmp_path)
    run = wasmlite("run", "--dir", ".", os.path.basename(program))
    assert (run.status, run.stdout) == (0, "here")


def test_without_dir_no_directory_is_reachable(wasmlite: Callable, wat_file: Callable) -> None:
    run = wasmlite(wat_file(CAT_FILE))
    assert run.status == 8  # the BADF errno: there is no descriptor 3


def test_dir_that_does_not_exist_is_an_error(wasmlite: Callable, wat_file: Callable,
                                             tmp_path: Path) -> None:
    run = wasmlite("--dir", str(tmp_path / "absent"), wat_file(CAT_FILE))
    assert run.status == 1
    assert "absent" in run.stderr and len(run.stderr.splitlines()) == 1
