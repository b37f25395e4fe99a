"""What the decoder makes of particular binaries: the IR of each kind of
definition, the preamble, nested modules decoded on first use, and errors
that say what was expected and where."""

from __future__ import annotations

import subprocess

import pytest

from component.component_scripts import wasm_tools
from wasmlite import ir as core
from wasmlite.component import ir
from wasmlite.component.binary import decode_component, encode_component, is_component
from wasmlite.errors import MalformedError

PREAMBLE = b"\x00asm\x0d\x00\x01\x00"
CORE_PREAMBLE = b"\x00asm\x01\x00\x00\x00"


def _wat(text: str, tmp_path) -> bytes:
    """The binary wasm-tools makes of the component text ``text``."""
    tool = wasm_tools()
    if tool is None:
        pytest.skip("wasm-tools is not installed (pip install -e '.[dev]')")
    source = tmp_path / "component.wat"
    source.write_text(text)
    out = tmp_path / "component.wasm"
    subprocess.run([tool, "parse", str(source), "-o", str(out)], check=True)
    return out.read_bytes()


def _section(size_and_id: tuple[int, bytes]) -> bytes:
    section_id, body = size_and_id
    return bytes([section_id, len(body)]) + body


def _decode_error(data: bytes) -> MalformedError:
    with pytest.raises(MalformedError) as error:
        decode_component(data, lazy_modules=False)
    return error.value


# -- preamble ---------------------------------------------------------------------------

def test_a_component_is_told_from_a_core_module_by_its_layer() -> None:
    assert is_component(PREAMBLE)
    assert not is_component(CORE_PREAMBLE)
    assert not is_component(b"\x00asm")
    assert decode_component(PREAMBLE) == ir.Component([])


@pytest.mark.parametrize("data, message, offset", [
    (CORE_PREAMBLE, "expected a version header for a component", 4),
    (b"\x00asm\x0c\x00\x01\x00", "unknown binary version: expected 0d 00 for a component, "
                                 "found 0c 00", 4),
    (b"\x00asm\x0d\x00\x02\x00", "unknown binary layer: expected 01 00 (a component), "
                                 "found 02 00", 6),
    (b"\x00ASM\x0d\x00\x01\x00", "magic header not detected", 0),
    (b"\x00asm\x0d\x00", "unexpected end-of-file", 6),
])
def test_preamble_errors(data: bytes, message: str, offset: int) -> None:
    error = _decode_error(data)
    assert message in error.message
    assert error.offset == offset


# -- definitions ------------------------------------------------------------------------

def test_defined_value_types(tmp_path) -> None:
    data = _wat("""(component
      (type $r (resource (rep i32)))
      (type (record (field "a" u8) (field "b-c" string)))
      (type (variant (case "x") (case "y" s64)))
      (type (list char))
      (type (list u8 4))
      (type (tuple bool f32 f64))
      (type (flags "p" "q"))
      (type (enum "e1" "e2"))
      (type (option u16))
      (type (result u32 (error s16)))
      (type (result))
      (type (own $r))
      (type (borrow $r))
      (type (stream u8))
      (type (future))
      (type (map string u32))
      (type error-context)
      (type (func async (param "x" 1) (result 3)))
    )""", tmp_path)
    (section,) = decode_component(data).sections[:1]
    assert section == ir.TypeSection([
        ir.ResourceType("i32"),
        ir.Record((("a", "u8"), ("b-c", "string"))),
        ir.Variant((ir.Case("x"), ir.Case("y", "s64"))),
        ir.List("char"),
        ir.FixedLengthList("u8", 4),
        ir.Tuple(("bool", "f32", "f64")),
        ir.Flags(("p", "q")),
        ir.Enum(("e1", "e2")),
        ir.Option("u16"),
        ir.Result("u32", "s16"),
        ir.Result(),
        ir.Own(0),
        ir.Borrow(0),
        ir.Stream("u8"),
        ir.Future(),
        ir.Map("string", "u32"),
        "error-context",
        ir.FuncType((("x", 1),), 3, is_async=True),
    ])


def test_component_and_instance_types(tmp_path) -> None:
    data = _wat("""(component
      (type $outer string)
      (type (component
        (import "wasi:io/streams@0.2.0" (instance (export "r" (type (sub resource)))))
        (core type (module (import "m" "f" (func)) (export "mem" (memory 1))))
        (alias outer 1 $outer (type $s))
        (export "run" (func (param "s" $s)))))
      (type (instance (export "x" (type (eq 0)))))
    )""", tmp_path)
    string, component_type, instance_type = decode_component(data).sections[0].types
    assert string == "string"
    assert component_type == ir.ComponentType([
        ir.TypeDecl(ir.InstanceType([
            ir.ExportDecl(ir.ExternName("r"), ir.ExternDesc("type", ir.SubResource()))])),
        ir.Import(ir.ExternName("wasi:io/streams@0.2.0"), ir.ExternDesc("instance", 0)),
        ir.CoreTypeDecl(ir.ModuleType([
            ir.CoreTypeDecl(ir.CoreRecType((core.SubType(True, (), core.FuncType((), ())),))),
            core.Import("m", "f", "func", 0),
            ir.CoreExportDecl("mem", "memory", core.MemType(core.Limits(1))),
        ])),
        ir.Alias("type", ir.AliasOuter(1, 0)),
        ir.TypeDecl(ir.FuncType((("s", 1),))),
        ir.ExportDecl(ir.ExternName("run"), ir.ExternDesc("func", 2)),
    ])
    assert component_type.decls[1].name.is_interface
    assert not component_type.decls[-1].name.is_interface
    assert instance_type == ir.InstanceType([
        ir.ExportDecl(ir.ExternName("x"), ir.ExternDesc("type", ir.EqBound(0)))])


def test_instances_aliases_canon_imports_and_exports(tmp_path) -> None:
    data = _wat("""(component $top
      (import "f" (func $f (param "x" string)))
      (core module $m
        (memory (export "mem") 1)
        (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
        (func (export "g") (param i32 i32)))
      (core instance $i (instantiate $m))
      (core func $lowered (canon lower (func $f) string-encoding=utf16
        (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
      (core instance $args (export "lowered" (func $lowered)))
      (func $lifted (param "x" string) (canon lift (core func $i "g")
        (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
      (instance $inst (export "lifted" (func $lifted)))
      (export "lifted" (func $lifted))
    )""", tmp_path)
    component = decode_component(data)
    kinds = [type(s).__name__ for s in component.sections]
    assert kinds == ["TypeSection", "ImportSection", "CoreModule", "CoreInstanceSection",
                     "AliasSection", "CanonSection", "CoreInstanceSection", "TypeSection",
                     "AliasSection", "CanonSection", "InstanceSection", "ExportSection",
                     "NameSection"]
    (imp,) = component.imports
    assert imp == ir.Import(ir.ExternName("f"), ir.ExternDesc("func", 0))
    assert component.sections[3] == ir.CoreInstanceSection([ir.CoreInstantiate(0)])
    assert component.sections[4].aliases[0] == ir.Alias("core memory",
                                                        ir.AliasCoreExport(0, "mem"))
    (lower,) = component.sections[5].canons
    assert lower == ir.Lower(0, (ir.CanonOpt("string-encoding", "utf16"),
                                 ir.CanonOpt("memory", 0), ir.CanonOpt("realloc", 0)))
    assert ir.string_encoding(lower.opts) == "utf16"
    assert component.sections[6] == ir.CoreInstanceSection([ir.CoreInlineExports(
        (ir.CoreInlineExport("lowered", ir.CoreSortIdx("func", 1)),))])
    (lift,) = component.sections[9].canons
    assert isinstance(lift, ir.Lift) and ir.string_encoding(lift.opts) == "utf8"
    assert component.sections[10] == ir.InstanceSection([ir.InlineExports(
        (ir.InlineExport(ir.ExternName("lifted"), ir.SortIdx("func", 1)),))])
    (export,) = component.exports
    assert export.name.name == "lifted" and export.item == ir.SortIdx("func", 1)
    names = component.names
    assert names is not None and names.component == "top"
    assert names.name_of("func", 0) == "f" and names.name_of("core module", 0) == "m"
    assert names.name_of("core instance", 0) == "i"
    assert names.name_of("instance", 0) == "inst"
    assert encode_component(component) == data


def test_every_canonical_builtin(binaries_of) -> None:
    from component.component_scripts import require_scripts
    require_scripts()
    (data,) = [b.data for b in binaries_of("binary/binary.wast")
               if b.command == "module" and b"\x2f" in b.data and len(b.data) > 400
               and is_component(b.data) and b"\x08\x93\x01" in b.data]
    canons = [c for s in decode_component(data).sections if isinstance(s, ir.CanonSection)
              for c in s.canons]
    builtins = [c for c in canons if isinstance(c, ir.CanonBuiltin)]
    assert len(canons) == 47
    assert [c.name for c in builtins[:4]] == ["resource.new", "resource.drop", "resource.rep",
                                             "backpressure.inc"]
    by_name = {c.name: c for c in builtins}
    task_returns = [c for c in builtins if c.name == "task.return"]
    assert [c.result for c in task_returns] == [None, "u32"]
    assert by_name["context.get"].valtype == "i32" and by_name["context.get"].slot == 0
    assert by_name["stream.read"].opts == (ir.CanonOpt("memory", 0), ir.CanonOpt("realloc", 5))
    assert by_name["stream.cancel-write"].is_async is True
    assert by_name["waitable-set.poll"].cancellable is True
    assert by_name["waitable-set.poll"].memory == 0
    assert by_name["thread.new-indirect"].core_type == 0
    assert by_name["thread.yield-then-promote"].cancellable is True
    lift = canons[2]
    assert lift == ir.Lift(2, (ir.CanonOpt("async"), ir.CanonOpt("callback", 3)), 2)


def test_extern_names_keep_their_form_and_attributes() -> None:
    body = (b"\x02"                                   # 2 imports
            b"\x02\x02i1\x02\x00\x0cmy:dep/iface\x01\x06.1+abc\x05\x00"
            b"\x01\x01b\x01\x00")
    data = PREAMBLE + _section((10, body))
    (section,) = decode_component(data).sections
    first, second = section.imports
    assert first.name == ir.ExternName("i1", (ir.Implements("my:dep/iface"),
                                              ir.VersionSuffix(".1+abc")))
    assert first.name.form == 0x02
    assert second.name == ir.ExternName("b", (), 0x01)
    assert encode_component(decode_component(data)) == data


# -- nested core modules and components ----------------------------------------------------

_BAD_BODY_MODULE = (CORE_PREAMBLE + b"\x01\x04\x01\x60\x00\x00" + b"\x03\x02\x01\x00"
                    + b"\x0a\x05\x01\x03\x00\xff\x0b")           # opcode 0xff: malformed


def test_core_modules_are_decoded_when_first_needed() -> None:
    data = PREAMBLE + _section((1, _BAD_BODY_MODULE))
    (module,) = decode_component(data).sections
    assert isinstance(module, ir.CoreModule) and not module.decoded
    assert module.offset == 10 and module.data == _BAD_BODY_MODULE
    with pytest.raises(MalformedError) as error:
        module.module
    assert error.value.offset is not None and error.value.offset >= 10
    assert "in the core module at offset 0xa" in error.value.message
    _decode_error(data)                                  # decoded at once


def test_a_well_formed_core_module_decodes_with_the_core_decoder() -> None:
    good = _BAD_BODY_MODULE.replace(b"\x03\x00\xff\x0b", b"\x03\x00\x01\x0b")
    (module,) = decode_component(PREAMBLE + _section((1, good))).sections
    assert len(module.module.funcs) == 1 and module.decoded
    assert ir.CoreModule.from_module(module.module).module is not None


def test_errors_in_nested_components_report_offsets_in_the_whole_binary() -> None:
    inner = PREAMBLE + _section((7, b"\x01\x55"))          # 0x55 starts no type
    data = PREAMBLE + _section((4, inner))
    error = _decode_error(data)
    assert error.offset == len(data) - 1
    assert error.message.startswith("invalid leading byte (0x55) for component defined type: "
                                    "expected ")


@pytest.mark.parametrize("body, message", [
    (_section((7, b"\x01\x72")), "unexpected end-of-file: the type section ends at offset 0xc"),
    (_section((7, b"\x05\x73")), "5 items of the type section cannot fit in the 1 bytes left"),
    (_section((8, b"\x01\x0c\x02")), "invalid boolean value for the cancellable flag of "
                                     "thread.yield: expected 0x00 or 0x01, found 0x2"),
    (_section((6, b"\x01\x01\x02\x00\x00")), "invalid leading byte (0x1) for component outer "
                                             "alias kind"),
    (_section((7, b"\x01\x73")) + b"\x0d\x00", "malformed section id: expected 0-12, found 13"),
    (bytes([7, 3, 1, 0x73, 0x73]), "section size mismatch"),
])
def test_error_messages(body: bytes, message: str) -> None:
    assert message in _decode_error(PREAMBLE + body).message


def test_nesting_is_bounded() -> None:
    data = PREAMBLE
    for _ in range(120):
        size = len(data)
        data = PREAMBLE + bytes([4]) + _leb(size) + data
    assert "nested too deeply" in _decode_error(data).message


def _leb(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


# -- encoding IR built by hand ----------------------------------------------------------

def test_hand_built_ir_encodes_to_a_valid_component(tmp_path) -> None:
    component = ir.Component([
        ir.TypeSection([ir.FuncType((("a", "u32"), ("b", "u32")), "u32")]),
        ir.ImportSection([ir.Import(ir.ExternName("add"), ir.ExternDesc("func", 0))]),
        ir.CanonSection([ir.Lower(0)]),
        ir.CoreInstanceSection([ir.CoreInlineExports(
            (ir.CoreInlineExport("add", ir.CoreSortIdx("func", 0)),))]),
        ir.ExportSection([ir.Export(ir.ExternName("add"), ir.SortIdx("func", 0))]),
        ir.CustomSection("note", b"\x01\x02"),
    ])
    data = encode_component(component)
    assert decode_component(data) == component
    tool = wasm_tools()
    if tool is None:
        pytest.skip("wasm-tools is not installed (pip install -e '.[dev]')")
    path = tmp_path / "c.wasm"
    path.write_bytes(data)
    subprocess.run([tool, "validate", str(path)], check=True)


def test_value_and_start_definitions() -> None:
    data = (PREAMBLE + _section((12, b"\x01\x79\x01\x05"))        # (value u32 5)
            + _section((9, b"\x00\x01\x00\x01")))                  # (start 0 (value 0) (result))
    value_section, start = decode_component(data).sections
    assert value_section == ir.ValueSection([ir.ValueDef("u32", b"\x05")])
    assert start == ir.Start(0, (0,), 1)
    assert encode_component(decode_component(data)) == data


def test_shared_everything_threads_builtins_follow_binary_md() -> None:
    data = PREAMBLE + _section((8, b"\x03\x40\x01\x03\x41\x00\x02\x01\x42\x01"))
    (section,) = decode_component(data).sections
    assert section.canons == [
        ir.CanonBuiltin("thread.spawn-ref", shared=True, core_type=3),
        ir.CanonBuiltin("thread.spawn-indirect", shared=False, core_type=2, table=1),
        ir.CanonBuiltin("thread.available-parallelism", shared=True),
    ]
    assert encode_component(decode_component(data)) == data
