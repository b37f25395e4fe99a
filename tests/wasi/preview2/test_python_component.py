"""A Python app made a component by componentize-py (``apps/python``: a whole
CPython, about 19 MB) runs as a WASI preview 2 command under ``wasmlite run``
and through ``wasmlite.component`` (``Linker.add_wasip2``), and gives the
bytes wasmtime-py gives: standard output and error, exit status, the files it
leaves, for arguments, environment, standard input, a preopened directory it
walks and writes, clocks and random numbers (checked inside the app, printed
only as whether they look right), ``sys.exit(3)``, an uncaught exception, and
an exception escaping ``run`` (a trap).

The component is built once per machine (``build_components.py``, skipped
with the reason when componentize-py is missing); every run is a fresh process
using the code cache, so only a machine's first run compiles the interpreter.
Each test checks wasmlite's run against what the app must print, then
compares it with wasmtime-py's (skipped without wasmtime-py).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from .app_runner import AppRuns, Invocation, Outcome
from .build_components import Unavailable, python_app_component
from .runner import oracle_available

STDIN = ("first line here\nsecond: ä ö 日本\nthird\n".encode()
         + b"".join(b"%05d %s\n" % (n, bytes(range(65, 91))) for n in range(400)))
DATA = (("greeting.txt", b"hello\nworld\n"), ("sub/blob.bin", bytes(range(256)) * 20),
        ("sub/inner/deep.txt", b"nested\n"))
READ_ONLY = (("fixed.txt", b"fixed\n"),)

SCENARIOS = {
    "main": Invocation(args=("main", "first", "second word", ""),
                       env=(("GREETING", "hello there"), ("EMPTY", ""), ("UNICODE", "ünï ✓")),
                       stdin=STDIN, data=DATA, read_only=READ_ONLY),
    "exit": Invocation(args=("exit",)),
    "error": Invocation(args=("error",)),
    "panic": Invocation(args=("panic",)),
    "read-only": Invocation(args=("read-only",), read_only=READ_ONLY),
}

MAIN_LINES = [
    "args: ['first', 'second word', '']",
    "env EMPTY=''",
    "env GREETING='hello there'",
    "env UNICODE='ünï ✓'",
    "cwd: /",
    "stdin: 13243 bytes, sha256 dc78a986e508a154",
    "stdin: 403 lines, 808 words",
    "  | HERE LINE FIRST",
    "  | 日本 Ö Ä SECOND:",
    "raw tail: DEFGHIJKLMNOPQRSTUVWXYZ",
    "dir /data (1 dirs, 1 files)",
    "  greeting.txt: 12 bytes, sha256 4a1e67f2fe1d1cc7, stat size 12",
    "  blob.bin: 5120 bytes, sha256 4345361085c73075, stat size 5120",
    "  deep.txt: 7 bytes, sha256 370a8c04b8a65bb4, stat size 7",
    "seek 4, read 6: b'ting.t' tell: 10",
    "renamed: False True 35",
    "scratch size: 1000",
    "readlink: final.txt islink: True",
    "through link: greeting.txt",
    "FileNotFoundError: ENOENT",
    "FileExistsError: EEXIST",
    "OSError: ENOTEMPTY",
    "NotADirectoryError: ENOTDIR",
    "listing of out: ['final.txt', 'link', 'nested']",
    "  fixed.txt: 6 bytes, sha256 0c3071418e6356e6, stat size 6",
    "gmtime(10**9): 2001-09-09 01:46:40",
    "urandom lengths: 32 32 differ: True",
    "token_hex length: 32",
    "uuid4 version: 4",
    "line 1999  3996001  2000",
    "unicode: ä ö ü ß € 日本 🐍",
    "done",
]
"""Lines the ``main`` run must print (besides every sanity check saying True)."""

RUNS = AppRuns("python", SCENARIOS)


@pytest.fixture(scope="module")
def component() -> Path:
    try:
        return python_app_component()
    except Unavailable as exc:
        pytest.skip(f"cannot build the componentize-py app: {exc}")


def _check_expected(scenario: str, outcome: Outcome, route: str) -> None:
    stderr = outcome.stderr.decode("utf-8", errors="replace")
    if scenario == "main":
        assert outcome.status == 0, stderr
        assert outcome.stderr == b"a note on stderr\n"
        lines = outcome.lines()
        expected = [line for line in MAIN_LINES if route == "api" or "fixed.txt" not in line]
        assert [line for line in expected if line not in lines] == []
        assert [line for line in lines if line.endswith(": False")] == []
        assert ("no read-only directory" in lines) == (route == "cli")
        assert outcome.files["out/final.txt"] == b"greeting.txt\nout\nsub\nappended line\n"
        assert outcome.files["out/link"] == b"-> final.txt"
        assert outcome.files["out/nested/"] is None
        assert "out/nested/deeper/" not in outcome.files
        assert outcome.files["sub/blob.bin"] == bytes(range(256)) * 20
    elif scenario == "exit":
        # wasi:cli/exit has only ok and err: the adapter makes any other status err
        assert (outcome.status, outcome.stdout, outcome.stderr) == (1, b"exiting with 3\n", b"")
    elif scenario == "error":
        assert (outcome.status, outcome.stdout) == (1, b"about to fail\n"), stderr
        assert stderr.startswith("Traceback (most recent call last):\n")
        assert '/app.py", line ' in stderr and ", in parse\n" in stderr
        assert stderr.endswith("ValueError: invalid literal for int() with base 10: "
                               "'not a number'\n")
    elif scenario == "panic":
        assert (outcome.status, outcome.stdout) == (134, b"raising out of run\n"), stderr
        assert "RuntimeError: escaped from run\n" in stderr
        assert "Python function threw an unexpected exception" in stderr
        trap = stderr if route == "cli" else outcome.error
        assert "wasm `unreachable` instruction executed" in trap
    elif scenario == "read-only":
        assert outcome.status == 0, stderr
        assert outcome.lines() == ["PermissionError: EPERM"] * 4


@pytest.mark.parametrize("scenario", ["main", "exit", "error", "panic"])
def test_command_line(scenario: str, component: Path,
                      tmp_path_factory: pytest.TempPathFactory) -> None:
    """``wasmlite run --env ... --dir HOST::/data app.wasm ARGS`` with stdin piped."""
    ours = RUNS.outcome("cli", "wasmlite", scenario, component, tmp_path_factory)
    _check_expected(scenario, ours, "cli")
    RUNS.assert_same_as_wasmtime("cli", scenario, ours, component, tmp_path_factory)


@pytest.mark.parametrize("scenario", ["main", "exit", "panic", "read-only"])
def test_component_api(scenario: str, component: Path,
                       tmp_path_factory: pytest.TempPathFactory) -> None:
    """``Linker.add_wasip2`` and ``Store.set_wasi`` with argv, env, ``/data``
    writable, ``/ro`` read-only and the standard streams as files; the ``run``
    export called directly."""
    ours = RUNS.outcome("api", "wasmlite", scenario, component, tmp_path_factory)
    _check_expected(scenario, ours, "api")
    RUNS.assert_same_as_wasmtime("api", scenario, ours, component, tmp_path_factory)


ERROR_CODES = ("access would-block already bad-descriptor busy deadlock quota exist "
               "file-too-large illegal-byte-sequence in-progress interrupted invalid io "
               "is-directory loop too-many-links message-size name-too-long no-device "
               "no-entry no-lock insufficient-memory insufficient-space not-directory "
               "not-empty not-recoverable unsupported no-tty no-such-device overflow "
               "not-permitted pipe read-only invalid-seek text-file-busy cross-device").split()
CREATE, TRUNCATE = 1, 8
READ, WRITE, MUTATE_DIRECTORY = 1, 2, 32


def _open_at_read_only(runtime: str, tmp_path: Path) -> list[str]:
    api = importlib.import_module(runtime)
    components = importlib.import_module(f"{runtime}.component")
    engine = api.Engine()
    text = (Path(__file__).parent / "components" / "open_at_read_only.wat").read_text()
    loaded = components.Component(engine, text)
    linker = components.Linker(engine)
    linker.add_wasip2()
    answers = []
    for open_flags, flags in [(CREATE | TRUNCATE, WRITE | MUTATE_DIRECTORY),
                              (CREATE | TRUNCATE, WRITE), (0, READ | MUTATE_DIRECTORY)]:
        store = api.Store(engine)
        wasi = api.WasiConfig()
        wasi.preopen_dir(str(tmp_path), "/ro", False)
        store.set_wasi(wasi)
        code = linker.instantiate(store, loaded).get_func(store, "try")(store, open_flags, flags)
        answers.append("ok" if code == 0 else ERROR_CODES[code - 1])
    return answers


def test_open_at_under_a_read_only_preopen(tmp_path: Path) -> None:
    """The reduction of the ``read-only`` scenario: wasmtime checks a read-only
    preopen's create, truncate and write before anything else (not-permitted)
    and lets ``mutate-directory`` through to the open itself."""
    assert _open_at_read_only("wasmlite", tmp_path) == [
        "not-permitted", "not-permitted", "no-entry"]


@pytest.mark.skipif(not oracle_available(), reason="wasmtime-py is not installed")
def test_open_at_under_a_read_only_preopen_on_wasmtime(tmp_path: Path) -> None:
    assert _open_at_read_only("wasmtime", tmp_path) == [
        "not-permitted", "not-permitted", "no-entry"]
