"""The component-model reference scripts seen through wasmlite's WAST parser
and through ``wasm-tools json-from-wast``.

:func:`examine` parses one script both ways and pairs the commands by line.
Components written as text must encode to the bytes ``wasm-tools parse``
writes. The one accepted difference: inside a component, a core module's
``name`` section holds every name wasm-tools knows (globals, memories, types,
...) while wasmlite's core encoder writes the module, function and local
names only; such components are compared with the core modules' ``name``
sections removed on both sides (:func:`without_core_names`).
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from wasmlite.component.text.script import ComponentValue, ScriptComponent
from wasmlite.text import script as s
from wasmlite.text.wast import parse_wast

from ..component_scripts import component_tests_folder, wasm_tools

REWRITES: dict[str, tuple[str, str, str]] = {
    "async/cancellable.wast": (
        r"(waitable-set\.(?:wait|poll)|thread\.yield) cancellable", r"\1",
        "wasm-tools 1.262 no longer reads the `cancellable` immediate of waitable-set.wait/poll and "
        "thread.yield (component-model#716); both sides read the script without it"),
}
"""Scripts wasm-tools cannot read as they are: a regular expression, its
replacement, and why. wasmlite's reading of the original is tested apart."""

_REFERENCE_TYPES = {"component": "module", "component_definition": "module_definition",
                    "component_instance": "module_instance"}


def script_text(name: str) -> str:
    """The script as both sides read it (rewritten where :data:`REWRITES` says)."""
    text = (component_tests_folder() / name).read_text(encoding="utf-8")
    if name in REWRITES:
        pattern, replacement, _ = REWRITES[name]
        text = re.sub(pattern, replacement, text)
    return text


def _leb(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _u32(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def without_core_names(wasm: bytes, component: bool = True) -> bytes:
    """``wasm`` (a component, or a core module) with the ``name`` sections of
    its core modules (at any depth) removed."""
    out = bytearray(wasm[:8])
    i = 8
    while i < len(wasm):
        section_id = wasm[i]
        size, j = _leb(wasm, i + 1)
        body = wasm[j:j + size]
        i = j + size
        if component and section_id == 1:
            body = without_core_names(body, False)
        elif component and section_id == 4:
            body = without_core_names(body, True)
        elif not component and section_id == 0:
            length, k = _leb(body, 0)
            if body[k:k + length] == b"name":
                continue
        out.append(section_id)
        out += _u32(len(body))
        out += body
    return bytes(out)


def value_json(v) -> dict:
    """A component value (or a core value) as ``json-from-wast`` writes it."""
    if isinstance(v, s.Value):
        return s.value_json(v)
    t, x = v.type, v.value
    if t in ("bool", "char", "string", "enum"):
        return {"type": t, "value": x}
    if t in ("list", "tuple"):
        return {"type": t, "value": [value_json(e) for e in x]}
    if t == "record":
        return {"type": t, "value": [[n, value_json(e)] for n, e in x]}
    if t == "variant":
        case, payload = x
        value = {"case": case} if payload is None else {"case": case, "payload": value_json(payload)}
        return {"type": t, "value": value}
    if t == "option":
        return {"type": t, "value": None if x is None else value_json(x)}
    if t == "result":
        kind, payload = x
        return {"type": t, "value": {kind.capitalize(): None if payload is None else value_json(payload)}}
    if t == "flags":
        return {"type": t, "value": list(x)}
    return {"type": t, "value": str(x)}


@dataclass
class Examined:
    """What :func:`examine` found in one script."""

    commands: int = 0                                   # commands wasmlite read
    reference_commands: int = 0                         # commands wasm-tools read
    misplaced: list = field(default_factory=list)       # (line, ours, theirs) commands that differ
    compared: int = 0                                   # text components compared with wasm-tools
    identical: int = 0                                  # ... byte-identical
    identical_but_core_names: int = 0                   # ... identical but for core `name` sections
    mismatches: list = field(default_factory=list)      # (line, reason)
    malformed: int = 0                                  # text assert_malformed components
    malformed_rejected: int = 0                         # ... rejected with a parse error
    accepted_malformed: list = field(default_factory=list)
    values: int = 0                                     # component values compared
    value_mismatches: list = field(default_factory=list)


def _holder(command) -> ScriptComponent | None:
    held = getattr(command, "component", None) or getattr(command, "module", None)
    return held if isinstance(held, ScriptComponent) else None


@functools.cache
def reference(name: str) -> tuple[list[dict], Path]:
    """``json-from-wast``'s commands for the script, and the folder of its binaries."""
    workdir = Path(tempfile.mkdtemp(prefix="wasmlite-component-text-"))
    source = workdir / "script.wast"
    source.write_text(script_text(name), encoding="utf-8")
    out = workdir / "commands.json"
    run = subprocess.run([wasm_tools(), "json-from-wast", str(source), "-o", str(out),
                          "--wasm-dir", str(workdir)], capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"wasm-tools cannot read {name}: {run.stderr.strip()[:500]}")
    return json.loads(out.read_text())["commands"], workdir


@functools.cache
def examine(name: str) -> Examined:
    """Parse ``name`` with wasmlite and with wasm-tools and compare (see the module docstring)."""
    result = Examined()
    ours = parse_wast(script_text(name))
    theirs, workdir = reference(name)
    result.commands, result.reference_commands = len(ours), len(theirs)
    for mine, ref in zip(ours, theirs):
        expected_type = _REFERENCE_TYPES.get(mine.type, mine.type)
        if mine.line != ref["line"] or expected_type != ref["type"]:
            result.misplaced.append((mine.line, mine.type, ref["line"], ref["type"]))
            continue
        held = _holder(mine)
        filename = ref.get("filename", "")
        if held is not None and held.form != "binary" and filename.endswith(".wasm"):
            result.compared += 1
            data = (workdir / filename).read_bytes()
            if held.wasm is None:
                result.mismatches.append((mine.line, f"rejected: {held.error}"))
            elif held.wasm == data:
                result.identical += 1
            elif without_core_names(held.wasm) == without_core_names(data):
                result.identical_but_core_names += 1
            else:
                result.mismatches.append((mine.line, "bytes differ"))
        elif held is not None and ref.get("module_type") == "text":
            result.malformed += 1
            if held.wasm is None and type(held.error).__name__ == "ParseError":
                result.malformed_rejected += 1
            else:
                result.accepted_malformed.append(mine.line)
        action = getattr(mine, "action", None)
        if action is not None and isinstance(action, s.Invoke):
            values = list(action.args) + list(getattr(mine, "expected", ()))
            refs = ref["action"].get("args", []) + ref.get("expected", [])
            result.values += sum(isinstance(v, ComponentValue) for v in values)
            if [value_json(v) for v in values] != refs:
                result.value_mismatches.append(mine.line)
    return result
