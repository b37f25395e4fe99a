"""The spec testsuite seen through wasmlite's WAST parser and through wasm-tools.

For one ``.wast`` file, :func:`examine` parses it with :func:`parse_wast` and
with ``wasm-tools json-from-wast`` (the reference), and pairs every command
with the reference's. Modules written in text are compared with the
reference binaries: equal bytes (custom sections aside) or, failing that,
equal ``wasm-tools strip --all | wasm-tools print`` output. Their custom
sections other than ``name`` (``@custom`` annotations, branch hints) are
compared apart: same names, contents and places.
"""

from __future__ import annotations

import functools
import json
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from wasmlite.errors import NotSupportedError
from wasmlite.text.wast import parse_wast

from testsuite_scripts import suite_root, superseded, wasm_tools

def wast_files() -> list[str]:
    """Every ``.wast`` file of the testsuite, relative to its root."""
    root = suite_root()
    if not root.is_dir():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.wast"))


def _u32(data: bytes, i: int) -> tuple[int, int]:
    """The LEB128 number at ``data[i]`` and the position after it."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def sections(wasm: bytes) -> list[tuple[int, bytes]]:
    """The sections of ``wasm``: ``(id, whole section bytes)``."""
    out = []
    i = 8
    while i < len(wasm):
        size, j = _u32(wasm, i + 1)
        out.append((wasm[i], wasm[i:j + size]))
        i = j + size
    return out


def strip_custom_sections(wasm: bytes) -> bytes:
    """``wasm`` without its custom sections."""
    return wasm[:8] + b"".join(content for section_id, content in sections(wasm) if section_id != 0)


def _custom_name(section: bytes) -> bytes:
    """The name of a custom section, given whole."""
    _, i = _u32(section, 1)
    length, i = _u32(section, i)
    return section[i:i + length]


def placed_custom_sections(wasm: bytes) -> list[tuple[int, bytes]]:
    """The custom sections of ``wasm`` but ``name``: ``(id of the section before, whole
    custom section)``, the id 0 standing for the start of the module."""
    out = []
    before = 0
    for section_id, content in sections(wasm):
        if section_id != 0:
            before = section_id
        elif _custom_name(content) != b"name":
            out.append((before, content))
    return out


def _flatten(commands: list) -> list:
    out = []
    for c in commands:
        out.append(c)
        if c.type == "thread":
            out.extend(_flatten(c.commands))
    return out


def _flatten_json(commands: list) -> list:
    out = []
    for c in commands:
        out.append(c)
        if c["type"] == "thread":
            out.extend(_flatten_json(c["commands"]))
    return out


@dataclass
class Examination:
    """What comparing one file with the reference found."""

    name: str
    parse_seconds: float = 0.0
    reference_available: bool = False
    commands: list = field(default_factory=list)
    json_mismatches: list = field(default_factory=list)       # (line, reference, ours)
    modules_compared: int = 0
    identical: int = 0                                        # modules with equal bytes (customs aside)
    mismatches: list = field(default_factory=list)            # (line, reference print, our print)
    custom_mismatches: list = field(default_factory=list)     # (line, reference customs, ours)
    malformed: list = field(default_factory=list)             # (line, rejected?)
    malformed_custom: list = field(default_factory=list)      # (line, expected message, reason or None)
    superseded: list = field(default_factory=list)            # lines
    wellformed: list = field(default_factory=list)            # (line, error or None)


def _print_modules(directory: Path, binaries: dict[str, bytes]) -> dict[str, str]:
    """``wasm-tools strip --all | wasm-tools print`` of each binary, in one shell run."""
    for name, wasm in binaries.items():
        (directory / f"{name}.wasm").write_bytes(wasm)
    script = ('for f in "$@"; do { wasm-tools strip --all "$f.wasm" -o "$f.stripped" && '
              'wasm-tools print "$f.stripped"; } > "$f.txt" 2>&1; done')
    subprocess.run(["sh", "-c", script, "sh", *binaries], cwd=directory)
    return {name: (directory / f"{name}.txt").read_text() for name in binaries}


@functools.lru_cache(maxsize=None)
def examine(name: str) -> Examination:
    """Parse testsuite file ``name`` and compare it with the reference."""
    path = suite_root() / name
    result = Examination(name)
    source = path.read_text(encoding="utf-8")
    start = time.process_time()
    commands = _flatten(parse_wast(source))
    result.parse_seconds = time.process_time() - start
    result.commands = commands

    for c in commands:
        module = getattr(c, "module", None)
        if not hasattr(module, "form") or module.form == "binary":
            continue
        if c.type == "assert_malformed":
            if superseded(name, c.type, c.text):
                result.superseded.append(c.line)
            else:
                result.malformed.append((c.line, module.wasm is None))
        elif c.type == "assert_malformed_custom":
            result.malformed_custom.append((c.line, c.text, getattr(module.error, "reason", None)))
        else:
            result.wellformed.append((c.line, module.error))

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        tool = wasm_tools()
        if tool is None:
            return result
        done = subprocess.run([tool, "json-from-wast", str(path), "-o", str(directory / "ref.json"),
                               "--wasm-dir", str(directory)], capture_output=True)
        if done.returncode != 0:
            return result
        result.reference_available = True
        reference = _flatten_json(json.loads((directory / "ref.json").read_text())["commands"])
        if len(reference) != len(commands):
            result.json_mismatches.append((0, f"{len(reference)} commands", f"{len(commands)} commands"))
            return result
        from wasmlite.text.script import command_json
        pending: dict[str, tuple[int, bytes, bytes]] = {}
        for k, (c, ref) in enumerate(zip(commands, reference)):
            expected = {key: v for key, v in ref.items() if key not in ("filename", "binary_filename", "commands")}
            ours = command_json(c)
            ours.pop("commands", None)
            if ours != expected:
                result.json_mismatches.append((c.line, expected, ours))
            module = getattr(c, "module", None)
            if not hasattr(module, "form") or module.form == "binary" or c.type.startswith("assert_malformed"):
                continue
            filename = ref.get("binary_filename") or (ref["filename"] if ref["filename"].endswith(".wasm") else None)
            if filename is None or module.wasm is None:
                continue
            result.modules_compared += 1
            reference_wasm = (directory / filename).read_bytes()
            if strip_custom_sections(reference_wasm) != strip_custom_sections(module.wasm):
                pending[f"m{k}"] = (c.line, module.wasm, reference_wasm)
            else:
                result.identical += 1
            reference_customs = placed_custom_sections(reference_wasm)
            our_customs = placed_custom_sections(module.wasm)
            if reference_customs != our_customs:
                result.custom_mismatches.append((c.line, reference_customs, our_customs))
        if pending:
            printed = _print_modules(directory, {**{f"{key}o": v[1] for key, v in pending.items()},
                                                 **{f"{key}r": v[2] for key, v in pending.items()}})
            for key, (line, _, _) in pending.items():
                ours, theirs = printed[f"{key}o"], printed[f"{key}r"]
                if ours != theirs:
                    result.mismatches.append((line, theirs, ours))
    return result


def not_supported(error: object) -> bool:
    """Whether a module was rejected only because it uses an unsupported feature."""
    return isinstance(error, NotSupportedError)
