"""Encoding the module IR into a binary module: the inverse of ``decoder.py``.

Instructions are written from the instruction table, one writer per
immediate kind. For every module ``m`` produced by the decoder,
``decode_module(encode_module(m))`` equals ``m`` (function body offsets
aside); the bytes themselves may differ from the original binary (LEB128
padding, grouping of locals, empty sections, the place of the ``name``
section). The encoding choices the IR records (element segment flags,
explicit one-type recursion groups, custom section placement) are kept.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import ir, opcodes
from .decoder import (CODE, CUSTOM, DATA, DATA_COUNT, ELEMENT, EXPORT, EXTERN_KINDS, FUNCTION,
                      GLOBAL, IMPORT, MAGIC, MEMORY, SECTION_NAMES, START, TABLE, TAG, TYPE,
                      VERSION)
from .names import NAME_SECTION, encode_names, has_names
from .types import REC
from .writer import (cannot_encode, write_blocktype, write_bytes, write_fixed,
                     write_globaltype, write_heaptype, write_limits, write_name, write_signed,
                     write_subtype, write_tabletype, write_tagtype, write_u32, write_u64,
                     write_valtype, write_valtypes)


# -- immediate writers ----------------------------------------------------------------
# Each writer encodes the immediate(s) of ``instr`` starting at index ``i`` and
# returns the index of the next immediate.

ImmWriter = Callable[[bytearray, tuple, int], int]


def _imm_u32(out: bytearray, instr: tuple, i: int) -> int:
    write_u32(out, instr[i])
    return i + 1


def _signed_writer(bits: int) -> ImmWriter:
    low, high, wrap = -(1 << (bits - 1)), 1 << bits, 1 << bits

    def write(out: bytearray, instr: tuple, i: int) -> int:
        value = instr[i]
        if not low <= value < high:
            raise cannot_encode(f"i{bits} constant", value)
        write_signed(out, value - wrap if value >= high >> 1 else value)
        return i + 1

    return write


def _fixed_writer(size: int) -> ImmWriter:
    def write(out: bytearray, instr: tuple, i: int) -> int:
        write_fixed(out, instr[i], size)
        return i + 1

    return write


def _imm_byte(out: bytearray, instr: tuple, i: int) -> int:
    out.append(instr[i])
    return i + 1


def _imm_shuffle(out: bytearray, instr: tuple, i: int) -> int:
    lanes = instr[i]
    if len(lanes) != 16:
        raise cannot_encode("shuffle lanes", lanes)
    out += bytes(lanes)
    return i + 1


def _imm_memarg(out: bytearray, instr: tuple, i: int) -> int:
    align, offset, memidx = instr[i], instr[i + 1], instr[i + 2]
    if not 0 <= align < 0x40:
        raise cannot_encode("alignment exponent", align)
    if memidx:
        write_u32(out, align | 0x40)
        write_u32(out, memidx)
    else:
        out.append(align)
    write_u64(out, offset)
    return i + 3


def _imm_blocktype(out: bytearray, instr: tuple, i: int) -> int:
    write_blocktype(out, instr[i])
    return i + 1


def _imm_heaptype(out: bytearray, instr: tuple, i: int) -> int:
    write_heaptype(out, instr[i])
    return i + 1


def _imm_valtypes(out: bytearray, instr: tuple, i: int) -> int:
    write_valtypes(out, instr[i])
    return i + 1


def _imm_labels(out: bytearray, instr: tuple, i: int) -> int:
    labels = instr[i]
    write_u32(out, len(labels))
    for label in labels:
        write_u32(out, label)
    return i + 1


def _imm_zero(out: bytearray, instr: tuple, i: int) -> int:
    out.append(0)
    return i


def _imm_catches(out: bytearray, instr: tuple, i: int) -> int:
    catches = instr[i]
    write_u32(out, len(catches))
    for kind, tag, label in catches:
        out.append(kind)
        if kind < 2:
            write_u32(out, tag)
        write_u32(out, label)
    return i + 1


IMM_WRITERS: dict[str, ImmWriter] = {
    **{kind: _imm_u32 for kind in ("label", "func", "type", "table", "mem", "global", "local",
                                   "elem", "data", "tag", "field", "u32")},
    "i32": _signed_writer(32), "i64": _signed_writer(64),
    "f32": _fixed_writer(4), "f64": _fixed_writer(8), "v128": _fixed_writer(16),
    "lane": _imm_byte, "shuffle": _imm_shuffle, "memarg": _imm_memarg,
    "blocktype": _imm_blocktype, "heaptype": _imm_heaptype, "valtypes": _imm_valtypes,
    "labels": _imm_labels, "zero": _imm_zero, "castflags": _imm_byte, "catches": _imm_catches,
}
"""How to write each immediate kind of the instruction table."""


def _opcode_bytes(op: opcodes.Op) -> bytes:
    if op.prefix is None:
        return bytes([op.code])
    out = bytearray([op.prefix])
    write_u32(out, op.code)
    return bytes(out)


_ENCODINGS: dict[opcodes.Op, tuple[bytes, tuple[ImmWriter, ...]]] = {
    op: (_opcode_bytes(op), tuple(IMM_WRITERS[kind] for kind in op.imm)) for op in opcodes.OPS
}
_DATA_OPS = frozenset(op for op in opcodes.OPS if "data" in op.imm)
_REF_FUNC = opcodes.BY_NAME["ref.func"]
_END = opcodes.BY_NAME["end"]
_NON_NULL_FUNCREF = ir.RefType(False, "func")


def encode_expr(out: bytearray, expr: ir.Expr) -> bool:
    """Append the instructions of ``expr``; returns whether one names a data segment."""
    encodings = _ENCODINGS
    uses_data = False
    for instr in expr:
        try:
            op = instr[0]
            code, writers = encodings[op]
            out += code
            i = 1
            for writer in writers:
                i = writer(out, instr, i)
            if i != len(instr):
                raise cannot_encode("instruction", instr)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            raise cannot_encode("instruction", instr) from None
        if op in _DATA_OPS:
            uses_data = True
    return uses_data


# -- sections ---------------------------------------------------------------------


def _section(out: bytearray, section_id: int, content: bytearray | bytes) -> None:
    out.append(section_id)
    write_u32(out, len(content))
    out += content


def _custom_section(out: bytearray, name: str, payload: bytes) -> None:
    content = bytearray()
    write_name(content, name)
    content += payload
    _section(out, CUSTOM, content)


def _rec_groups(module: ir.Module) -> list[tuple[int, int]]:
    """The recursion groups, checked to cover ``module.types`` in order; one
    group per type when the module lists none."""
    if not module.rec_groups:
        return [(index, 1) for index in range(len(module.types))]
    expected = 0
    for first, count in module.rec_groups:
        if first != expected or count < 0:
            raise cannot_encode("recursion groups", module.rec_groups)
        expected += count
    if expected != len(module.types):
        raise cannot_encode("recursion groups", module.rec_groups)
    return module.rec_groups


def _explicit_recs(module: ir.Module, groups: list[tuple[int, int]]) -> set[int]:
    """``module.explicit_recs``, checked to name one-type groups."""
    explicit = set(module.explicit_recs)
    if explicit - {first for first, count in groups if count == 1}:
        raise cannot_encode("explicit recursion groups", module.explicit_recs)
    return explicit


def _type_section(module: ir.Module) -> bytearray:
    out = bytearray()
    groups = _rec_groups(module)
    explicit = _explicit_recs(module, groups) if module.explicit_recs else ()
    write_u32(out, len(groups))
    for first, count in groups:
        if count != 1 or first in explicit:
            out.append(REC)
            write_u32(out, count)
        for sub in module.types[first:first + count]:
            write_subtype(out, sub)
    return out


def _import_section(module: ir.Module) -> bytearray:
    out = bytearray()
    write_u32(out, len(module.imports))
    for imp in module.imports:
        write_name(out, imp.module)
        write_name(out, imp.name)
        if imp.kind not in EXTERN_KINDS:
            raise cannot_encode("import kind", imp.kind)
        out.append(EXTERN_KINDS.index(imp.kind))
        desc = imp.desc
        if imp.kind == "func":
            write_u32(out, desc)
        elif imp.kind == "table":
            write_tabletype(out, desc)
        elif imp.kind == "memory":
            write_limits(out, desc.limits)
        elif imp.kind == "global":
            write_globaltype(out, desc)
        else:
            write_tagtype(out, desc)
    return out


def _vector(items: list, write_item: Callable[[bytearray, object], None]) -> bytearray:
    out = bytearray()
    write_u32(out, len(items))
    for item in items:
        write_item(out, item)
    return out


def _write_table(out: bytearray, table: ir.Table) -> None:
    if table.init is None:
        write_tabletype(out, table.type)
    else:
        out += b"\x40\x00"
        write_tabletype(out, table.type)
        encode_expr(out, table.init)


def _write_global(out: bytearray, glob: ir.Global) -> None:
    write_globaltype(out, glob.type)
    encode_expr(out, glob.init)


def _write_export(out: bytearray, export: ir.Export) -> None:
    write_name(out, export.name)
    if export.kind not in EXTERN_KINDS:
        raise cannot_encode("export kind", export.kind)
    out.append(EXTERN_KINDS.index(export.kind))
    write_u32(out, export.index)


def _func_indices(init: list[ir.Expr]) -> list[int] | None:
    """The function indices of ``init`` when every element is ``ref.func x; end``."""
    indices = []
    for expr in init:
        if len(expr) != 2 or expr[0][0] is not _REF_FUNC or expr[1][0] is not _END:
            return None
        indices.append(expr[0][1])
    return indices


_SEGMENT_KINDS = {"active": (0, 2), "passive": (1,), "declarative": (3,)}
"""The values of the two low bits of element segment flags, by mode."""


def _elem_flags(elem: ir.Elem, indices: list[int] | None) -> int:
    """``elem.flags`` if the segment can be written so, else the encoder's choice:
    function indices and no table index wherever the segment allows."""
    flags = elem.flags
    if (flags.__class__ is int and 0 <= flags <= 7 and flags & 3 in _SEGMENT_KINDS[elem.mode]
            and (flags & 4 or indices is not None)
            and (flags & 3 or (elem.table == 0 and (flags == 0 or elem.type == ir.FUNCREF)))):
        return flags
    if elem.mode == "active":
        if indices is not None:
            return 0 if elem.table == 0 else 2
        return 4 if elem.table == 0 and elem.type == ir.FUNCREF else 6
    flags = 1 if elem.mode == "passive" else 3
    return flags if indices is not None else flags | 4


def _write_elem(out: bytearray, elem: ir.Elem) -> None:
    if elem.mode not in _SEGMENT_KINDS:
        raise cannot_encode("element segment mode", elem.mode)
    indices = _func_indices(elem.init) if elem.type == _NON_NULL_FUNCREF else None
    flags = _elem_flags(elem, indices)
    if flags & 4:
        indices = None
    write_u32(out, flags)
    if elem.mode == "active":
        if flags & 2:
            write_u32(out, elem.table)
        encode_expr(out, elem.offset)
    if indices is not None:
        if flags & 3:
            out.append(0x00)                # element kind: function references
        write_u32(out, len(indices))
        for index in indices:
            write_u32(out, index)
    else:
        if flags & 3:
            write_valtype(out, elem.type)
        write_u32(out, len(elem.init))
        for expr in elem.init:
            encode_expr(out, expr)


def _write_data(out: bytearray, data: ir.Data) -> None:
    if data.mode == "passive":
        out.append(1)
    elif data.mode == "active":
        if data.memory:
            out.append(2)
            write_u32(out, data.memory)
        else:
            out.append(0)
        encode_expr(out, data.offset)
    else:
        raise cannot_encode("data segment mode", data.mode)
    write_bytes(out, data.init)


def _write_locals(out: bytearray, locals_: list[ir.ValType]) -> None:
    """The local declarations of a function body: one per run of equal types."""
    runs: list[list] = []
    for t in locals_:
        if runs and runs[-1][1] == t:
            runs[-1][0] += 1
        else:
            runs.append([1, t])
    write_u32(out, len(runs))
    for count, t in runs:
        write_u32(out, count)
        write_valtype(out, t)


def body_offsets(func: ir.Func, indices: list[int]) -> list[int]:
    """The byte offset of each instruction ``func.body[i]``, ``i`` in ``indices``
    (ascending), from the start of the function's body as :func:`encode_module`
    writes it (local declarations first)."""
    out = bytearray()
    _write_locals(out, func.locals)
    offsets = []
    done = 0
    for index in indices:
        encode_expr(out, func.body[done:index])
        offsets.append(len(out))
        done = index
    return offsets


def _code_section(module: ir.Module) -> tuple[bytearray, bool]:
    """The code section, and whether a body names a data segment."""
    out = bytearray()
    uses_data = False
    write_u32(out, len(module.funcs))
    for func in module.funcs:
        body = bytearray()
        _write_locals(body, func.locals)
        if encode_expr(body, func.body):
            uses_data = True
        write_u32(out, len(body))
        out += body
    return out, uses_data


def _sections(module: ir.Module) -> list[tuple[int, bytes | bytearray | None]]:
    """Every non-custom section in binary order, with its content (``None``
    where the module has nothing to write)."""
    start = None
    if module.start is not None:
        start = bytearray()
        write_u32(start, module.start)
    code, code_uses_data = _code_section(module)
    data_count = module.data_count
    if data_count is None and code_uses_data:
        data_count = len(module.datas)
    count = None
    if data_count is not None:
        count = bytearray()
        write_u32(count, data_count)
    return [
        (TYPE, _type_section(module) if module.types or module.rec_groups else None),
        (IMPORT, _import_section(module) if module.imports else None),
        (FUNCTION, _vector([f.typeidx for f in module.funcs], write_u32) if module.funcs else None),
        (TABLE, _vector(module.tables, _write_table) if module.tables else None),
        (MEMORY, _vector([m.limits for m in module.mems], write_limits) if module.mems else None),
        (TAG, _vector(module.tags, write_tagtype) if module.tags else None),
        (GLOBAL, _vector(module.globals, _write_global) if module.globals else None),
        (EXPORT, _vector(module.exports, _write_export) if module.exports else None),
        (START, start),
        (ELEMENT, _vector(module.elems, _write_elem) if module.elems else None),
        (DATA_COUNT, count),
        (CODE, code if module.funcs else None),
        (DATA, _vector(module.datas, _write_data) if module.datas else None),
    ]


_PLACES = frozenset([("before", "first"), ("after", "last")]
                    + [(where, name) for name in SECTION_NAMES.values() for where in ("before", "after")])


def _customs_by_place(module: ir.Module) -> dict[tuple[str, str], list[tuple[str, bytes]]]:
    """The custom sections of ``module`` grouped by placement, in order."""
    places = module.custom_places
    by_place: dict[tuple[str, str], list[tuple[str, bytes]]] = {}
    for k, custom in enumerate(module.customs):
        place = places[k] if k < len(places) else ("after", "last")
        if place not in _PLACES:
            raise cannot_encode("custom section placement", place)
        by_place.setdefault(place, []).append(custom)
    return by_place


def encode_module(module: ir.Module) -> bytes:
    """The binary encoding of ``module``.

    A data count section is written when ``module.data_count`` is set, or
    when a function body needs one (``memory.init``, ``data.drop``, ...). The
    custom sections of ``module.customs`` stand where ``module.custom_places``
    says (after the last section by default), in order; the ``name`` section,
    when ``module.names`` holds any name, comes last.
    """
    out = bytearray(MAGIC + VERSION)
    customs = _customs_by_place(module) if module.customs else {}

    def write_customs(place: tuple[str, str]) -> None:
        for name, payload in customs.get(place, ()):
            _custom_section(out, name, payload)

    write_customs(("before", "first"))
    for section_id, content in _sections(module):
        name = SECTION_NAMES[section_id]
        if customs:
            write_customs(("before", name))
        if content is not None:
            _section(out, section_id, content)
        if customs:
            write_customs(("after", name))
    write_customs(("after", "last"))
    if has_names(module.names):
        _custom_section(out, NAME_SECTION, encode_names(module.names))
    return bytes(out)
