"""Instructions in the text format: mnemonics and their immediates.

Every mnemonic is looked up in :data:`wasmlite.opcodes.BY_NAME`; immediates are
parsed by the row's immediate kinds, into the instruction tuples of the IR. The text order of a few immediates differs
from the binary order (``call_indirect``, ``memory.init``, ``table.init``) and a
few mnemonics select a row by their immediates (``select`` with result types,
``ref.test`` / ``ref.cast`` with a nullable type).
"""

from __future__ import annotations

from .. import ir
from ..errors import NotSupportedError
from ..opcodes import BY_NAME, OPS, Op, natural_alignment
from .cursor import Cursor
from .error import LiteralError
from .lexer import ID, KEYWORD, LPAR, NUMBER
from .numbers import F32, F64, parse_float, parse_int, parse_uint
from . import types

_SELECT_T = BY_NAME["select t"]
_TYPED_NULL_ROWS = {"ref.test": BY_NAME["ref.test null"], "ref.cast": BY_NAME["ref.cast null"]}

# mnemonics of proposals the instruction table does not have yet
UNSUPPORTED_INSTRUCTIONS = {
    name: "custom descriptors" for name in (
        "ref.get_desc", "ref.cast_desc_eq", "br_on_cast_desc_eq", "br_on_cast_desc_eq_fail",
        "struct.new_desc", "struct.new_default_desc")
}

BLOCK_INSTRUCTIONS = frozenset(("block", "loop", "if", "try", "try_table"))
FLAT_TERMINATORS = frozenset(("end", "else", "catch", "catch_all", "delegate"))


# v128.const shapes: lane count, lane width in bits, lane literal parser
_SHAPES = {
    "i8x16": (16, 8, lambda t: parse_int(t, 8)),
    "i16x8": (8, 16, lambda t: parse_int(t, 16)),
    "i32x4": (4, 32, lambda t: parse_int(t, 32)),
    "i64x2": (2, 64, lambda t: parse_int(t, 64)),
    "f32x4": (4, 32, lambda t: parse_float(t, F32)),
    "f64x2": (2, 64, lambda t: parse_float(t, F64)),
}


_NATURAL_ALIGN = {op: natural_alignment(op) for op in OPS if "memarg" in op.imm}


def v128_lanes(cur: Cursor) -> int:
    """``shape lane*`` after ``v128.const``: the 128-bit little-endian value."""
    at = cur.i
    shape = cur.peek_keyword()
    spec = _SHAPES.get(shape)
    if spec is None:
        raise cur.unexpected("a vector shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)")
    cur.i += 1
    count, width, parse = spec
    mask = (1 << width) - 1
    value = 0
    kinds, texts = cur.kinds, cur.texts
    for lane in range(count):
        i = cur.i
        kind = kinds[i] if i < len(kinds) else -1
        if kind != NUMBER and not (kind == KEYWORD and texts[i].startswith(("nan", "inf"))):
            raise cur.error("wrong number of lane literals", f"{count} lane literals for {shape}", at)
        try:
            bits = parse(texts[i])
        except LiteralError as e:
            raise cur.literal_error(e) from None
        value |= (bits & mask) << (lane * width)
        cur.i = i + 1
    return value


def unknown_instruction(cur: Cursor, name: str) -> Exception:
    """The error for a keyword that names no instruction (at the cursor)."""
    if name in UNSUPPORTED_INSTRUCTIONS:
        return NotSupportedError(f"{name} ({UNSUPPORTED_INSTRUCTIONS[name]})")
    return cur.error("unknown operator", "an instruction")


class Pending:
    """An inline function type whose index is assigned when its instruction is
    emitted, so that implicit types are appended in instruction order."""

    __slots__ = ("functype",)

    def __init__(self, functype: ir.FuncType):
        self.functype = functype


def inline_type_use(p, allow_index_only: bool):
    """``(type x)? (param t*)* (result t*)*`` inside an instruction (parameters
    are unnamed): a type index or a :class:`Pending` inline type.

    ``allow_index_only`` is for block types, where an absent type use, or one
    result alone, is written inline in the binary (``None`` or the value type).
    """
    cur = p.cur
    ctx = p.ctx
    at = cur.i
    index = None
    if cur.accept_sexpr("type"):
        index = ctx.types.index(cur)
        cur.rpar()
    ps: list = []
    rs: list = []
    if cur.kind() == LPAR:
        if cur.peek_sexpr("param"):
            if cur.kind(2) == ID:
                raise cur.error("unexpected token", "a parameter type (no names here)", cur.i + 2)
            types.params(cur, ctx, ps, None)
        types.results(cur, ctx, rs)
    if index is not None:
        if (ps or rs) and ctx.func_type(cur, index, at) != ir.FuncType(tuple(ps), tuple(rs)):
            raise cur.error("inline function type", "parameters and results matching the type", at)
        return index
    if allow_index_only and not ps:
        if not rs:
            return None
        if len(rs) == 1:
            return rs[0]
    return Pending(ir.FuncType(tuple(ps), tuple(rs)))


def memarg(p, op: Op) -> tuple[int, int]:
    """``offset=n? align=n?``: the alignment exponent and the offset."""
    cur = p.cur
    offset = 0
    align = _NATURAL_ALIGN[op]
    text = cur.peek_keyword()
    if text is not None and text.startswith("offset="):
        try:
            offset = parse_uint(text[7:], 64)
        except LiteralError as e:
            raise cur.literal_error(e) from None
        cur.i += 1
        text = cur.peek_keyword()
    if text is not None and text.startswith("align="):
        try:
            value = parse_uint(text[6:], 64)
        except LiteralError as e:
            raise cur.literal_error(e) from None
        if value == 0 or value & (value - 1):
            raise cur.error("alignment must be a power of two", "a power of two")
        align = value.bit_length() - 1
        cur.i += 1
    return align, offset


def _optional_mem(p) -> int:
    """An optional memory index (``0`` when absent)."""
    cur = p.cur
    if cur.kind() in (NUMBER, ID):
        return p.ctx.mems.index(cur)
    return 0


def _optional_table(p) -> int:
    """An optional table index (``0`` when absent)."""
    cur = p.cur
    if cur.kind() in (NUMBER, ID):
        return p.ctx.tables.index(cur)
    return 0


# -- immediate parsers by kind: each returns the instruction (a tuple, or a list
#    when it holds a pending inline type) -------------------------------------------

def _label(p, op: Op):
    return (op, p.fctx.label(p.cur))


def _br_table(p, op: Op):
    cur = p.cur
    labels = []
    while cur.kind() in (NUMBER, ID):
        labels.append(p.fctx.label(cur))
    if not labels:
        raise cur.unexpected("a label")
    default = labels.pop()
    return (op, tuple(labels), default)


def _func(p, op: Op):
    return (op, p.ctx.funcs.index(p.cur))


def _local(p, op: Op):
    return (op, p.fctx.locals.index(p.cur))


def _global(p, op: Op):
    return (op, p.ctx.globals.index(p.cur))


def _tag(p, op: Op):
    return (op, p.ctx.tags.index(p.cur))


def _elem(p, op: Op):
    return (op, p.ctx.elems.index(p.cur))


def _data(p, op: Op):
    return (op, p.ctx.datas.index(p.cur))


def _type(p, op: Op):
    return (op, p.ctx.types.index(p.cur))


def _type_type(p, op: Op):
    types_ = p.ctx.types
    return (op, types_.index(p.cur), types_.index(p.cur))


def _type_field(p, op: Op):
    typeidx = p.ctx.types.index(p.cur)
    return (op, typeidx, p.ctx.field(p.cur, typeidx))


def _type_u32(p, op: Op):
    return (op, p.ctx.types.index(p.cur), p.cur.u32())


def _type_data(p, op: Op):
    return (op, p.ctx.types.index(p.cur), p.ctx.datas.index(p.cur))


def _type_elem(p, op: Op):
    return (op, p.ctx.types.index(p.cur), p.ctx.elems.index(p.cur))


def _call_indirect(p, op: Op):
    table = _optional_table(p)
    t = inline_type_use(p, False)
    if t.__class__ is Pending:
        return [op, t, table]
    return (op, t, table)


def _table(p, op: Op):
    return (op, _optional_table(p))


def _table_table(p, op: Op):
    cur = p.cur
    if cur.kind() in (NUMBER, ID):
        tables = p.ctx.tables
        return (op, tables.index(cur), tables.index(cur))
    return (op, 0, 0)


def _two_indices(cur: Cursor) -> bool:
    """Whether the next two tokens are both indices."""
    return cur.kind() in (NUMBER, ID) and cur.kind(1) in (NUMBER, ID)


def _table_init(p, op: Op):
    cur = p.cur
    table = p.ctx.tables.index(cur) if _two_indices(cur) else 0
    return (op, p.ctx.elems.index(cur), table)


def _mem(p, op: Op):
    return (op, _optional_mem(p))


def _mem_mem(p, op: Op):
    cur = p.cur
    if cur.kind() in (NUMBER, ID):
        mems = p.ctx.mems
        return (op, mems.index(cur), mems.index(cur))
    return (op, 0, 0)


def _memory_init(p, op: Op):
    cur = p.cur
    mem = p.ctx.mems.index(cur) if _two_indices(cur) else 0
    return (op, p.ctx.datas.index(cur), mem)


def _memarg(p, op: Op):
    mem = _optional_mem(p)
    align, offset = memarg(p, op)
    return (op, align, offset, mem)


def _memarg_lane(p, op: Op):
    cur = p.cur
    mem = 0
    kind = cur.kind()
    if kind == ID:
        mem = p.ctx.mems.index(cur)
    elif kind == NUMBER:
        following = cur.kind(1)
        if following == NUMBER or (following == KEYWORD and cur.texts[cur.i + 1].startswith(("offset=", "align="))):
            mem = p.ctx.mems.index(cur)
    align, offset = memarg(p, op)
    return (op, align, offset, mem, _lane_index(p))


def _lane_index(p) -> int:
    cur = p.cur
    i = cur.i
    if cur.kind() != NUMBER:
        raise cur.unexpected("a lane index")
    try:
        value = parse_uint(cur.texts[i], 8)
    except LiteralError as e:
        raise cur.literal_error(e) from None
    cur.i = i + 1
    return value


def _lane(p, op: Op):
    return (op, _lane_index(p))


def _shuffle(p, op: Op):
    at = p.cur.i
    lanes = []
    for _ in range(16):
        if p.cur.kind() != NUMBER:
            raise p.cur.error("invalid lane length", "16 lane indices", at)
        lanes.append(_lane_index(p))
    if p.cur.kind() == NUMBER:
        raise p.cur.error("invalid lane length", "16 lane indices", at)
    return (op, tuple(lanes))


def _number(parse, what: str):
    def handler(p, op: Op):
        cur = p.cur
        i = cur.i
        if i >= len(cur.kinds) or cur.kinds[i] not in (NUMBER, KEYWORD):
            raise cur.unexpected(f"an {what} literal")
        try:
            value = parse(cur.texts[i])
        except LiteralError as e:
            raise cur.literal_error(e) from None
        cur.i = i + 1
        return (op, value)
    return handler


def _v128(p, op: Op):
    return (op, v128_lanes(p.cur))


def _heap_type(p, op: Op):
    return (op, types.heap_type(p.cur, p.ctx))


def _ref_test(p, op: Op):
    rt = types.ref_type(p.cur, p.ctx)
    if rt.nullable:
        op = _TYPED_NULL_ROWS[op.name]
    return (op, rt.heap)


def _br_on_cast(p, op: Op):
    label = p.fctx.label(p.cur)
    t1 = types.ref_type(p.cur, p.ctx)
    t2 = types.ref_type(p.cur, p.ctx)
    return (op, int(t1.nullable) | (int(t2.nullable) << 1), label, t1.heap, t2.heap)


def _select(p, op: Op):
    cur = p.cur
    if not cur.peek_sexpr("result"):
        return (op,)
    rs: list = []
    types.results(cur, p.ctx, rs)
    return (_SELECT_T, tuple(rs))


_IMMEDIATE_PARSERS = {
    ("label",): _label,
    ("labels", "label"): _br_table,
    ("func",): _func,
    ("local",): _local,
    ("global",): _global,
    ("tag",): _tag,
    ("elem",): _elem,
    ("data",): _data,
    ("type",): _type,
    ("type", "type"): _type_type,
    ("type", "field"): _type_field,
    ("type", "u32"): _type_u32,
    ("type", "data"): _type_data,
    ("type", "elem"): _type_elem,
    ("type", "table"): _call_indirect,
    ("table",): _table,
    ("table", "table"): _table_table,
    ("elem", "table"): _table_init,
    ("mem",): _mem,
    ("mem", "mem"): _mem_mem,
    ("data", "mem"): _memory_init,
    ("memarg",): _memarg,
    ("memarg", "lane"): _memarg_lane,
    ("lane",): _lane,
    ("shuffle",): _shuffle,
    ("i32",): _number(lambda t: parse_int(t, 32), "i32"),
    ("i64",): _number(lambda t: parse_int(t, 64), "i64"),
    ("f32",): _number(lambda t: parse_float(t, F32), "f32"),
    ("f64",): _number(lambda t: parse_float(t, F64), "f64"),
    ("v128",): _v128,
    ("heaptype",): _heap_type,
    ("castflags", "label", "heaptype", "heaptype"): _br_on_cast,
}


def _build_tables() -> tuple[dict[str, tuple], dict[str, tuple]]:
    """Mnemonic -> instruction for immediate-free instructions (one shared tuple
    each), and mnemonic -> (immediate parser, row) for the others. Structured
    instructions and the flat terminators are parsed by
    :class:`~wasmlite.text.expressions.BodyParser`."""
    simple: dict[str, tuple] = {}
    handlers: dict[str, tuple] = {}
    for op in OPS:
        name = op.name
        if " " in name or name in BLOCK_INSTRUCTIONS or name in FLAT_TERMINATORS:
            continue
        if name == "select":
            handlers[name] = (_select, op)
        elif name in _TYPED_NULL_ROWS:
            handlers[name] = (_ref_test, op)
        elif not op.imm or op.imm == ("zero",):
            simple[name] = (op,)
        else:
            handlers[name] = (_IMMEDIATE_PARSERS[op.imm], op)
    return simple, handlers


SIMPLE, HANDLERS = _build_tables()
