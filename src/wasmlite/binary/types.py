"""Binary encoding of types: value, reference, heap, storage, composite and
defined types, limits, and the table / memory / global / tag types.

The byte-code tables here are shared with the encoder. Decoding functions take
``(data, pos)`` and return ``(value, new_pos)``. Error messages follow the
reference interpreter, which tries the alternatives of a grammar rule in turn
and reports the failure of the last one.
"""

from __future__ import annotations

from .. import ir
from ..errors import MalformedError, NotSupportedError
from .reader import UNEXPECTED_END, read_len32, read_s33, read_u32, read_u64, unexpected_end

NUMTYPE_CODES: dict[str, int] = {"i32": 0x7F, "i64": 0x7E, "f32": 0x7D, "f64": 0x7C, "v128": 0x7B}
PACKED_CODES: dict[str, int] = {"i8": 0x78, "i16": 0x77}
HEAPTYPE_CODES: dict[str, int] = {
    "noexn": 0x74, "nofunc": 0x73, "noextern": 0x72, "none": 0x71, "func": 0x70,
    "extern": 0x6F, "any": 0x6E, "eq": 0x6D, "i31": 0x6C, "struct": 0x6B,
    "array": 0x6A, "exn": 0x69,
}
REF_NULL = 0x63           # (ref null ht)
REF = 0x64                # (ref ht)
EXACT = 0x62              # custom descriptors: (ref null? exact ht)

FUNC_TYPE = 0x60
STRUCT_TYPE = 0x5F
ARRAY_TYPE = 0x5E
SUB = 0x50
SUB_FINAL = 0x4F
REC = 0x4E
DESCRIPTOR = 0x4D         # custom descriptors
DESCRIBES = 0x4C          # custom descriptors

LIMITS_HAS_MAX = 0x01
LIMITS_SHARED = 0x02
LIMITS_64 = 0x04
LIMITS_PAGE_SIZE = 0x08
TABLE_LIMITS_FLAGS = LIMITS_HAS_MAX | LIMITS_64
MEMORY_LIMITS_FLAGS = LIMITS_HAS_MAX | LIMITS_SHARED | LIMITS_64
CUSTOM_PAGE_SIZE_LIMITS_FLAGS = MEMORY_LIMITS_FLAGS | LIMITS_PAGE_SIZE
"""With the custom-page-sizes proposal, memory limits may also carry a page size."""

NUMTYPE_BY_CODE: dict[int, str] = {c: t for t, c in NUMTYPE_CODES.items()}
PACKED_BY_CODE: dict[int, str] = {c: t for t, c in PACKED_CODES.items()}
HEAPTYPE_BY_CODE: dict[int, str] = {c: h for h, c in HEAPTYPE_CODES.items()}

SIMPLE_VALTYPES: dict[int, ir.ValType] = {
    **NUMTYPE_BY_CODE,
    **{c: ir.RefType(True, h) for c, h in HEAPTYPE_BY_CODE.items()},
}
"""Value types written as one byte: number and vector types, and the
``(ref null <abstract>)`` shorthands."""


def _too_long(pos: int) -> MalformedError:
    return MalformedError("integer representation too long", pos)


def _decode_long_type_index(data: bytes, pos: int) -> tuple[int, int]:
    """A type index written as an ``s33`` of several bytes (heap and block
    types). As the alternative readings of its first byte all fail, any
    malformation is reported as an overlong one-byte type code."""
    try:
        index, end = read_s33(data, pos)
    except MalformedError as e:
        if e.message == UNEXPECTED_END:
            raise
        raise _too_long(pos) from None
    if index < 0:
        raise _too_long(pos)
    return index, end


def _decode_plain_heaptype(data: bytes, pos: int) -> tuple[ir.HeapType, int]:
    if pos >= len(data):
        raise unexpected_end(data)
    b = data[pos]
    if b < 0x40:
        return b, pos + 1
    if b < 0x80:
        heap = HEAPTYPE_BY_CODE.get(b)
        if heap is None:
            raise MalformedError("malformed heap type", pos)
        return heap, pos + 1
    return _decode_long_type_index(data, pos)


def decode_heaptype(data: bytes, pos: int) -> tuple[ir.HeapType, int]:
    """``heaptype``: an abstract heap type or a type index (``s33`` >= 0)."""
    if pos < len(data) and data[pos] == EXACT:
        _decode_plain_heaptype(data, pos + 1)
        raise NotSupportedError("exact reference types (custom descriptors)")
    return _decode_plain_heaptype(data, pos)


def decode_reftype(data: bytes, pos: int) -> tuple[ir.RefType, int]:
    """``reftype``: a shorthand byte or ``0x63``/``0x64`` and a heap type."""
    if pos >= len(data):
        raise unexpected_end(data)
    b = data[pos]
    if b == REF_NULL or b == REF:
        heap, end = decode_heaptype(data, pos + 1)
        return ir.RefType(b == REF_NULL, heap), end
    t = SIMPLE_VALTYPES.get(b)
    if isinstance(t, ir.RefType):
        return t, pos + 1
    if b & 0x80:
        raise _too_long(pos)
    raise MalformedError("malformed reference type", pos)


def decode_valtype(data: bytes, pos: int) -> tuple[ir.ValType, int]:
    """``valtype``: a number, vector or reference type."""
    if pos < len(data):
        t = SIMPLE_VALTYPES.get(data[pos])
        if t is not None:
            return t, pos + 1
    return decode_reftype(data, pos)


def decode_valtypes(data: bytes, pos: int) -> tuple[tuple[ir.ValType, ...], int]:
    """``vec(valtype)`` (result types, typed ``select``)."""
    n, pos = read_len32(data, pos)
    types = []
    for _ in range(n):
        t, pos = decode_valtype(data, pos)
        types.append(t)
    return tuple(types), pos


def decode_blocktype(data: bytes, pos: int) -> tuple[ir.ValType | int | None, int]:
    """``blocktype``: empty (``0x40``), one value type, or a type index (``s33``)."""
    if pos >= len(data):
        raise unexpected_end(data)
    b = data[pos]
    if b == 0x40:
        return None, pos + 1
    if b < 0x40:
        return b, pos + 1
    if b < 0x80:
        return decode_valtype(data, pos)
    return _decode_long_type_index(data, pos)


def _decode_mutability(data: bytes, pos: int) -> tuple[bool, int]:
    if pos >= len(data):
        raise unexpected_end(data)
    b = data[pos]
    if b > 1:
        raise MalformedError("malformed mutability", pos)
    return b == 1, pos + 1


def decode_storagetype(data: bytes, pos: int) -> tuple[ir.StorageType, int]:
    """``storagetype``: a value type or a packed type (``i8``, ``i16``)."""
    if pos < len(data):
        packed = PACKED_BY_CODE.get(data[pos])
        if packed is not None:
            return packed, pos + 1
    try:
        return decode_valtype(data, pos)
    except MalformedError as e:
        if e.message == UNEXPECTED_END:
            raise
        if data[pos] & 0x80:
            raise _too_long(pos) from None
        raise MalformedError("malformed storage type", pos) from None


def decode_fieldtype(data: bytes, pos: int) -> tuple[ir.FieldType, int]:
    """``fieldtype``: a storage type and its mutability."""
    storage, pos = decode_storagetype(data, pos)
    mutable, pos = _decode_mutability(data, pos)
    return ir.FieldType(storage, mutable), pos


def decode_comptype(data: bytes, pos: int) -> tuple[ir.CompType, int]:
    """``comptype``: a function, struct or array type."""
    if pos >= len(data):
        raise unexpected_end(data)
    b = data[pos]
    pos += 1
    if b == FUNC_TYPE:
        params, pos = decode_valtypes(data, pos)
        results, pos = decode_valtypes(data, pos)
        return ir.FuncType(params, results), pos
    if b == STRUCT_TYPE:
        n, pos = read_len32(data, pos)
        fields = []
        for _ in range(n):
            field, pos = decode_fieldtype(data, pos)
            fields.append(field)
        return ir.StructType(tuple(fields)), pos
    if b == ARRAY_TYPE:
        field, pos = decode_fieldtype(data, pos)
        return ir.ArrayType(field), pos
    if b & 0x80:
        raise _too_long(pos)
    raise MalformedError("malformed definition type", pos - 1)


def _decode_subtype(data: bytes, pos: int) -> tuple[ir.SubType, int, bool]:
    """A subtype, and whether it carries custom-descriptor clauses."""
    if pos >= len(data):
        raise unexpected_end(data)
    b = data[pos]
    final = True
    supertypes: tuple[int, ...] = ()
    if b == SUB or b == SUB_FINAL:
        final = b == SUB_FINAL
        n, pos = read_len32(data, pos + 1)
        indices = []
        for _ in range(n):
            index, pos = read_u32(data, pos)
            indices.append(index)
        supertypes = tuple(indices)
    descriptors = False
    for clause in (DESCRIBES, DESCRIPTOR):
        if pos < len(data) and data[pos] == clause:
            _, pos = read_u32(data, pos + 1)
            descriptors = True
    comptype, pos = decode_comptype(data, pos)
    return ir.SubType(final, supertypes, comptype), pos, descriptors


def decode_rectype(data: bytes, pos: int) -> tuple[list[ir.SubType], int]:
    """``rectype``: ``rec`` with a vector of subtypes, or one subtype alone
    (``sub``/``sub final`` with supertypes, or a bare composite type)."""
    if pos < len(data) and data[pos] == REC:
        n, pos = read_len32(data, pos + 1)
    else:
        n = 1
    group = []
    descriptors = False
    for _ in range(n):
        sub, pos, described = _decode_subtype(data, pos)
        group.append(sub)
        descriptors = descriptors or described
    if descriptors:
        raise NotSupportedError("type descriptors (custom descriptors)")
    return group, pos


def decode_limits(data: bytes, pos: int, allowed_flags: int) -> tuple[ir.Limits, int]:
    """``limits``: a flags byte, ``u64`` minimum and maximum, and a page size."""
    if pos >= len(data):
        raise unexpected_end(data)
    flags = data[pos]
    if flags & ~allowed_flags:
        if flags & ~allowed_flags == LIMITS_PAGE_SIZE and allowed_flags == MEMORY_LIMITS_FLAGS:
            raise MalformedError("malformed limits flags: a page size needs the "
                                 "custom-page-sizes proposal enabled", pos)
        raise MalformedError("malformed limits flags", pos)
    minimum, pos = read_u64(data, pos + 1)
    maximum = None
    if flags & LIMITS_HAS_MAX:
        maximum, pos = read_u64(data, pos)
    page_size_log2 = None
    if flags & LIMITS_PAGE_SIZE:
        start = pos
        page_size_log2, pos = read_u32(data, pos)
        if page_size_log2 >= 64:
            raise MalformedError("invalid custom page size", start)
    return ir.Limits(minimum, maximum, bool(flags & LIMITS_64), bool(flags & LIMITS_SHARED),
                     page_size_log2), pos


def decode_tabletype(data: bytes, pos: int) -> tuple[ir.TableType, int]:
    """``tabletype``: element reference type and limits."""
    element, pos = decode_reftype(data, pos)
    limits, pos = decode_limits(data, pos, TABLE_LIMITS_FLAGS)
    return ir.TableType(element, limits), pos


def decode_memtype(data: bytes, pos: int,
                   allowed_flags: int = MEMORY_LIMITS_FLAGS) -> tuple[ir.MemType, int]:
    """``memtype``: limits (with the shared, 64-bit and, when allowed, page size flags)."""
    limits, pos = decode_limits(data, pos, allowed_flags)
    return ir.MemType(limits), pos


def decode_globaltype(data: bytes, pos: int) -> tuple[ir.GlobalType, int]:
    """``globaltype``: value type and mutability."""
    valtype, pos = decode_valtype(data, pos)
    mutable, pos = _decode_mutability(data, pos)
    return ir.GlobalType(valtype, mutable), pos


def decode_tagtype(data: bytes, pos: int) -> tuple[ir.TagType, int]:
    """``tagtype``: a zero attribute byte and a type index."""
    if pos >= len(data):
        raise unexpected_end(data)
    if data[pos] != 0:
        raise MalformedError("zero byte expected", pos)
    index, pos = read_u32(data, pos + 1)
    return ir.TagType(index), pos
