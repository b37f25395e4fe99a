"""Mutated modules: decoding and validation must fail cleanly and agree with wasmtime.

A case takes a valid module (from wasm-smith, or from the spec testsuite's
scripts) and changes it: bits flipped, bytes set to values that matter to
LEB128 and to opcode tables, bytes inserted, ranges deleted or duplicated, the
end cut off. Half of the mutations act inside one section and the module is
written back with that section's size corrected, so that they reach the
decoders of section contents rather than stopping at a broken size.

wasmlite's ``Module(engine, bytes)`` and ``Module.validate(engine, bytes)``
must either accept the bytes or raise ``WasmtimeError``, never another
exception, and must accept exactly when wasmtime's ``Module.validate`` does
(both engines configured with the same proposals).
"""

from __future__ import annotations

import functools
import json
import os
import random
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import isolate, smith, wasmbin
from .tools import wasm_tools

INTERESTING = (0x00, 0x01, 0x7F, 0x80, 0xFF, 0x40, 0x41, 0x60, 0x70, 0x6F, 0x7B, 0x0B, 0x0F,
               0x1A, 0x20, 0xFB, 0xFC, 0xFD, 0x5E, 0x5F, 0x4E, 0x63, 0x64)

SPEC_SCRIPTS = ("binary.wast", "binary-leb128.wast", "block.wast", "br_table.wast", "call_indirect.wast",
                "data.wast", "elem.wast", "global.wast", "if.wast", "imports.wast", "loop.wast",
                "memory.wast", "table.wast", "select.wast", "exports.wast", "func.wast",
                "memory64.wast", "ref_func.wast", "return_call.wast", "simd_lane.wast",
                "try_table.wast", "struct.wast", "array.wast", "br_on_cast.wast")
"""Spec testsuite scripts whose modules seed mutation (when the testsuite is there)."""


def mutate(module: bytes, rng: random.Random) -> bytes:
    """``module`` with one to four random changes."""
    data = module
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        data = _in_section(data, rng) if rng.random() < 0.5 else _change(data, rng)
    return data


def _in_section(module: bytes, rng: random.Random) -> bytes:
    try:
        parts = wasmbin.sections(module)
    except ValueError:
        return _change(module, rng)
    if not parts:
        return _change(module, rng)
    k = rng.randrange(len(parts))
    section_id, contents = parts[k]
    parts[k] = (section_id, _change(contents, rng))
    if rng.random() < 0.1 and len(parts) > 1:
        j = rng.randrange(len(parts))
        parts[k], parts[j] = parts[j], parts[k]
    return wasmbin.assemble(parts)


def _change(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    kind = rng.randrange(7)
    at = rng.randrange(len(buf) + 1)
    if kind == 0 and buf:              # flip one bit
        at = min(at, len(buf) - 1)
        buf[at] ^= 1 << rng.randrange(8)
    elif kind == 1 and buf:            # set a byte to a value decoders branch on
        at = min(at, len(buf) - 1)
        buf[at] = rng.choice(INTERESTING)
    elif kind == 2:                    # insert bytes
        buf[at:at] = bytes(rng.choice(INTERESTING) if rng.random() < 0.5 else rng.randrange(256)
                           for _ in range(rng.randint(1, 4)))
    elif kind == 3 and buf:            # delete a range
        del buf[at:at + rng.randint(1, 8)]
    elif kind == 4:                    # cut off the end
        del buf[rng.randrange(len(buf) + 1):]
    elif kind == 5 and buf:            # duplicate a range
        piece = buf[at:at + rng.randint(1, 16)]
        buf[at:at] = piece
    elif buf:                          # a random byte
        at = min(at, len(buf) - 1)
        buf[at] = rng.randrange(256)
    return bytes(buf)


# --- seeds --------------------------------------------------------------------------------


def spec_modules(limit_per_script: int = 40) -> list[bytes]:
    """Binary modules of :data:`SPEC_SCRIPTS` (converted by wasm-tools), or [] when
    the testsuite is not there."""
    root = Path(os.environ.get("WASMLITE_TESTSUITE",
                               Path(__file__).resolve().parents[3] / "shared" / "testsuite"))
    if not root.is_dir() or wasm_tools() is None:
        return []
    return list(_spec_modules(str(root), limit_per_script))


@functools.cache
def _spec_modules(root: str, limit_per_script: int) -> tuple[bytes, ...]:
    found: list[bytes] = []
    with tempfile.TemporaryDirectory(prefix="wasmlite-mutate-") as tmp:
        for name in SPEC_SCRIPTS:
            script = Path(root) / name
            if not script.is_file():
                continue
            out = Path(tmp) / name
            out.mkdir()
            done = subprocess.run([wasm_tools(), "json-from-wast", str(script), "-o",
                                   str(out / "x.json"), "--wasm-dir", str(out)],
                                  capture_output=True, timeout=120)
            if done.returncode != 0:
                continue
            commands = json.loads((out / "x.json").read_text())["commands"]
            taken = 0
            for command in commands:
                if command.get("type") == "module" and command.get("filename", "").endswith(".wasm"):
                    found.append((out / command["filename"]).read_bytes())
                    taken += 1
                    if taken >= limit_per_script:
                        break
    return tuple(found)


MUTANTS_PER_MODULE = 8
"""Consecutive cases mutate the same valid module (generating one costs more than
checking a mutant)."""


def seed_module(seed: int, spec: list[bytes]) -> bytes:
    """The valid module case ``seed`` mutates: a smith module, or every third group
    of cases a spec testsuite module when there are some."""
    group = seed // MUTANTS_PER_MODULE
    if spec and group % 3 == 0:
        return spec[(group // 3) % len(spec)]
    return _smith_module(group)


@functools.lru_cache(maxsize=64)
def _smith_module(group: int) -> bytes:
    module = smith.generate(smith.profile_for(group), 1_000_000 + group)
    return module if module is not None else wasmbin.HEADER


# --- checking ----------------------------------------------------------------------------


@dataclass
class Verdict:
    same: bool
    accepted: bool         # by wasmtime
    detail: str = ""


def _reference_accepts(data: bytes) -> tuple[bool, str]:
    import wasmtime
    try:
        wasmtime.Module.validate(_engine(wasmtime), data)
        return True, ""
    except wasmtime.WasmtimeError as exc:
        return False, str(exc).strip().splitlines()[0][:200]


@functools.cache
def _engine(api):
    from .differential import engine
    return engine(api)


def _wasmlite_outcomes(cases: list[bytes]) -> list[tuple]:
    """Per case: what ``Module`` and ``Module.validate`` did. Meant to run in a child."""
    import wasmlite
    eng = _engine(wasmlite)
    out = []
    for data in cases:
        seen = []
        for what, call in (("Module", lambda: wasmlite.Module(eng, data)),
                           ("Module.validate", lambda: wasmlite.Module.validate(eng, data))):
            try:
                call()
                seen.append((what, "accepted", ""))
            except wasmlite.WasmtimeError as exc:
                seen.append((what, "rejected", str(exc).strip().splitlines()[0][:200]
                             if str(exc).strip() else ""))
            except Exception as exc:  # noqa: BLE001 - the defect this fuzzer looks for
                seen.append((what, "raised", f"{type(exc).__name__}: {exc}"[:300]))
        out.append(tuple(seen))
    return out


def check_batch(cases: list[bytes], timeout: float = 60.0) -> list[Verdict]:
    """Verdicts for ``cases``, wasmlite run in one child for the batch (and in one
    child per case when the batch's child does not come back)."""
    outcome = isolate.run(_wasmlite_outcomes, cases, timeout=timeout)
    if outcome.status == "ok":
        seen = outcome.value
    elif len(cases) == 1:
        seen = [(("Module", outcome.status, str(outcome.value)),)]
    else:
        seen = [check_outcome[0] for check_outcome in
                (_single(c, timeout) for c in cases)]
    verdicts = []
    for data, got in zip(cases, seen):
        accepted, reason = _reference_accepts(data)
        problems = []
        for what, status, message in got:
            if status not in ("accepted", "rejected"):
                problems.append(f"wasmlite {what} {status}: {message}")
            elif (status == "accepted") != accepted:
                problems.append(
                    f"wasmlite {what} {status}{': ' + message if message else ''}; "
                    f"wasmtime {'accepts' if accepted else 'rejects: ' + reason}")
        verdicts.append(Verdict(not problems, accepted, "\n".join(problems)))
    return verdicts


def _single(data: bytes, timeout: float) -> list[tuple]:
    outcome = isolate.run(_wasmlite_outcomes, [data], timeout=timeout)
    if outcome.status == "ok":
        return outcome.value
    return [(("Module", outcome.status, str(outcome.value)),)]


def case(seed: int, spec: list[bytes]) -> bytes:
    """The mutated module of case ``seed``."""
    rng = random.Random(f"mutate:{seed}")
    return mutate(seed_module(seed, spec), rng)
