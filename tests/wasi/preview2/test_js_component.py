"""A JavaScript app made a component by componentize-js (``apps/js``: the
StarlingMonkey engine, about 12 MB) runs as a WASI preview 2 command under
``wasmlite run`` and through ``wasmlite.component`` (``Linker.add_wasip2``),
and gives the bytes wasmtime-py gives: standard output and error, exit status
and the files it leaves, for arguments and environment (``wasi:cli/environment``),
a JSON document on standard input turned into sorted, grouped and formatted
text (regular expressions, string and number formatting, BigInt), files in a
preopened directory (``wasi:filesystem``), clocks and random numbers (checked
inside the app), ``wasi:cli/exit`` with ``err``, and an exception thrown out
of ``run``.

The component is built once per machine (``build_components.py``: npm installs
jco and componentize-js into the cache; skipped with the reason when node, npm
or the registry is missing); every run is a fresh process using the code
cache. Each test checks wasmlite's run against what the app must print, then
compares it with wasmtime-py's (skipped without wasmtime-py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import wasmlite
from wasmlite import component as wasmlite_component

from .app_runner import AppRuns, Invocation, Outcome
from .build_components import Unavailable, js_app_component
from .runner import oracle_available

DOCUMENT = {
    "title": "the quick brown fox",
    "unicode": "Straße café ñ",
    "people": [{"name": "ada", "score": 91, "tags": ["math", "engines"]},
               {"name": "grace", "score": 97, "tags": ["cobol", "navy"]},
               {"name": "alan", "score": 91, "tags": ["math", "logic"]},
               {"name": "edsger", "score": 88, "tags": ["logic", "algol"]}],
    "notes": ("Met on 2024-02-29 and 1999-12-31; mail Ada.L@example.org or "
              "grace+x@navy.mil. The the fox, the dog." + " filler words" * 60),
}
STDIN = json.dumps(DOCUMENT, ensure_ascii=False, indent=1).encode()
DATA = (("greeting.txt", b"hello\nworld\n"), ("sub/deep.txt", b"nested\n"),
        ("zeros.bin", bytes(5000)))
READ_ONLY = (("fixed.txt", b"fixed\n"),)

SCENARIOS = {
    "main": Invocation(args=("main", "second word", ""),
                       env=(("GREETING", "hello there"), ("EMPTY", ""), ("UNICODE", "ünï ✓")),
                       stdin=STDIN, data=DATA, read_only=READ_ONLY),
    "exit": Invocation(args=("exit",)),
    "throw": Invocation(args=("throw",)),
}

MAIN_LINES = [
    "argv0: " + "{component}",
    'args: ["main","second word",""]',
    'env EMPTY=""',
    'env GREETING="hello there"',
    'env UNICODE="ünï ✓"',
    "grace.......   97 cobol+navy",
    "ada.........   91 math+engines",
    "alan........   91 math+logic",
    "edsger......   88 logic+algol",
    '  "math": [',
    "dates: 29/02/2024, 31/12/1999",
    "emails: ada.l@example.org grace+x@navy.mil.",
    "top words: filler=60 words=60 the=3 ada=1 and=1",
    "title case: The Quick Brown Fox",
    "reversed: xof nworb kciuq eht",
    "unicode: STRASSE CAFÉ Ñ length 13 utf-8 length 16 "
    "code points 53 74 72 61 df 65 20 63 61 66 e9 20 f1",
    "mean 91.750 hex 16f44d exp 5.2429e+1 sqrt 19.157244060668017",
    "bigint 2^100 = 1267650600228229401496703205376, 25! = 15511210043330985984000000",
    "floats: 0.30000000000000004 1e+21 0 0.3333333333333333 9007199254740991 123.5",
    "dates fixed: 1970-01-01T00:00:00.000Z 2024-02-29T12:30:00.000Z",
    "  greeting.txt: 12 bytes, fnv1a 3d3d5389, end false",
    "  sub: directory",
    "  zeros.bin: 5000 bytes, fnv1a 4b7da765, end false",
    'wrote 19 bytes, read back "written by js: ✓\\n"',
    "missing.txt: no-entry",
    "../escape.txt: not-permitted",
    "random lengths: 32 32 differ: true",
    "line 0599   358801  3649",
    "block: 600 lines, 14999 characters",
    "done",
]
"""Lines the ``main`` run must print (besides every sanity check saying true)."""

RUNS = AppRuns("js", SCENARIOS)


@pytest.fixture(scope="module")
def component() -> Path:
    try:
        return js_app_component()
    except Unavailable as exc:
        pytest.skip(f"cannot build the componentize-js app: {exc}")


def _check_expected(scenario: str, outcome: Outcome, route: str, component: Path) -> None:
    stderr = outcome.stderr.decode("utf-8", errors="replace")
    if scenario == "main":
        assert outcome.status == 0, stderr
        assert outcome.stderr == b"a note on stderr\n"
        lines = outcome.lines()
        expected = [line.format(component=component.name) for line in MAIN_LINES]
        assert [line for line in expected if line not in lines] == []
        assert [line for line in lines if line.endswith(": false")] == []
        assert f"preopens: {'/data /ro' if route == 'api' else '/data'}" in lines
        assert outcome.files["from-js.txt"] == "written by js: ✓\n".encode()
        assert outcome.files["zeros.bin"] == bytes(5000)
    elif scenario == "exit":
        assert (outcome.status, outcome.stdout, outcome.stderr) == (1, b"exiting with err\n", b"")
    elif scenario == "throw":
        # componentize-js makes the exception `run`'s err, without a word
        assert (outcome.status, outcome.stdout, outcome.stderr) == (1, b"about to throw\n", b"")


@pytest.mark.parametrize("scenario", ["main", "exit", "throw"])
def test_command_line(scenario: str, component: Path,
                      tmp_path_factory: pytest.TempPathFactory) -> None:
    """``wasmlite run --env ... --dir HOST::/data app.wasm ARGS`` with stdin piped."""
    ours = RUNS.outcome("cli", "wasmlite", scenario, component, tmp_path_factory)
    _check_expected(scenario, ours, "cli", component)
    RUNS.assert_same_as_wasmtime("cli", scenario, ours, component, tmp_path_factory)


@pytest.mark.parametrize("scenario", ["main", "throw"])
def test_component_api(scenario: str, component: Path,
                       tmp_path_factory: pytest.TempPathFactory) -> None:
    """``Linker.add_wasip2`` and ``Store.set_wasi`` with argv, env, ``/data``
    writable, ``/ro`` read-only and the standard streams as files; the ``run``
    export called directly."""
    ours = RUNS.outcome("api", "wasmlite", scenario, component, tmp_path_factory)
    _check_expected(scenario, ours, "api", component)
    RUNS.assert_same_as_wasmtime("api", scenario, ours, component, tmp_path_factory)


RUN_0_2_12 = """(component
  (core module $m (func (export "run") (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $cli (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $cli)))"""
"""A component exporting ``wasi:cli/run`` at 0.2.12, as the JS app does."""


def test_run_export_is_found_by_a_compatible_version() -> None:
    """wasmtime-py's ``get_export_index`` matches versions as semver does
    (0.2.0, 0.2.12 and 0.2.40 are one 0.2 line), so a host written for
    ``wasi:cli/run@0.2.0`` runs the JS app's ``run``."""
    engine = wasmlite.Engine()
    loaded = wasmlite_component.Component(engine, RUN_0_2_12)
    store = wasmlite.Store(engine)
    instance = wasmlite_component.Linker(engine).instantiate(store, loaded)
    assert loaded.get_export_index("wasi:cli/run@0.2.0") is not None
    assert instance.get_export_index(store, "wasi:cli/run@0.2.0") is not None


@pytest.mark.skipif(not oracle_available(), reason="wasmtime-py is not installed")
def test_run_export_is_found_by_a_compatible_version_on_wasmtime() -> None:
    import wasmtime
    import wasmtime.component
    engine = wasmtime.Engine()
    loaded = wasmtime.component.Component(engine, RUN_0_2_12)
    store = wasmtime.Store(engine)
    instance = wasmtime.component.Linker(engine).instantiate(store, loaded)
    assert loaded.get_export_index("wasi:cli/run@0.2.0") is not None
    assert instance.get_export_index(store, "wasi:cli/run@0.2.0") is not None
