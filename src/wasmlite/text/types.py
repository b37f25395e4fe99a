"""Types in the text format: value, reference, heap, function, struct, array,
sub and rec types, limits, and table, memory and global types."""

from __future__ import annotations

from .. import ir
from ..errors import NotSupportedError
from .cursor import Cursor
from .lexer import ID, KEYWORD, LPAR, NUMBER
from .resolve import ModuleContext

VALUE_TYPE_KEYWORDS: dict[str, ir.ValType] = {
    "i32": "i32", "i64": "i64", "f32": "f32", "f64": "f64", "v128": "v128",
    "funcref": ir.FUNCREF, "externref": ir.EXTERNREF, "exnref": ir.EXNREF,
    "anyref": ir.RefType(True, "any"), "eqref": ir.RefType(True, "eq"),
    "i31ref": ir.RefType(True, "i31"), "structref": ir.RefType(True, "struct"),
    "arrayref": ir.RefType(True, "array"), "nullref": ir.RefType(True, "none"),
    "nullfuncref": ir.RefType(True, "nofunc"), "nullexternref": ir.RefType(True, "noextern"),
    "nullexnref": ir.RefType(True, "noexn"),
}
ABSTRACT_HEAP_TYPES = frozenset(ir.ABSTRACT_HEAP_TYPES)
PACKED_TYPES = ("i8", "i16")

_REF_TYPE_EXPECTED = "a reference type"
# composite type keywords of proposals not implemented, and the proposal of each
_UNSUPPORTED_TYPES = {"cont": "stack switching", "descriptor": "custom descriptors",
                      "describes": "custom descriptors", "shared": "shared-everything threads"}
_VALUE_TYPE_EXPECTED = "a value type"


def heap_type(cur: Cursor, ctx: ModuleContext) -> ir.HeapType:
    """``func | extern | ... | typeidx``."""
    kind = cur.kind()
    if kind == KEYWORD:
        text = cur.texts[cur.i]
        if text in ABSTRACT_HEAP_TYPES:
            cur.i += 1
            return text
        raise cur.error("unknown heap type" if text != "exact" else "unexpected token", "a heap type")
    if kind == ID or kind == NUMBER:
        return ctx.types.index(cur)
    if cur.peek_sexpr("exact"):
        raise NotSupportedError("exact reference types (custom descriptors)")
    raise cur.unexpected("a heap type")


def ref_type(cur: Cursor, ctx: ModuleContext) -> ir.RefType:
    """``(ref null? heaptype)`` or a reference type shorthand."""
    kind = cur.kind()
    if kind == KEYWORD:
        t = VALUE_TYPE_KEYWORDS.get(cur.texts[cur.i])
        if isinstance(t, ir.RefType):
            cur.i += 1
            return t
    elif kind == LPAR and cur.peek_sexpr("ref"):
        cur.i += 2
        nullable = cur.accept("null")
        heap = heap_type(cur, ctx)
        cur.rpar()
        return ir.RefType(nullable, heap)
    raise cur.unexpected(_REF_TYPE_EXPECTED)


def value_type(cur: Cursor, ctx: ModuleContext) -> ir.ValType:
    """A number, vector or reference type."""
    i = cur.i
    if cur.kind() == KEYWORD:
        t = VALUE_TYPE_KEYWORDS.get(cur.texts[i])
        if t is not None:
            cur.i = i + 1
            return t
        raise cur.error("unexpected token", _VALUE_TYPE_EXPECTED)
    if cur.peek_sexpr("ref"):
        return ref_type(cur, ctx)
    raise cur.unexpected(_VALUE_TYPE_EXPECTED)


def is_value_type_start(cur: Cursor) -> bool:
    """Whether a value type starts at the current token."""
    kind = cur.kind()
    if kind == KEYWORD:
        return cur.texts[cur.i] in VALUE_TYPE_KEYWORDS
    return kind == LPAR and cur.peek_sexpr("ref")


def value_types(cur: Cursor, ctx: ModuleContext, out: list) -> None:
    """Append value types to ``out`` up to the next ``)``."""
    while not cur.at_rpar():
        out.append(value_type(cur, ctx))


def params(cur: Cursor, ctx: ModuleContext, out: list, names: list | None) -> None:
    """Parse ``(param ...)*``: types into ``out``; into ``names``, if given, each
    parameter's identifier or ``None`` with the token index it was written at."""
    while cur.peek_sexpr("param"):
        cur.i += 2
        at = cur.i
        name = cur.id()
        if name is not None:
            out.append(value_type(cur, ctx))
            if names is not None:
                names.append((name, at))
        else:
            start = len(out)
            value_types(cur, ctx, out)
            if names is not None:
                names.extend((None, at) for _ in range(len(out) - start))
        cur.rpar()


def results(cur: Cursor, ctx: ModuleContext, out: list) -> None:
    """Parse ``(result ...)*`` into ``out``."""
    while cur.peek_sexpr("result"):
        cur.i += 2
        value_types(cur, ctx, out)
        cur.rpar()


def func_type(cur: Cursor, ctx: ModuleContext) -> ir.FuncType:
    """The inside of ``(func ...)`` in a type definition."""
    ps: list = []
    rs: list = []
    params(cur, ctx, ps, None)
    results(cur, ctx, rs)
    return ir.FuncType(tuple(ps), tuple(rs))


def storage_type(cur: Cursor, ctx: ModuleContext) -> ir.StorageType:
    text = cur.peek_keyword()
    if text in PACKED_TYPES:
        cur.i += 1
        return text
    return value_type(cur, ctx)


def field_type(cur: Cursor, ctx: ModuleContext) -> ir.FieldType:
    """``storagetype`` or ``(mut storagetype)``."""
    if cur.accept_sexpr("mut"):
        t = storage_type(cur, ctx)
        cur.rpar()
        return ir.FieldType(t, True)
    return ir.FieldType(storage_type(cur, ctx), False)


def struct_type(cur: Cursor, ctx: ModuleContext, names: dict[str, int]) -> ir.StructType:
    """The inside of ``(struct ...)``; field identifiers go into ``names``."""
    fields: list[ir.FieldType] = []
    while cur.peek_sexpr("field"):
        cur.i += 2
        at = cur.i
        name = cur.id()
        if name is not None:
            if name in names:
                raise cur.error("duplicate field", "a field identifier not used before", at)
            names[name] = len(fields)
            fields.append(field_type(cur, ctx))
        else:
            while not cur.at_rpar():
                fields.append(field_type(cur, ctx))
        cur.rpar()
    return ir.StructType(tuple(fields))


def comp_type(cur: Cursor, ctx: ModuleContext, names: dict[str, int]) -> ir.CompType:
    """``(func ...)``, ``(struct ...)`` or ``(array ...)``."""
    kw = cur.sexpr_keyword()
    if kw == "func":
        cur.i += 2
        t = func_type(cur, ctx)
    elif kw == "struct":
        cur.i += 2
        t = struct_type(cur, ctx, names)
    elif kw == "array":
        cur.i += 2
        t = ir.ArrayType(field_type(cur, ctx))
    elif kw in _UNSUPPORTED_TYPES:
        raise NotSupportedError(f"'{kw}' types ({_UNSUPPORTED_TYPES[kw]})")
    else:
        raise cur.unexpected("'(func', '(struct' or '(array'")
    cur.rpar()
    return t


def sub_type(cur: Cursor, ctx: ModuleContext, names: dict[str, int]) -> ir.SubType:
    """``(sub final? typeidx* comptype)`` or a plain composite type (final)."""
    if cur.accept_sexpr("sub"):
        final = cur.accept("final")
        supers = []
        while ctx.types.has_index(cur):
            supers.append(ctx.types.index(cur))
        t = comp_type(cur, ctx, names)
        cur.rpar()
        return ir.SubType(final, tuple(supers), t)
    return ir.SubType(True, (), comp_type(cur, ctx, names))


def address_type(cur: Cursor) -> bool:
    """An optional ``i32`` / ``i64`` address type; whether it is ``i64``."""
    text = cur.peek_keyword()
    if text == "i64":
        cur.i += 1
        return True
    if text == "i32":
        cur.i += 1
    return False


def limits(cur: Cursor) -> tuple[int, int | None]:
    """``min max?``: u64 literals (validation checks them against the address type)."""
    lo = cur.uint(64)
    hi = cur.uint(64) if cur.kind() == NUMBER else None
    return lo, hi


def table_type(cur: Cursor, ctx: ModuleContext, is64: bool) -> ir.TableType:
    """``limits reftype`` after the address type."""
    lo, hi = limits(cur)
    return ir.TableType(ref_type(cur, ctx), ir.Limits(lo, hi, is64))


def page_size(cur: Cursor) -> int:
    """The inside of ``(pagesize n)``: the log2 of a power-of-two page size."""
    at = cur.i
    size = cur.u32()
    if size == 0 or size & (size - 1):
        raise cur.error("invalid custom page size", "a power of two", at)
    cur.rpar()
    return size.bit_length() - 1


def mem_type(cur: Cursor, is64: bool) -> ir.MemType:
    """``limits shared? (pagesize n)?`` after the address type."""
    lo, hi = limits(cur)
    shared = False
    page_log2 = None
    while True:
        if cur.accept("shared"):
            shared = True
        elif cur.accept_sexpr("pagesize"):
            page_log2 = page_size(cur)
        else:
            break
    return ir.MemType(ir.Limits(lo, hi, is64, shared, page_log2))


def global_type(cur: Cursor, ctx: ModuleContext) -> ir.GlobalType:
    """``valtype`` or ``(mut valtype)``."""
    if cur.accept_sexpr("mut"):
        t = value_type(cur, ctx)
        cur.rpar()
        return ir.GlobalType(t, True)
    return ir.GlobalType(value_type(cur, ctx), False)
