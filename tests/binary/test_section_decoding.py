"""Decoding each section of hand-written binaries into the module IR."""

from __future__ import annotations

from wasmlite import ir, opcodes
from wasmlite.binary import decode_module

from .wasm_bytes import HEADER, body, custom, func_module, module, name, s, section, u, vec

OP = opcodes.BY_NAME
END = (OP["end"],)
FUNC_VOID = b"\x60\x00\x00"


def i32_const(value: int) -> bytes:
    return b"\x41" + s(value) + b"\x0b"


def test_empty_module() -> None:
    assert decode_module(HEADER) == ir.Module()


def test_bytes_like_input_is_accepted() -> None:
    assert decode_module(bytearray(HEADER)) == decode_module(memoryview(HEADER)) == ir.Module()


def test_function_types_and_bodies() -> None:
    data = module(
        section(1, vec(b"\x60\x02\x7f\x7e\x01\x7d", FUNC_VOID)),
        section(3, vec(u(1), u(0))),
        section(10, vec(body(b"\x0b"), body(b"\x20\x02\x1a\x0b", u(2) + b"\x7c", u(1) + b"\x7f"))),
    )
    m = decode_module(data)
    assert m.types == [
        ir.SubType(True, (), ir.FuncType(("i32", "i64"), ("f32",))),
        ir.SubType(True, (), ir.FuncType((), ())),
    ]
    assert m.rec_groups == [(0, 1), (1, 1)]
    assert [f.typeidx for f in m.funcs] == [1, 0]
    assert m.funcs[1].locals == ["f64", "f64", "i32"]
    assert m.funcs[1].body == [(OP["local.get"], 2), (OP["drop"],), END]


def test_function_offsets_point_at_each_body() -> None:
    data = func_module(b"\x01\x01\x0b")
    m = decode_module(data)
    offset = m.funcs[0].offset
    assert data[offset - 1] == 4              # the body size precedes the body
    assert data[offset:offset + 4] == b"\x00\x01\x01\x0b"


def test_recursion_groups_subtypes_and_gc_types() -> None:
    struct = b"\x5f" + vec(b"\x78\x01", b"\x7f\x00", b"\x63\x01\x01")
    array = b"\x5e\x77\x00"
    data = module(section(1, vec(
        b"\x4e" + vec(b"\x50\x00" + struct, b"\x4f" + vec(u(0)) + array),
        b"\x4e\x00",
        b"\x60" + vec(b"\x64\x6e", b"\x6b") + vec(),
    )))
    m = decode_module(data)
    assert m.rec_groups == [(0, 2), (2, 0), (2, 1)]
    assert m.types[0] == ir.SubType(False, (), ir.StructType((
        ir.FieldType("i8", True), ir.FieldType("i32", False),
        ir.FieldType(ir.RefType(True, 1), True))))
    assert m.types[1] == ir.SubType(True, (0,), ir.ArrayType(ir.FieldType("i16", False)))
    params = (ir.RefType(False, "any"), ir.RefType(True, "struct"))
    assert m.types[2].comptype == ir.FuncType(params, ())


def test_imports_of_every_kind() -> None:
    data = module(
        section(1, vec(FUNC_VOID)),
        section(2, vec(
            name("m") + name("f") + b"\x00" + u(0),
            name("m") + name("t") + b"\x01\x70\x01\x01\x02",
            name("m") + name("mem") + b"\x02\x03\x01\x02",
            name("m") + name("g") + b"\x03\x7e\x01",
            name("m") + name("e") + b"\x04\x00" + u(0),
        )),
    )
    imports = decode_module(data).imports
    assert imports == [
        ir.Import("m", "f", "func", 0),
        ir.Import("m", "t", "table", ir.TableType(ir.FUNCREF, ir.Limits(1, 2))),
        ir.Import("m", "mem", "memory", ir.MemType(ir.Limits(1, 2, shared=True))),
        ir.Import("m", "g", "global", ir.GlobalType("i64", True)),
        ir.Import("m", "e", "tag", ir.TagType(0)),
    ]


def test_tables_with_and_without_initializer() -> None:
    data = module(
        section(1, vec(FUNC_VOID)),
        section(4, vec(b"\x6f\x00\x03", b"\x40\x00\x64\x00\x05\x00\x07" + b"\xd2\x00\x0b")),
    )
    tables = decode_module(data).tables
    assert tables[0] == ir.Table(ir.TableType(ir.EXTERNREF, ir.Limits(3)))
    assert tables[1] == ir.Table(ir.TableType(ir.RefType(False, 0), ir.Limits(0, 7, is64=True)),
                                 [(OP["ref.func"], 0), END])


def test_memory_limits_flags() -> None:
    data = module(section(5, vec(
        b"\x00\x01",
        b"\x05" + u(2**40) + u(2**48),
        b"\x03\x01\x02",
        b"\x08\x00\x00",
        b"\x09\x01\x02\x10",
    )))
    assert [mem.limits for mem in decode_module(data, custom_page_sizes=True).mems] == [
        ir.Limits(1),
        ir.Limits(2**40, 2**48, is64=True),
        ir.Limits(1, 2, shared=True),
        ir.Limits(0, page_size_log2=0),
        ir.Limits(1, 2, page_size_log2=16),
    ]


def test_tag_section_sits_between_memory_and_global() -> None:
    data = module(
        section(1, vec(b"\x60\x01\x7f\x00")),
        section(5, vec(b"\x00\x01")),
        section(13, vec(b"\x00" + u(0), b"\x00" + u(0))),
        section(6, vec(b"\x7f\x00" + i32_const(7))),
    )
    m = decode_module(data)
    assert m.tags == [ir.TagType(0), ir.TagType(0)]
    assert m.globals == [ir.Global(ir.GlobalType("i32", False), [(OP["i32.const"], 7), END])]


def test_exports_and_start() -> None:
    data = module(
        section(1, vec(FUNC_VOID)),
        section(3, vec(u(0))),
        section(7, vec(name("f") + b"\x00\x00", name("t") + b"\x01\x00",
                       name("m") + b"\x02\x00", name("g") + b"\x03\x02",
                       name("e") + b"\x04\x01")),
        section(8, u(0)),
        section(10, vec(body(b"\x0b"))),
    )
    m = decode_module(data)
    assert [(e.name, e.kind, e.index) for e in m.exports] == [
        ("f", "func", 0), ("t", "table", 0), ("m", "memory", 0), ("g", "global", 2),
        ("e", "tag", 1)]
    assert m.start == 0


def _ref_funcs(*indices: int) -> list[ir.Expr]:
    return [[(OP["ref.func"], i), END] for i in indices]


def test_element_segments_in_all_eight_encodings() -> None:
    offset = i32_const(2)
    null_expr = b"\xd0\x70\x0b"
    func_expr = b"\xd2\x01\x0b"
    data = module(section(9, vec(
        u(0) + offset + vec(u(1), u(2)),
        u(1) + b"\x00" + vec(u(3)),
        u(2) + u(1) + offset + b"\x00" + vec(u(4)),
        u(3) + b"\x00" + vec(u(5)),
        u(4) + offset + vec(null_expr, func_expr),
        u(5) + b"\x6f" + vec(b"\xd0\x6f\x0b"),
        u(6) + u(2) + offset + b"\x64\x70" + vec(func_expr),
        u(7) + b"\x70" + vec(func_expr),
    )))
    elems = decode_module(data).elems
    offset_expr = [(OP["i32.const"], 2), END]
    non_null_func = ir.RefType(False, "func")
    assert elems == [
        ir.Elem("active", non_null_func, _ref_funcs(1, 2), 0, offset_expr, 0),
        ir.Elem("passive", non_null_func, _ref_funcs(3), flags=1),
        ir.Elem("active", non_null_func, _ref_funcs(4), 1, offset_expr, 2),
        ir.Elem("declarative", non_null_func, _ref_funcs(5), flags=3),
        ir.Elem("active", ir.FUNCREF, [[(OP["ref.null"], "func"), END]] + _ref_funcs(1), 0,
                offset_expr, 4),
        ir.Elem("passive", ir.EXTERNREF, [[(OP["ref.null"], "extern"), END]], flags=5),
        ir.Elem("active", non_null_func, _ref_funcs(1), 2, offset_expr, 6),
        ir.Elem("declarative", ir.FUNCREF, _ref_funcs(1), flags=7),
    ]


def test_data_segments_in_all_three_encodings() -> None:
    data = module(
        section(12, u(3)),
        section(11, vec(
            u(0) + i32_const(8) + name("ab"),
            u(1) + name("c"),
            u(2) + u(1) + b"\x42\x10\x0b" + name(""),
        )),
    )
    m = decode_module(data)
    assert m.data_count == 3
    assert m.datas == [
        ir.Data("active", b"ab", 0, [(OP["i32.const"], 8), END]),
        ir.Data("passive", b"c"),
        ir.Data("active", b"", 1, [(OP["i64.const"], 16), END]),
    ]


def test_custom_sections_anywhere_are_kept_in_order_with_their_place() -> None:
    data = module(
        custom("first", b"\x01\x02"),
        section(1, vec(FUNC_VOID)),
        custom("second", b""),
        section(3, vec(u(0))),
        section(10, vec(body(b"\x0b"))),
        custom("", b"x"),
    )
    m = decode_module(data)
    assert m.customs == [("first", b"\x01\x02"), ("second", b""), ("", b"x")]
    assert m.custom_places == [("before", "first"), ("after", "type"), ("after", "code")]


def test_custom_sections_after_empty_sections_are_placed_after_the_previous_one() -> None:
    data = module(
        section(2, vec()),
        custom("a", b""),
        section(3, vec(u(0))),
        section(6, vec()),
        custom("b", b""),
        section(10, vec(body(b"\x0b"))),
    )
    assert decode_module(data).custom_places == [("before", "first"), ("after", "func")]


def test_one_type_recursion_groups_written_with_rec_are_recorded() -> None:
    data = module(section(1, vec(b"\x4e\x01" + FUNC_VOID, FUNC_VOID, b"\x4e\x01" + FUNC_VOID,
                                 b"\x4e\x02" + FUNC_VOID + FUNC_VOID)))
    m = decode_module(data)
    assert m.rec_groups == [(0, 1), (1, 1), (2, 1), (3, 2)]
    assert m.explicit_recs == [0, 2]


def test_immediates_of_memory_and_constant_instructions() -> None:
    code = (b"\x41\x00"
            + b"\x28\x02\x10"                       # i32.load align=4 offset=16
            + b"\x28\x42\x01" + u(2**33)            # i32.load memory 1, offset 2**33
            + b"\x43\x00\x00\xc0\x7f"               # f32.const nan
            + b"\x44" + (1).to_bytes(8, "little")   # f64.const smallest subnormal
            + b"\x42" + s(-2**63)
            + b"\xfd\x0c" + bytes(range(16))        # v128.const
            + b"\xfd\x0d" + bytes(range(16, 32))    # i8x16.shuffle
            + b"\x0b")
    instrs = decode_module(func_module(code)).funcs[0].body
    assert instrs == [
        (OP["i32.const"], 0),
        (OP["i32.load"], 2, 16, 0),
        (OP["i32.load"], 2, 2**33, 1),
        (OP["f32.const"], 0x7FC00000),
        (OP["f64.const"], 1),
        (OP["i64.const"], -2**63),
        (OP["v128.const"], int.from_bytes(bytes(range(16)), "little")),
        (OP["i8x16.shuffle"], tuple(range(16, 32))),
        END,
    ]


def test_block_types_and_structured_control() -> None:
    code = (b"\x02\x40" + b"\x03\x7f" + b"\x04" + s(200)
            + b"\x05" + b"\x0b" + b"\x0b" + b"\x0b"
            + b"\x1f\x63\x00" + vec(b"\x00\x01\x00", b"\x03\x01") + b"\x0b"
            + b"\x0b")
    instrs = decode_module(func_module(code)).funcs[0].body
    assert instrs == [
        (OP["block"], None), (OP["loop"], "i32"), (OP["if"], 200), (OP["else"],), END, END, END,
        (OP["try_table"], ir.RefType(True, 0), ((0, 1, 0), (3, None, 1))), END,
        END,
    ]


def test_legacy_exception_blocks() -> None:
    code = (b"\x06\x40" + b"\x07\x00" + b"\x07\x01" + b"\x19" + b"\x0b"
            + b"\x06\x40" + b"\x18\x00"
            + b"\x0b")
    instrs = decode_module(func_module(code)).funcs[0].body
    assert [i[0].name for i in instrs] == [
        "try", "catch", "catch", "catch_all", "end", "try", "delegate", "end"]
