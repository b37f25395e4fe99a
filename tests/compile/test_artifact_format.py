"""The precompiled artifact as a file: an ELF64 little-endian object that
readelf lists, marked as a wasmlite module or component, whose
.wasmlite.engine section is checked field by field, in Wasmtime's order and
with its messages, before anything else in the file is used."""

import json
import shutil
import subprocess

import pytest

from wasmlite import Engine, Module, WasmtimeError
from wasmlite.compile.artifact import elf
from wasmlite.component import Component

WAT = '(module (func (export "run") (result i32) i32.const 42))'


@pytest.fixture(scope="module")
def engine():
    return Engine()


@pytest.fixture(scope="module")
def artifact(engine):
    return bytes(Module(engine, WAT).serialize())


@pytest.fixture(scope="module")
def component_artifact(engine):
    return bytes(Component(engine, "(component (core module (func)))").serialize())


def with_engine_section(data: bytes, section: bytes | None) -> bytes:
    """``data`` with its engine section replaced (removed when ``None``)."""
    parsed = elf.parse(data)
    sections = []
    for name in parsed.section_names():
        if name == ".shstrtab":
            continue
        contents = parsed.section(name)
        if name == ".wasmlite.engine":
            if section is None:
                continue
            contents = section
        sections.append((name, contents, name.startswith(".wasmlite.native")))
    return elf.write(sections, flags=parsed.flags, machine=parsed.machine)


def engine_section(data: bytes) -> bytes:
    return elf.parse(data).section(".wasmlite.engine")


def refused(engine, data, kind=Module) -> str:
    with pytest.raises(WasmtimeError) as info:
        kind.deserialize(engine, data)
    return str(info.value)


def test_readelf_lists_the_sections(tmp_path, artifact, component_artifact):
    if shutil.which("readelf") is None:
        pytest.skip("readelf (binutils) is not installed")
    path = tmp_path / "module.cwasm"
    path.write_bytes(artifact)
    listing = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True,
                             text=True, check=True).stdout
    for name in (".wasmlite.engine", ".wasmlite.pycode", ".wasmlite.wasm"):
        assert name in listing
    header = subprocess.run(["readelf", "-h", str(path)], capture_output=True, text=True,
                            check=True).stdout
    assert "ELF64" in header and "little endian" in header
    assert "c9" in header           # wasmlite's OS/ABI byte
    assert "Flags:                             0x1" in header
    path.write_bytes(component_artifact)
    header = subprocess.run(["readelf", "-h", str(path)], capture_output=True, text=True,
                            check=True).stdout
    assert "Flags:                             0x2" in header


def test_header_marks_kind(artifact, component_artifact):
    assert artifact[:4] == b"\x7fELF" and artifact[4] == 2 and artifact[5] == 1
    assert artifact[7] == elf.ELFOSABI_WASMLITE == component_artifact[7]
    assert elf.parse(artifact).flags == elf.EF_WASMLITE_MODULE
    assert elf.parse(component_artifact).flags == elf.EF_WASMLITE_COMPONENT
    assert Engine.detect_precompiled(artifact) == "module"
    assert Engine.detect_precompiled(component_artifact) == "component"
    assert Engine.detect_precompiled(b"") is None
    assert Engine.detect_precompiled(artifact[:5]) is None
    assert Engine.detect_precompiled(b"\0asm\1\0\0\0") is None


def test_detect_precompiled_file(tmp_path, artifact):
    path = tmp_path / "a.cwasm"
    path.write_bytes(artifact)
    assert Engine.detect_precompiled_file(str(path)) == "module"
    wasm = tmp_path / "a.wasm"
    wasm.write_bytes(b"\0asm\1\0\0\0")
    assert Engine.detect_precompiled_file(wasm) is None
    with pytest.raises(WasmtimeError, match="failed to open file"):
        Engine.detect_precompiled_file(str(tmp_path / "missing"))


@pytest.mark.parametrize("data, cause", [
    (b"", "Invalid ELF header size or alignment"),
    (b"\0asm\1\0\0\0", "Invalid ELF header size or alignment"),
    (b"\x7fELF" + bytes(60), "Unsupported ELF header"),
])
def test_not_an_elf(engine, data, cause):
    message = refused(engine, data)
    assert message.startswith("failed to parse precompiled artifact as an ELF")
    assert "\nCaused by:\n" in message and cause in message


def test_big_endian_or_32_bit_is_not_parsed(engine, artifact):
    for offset, value in ((4, 1), (5, 2)):
        data = bytearray(artifact)
        data[offset] = value
        assert refused(engine, bytes(data)).startswith(
            "failed to parse precompiled artifact as an ELF")


def test_section_table_out_of_range(engine, artifact):
    data = artifact[:len(artifact) - 10]
    message = refused(engine, data)
    assert message.startswith("failed to parse precompiled artifact as an ELF")
    assert "Caused by:" in message


@pytest.mark.parametrize("offset, value", [(7, 0), (7, 0xC8), (8, 1)])
def test_other_os_abi_is_incompatible(engine, artifact, offset, value):
    data = bytearray(artifact)
    data[offset] = value
    assert refused(engine, bytes(data)) == "incompatible object file format"
    assert Engine.detect_precompiled(bytes(data)) is None


def test_module_and_component_are_not_mixed_up(engine, artifact, component_artifact):
    assert refused(engine, component_artifact, Module) == "incompatible object file format"
    assert refused(engine, artifact, Component) == "incompatible object file format"
    data = bytearray(artifact)
    data[48] = 3                  # e_flags: neither a module nor a component
    assert refused(engine, bytes(data)) == "incompatible object file format"


def test_wasmtime_artifact_is_incompatible(engine):
    wasmtime = pytest.importorskip("wasmtime")
    data = bytes(wasmtime.Module(wasmtime.Engine(), "(module)").serialize())
    assert refused(engine, data) == "incompatible object file format"
    assert Engine.detect_precompiled(data) is None


def test_missing_engine_section(engine, artifact, component_artifact):
    assert refused(engine, with_engine_section(artifact, None)) == \
        "failed to find section `.wasmlite.engine`"
    assert refused(engine, with_engine_section(component_artifact, None), Component) == \
        "failed to find section `.wasmlite.engine`"


def test_renamed_engine_section(engine, artifact):
    data = artifact.replace(b".wasmlite.engine\0", b".wasmlite.engin_\0")
    assert refused(engine, data) == "failed to find section `.wasmlite.engine`"


@pytest.mark.parametrize("section, message", [
    (b"", "invalid engine section"),
    (b"\0", "invalid engine section"),
    (b"\1", "mismatched version in engine section"),
    (b"\xff\5", "mismatched version in engine section"),
    (b"\0\5", "engine section too small"),
    (b"\0\x050.1.0", "engine section too small"),
    (b"\0\xff" + b"x" * 255, "engine section too small"),
])
def test_engine_section_prefix(engine, artifact, section, message):
    assert refused(engine, with_engine_section(artifact, section)) == message


def test_engine_section_layout(artifact):
    from wasmlite import __version__
    section = engine_section(artifact)
    assert section[0] == 0
    assert section[1] == len(__version__)
    assert section[2:2 + section[1]].decode() == __version__
    meta = json.loads(section[2 + section[1]:].decode())
    assert list(meta) == ["target", "shared_flags", "isa_flags", "tunables", "features"]
    for name in ("memory_reservation", "memory_guard_size", "generate_native_debuginfo",
                 "parse_wasm_debuginfo", "consume_fuel", "epoch_interruption",
                 "memory_may_move", "guard_before_linear_memory", "table_lazy_init",
                 "relaxed_simd_deterministic", "collector"):
        assert name in meta["tunables"]
    for name in ("reference_types", "multi_value", "bulk_memory", "component_model", "simd",
                 "tail_call", "threads", "multi_memory", "exceptions", "memory64",
                 "relaxed_simd", "extended_const", "function_references", "gc",
                 "custom_page_sizes", "component_model_async", "gc_types", "wide_arithmetic",
                 "stack_switching", "legacy_exceptions"):
        assert isinstance(meta["features"][name], bool)
    assert meta["shared_flags"]["python_implementation"]
    assert meta["shared_flags"]["python_cache_tag"]


def test_engine_section_rewritten_byte_by_byte(engine, artifact):
    """Every byte of the version byte, the length byte and the version string
    changed in place: each is refused with the check it breaks."""
    section = engine_section(artifact)
    start = artifact.index(section)
    length = section[1]
    for position in range(2 + length):
        data = bytearray(artifact)
        data[start + position] ^= 0x40
        message = refused(engine, bytes(data))
        if position == 0:
            assert message == "mismatched version in engine section"
        elif position == 1:     # another length: too long, or a cut version string
            assert message == "engine section too small" or message.startswith(
                "Module was compiled with incompatible wasmlite version '")
        else:
            found = bytes(data[start + 2:start + 2 + length]).decode()
            assert message == f"Module was compiled with incompatible wasmlite version '{found}'"


def test_damaged_metadata(engine, artifact):
    section = engine_section(artifact)
    head = section[:2 + section[1]]
    for body in (b"{", b"[]", b"{}", b'{"target": 1}', b"\xff"):
        message = refused(engine, with_engine_section(artifact, head + body))
        assert message.startswith("invalid engine section metadata\n\nCaused by:\n")


def test_wasm_section_is_required(engine, artifact):
    data = artifact.replace(b".wasmlite.wasm\0", b".wasmlite.xxxx\0")
    assert refused(engine, data) == "failed to find section `.wasmlite.wasm`"


def test_same_module_same_bytes(engine, artifact):
    again = bytes(Module.deserialize(engine, artifact).serialize())
    assert again == artifact
    assert engine.precompile_module(WAT) == artifact
    assert bytes(Module(engine, WAT).serialize()) == artifact


def test_component_round_trip(engine, component_artifact):
    again = bytes(Component.deserialize(engine, component_artifact).serialize())
    assert again == component_artifact
    assert engine.precompile_component("(component (core module (func)))") == \
        component_artifact
