#!/usr/bin/env python3
"""Build SQLite's speedtest1 for wasm32-wasi and run it under ``wasmlite run`` and under
wasmtime (wasmtime-py), comparing what each run printed (timing columns left out), its
exit status and the database file it left, byte for byte.

Nothing of SQLite is kept in this repository: its sources come from the package
registries at build time and everything is built in a work directory outside it
(default ``$XDG_CACHE_HOME/wasmlite-acceptance``, or ``~/.cache/...``):

- the amalgamation (sqlite3.c, sqlite3.h) from the npm package better-sqlite3 (``npm pack``);
- test/speedtest1.c from Debian's source package sqlite3 (``apt-get source``, with a
  private apt state directory whose deb-src entries mirror this machine's deb entries,
  so the system's apt configuration is left alone), or from ``--speedtest1-c FILE``.

Usage:
    python tests/acceptance/run_external.py speedtest1 [--work DIR] [--rebuild]
        [--run TESTSET:SIZE[:OPTION...]]...

Each ``--run`` is one comparison, e.g. ``main:5`` or ``main:1:--memdb``; the default set
is in DEFAULT_RUNS. ``--verify`` is always passed, so every run ends with speedtest1's
hash of all the results its queries returned. Exit status 0 when every run matched.
The pytest module test_speedtest1.py reruns a small part of this when the build is there.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

if __package__:
    from ._runtimes import run_command
else:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _runtimes import run_command  # type: ignore[no-redef]

NPM_PACKAGE = "better-sqlite3@12"
DEBIAN_SOURCE_PACKAGE = "sqlite3"

CFLAGS = [
    "--target=wasm32-wasi", "--sysroot=/usr", "-O2",
    "-D_WASI_EMULATED_MMAN", "-D_WASI_EMULATED_GETPID", "-D_WASI_EMULATED_PROCESS_CLOCKS",
    "-D_WASI_EMULATED_SIGNAL",
    "-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_OMIT_WAL",
    "-DSQLITE_OMIT_SHARED_CACHE", "-DSQLITE_OMIT_RANDOMNESS",
]
LIBS = ["-lwasi-emulated-mman", "-lwasi-emulated-getpid", "-lwasi-emulated-process-clocks",
        "-lwasi-emulated-signal"]

# testset:size[:extra options]. "trigger" is left out: the 3.40 speedtest1 runs it only
# after "main" has made its tables (alone it stops at "no such table: t1", alike in both).
DEFAULT_RUNS = ["debug1:1", "orm:1", "fp:1", "main:1", "main:1:--memdb", "cte:1", "main:5"]

TIMING = re.compile(rb" +\d+\.\d{3}s$", re.MULTILINE)


def default_work_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wasmlite-acceptance"


def speedtest1_wasm(work: Path | None = None) -> Path:
    return (work or default_work_dir()) / "speedtest1" / "speedtest1.wasm"


def without_timing(stdout: bytes) -> bytes:
    """speedtest1's report less each test's elapsed seconds (``   0.123s`` at line ends)."""
    return TIMING.sub(b"", stdout)


# -- sources and build ------------------------------------------------------------------

def _amalgamation(into: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = subprocess.run(["npm", "pack", NPM_PACKAGE, "--pack-destination", scratch, "--silent"],
                             check=True, capture_output=True, text=True).stdout.split()[-1]
        with tarfile.open(os.path.join(scratch, out)) as tar:
            for name in ("sqlite3.c", "sqlite3.h"):
                member = tar.getmember(f"package/deps/sqlite3/{name}")
                (into / name).write_bytes(tar.extractfile(member).read())


def _deb_src_entries() -> str:
    """deb-src stanzas for every deb822 ``Types: deb`` stanza of this machine's apt sources."""
    stanzas = []
    for path in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        for stanza in path.read_text().split("\n\n"):
            lines = [line for line in stanza.splitlines() if line and not line.startswith("#")]
            if any(line.split(":", 1)[0] == "Types" and "deb" in line.split(":", 1)[1].split()
                   for line in lines):
                stanzas.append("\n".join("Types: deb-src" if line.startswith("Types:") else line
                                         for line in lines))
    if not stanzas:
        raise SystemExit("no deb822 apt sources under /etc/apt/sources.list.d to take deb-src "
                         "entries from; pass --speedtest1-c FILE")
    return "\n\n".join(stanzas) + "\n"


def _speedtest1_c(into: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "parts").mkdir()
        (root / "lists" / "partial").mkdir(parents=True)
        (root / "parts" / "src.sources").write_text(_deb_src_entries())
        options = ["-o", "Dir::Etc::SourceList=/dev/null", "-o", f"Dir::Etc::SourceParts={root / 'parts'}",
                   "-o", f"Dir::State::Lists={root / 'lists'}"]
        if os.geteuid() == 0:  # apt's download user cannot reach the private directory
            options += ["-o", "APT::Sandbox::User=root"]
        subprocess.run(["apt-get", *options, "update", "-qq"], check=True)
        subprocess.run(["apt-get", *options, "source", "--download-only", "-qq", DEBIAN_SOURCE_PACKAGE],
                       check=True, cwd=root)
        (orig,) = root.glob(f"{DEBIAN_SOURCE_PACKAGE}_*.orig.tar.*")
        with tarfile.open(orig) as tar:
            (member,) = [m for m in tar.getmembers() if m.name.endswith("/test/speedtest1.c")]
            (into / "speedtest1.c").write_bytes(tar.extractfile(member).read())


def build(work: Path, rebuild: bool = False, speedtest1_c: Path | None = None) -> Path:
    wasm = speedtest1_wasm(work)
    if wasm.exists() and not rebuild:
        return wasm
    src = wasm.parent
    src.mkdir(parents=True, exist_ok=True)
    if rebuild or not (src / "sqlite3.c").exists():
        print(f"fetching the SQLite amalgamation ({NPM_PACKAGE} from npm)", flush=True)
        _amalgamation(src)
    if speedtest1_c is not None:
        shutil.copyfile(speedtest1_c, src / "speedtest1.c")
    elif rebuild or not (src / "speedtest1.c").exists():
        print(f"fetching speedtest1.c (Debian source package {DEBIAN_SOURCE_PACKAGE})", flush=True)
        _speedtest1_c(src)
    print("compiling speedtest1.wasm (a few minutes)", flush=True)
    started = time.monotonic()
    subprocess.run(["clang", *CFLAGS, "-I", str(src), str(src / "speedtest1.c"), str(src / "sqlite3.c"),
                    "-o", str(wasm), *LIBS], check=True)
    print(f"built {wasm} ({wasm.stat().st_size} bytes) in {time.monotonic() - started:.0f} s", flush=True)
    return wasm


# -- runs -------------------------------------------------------------------------------

class Outcome:
    def __init__(self, code: int, stdout: bytes, stderr: bytes, database: bytes | None, seconds: float):
        self.code, self.stdout, self.stderr = code, stdout, stderr
        self.database, self.seconds = database, seconds

    def comparable(self):
        return self.code, without_timing(self.stdout), self.stderr, self.database


def _database(directory: Path) -> bytes | None:
    path = directory / "test.db"
    return path.read_bytes() if path.exists() else None


def run_wasmtime(wasm: Path, args: list[str], directory: Path, engine_module=None) -> Outcome:
    import wasmtime
    started = time.monotonic()
    engine, module = engine_module or _compile_with_wasmtime(wasm)
    result = run_command(wasmtime, engine, module, ["speedtest1", *args], preopens={".": str(directory)})
    return Outcome(result.code, result.stdout, result.stderr, _database(directory), time.monotonic() - started)


def _compile_with_wasmtime(wasm: Path):
    import wasmtime
    engine = wasmtime.Engine()
    return engine, wasmtime.Module.from_file(engine, str(wasm))


def run_wasmlite_cli(wasm: Path, args: list[str], directory: Path) -> Outcome:
    """``wasmlite run`` in a child process, without the code cache so that the compiler
    of this checkout compiles every function that runs."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "wasmlite", "run", "--no-cache", "--argv0", "speedtest1",
                           "--dir", f"{directory}::.", str(wasm), *args], capture_output=True)
    return Outcome(proc.returncode, proc.stdout, proc.stderr, _database(directory), time.monotonic() - started)


def compare(wasm: Path, spec: str, work: Path) -> tuple[bool, Outcome, Outcome]:
    testset, size, *extra = spec.split(":")
    args = ["--testset", testset, "--size", size, "--verify", *extra, "test.db"]
    base = work / "runs" / spec.replace(":", "_").replace("-", "")
    outcomes = []
    for name, runner in (("wasmtime", run_wasmtime), ("wasmlite", run_wasmlite_cli)):
        directory = base / name
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        outcome = runner(wasm, args, directory)
        (directory / "stdout").write_bytes(outcome.stdout)
        (directory / "stderr").write_bytes(outcome.stderr)
        outcomes.append(outcome)
    expected, got = outcomes
    return expected.comparable() == got.comparable(), expected, got


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="program", required=True)
    speed = sub.add_parser("speedtest1", help="build and compare SQLite's speedtest1")
    speed.add_argument("--work", type=Path, default=default_work_dir(), help="work directory (default: %(default)s)")
    speed.add_argument("--rebuild", action="store_true", help="fetch the sources and compile again")
    speed.add_argument("--speedtest1-c", type=Path, help="use this speedtest1.c instead of Debian's")
    speed.add_argument("--run", action="append", metavar="TESTSET:SIZE[:OPTION...]",
                       help=f"a run to compare (repeatable; default: {' '.join(DEFAULT_RUNS)})")
    options = parser.parse_args(argv)

    wasm = build(options.work, options.rebuild, options.speedtest1_c)
    failures = 0
    print(f"{'run':<18} {'exit':>4} {'wasmtime':>9} {'wasmlite':>9}  result")
    for spec in options.run or DEFAULT_RUNS:
        same, expected, got = compare(wasm, spec, options.work)
        hash_line = next((line for line in expected.stdout.splitlines() if line.startswith(b"Verification Hash")), b"")
        db = "" if expected.database is None else f", database {len(expected.database)} bytes"
        verdict = "identical" if same else "DIFFERENT"
        print(f"{spec:<18} {expected.code:>4} {expected.seconds:>8.1f}s {got.seconds:>8.1f}s  "
              f"{verdict}{db}  {hash_line.decode()}", flush=True)
        if not same:
            failures += 1
            print(f"   outputs kept in {options.work / 'runs'}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
