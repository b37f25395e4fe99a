"""Runs an app component of ``apps/`` (a ``wasi:cli/run`` command) in a fresh
process and records what it did, on wasmlite or on wasmtime-py (the reference).

Two routes, the same for both runtimes:

* ``cli``: the command line, ``python -m wasmlite run`` for wasmlite and the
  same ``cli.main`` on wasmtime-py's API for the reference (as
  ``runner.run_oracle``), with ``--env``, ``--dir HOST::/data`` and arguments,
  standard input from a pipe;
* ``api``: ``component.Linker.add_wasip2()`` and ``Store.set_wasi`` with a
  ``WasiConfig`` (argv, env, ``/data`` writable and ``/ro`` read-only,
  standard streams as files), the ``run`` export called directly
  (``python tests/wasi/preview2/app_runner.py api RUNTIME COMPONENT SPEC``).

Both use the code cache (the command line's default one; ``Config.cache =
True`` for the API), so only the first run on a machine compiles.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

RUNTIMES = ("wasmlite", "wasmtime")
TIMEOUT = 900
"""Seconds a run may take: a first run compiles a whole interpreter."""

_CLI = {
    "wasmlite": ["-m", "wasmlite"],
    "wasmtime": ["-c", "import sys, wasmtime\nfrom wasmlite import cli\n"
                       "sys.exit(cli.main(sys.argv[1:], api=wasmtime))\n"],
}


@dataclasses.dataclass(frozen=True)
class Invocation:
    """How to run an app: its arguments, environment, standard input and the
    files of its preopened directories (``/data`` read-write; ``/ro``
    read-only, given through the API only)."""

    args: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    stdin: bytes = b""
    data: tuple[tuple[str, bytes], ...] = ()
    read_only: tuple[tuple[str, bytes], ...] = ()


@dataclasses.dataclass
class Outcome:
    """What a run did: exit status, standard output and error, the files left
    in ``/data`` (a link as ``b"-> target"``, a folder as ``None``), and, for
    the API route, the error the ``run`` call raised (type and message)."""

    status: int
    stdout: bytes
    stderr: bytes
    files: dict[str, bytes | None]
    error: str = ""
    seconds: float = dataclasses.field(default=0.0, compare=False)

    def lines(self) -> list[str]:
        """Standard output as text lines."""
        return self.stdout.decode("utf-8", errors="replace").splitlines()


def _lay_out(folder: Path, files: tuple[tuple[str, bytes], ...]) -> None:
    folder.mkdir(parents=True)
    for name, content in files:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    found: dict[str, bytes | None] = {}
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = b"-> " + os.readlink(path).encode()
            elif path.is_dir():
                found[key + "/"] = None
            else:
                found[key] = path.read_bytes()
    return dict(sorted(found.items()))


def run_cli(runtime: str, component: Path, invocation: Invocation, workdir: Path) -> Outcome:
    """``invocation`` through the command line of ``runtime``."""
    data = workdir / "data"
    _lay_out(data, invocation.data)
    argv = [sys.executable, *_CLI[runtime], "run"]
    for name, value in invocation.env:
        argv += ["--env", f"{name}={value}"]
    argv += ["--dir", f"{data}::/data", str(component), *invocation.args]
    start = time.perf_counter()
    done = subprocess.run(argv, input=invocation.stdin, capture_output=True, timeout=TIMEOUT,
                          env={**os.environ, "RUST_BACKTRACE": "0"})
    return Outcome(done.returncode, done.stdout, done.stderr, _snapshot(data),
                   seconds=time.perf_counter() - start)


def run_api(runtime: str, component: Path, invocation: Invocation, workdir: Path) -> Outcome:
    """``invocation`` through the component API of ``runtime``."""
    data, read_only = workdir / "data", workdir / "ro"
    _lay_out(data, invocation.data)
    _lay_out(read_only, invocation.read_only)
    (workdir / "stdin").write_bytes(invocation.stdin)
    spec = {"argv": [component.name, *invocation.args], "env": list(invocation.env),
            "dirs": [[str(data), "/data", True], [str(read_only), "/ro", False]],
            "stdin": str(workdir / "stdin"), "stdout": str(workdir / "stdout"),
            "stderr": str(workdir / "stderr")}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "api", runtime, str(component),
                           json.dumps(spec)], capture_output=True, timeout=TIMEOUT,
                          env={**os.environ, "RUST_BACKTRACE": "0"})
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"the API run on {runtime} failed: {done.stderr.decode()[-2000:]}")
    report = json.loads(done.stdout.decode().splitlines()[-1])
    return Outcome(report["status"], (workdir / "stdout").read_bytes(),
                   (workdir / "stderr").read_bytes(), _snapshot(data), report["error"],
                   seconds=seconds)


def _api_child(runtime: str, path: str, spec_text: str) -> None:
    """One API run (in its own process): prints ``{"status", "error"}`` as JSON."""
    api = importlib.import_module(runtime)
    components = importlib.import_module(f"{runtime}.component")
    spec = json.loads(spec_text)
    config = api.Config()
    config.cache = True
    engine = api.Engine(config)
    wasi = api.WasiConfig()
    wasi.argv = spec["argv"]
    wasi.env = [tuple(pair) for pair in spec["env"]]
    for host, guest, mutable in spec["dirs"]:
        wasi.preopen_dir(host, guest, mutable)
    wasi.stdin_file = spec["stdin"]
    wasi.stdout_file = spec["stdout"]
    wasi.stderr_file = spec["stderr"]
    store = api.Store(engine)
    store.set_wasi(wasi)
    component = components.Component.from_file(engine, path)
    run_name = next(name for name in component.type.exports(engine)
                    if name.startswith("wasi:cli/run@0.2."))
    linker = components.Linker(engine)
    linker.add_wasip2()
    instance = linker.instantiate(store, component)
    interface = instance.get_export_index(store, run_name)
    run = instance.get_func(store, instance.get_export_index(store, "run", interface))
    error = ""
    try:
        result = run(store)
    except api.ExitTrap as exc:
        status = exc.code
    except (api.Trap, api.WasmtimeError) as exc:
        status, error = 134, f"{type(exc).__name__}: {exc}"
    else:
        status = 1 if getattr(result, "tag", "ok") == "err" else 0
    print(json.dumps({"status": status, "error": error}))


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "api":
        sys.exit("usage: app_runner.py api RUNTIME COMPONENT SPEC_JSON")
    _api_child(*sys.argv[2:])


class AppRuns:
    """The runs of one app's scenarios, each made once per test session and
    shared by the tests that look at it."""

    def __init__(self, app: str, scenarios: dict[str, Invocation]) -> None:
        self.app = app
        self.scenarios = scenarios
        self._outcomes: dict[tuple[str, str, str], Outcome] = {}

    def outcome(self, route: str, runtime: str, scenario: str, component: Path,
                factory) -> Outcome:
        """What ``runtime`` did for ``scenario`` through ``route`` ("cli" or "api")."""
        key = (route, runtime, scenario)
        if key not in self._outcomes:
            run = run_cli if route == "cli" else run_api
            workdir = factory.mktemp(f"{self.app}-{route}-{runtime}-{scenario}")
            self._outcomes[key] = run(runtime, component, self.scenarios[scenario], workdir)
        return self._outcomes[key]

    def assert_same_as_wasmtime(self, route: str, scenario: str, ours: Outcome,
                                component: Path, factory) -> None:
        """Exit status, output, error and files left behind equal wasmtime-py's."""
        import pytest

        from .runner import oracle_available
        if not oracle_available():
            pytest.skip("checked under wasmlite; wasmtime-py (the reference) is not installed")
        theirs = self.outcome(route, "wasmtime", scenario, component, factory)
        assert ours.status == theirs.status
        assert ours.stdout == theirs.stdout
        assert ours.stderr == theirs.stderr
        assert ours.error == theirs.error
        assert ours.files == theirs.files
