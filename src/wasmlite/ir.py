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

The type classes (:class:`RefType` to :class:`TagType`) are values: equal and
hashable by their fields, and never modified once built. The module field classes
(:class:`Import` to :class:`Module`) are mutable records, equal by their fields.

Instructions
------------
A function body (and every constant expression) is a flat list of instructions in
binary order, ``end`` and ``else`` included. One instruction is a tuple
``(op, imm0, imm1, ...)`` where ``op`` is the :class:`wasmlite.opcodes.Op` row of
the instruction table and the immediates follow in the order the row's ``imm``
field lists them (see ``opcodes.py`` for each immediate kind's Python shape).
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable


class _Record:
    """Behaviour shared by the IR classes: a class's fields are its ``__slots__``, in
    constructor order (or its ``_field_names``, when it keeps some fields in other
    slots behind properties); ``repr`` shows every field; two records are equal
    when they are of the same class and their fields are equal. Records are
    mutable and unhashable; see :class:`_FrozenRecord` for the hashable ones."""

    __slots__ = ()
    _field_names: tuple[str, ...] = ()

    def __init_subclass__(cls) -> None:
        names = cls.__dict__.get("_field_names", cls.__slots__)
        if names:
            cls._field_names = names
            cls._fields = attrgetter(*names)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._field_names)
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._fields(self) == other._fields(other)
        return NotImplemented


class _FrozenRecord(_Record):
    """A record that is a value: hashable by its fields. Its fields are never
    assigned after construction (this is not enforced, to keep construction fast)."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._fields(self))


# --- types -------------------------------------------------------------------

NUM_TYPES = ("i32", "i64", "f32", "f64")
VEC_TYPES = ("v128",)

ABSTRACT_HEAP_TYPES = (
    "func", "nofunc", "extern", "noextern", "any", "eq", "i31", "struct",
    "array", "none", "exn", "noexn",
)

HeapType = str | int


class RefType(_FrozenRecord):
    """``(ref null? heap)``."""

    __slots__ = ("nullable", "heap")

    def __init__(self, nullable: bool, heap: HeapType) -> None:
        self.nullable = nullable
        self.heap = heap

    # Written out rather than inherited: validation compares and hashes these constantly.
    def __eq__(self, other: object) -> bool:
        if other.__class__ is RefType:
            return self.nullable == other.nullable and self.heap == other.heap
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.nullable, self.heap))

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

ValType = str | RefType
"""``"i32" | "i64" | "f32" | "f64" | "v128" | RefType``."""

StorageType = ValType | str
"""A value type, or the packed types ``"i8"`` / ``"i16"`` (GC fields)."""


class FuncType(_FrozenRecord):
    __slots__ = ("params", "results")

    def __init__(self, params: tuple[ValType, ...], results: tuple[ValType, ...]) -> None:
        self.params = params
        self.results = results

    # Written out rather than inherited: validation compares and hashes these constantly.
    def __eq__(self, other: object) -> bool:
        if other.__class__ is FuncType:
            return self.params == other.params and self.results == other.results
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.params, self.results))

    def __str__(self) -> str:
        return f"(func (param {' '.join(map(str, self.params))}) (result {' '.join(map(str, self.results))}))"


class FieldType(_FrozenRecord):
    __slots__ = ("storage", "mutable")

    def __init__(self, storage: StorageType, mutable: bool) -> None:
        self.storage = storage
        self.mutable = mutable


class StructType(_FrozenRecord):
    __slots__ = ("fields",)

    def __init__(self, fields: tuple[FieldType, ...]) -> None:
        self.fields = fields


class ArrayType(_FrozenRecord):
    __slots__ = ("element",)

    def __init__(self, element: FieldType) -> None:
        self.element = element


CompType = FuncType | StructType | ArrayType


class SubType(_FrozenRecord):
    """A defined type: ``(sub final? supertypes* comptype)``.

    Types written without ``sub`` are final with no supertypes.
    """

    __slots__ = ("final", "supertypes", "comptype")

    def __init__(self, final: bool, supertypes: tuple[int, ...], comptype: CompType) -> None:
        self.final = final
        self.supertypes = supertypes
        self.comptype = comptype


class Limits(_FrozenRecord):
    __slots__ = ("min", "max", "is64", "shared", "page_size_log2")

    def __init__(self, min: int, max: int | None = None, is64: bool = False,
                 shared: bool = False, page_size_log2: int | None = None) -> None:
        self.min = min
        self.max = max
        self.is64 = is64                        # memory64 / table64 address type i64
        self.shared = shared                    # threads
        self.page_size_log2 = page_size_log2    # custom-page-sizes; None means 16 (64 KiB)


class TableType(_FrozenRecord):
    __slots__ = ("element", "limits")

    def __init__(self, element: RefType, limits: Limits) -> None:
        self.element = element
        self.limits = limits


class MemType(_FrozenRecord):
    __slots__ = ("limits",)

    def __init__(self, limits: Limits) -> None:
        self.limits = limits


class GlobalType(_FrozenRecord):
    __slots__ = ("valtype", "mutable")

    def __init__(self, valtype: ValType, mutable: bool) -> None:
        self.valtype = valtype
        self.mutable = mutable


class TagType(_FrozenRecord):
    __slots__ = ("typeidx",)

    def __init__(self, typeidx: int) -> None:
        self.typeidx = typeidx


# --- module fields -------------------------------------------------------------

Instr = tuple
"""``(op, *immediates)``; see the module docstring."""

Expr = list
"""A list of :data:`Instr` ending with ``end``."""


class Import(_Record):
    __slots__ = ("module", "name", "kind", "desc")

    def __init__(self, module: str, name: str, kind: str,
                 desc: int | TableType | MemType | GlobalType | TagType) -> None:
        self.module = module
        self.name = name
        self.kind = kind    # "func" | "table" | "memory" | "global" | "tag"
        self.desc = desc    # func: type index


class Export(_Record):
    __slots__ = ("name", "kind", "index")

    def __init__(self, name: str, kind: str, index: int) -> None:
        self.name = name
        self.kind = kind    # "func" | "table" | "memory" | "global" | "tag"
        self.index = index


_NOT_YET_DECODED: list = []
"""The locals of every undecoded function, never read (reading decodes them)."""


class Func(_Record):
    """A defined function: its type index, its declared locals (expanded,
    parameters excluded), its body, and the byte offset of its code entry's
    contents (after the size) in the binary, which backtraces count from.

    A function may be created undecoded (:meth:`undecoded`): it then keeps
    where its code entry ends and the callable that decodes it, and calls it
    the first time its ``locals`` or ``body`` is read. The decoder does this
    for a binary known to be well-formed, so that a large module costs little
    for the bodies it never runs. :attr:`decoded` tells whether the body is
    there yet.
    """

    __slots__ = ("typeidx", "_locals", "_body", "offset", "_decode", "_end")
    _field_names = ("typeidx", "locals", "body", "offset")

    def __init__(self, typeidx: int, locals: list[ValType], body: Expr, offset: int = 0) -> None:
        self.typeidx = typeidx
        self._locals = locals
        self._body: Expr | None = body
        self.offset = offset
        self._decode: Callable[[int, int], tuple[list[ValType], Expr]] | None = None
        self._end = 0

    @classmethod
    def undecoded(cls, typeidx: int, decode: Callable[[int, int], tuple[list[ValType], Expr]],
                  offset: int, end: int) -> Func:
        """A function whose code entry's contents run from ``offset`` to ``end``
        in its binary, and whose locals and body ``decode(offset, end)`` gives
        when first read (one ``decode`` serves every function of a binary)."""
        func = cls.__new__(cls)
        func.typeidx = typeidx
        func._locals = _NOT_YET_DECODED
        func._body = None
        func.offset = offset
        func._decode = decode
        func._end = end
        return func

    @property
    def decoded(self) -> bool:
        """Whether the locals and body have been decoded (always, for a
        function not created by :meth:`undecoded`)."""
        return self._body is not None

    def _decoded(self) -> None:
        decode = self._decode
        if decode is None:      # another thread decoded it meanwhile
            return
        self._locals, self._body = decode(self.offset, self._end)
        self._decode = None

    @property
    def locals(self) -> list[ValType]:
        """The declared locals, expanded (parameters excluded)."""
        if self._body is None:
            self._decoded()
        return self._locals

    @locals.setter
    def locals(self, locals: list[ValType]) -> None:
        if self._body is None:
            self._decoded()
        self._locals = locals

    @property
    def body(self) -> Expr:
        """The instructions, the final ``end`` included."""
        body = self._body
        if body is None:
            self._decoded()
            body = self._body
            assert body is not None
        return body

    @body.setter
    def body(self, body: Expr) -> None:
        if self._body is None:
            self._decoded()
        self._body = body


class Table(_Record):
    __slots__ = ("type", "init")

    def __init__(self, type: TableType, init: Expr | None = None) -> None:
        self.type = type
        self.init = init    # table initializer expression (typed function references)


class Global(_Record):
    __slots__ = ("type", "init")

    def __init__(self, type: GlobalType, init: Expr) -> None:
        self.type = type
        self.init = init


class Elem(_Record):
    __slots__ = ("mode", "type", "init", "table", "offset", "flags")

    def __init__(self, mode: str, type: RefType, init: list[Expr], table: int = 0,
                 offset: Expr | None = None, flags: int | None = None) -> None:
        self.mode = mode        # "passive" | "active" | "declarative"
        self.type = type
        self.init = init        # one constant expression per element
        self.table = table      # active only
        self.offset = offset    # active only
        self.flags = flags
        """The segment's binary encoding, 0-7 (bit 0: passive or declarative; bit 1:
        explicit table index, or declarative; bit 2: element expressions rather
        than function indices). ``None`` lets the encoder choose; a value the
        segment cannot be written with is ignored."""


class Data(_Record):
    __slots__ = ("mode", "init", "memory", "offset")

    def __init__(self, mode: str, init: bytes, memory: int = 0, offset: Expr | None = None) -> None:
        self.mode = mode        # "passive" | "active"
        self.init = init
        self.memory = memory    # active only
        self.offset = offset    # active only


class Names(_Record):
    """The ``name`` custom section, as far as it could be parsed.

    The decoder leaves name sections undecoded (:meth:`undecoded`), as most
    runs never read a name: they are decoded the first time a name is read
    or set.
    """

    __slots__ = ("_module", "_funcs", "_locals", "_decode")
    _field_names = ("module", "funcs", "locals")

    def __init__(self, module: str | None = None, funcs: dict[int, str] | None = None,
                 locals: dict[int, dict[int, str]] | None = None) -> None:
        self._module = module
        self._funcs = {} if funcs is None else funcs
        self._locals = {} if locals is None else locals
        self._decode: Callable[[Names], None] | None = None

    @classmethod
    def undecoded(cls, decode: Callable[[Names], None]) -> Names:
        """The names that ``decode(names)`` adds to empty ``names``, decoded
        when first used."""
        names = cls()
        names._decode = decode
        return names

    def _decoded(self) -> None:
        decode = self._decode
        if decode is None:
            return
        found = Names()
        decode(found)
        self._module, self._funcs, self._locals = found._module, found._funcs, found._locals
        self._decode = None

    @property
    def module(self) -> str | None:
        """The module's name."""
        if self._decode is not None:
            self._decoded()
        return self._module

    @module.setter
    def module(self, module: str | None) -> None:
        if self._decode is not None:
            self._decoded()
        self._module = module

    @property
    def funcs(self) -> dict[int, str]:
        """Function index -> name."""
        if self._decode is not None:
            self._decoded()
        return self._funcs

    @funcs.setter
    def funcs(self, funcs: dict[int, str]) -> None:
        if self._decode is not None:
            self._decoded()
        self._funcs = funcs

    @property
    def locals(self) -> dict[int, dict[int, str]]:
        """Function index -> local index -> name."""
        if self._decode is not None:
            self._decoded()
        return self._locals

    @locals.setter
    def locals(self, locals: dict[int, dict[int, str]]) -> None:
        if self._decode is not None:
            self._decoded()
        self._locals = locals


class Module(_Record):
    """A module. Every list (and ``names``) left out of the constructor starts empty."""

    __slots__ = ("types", "rec_groups", "imports", "funcs", "tables", "mems", "globals", "tags",
                 "exports", "start", "elems", "datas", "data_count", "customs", "names",
                 "explicit_recs", "custom_places")

    def __init__(self, types: list[SubType] | None = None,
                 rec_groups: list[tuple[int, int]] | None = None,
                 imports: list[Import] | None = None, funcs: list[Func] | None = None,
                 tables: list[Table] | None = None, mems: list[MemType] | None = None,
                 globals: list[Global] | None = None, tags: list[TagType] | None = None,
                 exports: list[Export] | None = None, start: int | None = None,
                 elems: list[Elem] | None = None, datas: list[Data] | None = None,
                 data_count: int | None = None, customs: list[tuple[str, bytes]] | None = None,
                 names: Names | None = None, explicit_recs: list[int] | None = None,
                 custom_places: list[tuple[str, str]] | None = None) -> None:
        self.types = [] if types is None else types
        self.rec_groups = [] if rec_groups is None else rec_groups  # (first type index, count)
        self.imports = [] if imports is None else imports
        self.funcs = [] if funcs is None else funcs         # defined functions only
        self.tables = [] if tables is None else tables      # defined only
        self.mems = [] if mems is None else mems            # defined only
        self.globals = [] if globals is None else globals   # defined only
        self.tags = [] if tags is None else tags            # defined only
        self.exports = [] if exports is None else exports
        self.start = start
        self.elems = [] if elems is None else elems
        self.datas = [] if datas is None else datas
        self.data_count = data_count
        self.customs = [] if customs is None else customs
        self.names = Names() if names is None else names
        self.explicit_recs = [] if explicit_recs is None else explicit_recs
        """First type index of every one-type recursion group written as an
        explicit ``rec`` (binary ``0x4E 0x01``); groups of any other size always are."""
        self.custom_places = [] if custom_places is None else custom_places
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
