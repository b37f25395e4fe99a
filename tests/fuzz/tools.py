"""Where the external tools the fuzzers need are, and why a fuzzer cannot run."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WASI_SYSROOT = Path(os.environ.get("WASMLITE_WASI_SYSROOT", "/usr"))
"""The sysroot handed to ``clang --target=wasm32-wasi`` (Debian's wasi-libc lives in /usr)."""


def _beside_python(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


@functools.cache
def wasm_tools() -> str | None:
    return _beside_python("wasm-tools")


@functools.cache
def csmith() -> str | None:
    return shutil.which("csmith")


@functools.cache
def csmith_include() -> str | None:
    """The folder holding ``csmith.h`` (csmith's runtime header)."""
    for candidate in (os.environ.get("CSMITH_INCLUDE"), "/usr/include/csmith",
                      "/usr/local/include/csmith", "/usr/include/csmith-2.3.0"):
        if candidate and (Path(candidate) / "csmith.h").is_file():
            return candidate
    return None


@functools.cache
def gcc() -> str | None:
    return shutil.which("gcc") or shutil.which("cc")


@functools.cache
def wasm_opt() -> str | None:
    """binaryen's optimiser (optional: Debian's ``binaryen`` package)."""
    return shutil.which("wasm-opt")


@functools.cache
def clang() -> str | None:
    return shutil.which("clang")


@functools.cache
def wasm_c_compiler_problem() -> str | None:
    """Why C cannot be compiled to wasm32-wasi here (None when it can): clang
    with a wasm32 target, wasm-ld and wasi-libc must all be present."""
    if clang() is None:
        return "clang is not installed"
    if gcc() is None:
        return "no native C compiler (gcc) is installed"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "probe.c"
        source.write_text('#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n')
        done = subprocess.run([clang(), "--target=wasm32-wasi", f"--sysroot={WASI_SYSROOT}", "-O1",
                               str(source), "-o", str(Path(tmp) / "probe.wasm")],
                              capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return f"clang cannot build for wasm32-wasi with wasi-libc in {WASI_SYSROOT}: {last}"
    return None


def csmith_problem() -> str | None:
    if csmith() is None:
        return "csmith is not installed"
    if csmith_include() is None:
        return "csmith's runtime header csmith.h was not found (set CSMITH_INCLUDE)"
    return wasm_c_compiler_problem()


def differential_problem() -> str | None:
    """Why wasm-smith modules cannot be compared with wasmtime here (None when they can)."""
    try:
        import wasmtime  # noqa: F401
    except ImportError:
        return "the wasmtime package (the reference) is not installed"
    if wasm_tools() is None:
        return "wasm-tools is not installed"
    return None
