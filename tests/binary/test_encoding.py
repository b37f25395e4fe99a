"""Encoding the module IR: every instruction, every section, and the choices
the encoder makes where the IR leaves freedom."""

from __future__ import annotations


import pytest

from wasmlite import ir, opcodes
from wasmlite.binary import decode_module, encode_module
from wasmlite.errors import MalformedError

OP = opcodes.BY_NAME
END = (OP["end"],)

SAMPLE_IMMEDIATES: dict[str, tuple] = {
    "blocktype": (ir.RefType(False, 300),),
    "label": (1,), "labels": ((0, 2, 200),), "func": (3,), "type": (4,), "table": (5,),
    "mem": (6,), "global": (7,), "local": (130,), "elem": (9,), "data": (10,), "tag": (11,),
    "field": (12,), "u32": (2**32 - 1,),
    "i32": (-2**31,), "i64": (2**63 - 1,), "f32": (0x7FC00001,), "f64": (0xFFF8000000000001,),
    "memarg": (3, 2**40, 2), "lane": (15,), "v128": ((1 << 127) | 5,),
    "shuffle": (tuple(range(31, 15, -1)),), "heaptype": ("noexn",),
    "valtypes": (("v128", ir.RefType(True, 2)),), "zero": (), "castflags": (2,),
    "catches": (((0, 1, 2), (1, 3, 4), (2, None, 5), (3, None, 6)),),
}
"""A value for each immediate kind, as the IR shapes it (``memarg`` is three)."""


def instruction(op: opcodes.Op) -> tuple:
    return (op,) + tuple(v for kind in op.imm for v in SAMPLE_IMMEDIATES[kind])


def body_with(op: opcodes.Op) -> list[tuple]:
    """A well-nested function body using ``op``."""
    if op.name == "end":
        return [END]
    if op.name == "else":
        return [(OP["if"], None), (op,), END, END]
    if op.name in ("catch", "catch_all"):
        return [(OP["try"], None), instruction(op), END, END]
    if op.name == "delegate":
        return [(OP["try"], None), instruction(op), END]
    if op.imm[:1] == ("blocktype",):
        return [instruction(op), END, END]
    return [instruction(op), END]


def module_with(funcs: list[ir.Func], **fields) -> ir.Module:
    return ir.Module(types=[ir.SubType(True, (), ir.FuncType((), ()))], rec_groups=[(0, 1)],
                     funcs=funcs, **fields)


@pytest.mark.parametrize("op", opcodes.OPS, ids=lambda op: op.name)
def test_every_instruction_round_trips(op: opcodes.Op) -> None:
    m = module_with([ir.Func(0, [], body_with(op))], data_count=0)
    assert decode_module(encode_module(m)).funcs[0].body == m.funcs[0].body


@pytest.mark.parametrize("blocktype", [None, 0, 64, 2**32 - 1, "i32", "v128", ir.FUNCREF,
                                       ir.RefType(True, 7), ir.RefType(False, "i31")])
def test_block_types_round_trip(blocktype) -> None:
    body = [(OP["block"], blocktype), END, END]
    assert decode_module(encode_module(module_with([ir.Func(0, [], body)]))).funcs[0].body == body


def test_locals_are_grouped_by_runs() -> None:
    locals_ = ["i32", "i32", "f64", ir.EXTERNREF, ir.EXTERNREF, "i32"]
    m = module_with([ir.Func(0, locals_, [END])])
    data = encode_module(m)
    assert bytes.fromhex("04 02 7f 01 7c 02 6f 01 7f 0b") in data
    assert decode_module(data).funcs[0].locals == locals_


def test_unsigned_integer_constants_are_written_as_signed() -> None:
    body = [(OP["i32.const"], 0xFFFF_FFFF), (OP["i64.const"], 2**63), END]
    decoded = decode_module(encode_module(module_with([ir.Func(0, [], body)]))).funcs[0].body
    assert decoded == [(OP["i32.const"], -1), (OP["i64.const"], -2**63), END]


def test_data_count_section_follows_the_ir_or_the_code() -> None:
    drop = [ir.Func(0, [], [(OP["data.drop"], 0), END])]
    datas = [ir.Data("passive", b"x")]
    assert decode_module(encode_module(module_with(drop, datas=datas))).data_count == 1
    assert decode_module(encode_module(module_with([], datas=datas))).data_count is None
    assert decode_module(encode_module(module_with([], datas=datas, data_count=1))).data_count == 1


def test_types_without_recursion_groups_are_singletons() -> None:
    m = ir.Module(types=[ir.SubType(True, (), ir.FuncType(("i32",), ())),
                         ir.SubType(False, (0,), ir.FuncType(("i32",), ()))])
    assert decode_module(encode_module(m)).rec_groups == [(0, 1), (1, 1)]


def test_recursion_groups_must_cover_the_types() -> None:
    m = ir.Module(types=[ir.SubType(True, (), ir.FuncType((), ()))], rec_groups=[(0, 2)])
    with pytest.raises(MalformedError, match="cannot encode recursion groups"):
        encode_module(m)


def test_element_segments_keep_their_meaning() -> None:
    ref_func = [[(OP["ref.func"], 0), END]]
    offset = [(OP["i32.const"], 0), END]
    non_null = ir.RefType(False, "func")
    elems = [
        ir.Elem("active", non_null, ref_func, 0, offset),
        ir.Elem("active", non_null, ref_func, 3, offset),
        ir.Elem("active", ir.FUNCREF, ref_func, 0, offset),
        ir.Elem("active", ir.FUNCREF, ref_func, 1, offset),
        ir.Elem("active", non_null, [[(OP["global.get"], 0), END]], 0, offset),
        ir.Elem("passive", non_null, ref_func),
        ir.Elem("passive", ir.EXTERNREF, [[(OP["ref.null"], "extern"), END]]),
        ir.Elem("declarative", non_null, ref_func),
        ir.Elem("declarative", ir.FUNCREF, []),
    ]
    decoded = decode_module(encode_module(ir.Module(elems=elems))).elems
    for e in decoded:
        e.flags = None
    assert decoded == elems


def _elem_flags(elem: ir.Elem) -> int:
    """The flags ``elem`` is written with."""
    return decode_module(encode_module(ir.Module(elems=[elem]))).elems[0].flags


@pytest.mark.parametrize("mode, elem_type, init, table, flags", [
    ("active", ir.RefType(False, "func"), "indices", 0, 0),
    ("passive", ir.RefType(False, "func"), "indices", 0, 1),
    ("active", ir.RefType(False, "func"), "indices", 0, 2),
    ("declarative", ir.RefType(False, "func"), "indices", 0, 3),
    ("active", ir.FUNCREF, "indices", 0, 4),
    ("passive", ir.RefType(False, "func"), "indices", 0, 5),
    ("active", ir.RefType(False, "func"), "indices", 0, 6),
    ("active", ir.RefType(False, "func"), "indices", 1, 6),
    ("declarative", ir.EXTERNREF, "null", 0, 7),
])
def test_element_segments_keep_a_valid_recorded_encoding(mode, elem_type, init, table, flags) -> None:
    exprs = [[(OP["ref.func"], 0), END]] if init == "indices" else [[(OP["ref.null"], "extern"), END]]
    offset = [(OP["i32.const"], 0), END] if mode == "active" else None
    elem = ir.Elem(mode, elem_type, exprs, table, offset, flags)
    assert _elem_flags(elem) == flags
    assert decode_module(encode_module(ir.Module(elems=[elem]))).elems == [elem]


@pytest.mark.parametrize("elem, written", [
    # no table index field, but table 1
    (ir.Elem("active", ir.RefType(False, "func"), [[(OP["ref.func"], 0), END]], 1,
             [(OP["i32.const"], 0), END], 0), 2),
    # function indices, but an element that is not a function reference
    (ir.Elem("passive", ir.RefType(False, "func"), [[(OP["global.get"], 0), END]], flags=1), 5),
    # the mode bits of a declarative segment for a passive one
    (ir.Elem("passive", ir.FUNCREF, [], flags=7), 5),
    # flags 4 imply the type funcref
    (ir.Elem("active", ir.EXTERNREF, [], 0, [(OP["i32.const"], 0), END], 4), 6),
    (ir.Elem("active", ir.RefType(False, "func"), [], 0, [(OP["i32.const"], 0), END], 9), 0),
])
def test_element_segment_encodings_that_do_not_fit_are_replaced(elem: ir.Elem, written: int) -> None:
    assert _elem_flags(elem) == written


def test_one_type_recursion_groups_keep_an_explicit_rec() -> None:
    func = ir.SubType(True, (), ir.FuncType((), ()))
    m = ir.Module(types=[func, func, func], rec_groups=[(0, 1), (1, 1), (2, 1)], explicit_recs=[1])
    data = encode_module(m)
    assert bytes.fromhex("03 60 00 00 4e 01 60 00 00 60 00 00") in data
    assert decode_module(data) == m


def test_explicit_recs_apply_to_types_without_listed_groups() -> None:
    func = ir.SubType(True, (), ir.FuncType((), ()))
    m = decode_module(encode_module(ir.Module(types=[func, func], explicit_recs=[0])))
    assert m.explicit_recs == [0]


def test_explicit_rec_must_name_a_one_type_group() -> None:
    func = ir.SubType(True, (), ir.FuncType((), ()))
    m = ir.Module(types=[func, func], rec_groups=[(0, 2)], explicit_recs=[1])
    with pytest.raises(MalformedError, match="cannot encode explicit recursion groups"):
        encode_module(m)


def _section_ids(data: bytes) -> list:
    """The ids of the sections of ``data``, custom sections by name."""
    out, pos = [], 8
    while pos < len(data):
        section_id = data[pos]
        size, shift, pos = 0, 0, pos + 1
        while True:
            size |= (data[pos] & 0x7F) << shift
            shift += 7
            pos += 1
            if data[pos - 1] < 0x80:
                break
        out.append(data[pos + 1:pos + 1 + data[pos]].decode() if section_id == 0 else section_id)
        pos += size
    return out


def test_custom_sections_stand_where_placed() -> None:
    m = module_with([ir.Func(0, [], [END])],
                    customs=[("a", b""), ("b", b""), ("c", b""), ("d", b""), ("e", b""), ("f", b"")],
                    custom_places=[("after", "last"), ("before", "code"), ("before", "first"),
                                   ("after", "type"), ("before", "import"), ("after", "data")],
                    names=ir.Names(module="m"))
    assert _section_ids(encode_module(m)) == ["c", 1, "d", "e", 3, "b", 10, "f", "a", "name"]


def test_custom_sections_without_a_place_go_last() -> None:
    m = module_with([], customs=[("a", b""), ("b", b"")], custom_places=[("before", "type")])
    assert _section_ids(encode_module(m)) == ["a", 1, "b"]


def test_custom_section_placement_round_trips() -> None:
    m = module_with([ir.Func(0, [], [END])], customs=[("a", b"1"), ("b", b"2"), ("c", b"3")],
                    custom_places=[("before", "first"), ("after", "func"), ("after", "code")])
    assert decode_module(encode_module(m)).custom_places == m.custom_places


def test_unknown_custom_section_placement_is_an_error() -> None:
    with pytest.raises(MalformedError, match="cannot encode custom section placement"):
        encode_module(ir.Module(customs=[("a", b"")], custom_places=[("after", "first")]))


def test_tables_memories_globals_tags_imports_exports() -> None:
    m = ir.Module(
        types=[ir.SubType(True, (), ir.FuncType(("i32",), ()))], rec_groups=[(0, 1)],
        imports=[ir.Import("a", "b", "memory", ir.MemType(ir.Limits(1, 10, True, True, 0)))],
        tables=[ir.Table(ir.TableType(ir.FUNCREF, ir.Limits(1, None, True))),
                ir.Table(ir.TableType(ir.RefType(False, "func"), ir.Limits(2)),
                         [(OP["ref.func"], 0), END])],
        mems=[ir.MemType(ir.Limits(0, 2**40, True))],
        globals=[ir.Global(ir.GlobalType("f32", True), [(OP["f32.const"], 0), END])],
        tags=[ir.TagType(0)],
        exports=[ir.Export("t", "tag", 0), ir.Export("é", "table", 1)],
        start=4,
    )
    assert decode_module(encode_module(m), custom_page_sizes=True) == m


@pytest.mark.parametrize("bad", [
    ir.Func(0, ["i128"], [END]),
    ir.Func(0, [], [("i32.add",), END]),
    ir.Func(0, [], [(OP["i32.const"], 2**32), END]),
    ir.Func(0, [], [(OP["i32.load"], 64, 0, 0), END]),
    ir.Func(0, [], [(OP["ref.null"], "anyfunc"), END]),
])
def test_unencodable_ir_is_an_error(bad: ir.Func) -> None:
    with pytest.raises(MalformedError, match="cannot encode"):
        encode_module(module_with([bad]))


@pytest.mark.parametrize("instr", [
    (OP["i32.add"], 1),
    (OP["local.get"],),
    (OP["i8x16.extract_lane_s"], 300),
    (OP["i8x16.shuffle"], (1, 2)),
    (OP["br_table"], None, 0),
])
def test_instruction_with_wrong_immediates_is_an_error(instr: tuple) -> None:
    with pytest.raises(MalformedError, match="cannot encode"):
        encode_module(module_with([ir.Func(0, [], [instr, END])]))
