"""Precompiled artifacts: what ``Module.serialize``, ``Component.serialize``
and ``Engine.precompile_module`` write, and ``deserialize`` reads.

An artifact is an ELF64 little-endian file (:mod:`.elf`) whose sections are

* ``.wasmlite.engine``: the engine that compiled it (:mod:`.engine_section`),
  checked against the loading engine before anything else is read
  (:mod:`.checks`);
* ``.wasmlite.pycode``: the portable tier's code, one marshalled code object
  (with its constants) per defined function;
* ``.wasmlite.native*``: reserved for the native tier's machine code (any
  section whose name starts so is written as code and handed back on loading);
* ``.wasmlite.wasm``: the module's (or component's) WebAssembly binary.

Like Wasmtime's, artifacts are trusted: once the checks pass, the code in the
file is run as it is found (marshalled code objects are as powerful as
``.pyc`` files). Load only artifacts written by a trusted program.
"""

from __future__ import annotations

import marshal

from . import elf
from . import engine_section as es
from .checks import check_compatible, error

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ...api.engine import Engine

__all__ = ["PYCODE_SECTION", "WASM_SECTION", "NATIVE_SECTION_PREFIX", "Loaded", "write",
           "encode_codes", "decode_codes", "load", "detect", "error"]

PYCODE_SECTION = ".wasmlite.pycode"
PROPOSALS_SECTION = ".wasmlite.proposals"
"""The proposals whose helpers a module's code needs, comma-separated: its presence
says every instruction of the module compiles on the portable tier."""
WASM_SECTION = ".wasmlite.wasm"
NATIVE_SECTION_PREFIX = ".wasmlite.native"
"""Sections whose names start with this hold the native tier's machine code."""

_FLAGS = {"module": elf.EF_WASMLITE_MODULE, "component": elf.EF_WASMLITE_COMPONENT}


def engine_section_bytes(engine: Engine) -> bytes:
    """The ``.wasmlite.engine`` section ``engine`` writes."""
    return es.encode(es.version_string(engine), es.metadata(engine))


def write(engine: Engine, kind: str, binary: bytes, pycode: bytes | None = None,
          native: dict[str, bytes] | None = None,
          proposals: frozenset[str] | None = None) -> bytes:
    """The artifact of a ``kind`` (``"module"`` or ``"component"``) compiled by
    ``engine``: its ``binary``, the portable tier's code ``pycode`` (see
    :func:`encode_codes`) and the native tier's sections ``native``, if any,
    and the ``proposals`` whose helpers the code needs, when known."""
    sections: list[tuple[str, bytes, bool]] = [(es.SECTION, engine_section_bytes(engine), False)]
    if pycode is not None:
        sections.append((PYCODE_SECTION, pycode, False))
    if proposals is not None:
        sections.append((PROPOSALS_SECTION, ",".join(sorted(proposals)).encode(), False))
    for name in sorted(native or {}):
        if not name.startswith(NATIVE_SECTION_PREFIX):
            raise ValueError(f"native sections are named {NATIVE_SECTION_PREFIX}*, not {name}")
        sections.append((name, native[name], True))  # type: ignore[index]
    sections.append((WASM_SECTION, binary, False))
    architecture, _ = es.architecture_and_system(engine.config["target"] or es.host_triple())
    return elf.write(sections, flags=_FLAGS[kind], machine=elf.machine_for(architecture))


def encode_codes(codes: dict[int, tuple]) -> bytes:
    """The ``.wasmlite.pycode`` section for ``codes``: function index -> (code
    object, whether it makes tail calls, {constant name: value})."""
    return marshal.dumps({index: tuple(codes[index]) for index in sorted(codes)})


def decode_codes(section: bytes) -> dict[int, tuple]:
    """The code a ``.wasmlite.pycode`` section holds (trusted, not checked)."""
    return marshal.loads(section)  # type: ignore[no-any-return]


def encode_component_codes(modules: dict[int, dict[int, tuple]]) -> bytes:
    """A component artifact's ``.wasmlite.pycode`` section: for each core module,
    by the offset of its bytes in the component binary, its functions' code as
    :func:`encode_codes` writes it."""
    return marshal.dumps({offset: encode_codes(modules[offset]) for offset in sorted(modules)})


def decode_component_codes(section: bytes) -> dict[int, bytes]:
    """Core module offset -> its ``encode_codes`` bytes, from a component
    artifact's ``.wasmlite.pycode`` section (trusted, not checked)."""
    return marshal.loads(section)  # type: ignore[no-any-return]


class Loaded:
    """An artifact that passed the checks: its ``binary``, the ``pycode``
    section (``None`` when absent), the ``native`` sections by name and the
    ``proposals`` section (``None`` when absent)."""

    __slots__ = ("binary", "pycode", "native", "proposals")

    def __init__(self, binary: bytes, pycode: bytes | None, native: dict[str, bytes],
                 proposals: frozenset[str] | None = None) -> None:
        self.binary = binary
        self.pycode = pycode
        self.native = native
        self.proposals = proposals


def load(engine: Engine, data: bytes, kind: str) -> Loaded:
    """The contents of the artifact ``data`` after every check for loading it
    into ``engine`` as a ``kind``; WasmtimeError when one fails."""
    parsed = check_compatible(engine, data, kind)
    binary = parsed.section(WASM_SECTION)
    if binary is None:
        raise error(f"failed to find section `{WASM_SECTION}`")
    native = {name: parsed.section(name) or b"" for name in parsed.section_names()
              if name.startswith(NATIVE_SECTION_PREFIX)}
    proposals = parsed.section(PROPOSALS_SECTION)
    return Loaded(binary, parsed.section(PYCODE_SECTION), native,
                  None if proposals is None
                  else frozenset(p for p in proposals.decode().split(",") if p))


def detect(data: bytes) -> str | None:
    """``"module"`` or ``"component"`` when ``data`` is a wasmlite artifact of
    that kind (judged by its ELF header alone), else ``None``."""
    try:
        parsed = elf.parse(bytes(data))
    except elf.ElfError:
        return None
    if parsed.os_abi != elf.ELFOSABI_WASMLITE or parsed.abi_version != 0:
        return None
    for kind, flags in _FLAGS.items():
        if parsed.flags == flags:
            return kind
    return None
