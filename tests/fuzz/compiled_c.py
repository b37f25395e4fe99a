"""C programs built natively and for wasm32-wasi, the wasm build run by wasmlite.

A program's native build (gcc) is the reference: the wasm builds (clang at
each of :data:`OPT_LEVELS`) must print the same output and exit with the same
status under wasmlite. A program that runs longer than a limit natively is
skipped; a wasm run that passes its limit (wasmlite is a pure-Python tier,
hundreds of times slower than native code) counts as slow, not as a divergence.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import isolate
from .tools import WASI_SYSROOT, clang, gcc, wasm_opt

OPT_LEVELS = ("-O0", "-O1", "-O2", "-Os")
WASM_OPT_LEVEL = "-O2+wasm-opt"
"""clang -O2, then binaryen's ``wasm-opt -O3`` (as emscripten builds do): binaryen
makes blocks that yield values and branches that carry them, which clang 14
alone hardly ever emits. Used where wasm-opt is installed."""


def default_levels() -> tuple[str, ...]:
    """The wasm builds to check here: the four clang levels, and the wasm-opt
    build when wasm-opt is installed."""
    return OPT_LEVELS + ((WASM_OPT_LEVEL,) if wasm_opt() else ())
NATIVE_TIMEOUT = 2.0
WASM_TIMEOUT = 60.0
WASM_FUEL = 2_000_000_000
"""Fuel for one wasm run: a deterministic bound far above what a program that
finishes in time consumes, so that the run stops even if the clock does not."""

_QUIET = ["-w", "-fno-strict-aliasing"]


@dataclass
class LevelResult:
    level: str
    status: str          # "same", "different", "platform", "slow", "build-failed", "error"
    """"platform": wasmlite's output differs from the native build's, but wasmtime
    prints exactly what wasmlite prints, so the wasm32 build itself differs."""
    detail: str = ""


@dataclass
class ProgramResult:
    native_status: str   # "ok", "slow", "build-failed"
    native_output: str = ""
    levels: list[LevelResult] = field(default_factory=list)

    @property
    def divergences(self) -> list[LevelResult]:
        return [r for r in self.levels if r.status in ("different", "error")]


def run_wasm(path: str, argv: list[str], engine_package: str = "wasmlite") -> tuple[int | str, bytes]:
    """Run the WASI program ``path`` with the API of ``engine_package`` (wasmlite, or
    wasmtime as the reference); its exit status (or "trap: " and the trap's last
    line) and its standard output. Meant to run in a child process."""
    api = importlib.import_module(engine_package)
    config = api.Config()
    config.consume_fuel = True
    engine = api.Engine(config)
    store = api.Store(engine)
    store.set_fuel(WASM_FUEL)
    wasi = api.WasiConfig()
    out_path = f"{path}.{engine_package}.stdout"
    wasi.stdout_file = out_path
    wasi.argv = [os.path.basename(path), *argv]
    store.set_wasi(wasi)
    linker = api.Linker(engine)
    linker.define_wasi()
    module = api.Module.from_file(engine, path)
    status: int | str = 0
    try:
        instance = linker.instantiate(store, module)
        instance.exports(store)["_start"](store)
    except api.ExitTrap as exc:
        status = exc.code
    except api.Trap as exc:
        status = "trap: " + str(exc).strip().splitlines()[-1].strip()
    return status, Path(out_path).read_bytes()


def _build(cmd: list[str]) -> str | None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["failed"])[-1]
    return None


def check_program(source: Path, work: Path, *, include: list[str] = (),
                  argv: list[str] = (), levels: tuple[str, ...] | None = None,
                  native_timeout: float = NATIVE_TIMEOUT,
                  wasm_timeout: float = WASM_TIMEOUT) -> ProgramResult:
    """Build ``source`` natively and at each of ``levels`` for wasm; compare the runs."""
    flags = [*_QUIET, *[f"-I{d}" for d in include]]
    native = work / (source.stem + ".native")
    problem = _build([gcc(), "-O1", *flags, str(source), "-o", str(native)])
    if problem:
        return ProgramResult("build-failed", problem)
    try:
        done = subprocess.run([str(native), *argv], capture_output=True, timeout=native_timeout)
    except subprocess.TimeoutExpired:
        return ProgramResult("slow")
    expected = (done.returncode, done.stdout)
    result = ProgramResult("ok", done.stdout.decode(errors="replace"))
    for level in levels if levels is not None else default_levels():
        wasm = work / f"{source.stem}{level}.wasm"
        clang_level, _, post = level.partition("+")
        problem = _build([clang(), "--target=wasm32-wasi", f"--sysroot={WASI_SYSROOT}", clang_level,
                          *flags, str(source), "-o", str(wasm)])
        if not problem and post == "wasm-opt":
            problem = _build([wasm_opt(), "-O3", str(wasm), "-o", str(wasm)])
        if problem:
            result.levels.append(LevelResult(level, "build-failed", problem))
            continue
        outcome = isolate.run(run_wasm, str(wasm), list(argv), timeout=wasm_timeout)
        if outcome.status == "timeout":
            result.levels.append(LevelResult(level, "slow", outcome.value))
        elif outcome.status != "ok":
            result.levels.append(LevelResult(level, "error", f"{outcome.status}: {outcome.value}"))
        elif outcome.value[0] == "trap: all fuel consumed by WebAssembly":
            result.levels.append(LevelResult(level, "slow", "ran out of fuel"))
        elif outcome.value != expected:
            status, out = outcome.value
            detail = (f"native: status {expected[0]}, output {_tail(expected[1])}\n"
                      f"wasmlite: status {status}, output {_tail(out)}")
            reference = _reference_run(wasm, argv, wasm_timeout)
            if reference is not None:
                detail += f"\nwasmtime: status {reference[0]}, output {_tail(reference[1])}"
            verdict = "platform" if reference == outcome.value else "different"
            result.levels.append(LevelResult(level, verdict, detail))
        else:
            result.levels.append(LevelResult(level, "same"))
    return result


def _reference_run(wasm: Path, argv: list[str], timeout: float) -> tuple[int | str, bytes] | None:
    """The same wasm build run by wasmtime, when the package is installed: it tells a
    wasmlite defect from a wasm32 build that differs from the native one."""
    if importlib.util.find_spec("wasmtime") is None:
        return None
    outcome = isolate.run(run_wasm, str(wasm), list(argv), "wasmtime", timeout=timeout)
    return outcome.value if outcome.status == "ok" else None


def _tail(data: bytes, keep: int = 400) -> str:
    text = data.decode(errors="replace")
    return repr(text if len(text) <= keep else "..." + text[-keep:])


def scratch() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="wasmlite-fuzz-")
