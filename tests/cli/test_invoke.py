"""``--invoke`` calls an export with command-line arguments and prints its results."""

from __future__ import annotations

from typing import Callable

from .programs import LIBRARY, MATH, USES_LIBRARY


def test_results_are_printed_one_per_line(wasmlite: Callable, wat_file: Callable) -> None:
    math = wat_file(MATH)
    assert wasmlite("run", "--invoke", "add", math, "2", "40").stdout == "42\n"
    assert wasmlite("--invoke", "negate", math, "5").stdout == "-5\n"
    assert wasmlite("--invoke", "half", math, "3").stdout == "1.5\n"
    assert wasmlite("--invoke", "pair", math).stdout == "-1\n2.5\n"
    nothing = wasmlite("--invoke", "nothing", math)
    assert (nothing.status, nothing.stdout) == (0, "")


def test_integer_arguments_accept_hex(wasmlite: Callable, wat_file: Callable) -> None:
    assert wasmlite("--invoke", "add", wat_file(MATH), "0x10", "-1").stdout == "15\n"


def test_wrong_arguments_are_reported(wasmlite: Callable, wat_file: Callable) -> None:
    math = wat_file(MATH)
    run = wasmlite("--invoke", "add", math, "1")
    assert run.status == 1 and "2 argument" in run.stderr
    run = wasmlite("--invoke", "add", math, "1", "one")
    assert run.status == 2 and "'one'" in run.stderr


def test_missing_export_is_reported(wasmlite: Callable, wat_file: Callable) -> None:
    math = wat_file(MATH)
    for name in ("absent", "not_a_function"):
        run = wasmlite("--invoke", name, math)
        assert run.status == 1 and f"`{name}`" in run.stderr


def test_preload_provides_imports(wasmlite: Callable, wat_file: Callable) -> None:
    library = wat_file(LIBRARY, "library.wat")
    main = wat_file(USES_LIBRARY, "main.wat")
    run = wasmlite("run", "--preload", f"lib={library}", "--invoke", "run", main)
    assert (run.status, run.stdout) == (0, "42\n")


def test_malformed_preload_option_is_a_usage_error(wasmlite: Callable,
                                                   wat_file: Callable) -> None:
    run = wasmlite("--preload", "no-equals-sign", wat_file(MATH))
    assert run.status == 2 and "NAME=FILE" in run.stderr
