"""The embedding API's type descriptions: ValType, FuncType, GlobalType, Limits,
TableType, MemoryType, TagType, ImportType and ExportType.

Each wraps the corresponding value of the module IR (``wasmlite.ir``), which stays
reachable as ``._ir`` for the other API objects. Types are immutable values:
``close()`` (offered as by wasmtime-py) releases nothing and they stay usable.
"""

from __future__ import annotations

from .. import ir
from ..errors import WasmtimeError
from ..validate.types import DefType, close_externtype
from .arguments import c_int
from .closeable import Closeable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional, Sequence


class ValType(Closeable):
    """A value type: ``i32 i64 f32 f64 v128`` or a reference type."""

    __slots__ = ("_ir",)
    _ir: ir.ValType

    def __init__(self) -> None:
        raise WasmtimeError("cannot construct directly")

    @classmethod
    def _from_ir(cls, t: ir.ValType) -> "ValType":
        cached = _CACHE.get(t)
        if cached is not None:
            return cached
        vt = object.__new__(cls)
        vt._ir = t
        return vt

    @classmethod
    def i32(cls) -> "ValType":
        return _I32

    @classmethod
    def i64(cls) -> "ValType":
        return _I64

    @classmethod
    def f32(cls) -> "ValType":
        return _F32

    @classmethod
    def f64(cls) -> "ValType":
        return _F64

    @classmethod
    def v128(cls) -> "ValType":
        return _V128

    @classmethod
    def funcref(cls) -> "ValType":
        return _FUNCREF

    @classmethod
    def externref(cls) -> "ValType":
        return _EXTERNREF

    @classmethod
    def anyref(cls) -> "ValType":
        return _ANYREF

    @classmethod
    def exnref(cls) -> "ValType":
        return _EXNREF

    @property
    def is_reference(self) -> bool:
        """Whether this is a reference type."""
        return isinstance(self._ir, ir.RefType)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValType):
            return False
        return self._ir == other._ir

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(self._ir)

    def __str__(self) -> str:
        return valtype_text(self._ir)

    def __repr__(self) -> str:
        return valtype_text(self._ir)


def valtype_text(t: ir.ValType) -> str:
    """The text form of a value type; a reference to a defined type shows its structure."""
    if isinstance(t, ir.RefType) and not isinstance(t.heap, (str, int)):
        comptype = getattr(t.heap, "comptype", None)
        heap = functype_text(comptype) if isinstance(comptype, ir.FuncType) else f"({t.heap.kind})"
        return f"(ref {'null ' if t.nullable else ''}{heap})"
    return str(t)


def _make(t: ir.ValType) -> ValType:
    vt = object.__new__(ValType)
    vt._ir = t
    return vt


_I32, _I64, _F32, _F64, _V128 = (_make(t) for t in ("i32", "i64", "f32", "f64", "v128"))
_FUNCREF, _EXTERNREF = _make(ir.FUNCREF), _make(ir.EXTERNREF)
_ANYREF, _EXNREF = _make(ir.RefType(True, "any")), _make(ir.EXNREF)
_CACHE: dict = {vt._ir: vt for vt in (_I32, _I64, _F32, _F64, _V128, _FUNCREF, _EXTERNREF, _ANYREF, _EXNREF)}


def _check_valtypes(items: Sequence[ValType]) -> tuple:
    out = []
    for item in items:
        if not isinstance(item, ValType):
            raise TypeError("expected ValType")
        out.append(item._ir)
    return tuple(out)


class FuncType(Closeable):
    """A function type: parameter and result value types."""

    __slots__ = ("_ir",)
    _ir: ir.FuncType

    def __init__(self, params: Sequence[ValType], results: Sequence[ValType]):
        self._ir = ir.FuncType(_check_valtypes(params), _check_valtypes(results))

    @classmethod
    def _from_ir(cls, t: ir.FuncType) -> "FuncType":
        ft = object.__new__(cls)
        ft._ir = t
        return ft

    @property
    def params(self) -> list[ValType]:
        """The parameter types."""
        return [ValType._from_ir(t) for t in self._ir.params]

    @property
    def results(self) -> list[ValType]:
        """The result types."""
        return [ValType._from_ir(t) for t in self._ir.results]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FuncType) and self._ir == other._ir

    def __hash__(self) -> int:
        return hash(self._ir)

    def __str__(self) -> str:
        return functype_text(self._ir)

    def __repr__(self) -> str:
        return f"FuncType({self.params!r}, {self.results!r})"


def functype_text(t: ir.FuncType) -> str:
    """The text form wasmtime uses in messages: ``(func (param i32) (result i64))``."""
    parts = ["func"]
    if t.params:
        parts.append(f"(param {' '.join(map(valtype_text, t.params))})")
    if t.results:
        parts.append(f"(result {' '.join(map(valtype_text, t.results))})")
    return "(" + " ".join(parts) + ")"


class GlobalType(Closeable):
    """A global's type: its content type and mutability."""

    __slots__ = ("_ir",)
    _ir: ir.GlobalType

    def __init__(self, valtype: ValType, mutable: bool):
        if not isinstance(valtype, ValType):
            raise TypeError("expected valtype")
        self._ir = ir.GlobalType(valtype._ir, bool(mutable))

    @classmethod
    def _from_ir(cls, t: ir.GlobalType) -> "GlobalType":
        gt = object.__new__(cls)
        gt._ir = t
        return gt

    @property
    def content(self) -> ValType:
        """The type of the value held."""
        return ValType._from_ir(self._ir.valtype)

    @property
    def mutable(self) -> bool:
        """Whether the global can be set."""
        return self._ir.mutable

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GlobalType) and self._ir == other._ir

    def __hash__(self) -> int:
        return hash(self._ir)

    def __repr__(self) -> str:
        return f"GlobalType({self.content!r}, {self.mutable!r})"


class Limits:
    """Size limits of a table or memory; ``max`` is ``None`` when unbounded."""

    __slots__ = ("min", "max")

    def __init__(self, min: int, max: Optional[int]):
        self.min = min
        self.max = max

    @classmethod
    def _from_ir(cls, limits: ir.Limits) -> "Limits":
        return cls(limits.min, limits.max)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Limits) and self.min == other.min and self.max == other.max

    def __hash__(self) -> int:
        return hash((self.min, self.max))

    def __repr__(self) -> str:
        return f"Limits({self.min!r}, {self.max!r})"


def _check_limits(limits: object) -> Limits:
    if not isinstance(limits, Limits):
        raise TypeError("expected Limits")
    for bound in (limits.min, limits.max):
        if bound is not None:
            c_int(bound, "limits")
    if limits.min < 0 or (limits.max is not None and limits.max < 0):
        raise WasmtimeError("limits must not be negative")
    return limits


class TableType(Closeable):
    """A table's type: element reference type and size limits."""

    __slots__ = ("_ir",)
    _ir: ir.TableType

    def __init__(self, valtype: ValType, limits: Limits, is_64: bool = False):
        _check_limits(limits)
        if not isinstance(valtype, ValType):
            raise TypeError("expected valtype")
        if not isinstance(valtype._ir, ir.RefType):
            raise WasmtimeError(f"table element type must be a reference type, found {valtype}")
        bound = 1 << (64 if is_64 else 32)
        if limits.min >= bound or (limits.max is not None and limits.max >= bound):
            raise WasmtimeError("table size must be at most 2^32-1 elements" if not is_64
                                else "table size must be at most 2^64-1 elements")
        self._ir = ir.TableType(valtype._ir, ir.Limits(limits.min, limits.max, is64=bool(is_64)))

    @classmethod
    def _from_ir(cls, t: ir.TableType) -> "TableType":
        tt = object.__new__(cls)
        tt._ir = t
        return tt

    @property
    def element(self) -> ValType:
        """The element type."""
        return ValType._from_ir(self._ir.element)

    @property
    def limits(self) -> Limits:
        """Minimum and maximum size, in elements."""
        return Limits._from_ir(self._ir.limits)

    @property
    def is_64(self) -> bool:
        """Whether the table is indexed with i64 (table64)."""
        return self._ir.limits.is64

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableType) and self._ir == other._ir

    def __hash__(self) -> int:
        return hash(self._ir)

    def __repr__(self) -> str:
        return f"TableType({self.element!r}, {self.limits!r})"


class MemoryType(Closeable):
    """A linear memory's type: limits in pages, index type, sharing and page size."""

    __slots__ = ("_ir",)
    _ir: ir.MemType

    def __init__(self, limits: Limits, is_64: bool = False, shared: bool = False,
                 page_size_log2: int = 16):
        _check_limits(limits)
        c_int(page_size_log2, "page_size_log2")
        bound = 1 << (64 if is_64 else 32)
        if limits.min >= bound:
            raise WasmtimeError("minimum size too large")
        if limits.max is not None and limits.max >= bound:
            raise WasmtimeError("maximum size too large")
        if page_size_log2 not in (0, 16):
            raise WasmtimeError(f"invalid custom page size log2: {page_size_log2}; must be 0 or 16")
        # The number of pages that fits the index space.
        max_pages = (1 << ((64 if is_64 else 32) - page_size_log2))
        if limits.min > max_pages:
            raise WasmtimeError("minimum size is too large for this memory type's index type")
        if limits.max is not None:
            if limits.max > max_pages:
                raise WasmtimeError("maximum size is too large for this memory type's index type")
            if limits.max < limits.min:
                raise WasmtimeError("maximum page size cannot be smaller than the minimum page size")
        if shared and limits.max is None:
            raise WasmtimeError("shared memories must have a maximum size")
        self._ir = ir.MemType(ir.Limits(limits.min, limits.max, is64=bool(is_64), shared=bool(shared),
                                        page_size_log2=None if page_size_log2 == 16 else page_size_log2))

    @classmethod
    def _from_ir(cls, t: ir.MemType) -> "MemoryType":
        mt = object.__new__(cls)
        mt._ir = t
        return mt

    @property
    def limits(self) -> Limits:
        """Minimum and maximum size, in pages."""
        return Limits._from_ir(self._ir.limits)

    @property
    def is_64(self) -> bool:
        """Whether the memory is indexed with i64 (memory64)."""
        return self._ir.limits.is64

    @property
    def is_shared(self) -> bool:
        """Whether the memory is shared (threads)."""
        return self._ir.limits.shared

    @property
    def page_size_log2(self) -> int:
        """log2 of the page size in bytes."""
        log2 = self._ir.limits.page_size_log2
        return 16 if log2 is None else log2

    @property
    def page_size(self) -> int:
        """The page size in bytes."""
        return 1 << self.page_size_log2

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MemoryType) and self._ir == other._ir

    def __hash__(self) -> int:
        return hash(self._ir)

    def __repr__(self) -> str:
        return f"MemoryType({self.limits!r}, is_64={self.is_64!r}, shared={self.is_shared!r})"


class TagType(Closeable):
    """An exception tag's type: the function type of its payload."""

    __slots__ = ("_functype",)

    def __init__(self, functype: FuncType) -> None:
        if not isinstance(functype, FuncType):
            raise TypeError("expected a FuncType")
        self._functype = functype

    @property
    def functype(self) -> FuncType:
        """The payload signature (results are empty)."""
        return self._functype

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TagType) and self._functype == other._functype

    def __hash__(self) -> int:
        return hash(self._functype)

    def __repr__(self) -> str:
        return f"TagType({self._functype!r})"


AsExternType = FuncType | TableType | MemoryType | GlobalType | TagType


def func_comptype(deftype: object) -> ir.FuncType:
    """The function type that the defined type of a function or tag stands for."""
    comptype = getattr(deftype, "comptype", deftype)
    if not isinstance(comptype, ir.FuncType):
        raise WasmtimeError(f"expected a function type, found {comptype}")
    return comptype


def extern_type(deftypes: list[DefType], kind: str, desc: object) -> AsExternType:
    """The API type of an import or export of a module whose closed defined types
    are ``deftypes``.

    ``desc`` is an import descriptor or, for exports, the type found in the index space.
    """
    closed = close_externtype(kind, desc, deftypes)
    if kind == "func":
        return FuncType._from_ir(func_comptype(closed))
    if kind == "tag":
        return TagType(FuncType._from_ir(func_comptype(closed)))
    if isinstance(closed, ir.TableType):
        return TableType._from_ir(closed)
    if isinstance(closed, ir.MemType):
        return MemoryType._from_ir(closed)
    if isinstance(closed, ir.GlobalType):
        return GlobalType._from_ir(closed)
    raise WasmtimeError(f"unknown extern kind {kind!r}")


class ImportType(Closeable):
    """One import of a module: module name, field name and expected type."""

    __slots__ = ("module", "name", "type")

    def __init__(self, module: str, name: Optional[str], type: AsExternType):
        self.module = module
        self.name = name
        self.type = type

    def __repr__(self) -> str:
        return f"ImportType({self.module!r}, {self.name!r}, {self.type!r})"


class ExportType(Closeable):
    """One export of a module: its name and type."""

    __slots__ = ("name", "type")

    def __init__(self, name: str, type: AsExternType):
        self.name = name
        self.type = type

    def __repr__(self) -> str:
        return f"ExportType({self.name!r}, {self.type!r})"
