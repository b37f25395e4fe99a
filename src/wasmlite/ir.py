"""The module IR: plain data produced by the decoder and consumed by every later stage.

Names follow the WebAssembly specification (syntax chapter). Index spaces
(functions, tables, memories, globals, tags) put imports first, as the spec does.

Value types
-----------
* number and vector types are the strings ``"i32" "i64" "f32" "f64" "v128"``;
* reference types are :class:`RefType` values; a heap type is either an abstract
  heap type name (``"func" "extern" "any" "eq" "i31" "struct" "array" "none"
  "nofunc" "noextern" "exn" "noexn"``) or an ``int`` type index into
  ``Module.types``.

Instructions
------------
A function body (and every constant expression) is a flat list of instructions in
binary order, ``end`` and ``else`` included. One instruction is a tuple
``(op, imm0, imm1, ...)`` where ``op`` is the :class:`wasmlite.opcodes.Op` row of
the instruction table and the immediates follow in the order the row's ``imm``
field lists them (see ``opcodes.py`` for each immediate kind's Python shape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# --- types -------------------------------------------------------------------

NUM_TYPES = ("i32", "i64", "f32", "f64")
VEC_TYPES = ("v128",)

ABSTRACT_HEAP_TYPES = (
    "func", "nofunc", "extern", "noextern", "any", "eq", "i31", "struct",
    "array", "none", "exn", "noexn",
)

HeapType = Union[str, int]


@dataclass(frozen=True, slots=True)
class RefType:
    """``(ref null? heap)``."""

    nullable: bool
    heap: HeapType

    def __str__(self) -> str:
        if self.nullable and isinstance(self.heap, str):
            short = {"func": "funcref", "extern": "externref", "any": "anyref",
                     "eq": "eqref", "i31": "i31ref", "struct": "structref",
                     "array": "arrayref", "none": "nullref", "nofunc": "nullfuncref",
                     "noextern": "nullexternref", "exn": "exnref",
                     "noexn": "nullexnref"}
            return short[self.heap]
        return f"(ref {'null ' if self.nullable else ''}{self.heap})"


FUNCREF = RefType(True, "func")
EXTERNREF = RefType(True, "extern")
EXNREF = RefType(True, "exn")

ValType = Union[str, RefType]
"""``"i32" | "i64" | "f32" | "f64" | "v128" | RefType``."""

StorageType = Union[ValType, str]
"""A value type, or the packed types ``"i8"`` / ``"i16"`` (GC fields)."""


@dataclass(frozen=True, slots=True)
class FuncType:
    params: tuple[ValType, ...]
    results: tuple[ValType, ...]

    def __str__(self) -> str:
        return f"(func (param {' '.join(map(str, self.params))}) (result {' '.join(map(str, self.results))}))"


@dataclass(frozen=True, slots=True)
class FieldType:
    storage: StorageType
    mutable: bool


@dataclass(frozen=True, slots=True)
class StructType:
    fields: tuple[FieldType, ...]


@dataclass(frozen=True, slots=True)
class ArrayType:
    element: FieldType


CompType = Union[FuncType, StructType, ArrayType]


@dataclass(frozen=True, slots=True)
class SubType:
    """A defined type: ``(sub final? supertypes* comptype)``.

    Types written without ``sub`` are final with no supertypes.
    """

    final: bool
    supertypes: tuple[int, ...]
    comptype: CompType


@dataclass(frozen=True, slots=True)
class Limits:
    min: int
    max: int | None = None
    is64: bool = False          # memory64 / table64 address type i64
    shared: bool = False        # threads
    page_size_log2: int | None = None   # custom-page-sizes; None means 16 (64 KiB)


@dataclass(frozen=True, slots=True)
class TableType:
    element: RefType
    limits: Limits


@dataclass(frozen=True, slots=True)
class MemType:
    limits: Limits


@dataclass(frozen=True, slots=True)
class GlobalType:
    valtype: ValType
    mutable: bool


@dataclass(frozen=True, slots=True)
class TagType:
    typeidx: int


# --- module fields -------------------------------------------------------------

Instr = tuple
"""``(op, *immediates)``; see the module docstring."""

Expr = list
"""A list of :data:`Instr` ending with ``end``."""


@dataclass(slots=True)
class Import:
    module: str
    name: str
    kind: str                    # "func" | "table" | "memory" | "global" | "tag"
    desc: int | TableType | MemType | GlobalType | TagType   # func: type index


@dataclass(slots=True)
class Export:
    name: str
    kind: str                    # "func" | "table" | "memory" | "global" | "tag"
    index: int


@dataclass(slots=True)
class Func:
    typeidx: int
    locals: list[ValType]        # declared locals, expanded (parameters excluded)
    body: Expr
    offset: int = 0              # byte offset of the body in the binary (backtraces)


@dataclass(slots=True)
class Table:
    type: TableType
    init: Expr | None = None     # table initializer expression (typed function references)


@dataclass(slots=True)
class Global:
    type: GlobalType
    init: Expr


@dataclass(slots=True)
class Elem:
    mode: str                    # "passive" | "active" | "declarative"
    type: RefType
    init: list[Expr]             # one constant expression per element
    table: int = 0               # active only
    offset: Expr | None = None   # active only
    flags: int | None = None
    """The segment's binary encoding, 0-7 (bit 0: passive or declarative; bit 1:
    explicit table index, or declarative; bit 2: element expressions rather
    than function indices). ``None`` lets the encoder choose; a value the
    segment cannot be written with is ignored."""


@dataclass(slots=True)
class Data:
    mode: str                    # "passive" | "active"
    init: bytes
    memory: int = 0              # active only
    offset: Expr | None = None   # active only


@dataclass(slots=True)
class Names:
    """The ``name`` custom section, as far as it could be parsed."""

    module: str | None = None
    funcs: dict[int, str] = field(default_factory=dict)
    locals: dict[int, dict[int, str]] = field(default_factory=dict)


@dataclass(slots=True)
class Module:
    types: list[SubType] = field(default_factory=list)
    rec_groups: list[tuple[int, int]] = field(default_factory=list)  # (first type index, count)
    imports: list[Import] = field(default_factory=list)
    funcs: list[Func] = field(default_factory=list)        # defined functions only
    tables: list[Table] = field(default_factory=list)      # defined only
    mems: list[MemType] = field(default_factory=list)      # defined only
    globals: list[Global] = field(default_factory=list)    # defined only
    tags: list[TagType] = field(default_factory=list)      # defined only
    exports: list[Export] = field(default_factory=list)
    start: int | None = None
    elems: list[Elem] = field(default_factory=list)
    datas: list[Data] = field(default_factory=list)
    data_count: int | None = None
    customs: list[tuple[str, bytes]] = field(default_factory=list)
    names: Names = field(default_factory=Names)
    explicit_recs: list[int] = field(default_factory=list)
    """First type index of every one-type recursion group written as an
    explicit ``rec`` (binary ``0x4E 0x01``); groups of any other size always are."""
    custom_places: list[tuple[str, str]] = field(default_factory=list)
    """Where each custom section of ``customs`` stands, by position:
    ``("before" | "after", section)``, where section is ``"type"``, ``"import"``,
    ``"func"``, ``"table"``, ``"memory"``, ``"tag"``, ``"global"``, ``"export"``,
    ``"start"``, ``"elem"``, ``"datacount"``, ``"code"`` or ``"data"`` (whether
    or not the module has that section), or ``("before", "first")`` /
    ``("after", "last")``. Custom sections without an entry go last."""

    # -- index spaces (imports first) --

    def imported(self, kind: str) -> list[Import]:
        return [i for i in self.imports if i.kind == kind]

    def func_typeidx(self) -> list[int]:
        """Type index of every function in the function index space."""
        return [i.desc for i in self.imports if i.kind == "func"] + [f.typeidx for f in self.funcs]

    def table_types(self) -> list[TableType]:
        return [i.desc for i in self.imports if i.kind == "table"] + [t.type for t in self.tables]

    def mem_types(self) -> list[MemType]:
        return [i.desc for i in self.imports if i.kind == "memory"] + list(self.mems)

    def global_types(self) -> list[GlobalType]:
        return [i.desc for i in self.imports if i.kind == "global"] + [g.type for g in self.globals]

    def tag_types(self) -> list[TagType]:
        return [i.desc for i in self.imports if i.kind == "tag"] + list(self.tags)

    def func_type(self, typeidx: int) -> FuncType:
        ct = self.types[typeidx].comptype
        assert isinstance(ct, FuncType)
        return ct
