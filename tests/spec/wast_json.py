"""Read a ``.wast`` script through ``wasm-tools json-from-wast``.

The tool turns the script into a JSON list of commands plus one binary file
per module; conversions are cached in the temporary directory, keyed by the
script's content and the tool's identity. The JSON is then translated into
the commands of ``script``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import script as s

CACHE_DIR = Path(tempfile.gettempdir()) / "wasmlite-spec-json"
TOOL_TIMEOUT_SECONDS = 300


class ScriptUnavailable(Exception):
    """The script cannot be read here (a tool is missing): skip, not failure."""


class ConversionError(Exception):
    """``wasm-tools`` rejected the script."""


def wasm_tools() -> Path | None:
    """The ``wasm-tools`` executable: next to the running Python, else on PATH."""
    beside = Path(sys.executable).parent / "wasm-tools"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("wasm-tools")
    return Path(found) if found else None


def wasm_tools_version() -> str:
    """``wasm-tools --version``, or ``unavailable``."""
    tool = wasm_tools()
    if tool is None:
        return "unavailable"
    done = subprocess.run([str(tool), "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def read_script(path: Path, name: str) -> s.Script:
    """The commands of the ``.wast`` file ``path``, called ``name`` in reports."""
    tool = wasm_tools()
    if tool is None:
        raise ScriptUnavailable("wasm-tools not found (next to the Python executable or on PATH)")
    out_dir = _converted(path, tool)
    with open(out_dir / "script.json", encoding="utf-8") as f:
        data = json.load(f)
    commands = tuple(_command(c, out_dir) for c in data["commands"])
    return s.Script(name, commands)


def _converted(path: Path, tool: Path) -> Path:
    """The cache directory holding the conversion of ``path`` (made if absent)."""
    source = path.read_bytes()
    stat = tool.stat()
    key = hashlib.sha256()
    key.update(f"{tool}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    key.update(source)
    out_dir = CACHE_DIR / f"{path.stem}-{key.hexdigest()[:20]}"
    if (out_dir / "script.json").is_file():
        return out_dir
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{path.stem}-", dir=CACHE_DIR))
    try:
        done = subprocess.run(
            [str(tool), "json-from-wast", str(path), "-o", str(work / "script.json"),
             "--wasm-dir", str(work)],
            capture_output=True, text=True, check=False, timeout=TOOL_TIMEOUT_SECONDS,
        )
        if done.returncode != 0:
            message = done.stderr.replace(str(path), path.name).strip().splitlines()
            raise ConversionError(
                "wasm-tools json-from-wast failed: " + (" | ".join(message[:4]) or "no message")
            )
        try:
            os.rename(work, out_dir)
        except OSError:
            if not (out_dir / "script.json").is_file():
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return out_dir


# ------------------------------------------------------- JSON -> commands

_INT_MASKS = {"i8": 0xFF, "i16": 0xFFFF, "i32": 0xFFFF_FFFF, "i64": 0xFFFF_FFFF_FFFF_FFFF,
              "f32": 0xFFFF_FFFF, "f64": 0xFFFF_FFFF_FFFF_FFFF}

# Reference type names of the JSON, with the heap type they denote.
_REF_HEAPS = {
    "funcref": "func", "externref": "extern", "anyref": "any", "exnref": "exn",
    "eqref": "eq", "i31ref": "i31", "structref": "struct", "arrayref": "array",
    "nullref": "none", "nullfuncref": "nofunc", "nullexternref": "noextern",
    "nullexnref": "noexn",
}
_BOTTOM_HEAPS = {"none", "nofunc", "noextern", "noexn"}


def _lane(lane_type: str, text: str) -> s.Num | s.NanPattern:
    if text.startswith("nan:"):
        return s.NanPattern(lane_type, text[4:])
    return s.Num(lane_type, int(text) & _INT_MASKS[lane_type])


def value_from_json(v: dict[str, Any]) -> s.Value:
    """One argument or expected result, from its JSON form."""
    kind = v["type"]
    value = v.get("value")
    if kind in ("i32", "i64", "f32", "f64"):
        return _lane(kind, value)
    if kind == "v128":
        return s.V128(v["lane_type"], tuple(_lane(v["lane_type"], x) for x in value))
    if kind == "either":
        return s.Either(tuple(value_from_json(x) for x in v["values"]))
    if kind == "refnull":
        return s.RefNull(None)
    if kind not in _REF_HEAPS:
        raise ValueError(f"unknown value type {kind!r}")
    heap = _REF_HEAPS[kind]
    if value == "null" or heap in _BOTTOM_HEAPS:
        return s.RefNull(heap)
    if heap == "extern":
        return s.RefExtern(None if value is None else int(value))
    if heap == "any" and value is not None:
        return s.RefHost(int(value))
    if value is not None:
        raise ValueError(f"unexpected payload {value!r} for {kind}")
    return s.RefNonNull(heap)


def _action(a: dict[str, Any]) -> s.Action:
    module = a.get("module")
    if a["type"] == "invoke":
        return s.Invoke(module, a["field"], tuple(value_from_json(x) for x in a.get("args", ())))
    if a["type"] == "get":
        return s.Get(module, a["field"])
    raise ValueError(f"unknown action {a['type']!r}")


def _source(c: dict[str, Any], out_dir: Path) -> s.ModuleSource:
    text = c.get("module_type") == "text"
    filename = c.get("binary_filename") if text else c.get("filename")
    binary = (out_dir / filename).read_bytes() if filename else None
    return s.ModuleSource(binary, text)


_ASSERT_MODULE_KINDS = {
    "assert_malformed": "malformed",
    "assert_invalid": "invalid",
    "assert_unlinkable": "unlinkable",
    "assert_uninstantiable": "uninstantiable",
    "assert_malformed_custom": "malformed_custom",
    "assert_invalid_custom": "invalid_custom",
}


def _command(c: dict[str, Any], out_dir: Path) -> s.Command:
    line = c["line"]
    kind = c["type"]
    try:
        if kind in ("module", "module_definition"):
            return s.Module(line, c.get("name"), _source(c, out_dir), kind == "module_definition")
        if kind == "module_instance":
            return s.ModuleInstance(line, c.get("instance"), c.get("module"))
        if kind == "register":
            return s.Register(line, c["as"], c.get("name"))
        if kind in _ASSERT_MODULE_KINDS:
            return s.AssertModule(line, _ASSERT_MODULE_KINDS[kind], _source(c, out_dir), c["text"])
        if kind == "action":
            return s.PerformAction(line, _action(c["action"]))
        if kind == "assert_return":
            expected = tuple(value_from_json(x) for x in c.get("expected") or ())
            return s.AssertReturn(line, _action(c["action"]), expected)
        if kind == "assert_trap":
            return s.AssertTrap(line, _action(c["action"]), c["text"])
        if kind == "assert_exhaustion":
            return s.AssertExhaustion(line, _action(c["action"]), c["text"])
        if kind == "assert_exception":
            return s.AssertException(line, _action(c["action"]))
    except (KeyError, ValueError) as e:
        return s.Unsupported(line, f"{kind}: {type(e).__name__}: {e}")
    return s.Unsupported(line, f"command {kind!r}")
