"""Helpers shared by the embedding API tests: turning WAT into module binaries."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys

import pytest


@functools.lru_cache(maxsize=None)
def _wasm_tools() -> str | None:
    here = os.path.join(os.path.dirname(sys.executable), "wasm-tools")
    return here if os.path.exists(here) else shutil.which("wasm-tools")


@functools.lru_cache(maxsize=None)
def wat(text: str) -> bytes:
    """The binary of a WAT module, from wasm-tools when installed, else from wasmlite's
    own text parser; skips the test when neither is available."""
    tool = _wasm_tools()
    if tool is not None:
        proc = subprocess.run([tool, "parse", "-"], input=text.encode(), capture_output=True)
        if proc.returncode != 0:
            raise ValueError(proc.stderr.decode())
        return proc.stdout
    try:
        from wasmlite.text import wat2wasm
    except ImportError:
        pytest.skip("no WAT parser available (wasm-tools or wasmlite.text)")
    return bytes(wat2wasm(text))

