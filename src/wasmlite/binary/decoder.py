"""Decoding a whole binary module into the IR.

Checks what the binary format itself requires (the structure of every
section, section order, LEB128 limits, UTF-8 names, consistency between the
function and code sections and the data count). Everything the specification
leaves to validation (index bounds, alignment bounds, typing, limits ranges)
is left to the validator.
"""

from __future__ import annotations

import gc
from functools import partial

from .. import ir, opcodes
from ..errors import MalformedError, NotSupportedError
from .code import code_decoder, decode_func_code
from .instructions import decode_expr
from .names import NAME_SECTION, decode_names
from .reader import Reader, read_u32
from .types import (CUSTOM_PAGE_SIZE_LIMITS_FLAGS, MEMORY_LIMITS_FLAGS, REC, decode_globaltype,
                    decode_memtype, decode_rectype, decode_reftype, decode_tabletype,
                    decode_tagtype)

MAGIC = b"\x00asm"
VERSION = b"\x01\x00\x00\x00"
COMPONENT_LAYER = b"\x01\x00"
"""The last two bytes of a component's version field (the layer)."""

CUSTOM, TYPE, IMPORT, FUNCTION, TABLE, MEMORY, GLOBAL, EXPORT, START, ELEMENT, CODE, DATA, \
    DATA_COUNT, TAG = range(14)

SECTION_ORDER: dict[int, int] = {
    TYPE: 1, IMPORT: 2, FUNCTION: 3, TABLE: 4, MEMORY: 5, TAG: 6, GLOBAL: 7, EXPORT: 8,
    START: 9, ELEMENT: 10, DATA_COUNT: 11, CODE: 12, DATA: 13,
}
"""Rank of each non-custom section: they appear at most once, in this order."""

SECTION_NAMES: dict[int, str] = {
    TYPE: "type", IMPORT: "import", FUNCTION: "func", TABLE: "table", MEMORY: "memory",
    TAG: "tag", GLOBAL: "global", EXPORT: "export", START: "start", ELEMENT: "elem",
    DATA_COUNT: "datacount", CODE: "code", DATA: "data",
}
"""The name of each non-custom section in custom section placements
(``Module.custom_places``). A custom section is placed after the last section
before it that is not empty (the encoder writes no empty section)."""

EXTERN_KINDS = ("func", "table", "memory", "global", "tag")
EXACT_FUNC_IMPORT = 0x20
"""Import kind of the custom descriptors proposal (not implemented)."""

_REF_FUNC = opcodes.BY_NAME["ref.func"]
_END = (opcodes.BY_NAME["end"],)
_NON_NULL_FUNCREF = ir.RefType(False, "func")


def decode_module(data: bytes, *, custom_page_sizes: bool = False,
                  lazy_code: bool = False) -> ir.Module:
    """Decode the binary module ``data``; raises :class:`MalformedError`.

    ``custom_page_sizes`` admits the page-size flag of memory limits (the
    custom-page-sizes proposal); without it that flag is malformed, as in
    Wasm 3.0.

    ``lazy_code`` leaves every function's code entry undecoded until its
    locals or body are first read (see :class:`ir.Func`). It is only for a
    binary known to be well-formed (one the code cache has seen validate under
    the same settings): the entries are then not checked here, nor is the
    data count section's presence that their instructions may require, so a
    malformed one would only be found when it is read.

    The cyclic garbage collector is paused meanwhile: decoding allocates
    many small acyclic objects, which would otherwise trigger collections
    of no use.
    """
    if not isinstance(data, bytes):
        data = bytes(data)
    if len(data) < 4:
        raise MalformedError("unexpected end", len(data))
    if data[:4] != MAGIC:
        raise MalformedError("magic header not detected", 0,
                             f"bad magic number - expected {_hex(MAGIC)} (\"\\0asm\"), "
                             f"found {_hex(data[:4])}")
    if len(data) < 8:
        raise MalformedError("unexpected end", len(data))
    if data[4:8] != VERSION:
        raise MalformedError("unknown binary version", 4, _version_detail(data[4:8]))
    collecting = gc.isenabled()
    gc.disable()
    try:
        memory_flags = CUSTOM_PAGE_SIZE_LIMITS_FLAGS if custom_page_sizes else MEMORY_LIMITS_FLAGS
        return _ModuleDecoder(data, memory_flags, lazy_code).decode()
    finally:
        if collecting:
            gc.enable()


def _decode_name_sections(sections: list[bytes], names: ir.Names) -> None:
    for content in sections:
        decode_names(content, names)


def _hex(data: bytes) -> str:
    return " ".join(f"{b:02x}" for b in data)


def _version_detail(version: bytes) -> str:
    """What the error says of a module binary whose version field is ``version``."""
    if version[2:] == COMPONENT_LAYER:
        return "this is a component, not a core module (layer 1 in the header, " \
               "core modules have layer 0)"
    return f"expected {_hex(VERSION)}, found {_hex(version)}"


class _ModuleDecoder:
    """The state of decoding one module."""

    def __init__(self, data: bytes, memory_flags: int, lazy_code: bool = False):
        self.data = data
        self.memory_flags = memory_flags
        self.lazy_code = lazy_code
        self.r = Reader(data, 8)
        self.module = ir.Module()
        self.func_types: list[int] | None = None
        self.bodies: list[ir.Func] | None = None
        self.bodies_use_data = False
        self.place = ("before", "first")     # where a custom section read now stands
        self.name_sections: list[bytes] = []

    def decode(self) -> ir.Module:
        data = self.data
        r = self.r
        m = self.module
        last_rank = 0
        handlers = {
            TYPE: self._types, IMPORT: self._imports, FUNCTION: self._functions,
            TABLE: self._tables, MEMORY: self._memories, TAG: self._tags,
            GLOBAL: self._globals, EXPORT: self._exports, START: self._start,
            ELEMENT: self._elements, DATA_COUNT: self._data_count, CODE: self._code,
            DATA: self._datas,
        }
        while not r.at_end():
            section_at = r.pos
            section_id = data[section_at]
            if section_id > TAG:
                raise MalformedError("malformed section id", section_at)
            if section_id != CUSTOM:
                rank = SECTION_ORDER[section_id]
                if rank <= last_rank:
                    raise MalformedError("unexpected content after last section", section_at)
                last_rank = rank
            r.pos += 1
            size = r.len32()
            start = r.pos
            end = start + size
            if section_id == CUSTOM:
                self._custom(end)
            else:
                handlers[section_id]()
                if section_id == START or section_id == DATA_COUNT or read_u32(data, start)[0]:
                    self.place = ("after", SECTION_NAMES[section_id])
            if r.pos != end:
                raise MalformedError("section size mismatch", start)

        func_types = self.func_types or []
        bodies = self.bodies or []
        if len(func_types) != len(bodies):
            raise MalformedError("function and code section have inconsistent lengths", len(data))
        if m.data_count is not None and m.data_count != len(m.datas):
            raise MalformedError("data count and data section have inconsistent lengths",
                                 len(data))
        if m.data_count is None and self.bodies_use_data:
            raise MalformedError("data count section required", len(data))
        for typeidx, func in zip(func_types, bodies):
            func.typeidx = typeidx
        m.funcs = bodies
        if self.name_sections:
            m.names = ir.Names.undecoded(partial(_decode_name_sections, self.name_sections))
        return m

    # -- helpers ----------------------------------------------------------------

    def _expr(self) -> ir.Expr:
        expr, self.r.pos, _ = decode_expr(self.data, self.r.pos)
        return expr

    def _reftype(self) -> ir.RefType:
        t, self.r.pos = decode_reftype(self.data, self.r.pos)
        return t

    # -- sections -----------------------------------------------------------------

    def _custom(self, end: int) -> None:
        r = self.r
        name = r.name()
        content = r.raw(end - r.pos)
        if name == NAME_SECTION:
            self.name_sections.append(content)
        else:
            self.module.customs.append((name, content))
            self.module.custom_places.append(self.place)

    def _types(self) -> None:
        r = self.r
        types = self.module.types
        groups = self.module.rec_groups
        explicit_recs = self.module.explicit_recs
        data = self.data
        for _ in range(r.len32()):
            explicit = r.pos < len(data) and data[r.pos] == REC
            group, r.pos = decode_rectype(data, r.pos)
            if explicit and len(group) == 1:
                explicit_recs.append(len(types))
            groups.append((len(types), len(group)))
            types.extend(group)

    def _imports(self) -> None:
        r = self.r
        data = self.data
        imports = self.module.imports
        for _ in range(r.len32()):
            module_name = r.name()
            name = r.name()
            kind_at = r.pos
            kind = r.byte()
            if kind == 0:
                desc: object = r.u32()
            elif kind == 1:
                desc, r.pos = decode_tabletype(data, r.pos)
            elif kind == 2:
                desc, r.pos = decode_memtype(data, r.pos, self.memory_flags)
            elif kind == 3:
                desc, r.pos = decode_globaltype(data, r.pos)
            elif kind == 4:
                desc, r.pos = decode_tagtype(data, r.pos)
            elif kind == EXACT_FUNC_IMPORT:
                raise NotSupportedError("exact function imports (custom descriptors)")
            else:
                raise MalformedError("malformed import kind", kind_at)
            imports.append(ir.Import(module_name, name, EXTERN_KINDS[kind], desc))

    def _functions(self) -> None:
        r = self.r
        self.func_types = [r.u32() for _ in range(r.len32())]

    def _tables(self) -> None:
        r = self.r
        data = self.data
        tables = self.module.tables
        for _ in range(r.len32()):
            if r.peek() == 0x40 and r.pos + 1 < len(data) and data[r.pos + 1] == 0x00:
                r.pos += 2
                tabletype, r.pos = decode_tabletype(data, r.pos)
                tables.append(ir.Table(tabletype, self._expr()))
            else:
                tabletype, r.pos = decode_tabletype(data, r.pos)
                tables.append(ir.Table(tabletype))

    def _memories(self) -> None:
        r = self.r
        mems = self.module.mems
        for _ in range(r.len32()):
            memtype, r.pos = decode_memtype(self.data, r.pos, self.memory_flags)
            mems.append(memtype)

    def _tags(self) -> None:
        r = self.r
        tags = self.module.tags
        for _ in range(r.len32()):
            tagtype, r.pos = decode_tagtype(self.data, r.pos)
            tags.append(tagtype)

    def _globals(self) -> None:
        r = self.r
        globals_ = self.module.globals
        for _ in range(r.len32()):
            globaltype, r.pos = decode_globaltype(self.data, r.pos)
            globals_.append(ir.Global(globaltype, self._expr()))

    def _exports(self) -> None:
        r = self.r
        exports = self.module.exports
        for _ in range(r.len32()):
            name = r.name()
            kind_at = r.pos
            kind = r.byte()
            if kind >= len(EXTERN_KINDS):
                raise MalformedError("malformed export kind", kind_at)
            exports.append(ir.Export(name, EXTERN_KINDS[kind], r.u32()))

    def _start(self) -> None:
        self.module.start = self.r.u32()

    def _elements(self) -> None:
        r = self.r
        elems = self.module.elems
        for _ in range(r.len32()):
            flags_at = r.pos
            flags = r.u32()
            if flags > 7:
                raise MalformedError("malformed elements segment kind", flags_at)
            # bit 0: passive or declarative; bit 1: explicit table index (active)
            # or declarative; bit 2: expressions instead of function indices.
            table = 0
            offset = None
            if flags & 1:
                mode = "declarative" if flags & 2 else "passive"
            else:
                mode = "active"
                if flags & 2:
                    table = r.u32()
                offset = self._expr()
            if flags & 4:
                reftype = self._reftype() if flags & 3 else ir.FUNCREF
                init = [self._expr() for _ in range(r.len32())]
            else:
                if flags & 3:
                    kind_at = r.pos
                    if r.byte() != 0x00:
                        raise MalformedError("malformed element kind", kind_at)
                reftype = _NON_NULL_FUNCREF
                init = [[(_REF_FUNC, r.u32()), _END] for _ in range(r.len32())]
            elems.append(ir.Elem(mode, reftype, init, table, offset, flags))

    def _data_count(self) -> None:
        self.module.data_count = self.r.u32()

    def _code(self) -> None:
        r = self.r
        data = self.data
        bodies = self.bodies = []
        if self.lazy_code:
            decode = code_decoder(data)
            undecoded = ir.Func.undecoded
            for _ in range(r.len32()):
                size = r.len32()
                bodies.append(undecoded(0, decode, r.pos, r.pos + size))
                r.pos += size
            return
        for _ in range(r.len32()):
            size = r.len32()
            start = r.pos
            end = start + size
            locals_, body, uses_data = decode_func_code(data, start, end)
            r.pos = end
            if uses_data:
                self.bodies_use_data = True
            bodies.append(ir.Func(0, locals_, body, start))

    def _datas(self) -> None:
        r = self.r
        datas = self.module.datas
        for _ in range(r.len32()):
            flags_at = r.pos
            flags = r.u32()
            if flags == 1:
                datas.append(ir.Data("passive", r.byte_vec()))
                continue
            if flags > 2:
                raise MalformedError("malformed data segment kind", flags_at)
            memory = r.u32() if flags == 2 else 0
            offset = self._expr()
            datas.append(ir.Data("active", r.byte_vec(), memory, offset))

