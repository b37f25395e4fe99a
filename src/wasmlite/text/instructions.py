"""Instructions in the text format, flat and folded, into the flat IR form.

Every mnemonic is looked up in :data:`wasmlite.opcodes.BY_NAME`; immediates are
parsed by the row's immediate kinds. The text order of a few immediates differs
from the binary order (``call_indirect``, ``memory.init``, ``table.init``) and a
few mnemonics select a row by their immediates (``select`` with result types,
``ref.test`` / ``ref.cast`` with a nullable type).
"""

from __future__ import annotations

import re

from .. import ir
from ..opcodes import BY_NAME, OPS, Op
from .cursor import Cursor
from .error import LiteralError
from .lexer import ID, KEYWORD, LPAR, NUMBER, RPAR
from .numbers import F32, F64, parse_float, parse_int, parse_uint
from .resolve import FuncContext, ModuleContext
from . import types

_END = BY_NAME["end"]
_ELSE = BY_NAME["else"]
_IF = BY_NAME["if"]
_CATCH = BY_NAME["catch"]
_CATCH_ALL = BY_NAME["catch_all"]
_DELEGATE = BY_NAME["delegate"]
_TRY = BY_NAME["try"]
_TRY_TABLE = BY_NAME["try_table"]
_SELECT_T = BY_NAME["select t"]
_TYPED_NULL_ROWS = {"ref.test": BY_NAME["ref.test null"], "ref.cast": BY_NAME["ref.cast null"]}

BLOCK_INSTRUCTIONS = frozenset(("block", "loop", "if", "try", "try_table"))
FLAT_TERMINATORS = frozenset(("end", "else", "catch", "catch_all", "delegate"))

_ALIGN = re.compile(r"align=(.*)\Z", re.DOTALL)
_OFFSET = re.compile(r"offset=(.*)\Z", re.DOTALL)
_ACCESS_BITS = re.compile(r"(?:load|store|rmw)(\d+)(?:x(\d+))?")
_TYPE_BITS = {"i32": 32, "i64": 64, "f32": 32, "f64": 64, "v128": 128}

# v128.const shapes: lane count, lane width in bits, lane literal parser
_SHAPES = {
    "i8x16": (16, 8, lambda t: parse_int(t, 8)),
    "i16x8": (8, 16, lambda t: parse_int(t, 16)),
    "i32x4": (4, 32, lambda t: parse_int(t, 32)),
    "i64x2": (2, 64, lambda t: parse_int(t, 64)),
    "f32x4": (4, 32, lambda t: parse_float(t, F32)),
    "f64x2": (2, 64, lambda t: parse_float(t, F64)),
}


def natural_alignment(op: Op) -> int:
    """log2 of the access size in bytes of a memory instruction."""
    prefix, _, rest = op.name.partition(".")
    if prefix == "memory":           # memory.atomic.notify / wait32 / wait64
        return 3 if rest.endswith("64") else 2
    m = _ACCESS_BITS.search(rest)
    bits = int(m.group(1)) * int(m.group(2) or 1) if m else _TYPE_BITS[prefix]
    return (bits // 8).bit_length() - 1


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
        if i >= len(kinds) or kinds[i] not in (NUMBER, KEYWORD) or kinds[i] == KEYWORD and texts[i][:3] not in ("nan", "inf"):
            raise cur.error("wrong number of lane literals", f"{count} lane literals for {shape}", at)
        try:
            bits = parse(texts[i])
        except LiteralError as e:
            raise cur.literal_error(e) from None
        value |= (bits & mask) << (lane * width)
        cur.i = i + 1
    return value


class _Pending:
    """An inline function type whose index is assigned when its instruction is emitted."""

    __slots__ = ("functype",)

    def __init__(self, functype: ir.FuncType):
        self.functype = functype


class BodyParser:
    """Parses instruction sequences of one function body or constant expression."""

    __slots__ = ("cur", "ctx", "fctx", "out")

    def __init__(self, cur: Cursor, ctx: ModuleContext, fctx: FuncContext | None = None):
        self.cur = cur
        self.ctx = ctx
        self.fctx = fctx if fctx is not None else FuncContext()
        self.out: list = []

    # -- sequences ------------------------------------------------------------

    def instrs(self) -> str | None:
        """Parse instructions up to ``)`` or a flat terminator keyword (``end``,
        ``else``, ``catch``, ``catch_all``, ``delegate``), which is left unconsumed
        and returned (``None`` for ``)``)."""
        cur = self.cur
        kinds = cur.kinds
        texts = cur.texts
        out = self.out
        append = out.append
        n = len(kinds)
        simple = _SIMPLE
        handlers = _HANDLERS
        while True:
            i = cur.i
            if i >= n:
                raise cur.unexpected("an instruction or ')'")
            kind = kinds[i]
            if kind == KEYWORD:
                name = texts[i]
                instr = simple.get(name)
                if instr is not None:
                    cur.i = i + 1
                    append(instr)
                    continue
                if name in FLAT_TERMINATORS:
                    return name
                handler = handlers.get(name)
                if handler is None:
                    if name in BLOCK_INSTRUCTIONS:
                        cur.i = i + 1
                        self.block(name)
                        continue
                    raise cur.error("unknown operator", "an instruction")
                cur.i = i + 1
                instr = handler(self, BY_NAME.get(name))
                if instr.__class__ is list:
                    self.emit_pending(instr)
                else:
                    append(instr)
            elif kind == LPAR:
                self.folded()
            elif kind == RPAR:
                return None
            else:
                raise cur.unexpected("an instruction or ')'")

    def folded_instrs(self) -> None:
        """Parse folded instructions ``(...)*`` up to ``)``."""
        cur = self.cur
        while cur.kind() == LPAR:
            self.folded()
        if not cur.at_rpar():
            raise cur.unexpected("a folded instruction or ')'")

    def emit_pending(self, instr: list) -> None:
        """Append an instruction whose type use is still inline (see :class:`_Pending`)."""
        for k, imm in enumerate(instr):
            if imm.__class__ is _Pending:
                instr[k] = self.ctx.type_use(imm.functype)
        self.out.append(tuple(instr))

    def folded(self) -> None:
        """One ``( ... )`` folded instruction."""
        cur = self.cur
        cur.i += 1
        i = cur.i
        if i >= len(cur.kinds) or cur.kinds[i] != KEYWORD:
            raise cur.unexpected("an instruction")
        name = cur.texts[i]
        cur.i = i + 1
        instr = _SIMPLE.get(name)
        if instr is None:
            if name in BLOCK_INSTRUCTIONS:
                self.folded_block(name)
                return
            handler = _HANDLERS.get(name)
            if handler is None:
                cur.i = i
                raise cur.error("unknown operator", "an instruction")
            instr = handler(self, BY_NAME.get(name))
        if cur.kinds[cur.i] != RPAR if cur.i < len(cur.kinds) else True:
            self.folded_instrs()
        cur.i += 1
        if instr.__class__ is list:
            self.emit_pending(instr)
        else:
            self.out.append(instr)

    # -- structured instructions ------------------------------------------------

    def label_and_type(self) -> tuple[str | None, object]:
        """``label? blocktype``: the label's name and the block type (maybe pending)."""
        cur = self.cur
        name = cur.id()
        return name, self.block_type()

    def block_type(self):
        """``(type x)? (param t*)* (result t*)*`` of a block; parameters are unnamed."""
        cur = self.cur
        ctx = self.ctx
        index = None
        at = cur.i
        if cur.accept_sexpr("type"):
            index = ctx.types.index(cur)
            cur.rpar()
        if cur.kind() != LPAR:
            return index
        ps: list = []
        if cur.peek_sexpr("param"):
            if cur.kind(2) == ID:
                raise cur.error("unexpected token", "a parameter type (block parameters have no names)", cur.i + 2)
            types.params(cur, ctx, ps, None)
        rs: list = []
        types.results(cur, ctx, rs)
        functype = ir.FuncType(tuple(ps), tuple(rs))
        if index is not None:
            if (ps or rs) and ctx.func_type(cur, index, at) != functype:
                raise cur.error("inline function type", "parameters and results matching the type", at)
            return index
        if not ps:
            if not rs:
                return None
            if len(rs) == 1:
                return rs[0]
        return _Pending(functype)

    def resolve_block_type(self, bt):
        if bt.__class__ is _Pending:
            return self.ctx.type_use(bt.functype)
        return bt

    def end_label(self, name: str | None) -> None:
        """An optional identifier after ``end`` / ``else`` / ``catch``: must repeat the label."""
        cur = self.cur
        if cur.kind() == ID:
            if cur.texts[cur.i] != name:
                raise cur.error("mismatching label", f"'${name}'" if name else "no label")
            cur.i += 1

    def block(self, name: str) -> None:
        """A flat structured instruction, after its keyword."""
        cur = self.cur
        fctx = self.fctx
        op = BY_NAME[name]
        label, bt = self.label_and_type()
        if name == "try_table":
            catches = self.catches()
            self.out.append((op, self.resolve_block_type(bt), catches))
        else:
            self.out.append((op, self.resolve_block_type(bt)))
        fctx.labels.append(label)
        end = self.instrs()
        if name == "if" and end == "else":
            cur.i += 1
            self.end_label(label)
            self.out.append((_ELSE,))
            end = self.instrs()
        elif name == "try":
            end = self.legacy_handlers(end, label)
            if end == "delegate":
                return
        if end != "end":
            raise cur.unexpected("'end'")
        cur.i += 1
        self.end_label(label)
        fctx.labels.pop()
        self.out.append((_END,))

    def legacy_handlers(self, end: str | None, label: str | None) -> str | None:
        """The ``catch`` / ``catch_all`` / ``delegate`` clauses of a flat legacy ``try``."""
        cur = self.cur
        fctx = self.fctx
        plain = end not in ("catch", "catch_all")
        while end == "catch":
            cur.i += 1
            self.end_label(label)
            self.out.append((_CATCH, self.ctx.tags.index(cur)))
            end = self.instrs()
        if end == "catch_all":
            cur.i += 1
            self.end_label(label)
            self.out.append((_CATCH_ALL,))
            end = self.instrs()
        if end == "delegate":
            if not plain:
                raise cur.unexpected("'end'")
            cur.i += 1
            fctx.labels.pop()
            self.out.append((_DELEGATE, fctx.label(cur)))
        return end

    def catches(self) -> tuple:
        """``(catch x l)`` / ``(catch_ref x l)`` / ``(catch_all l)`` / ``(catch_all_ref l)``*."""
        cur = self.cur
        out = []
        while True:
            kw = cur.sexpr_keyword()
            if kw == "catch":
                kind = 0
            elif kw == "catch_ref":
                kind = 1
            elif kw == "catch_all":
                kind = 2
            elif kw == "catch_all_ref":
                kind = 3
            else:
                return tuple(out)
            cur.i += 2
            tag = self.ctx.tags.index(cur) if kind < 2 else None
            out.append((kind, tag, self.fctx.label(cur)))
            cur.rpar()

    def folded_block(self, name: str) -> None:
        """A folded structured instruction, after its keyword."""
        cur = self.cur
        fctx = self.fctx
        out = self.out
        op = BY_NAME[name]
        label, bt = self.label_and_type()
        if name == "if":
            while cur.kind() == LPAR and not cur.peek_sexpr("then"):
                self.folded()
            out.append((op, self.resolve_block_type(bt)))
            fctx.labels.append(label)
            cur.open("then")
            self.body()
            if cur.accept_sexpr("else"):
                out.append((_ELSE,))
                self.body()
        elif name == "try":
            out.append((op, self.resolve_block_type(bt)))
            fctx.labels.append(label)
            cur.open("do")
            self.body()
            handlers = False
            while cur.accept_sexpr("catch"):
                out.append((_CATCH, self.ctx.tags.index(cur)))
                self.body()
                handlers = True
            if cur.accept_sexpr("catch_all"):
                out.append((_CATCH_ALL,))
                self.body()
                handlers = True
            if not handlers and cur.accept_sexpr("delegate"):
                fctx.labels.pop()
                out.append((_DELEGATE, fctx.label(cur)))
                cur.rpar()
                cur.rpar()
                return
        else:
            if name == "try_table":
                catches = self.catches()
                out.append((op, self.resolve_block_type(bt), catches))
            else:
                out.append((op, self.resolve_block_type(bt)))
            fctx.labels.append(label)
            if self.instrs() is not None:
                raise cur.unexpected("an instruction or ')'")
        cur.rpar()
        fctx.labels.pop()
        out.append((_END,))

    def body(self) -> None:
        """Instructions up to the ``)`` closing a ``(then`` / ``(else`` / ``(do`` / ``(catch``."""
        if self.instrs() is not None:
            raise self.cur.unexpected("an instruction or ')'")
        self.cur.i += 1

    # -- immediates -------------------------------------------------------------

    def memarg(self, op: Op) -> tuple[int, int]:
        """``offset=n? align=n?``: the alignment exponent and the offset."""
        cur = self.cur
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

    def optional_mem(self) -> int:
        """An optional memory index (``0`` when absent)."""
        cur = self.cur
        if cur.kind() in (NUMBER, ID):
            return self.ctx.mems.index(cur)
        return 0

    def optional_table(self) -> int:
        cur = self.cur
        if cur.kind() in (NUMBER, ID):
            return self.ctx.tables.index(cur)
        return 0

    def type_use(self):
        """``(type x)? (param ...)* (result ...)*`` of ``call_indirect``: an index or pending type."""
        cur = self.cur
        ctx = self.ctx
        at = cur.i
        index = None
        if cur.accept_sexpr("type"):
            index = ctx.types.index(cur)
            cur.rpar()
        ps: list = []
        rs: list = []
        if cur.peek_sexpr("param") and cur.kind(2) == ID:
            raise cur.error("unexpected token", "a parameter type", cur.i + 2)
        types.params(cur, ctx, ps, None)
        types.results(cur, ctx, rs)
        functype = ir.FuncType(tuple(ps), tuple(rs))
        if index is not None:
            if (ps or rs) and ctx.func_type(cur, index, at) != functype:
                raise cur.error("inline function type", "parameters and results matching the type", at)
            return index
        return _Pending(functype)


# -- immediate parsers by kind: each returns the instruction (a tuple, or a list
#    when it holds a pending inline type) -------------------------------------------

def _label(p: BodyParser, op: Op):
    return (op, p.fctx.label(p.cur))


def _br_table(p: BodyParser, op: Op):
    cur = p.cur
    labels = []
    while cur.kind() in (NUMBER, ID):
        labels.append(p.fctx.label(cur))
    if not labels:
        raise cur.unexpected("a label")
    default = labels.pop()
    return (op, tuple(labels), default)


def _func(p: BodyParser, op: Op):
    return (op, p.ctx.funcs.index(p.cur))


def _local(p: BodyParser, op: Op):
    return (op, p.fctx.locals.index(p.cur))


def _global(p: BodyParser, op: Op):
    return (op, p.ctx.globals.index(p.cur))


def _tag(p: BodyParser, op: Op):
    return (op, p.ctx.tags.index(p.cur))


def _elem(p: BodyParser, op: Op):
    return (op, p.ctx.elems.index(p.cur))


def _data(p: BodyParser, op: Op):
    return (op, p.ctx.datas.index(p.cur))


def _type(p: BodyParser, op: Op):
    return (op, p.ctx.types.index(p.cur))


def _type_type(p: BodyParser, op: Op):
    types_ = p.ctx.types
    return (op, types_.index(p.cur), types_.index(p.cur))


def _type_field(p: BodyParser, op: Op):
    typeidx = p.ctx.types.index(p.cur)
    return (op, typeidx, p.ctx.field(p.cur, typeidx))


def _type_u32(p: BodyParser, op: Op):
    return (op, p.ctx.types.index(p.cur), p.cur.u32())


def _type_data(p: BodyParser, op: Op):
    return (op, p.ctx.types.index(p.cur), p.ctx.datas.index(p.cur))


def _type_elem(p: BodyParser, op: Op):
    return (op, p.ctx.types.index(p.cur), p.ctx.elems.index(p.cur))


def _call_indirect(p: BodyParser, op: Op):
    table = p.optional_table()
    t = p.type_use()
    if t.__class__ is _Pending:
        return [op, t, table]
    return (op, t, table)


def _table(p: BodyParser, op: Op):
    return (op, p.optional_table())


def _table_table(p: BodyParser, op: Op):
    cur = p.cur
    if cur.kind() in (NUMBER, ID):
        tables = p.ctx.tables
        return (op, tables.index(cur), tables.index(cur))
    return (op, 0, 0)


def _two_indices(cur: Cursor) -> bool:
    """Whether the next two tokens are both indices."""
    return cur.kind() in (NUMBER, ID) and cur.kind(1) in (NUMBER, ID)


def _table_init(p: BodyParser, op: Op):
    cur = p.cur
    table = p.ctx.tables.index(cur) if _two_indices(cur) else 0
    return (op, p.ctx.elems.index(cur), table)


def _mem(p: BodyParser, op: Op):
    return (op, p.optional_mem())


def _mem_mem(p: BodyParser, op: Op):
    cur = p.cur
    if cur.kind() in (NUMBER, ID):
        mems = p.ctx.mems
        return (op, mems.index(cur), mems.index(cur))
    return (op, 0, 0)


def _memory_init(p: BodyParser, op: Op):
    cur = p.cur
    mem = p.ctx.mems.index(cur) if _two_indices(cur) else 0
    return (op, p.ctx.datas.index(cur), mem)


def _memarg(p: BodyParser, op: Op):
    mem = p.optional_mem()
    align, offset = p.memarg(op)
    return (op, align, offset, mem)


def _memarg_lane(p: BodyParser, op: Op):
    cur = p.cur
    mem = 0
    kind = cur.kind()
    if kind == ID:
        mem = p.ctx.mems.index(cur)
    elif kind == NUMBER:
        following = cur.kind(1)
        if following == NUMBER or (following == KEYWORD and cur.texts[cur.i + 1].startswith(("offset=", "align="))):
            mem = p.ctx.mems.index(cur)
    align, offset = p.memarg(op)
    return (op, align, offset, mem, _lane_index(p))


def _lane_index(p: BodyParser) -> int:
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


def _lane(p: BodyParser, op: Op):
    return (op, _lane_index(p))


def _shuffle(p: BodyParser, op: Op):
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
    def handler(p: BodyParser, op: Op):
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


def _v128(p: BodyParser, op: Op):
    return (op, v128_lanes(p.cur))


def _heap_type(p: BodyParser, op: Op):
    return (op, types.heap_type(p.cur, p.ctx))


def _ref_test(p: BodyParser, op: Op):
    rt = types.ref_type(p.cur, p.ctx)
    if rt.nullable:
        op = _TYPED_NULL_ROWS[op.name]
    return (op, rt.heap)


def _br_on_cast(p: BodyParser, op: Op):
    label = p.fctx.label(p.cur)
    t1 = types.ref_type(p.cur, p.ctx)
    t2 = types.ref_type(p.cur, p.ctx)
    return (op, int(t1.nullable) | (int(t2.nullable) << 1), label, t1.heap, t2.heap)


def _select(p: BodyParser, op: Op):
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


def _build_tables():
    simple: dict[str, tuple] = {}
    handlers: dict[str, object] = {}
    for op in OPS:
        name = op.name
        if " " in name or name in BLOCK_INSTRUCTIONS:
            continue
        if name in FLAT_TERMINATORS:
            continue
        if name == "select":
            handlers[name] = _select
        elif name in ("ref.test", "ref.cast"):
            handlers[name] = _ref_test
        elif not op.imm or op.imm == ("zero",):
            simple[name] = (op,)
        else:
            handlers[name] = _IMMEDIATE_PARSERS[op.imm]
    return simple, handlers


_SIMPLE, _HANDLERS = _build_tables()


def parse_expr(cur: Cursor, ctx: ModuleContext) -> list:
    """A constant expression up to ``)``, ending with ``end``."""
    p = BodyParser(cur, ctx)
    if p.instrs() is not None:
        raise cur.unexpected("an instruction or ')'")
    p.out.append((_END,))
    return p.out


def parse_folded_expr(cur: Cursor, ctx: ModuleContext) -> list:
    """One folded instruction (an ``offset`` or ``item`` abbreviation), with ``end``."""
    p = BodyParser(cur, ctx)
    p.folded()
    p.out.append((_END,))
    return p.out
