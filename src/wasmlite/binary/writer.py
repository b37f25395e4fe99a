"""Writing the primitive values and the types of the binary format into a
``bytearray``: the inverse of ``reader.py`` and ``types.py``."""

from __future__ import annotations

from .. import ir
from ..errors import MalformedError
from .types import (ARRAY_TYPE, FUNC_TYPE, HEAPTYPE_CODES, LIMITS_64, LIMITS_HAS_MAX,
                    LIMITS_PAGE_SIZE, LIMITS_SHARED, NUMTYPE_CODES, PACKED_CODES, REF,
                    REF_NULL, STRUCT_TYPE, SUB, SUB_FINAL)


def cannot_encode(what: str, value: object) -> MalformedError:
    """The error for an IR value that has no binary encoding."""
    return MalformedError(f"cannot encode {what}: {value!r}")


def write_u32(out: bytearray, value: int) -> None:
    """Unsigned LEB128 (``u32`` and ``u64`` alike)."""
    if 0 <= value < 0x80:
        out.append(value)
        return
    if value < 0:
        raise cannot_encode("unsigned integer", value)
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


write_u64 = write_u32


def write_signed(out: bytearray, value: int) -> None:
    """Signed LEB128 (``s32``, ``s33``, ``s64``)."""
    while True:
        b = value & 0x7F
        value >>= 7
        if (value == 0 and not b & 0x40) or (value == -1 and b & 0x40):
            out.append(b)
            return
        out.append(b | 0x80)


def write_fixed(out: bytearray, value: int, size: int) -> None:
    """A little-endian integer in exactly ``size`` bytes (float bit patterns, ``v128``)."""
    out += (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little")


def write_bytes(out: bytearray, data: bytes) -> None:
    """``vec(byte)``."""
    write_u32(out, len(data))
    out += data


def write_name(out: bytearray, name: str) -> None:
    """A UTF-8 ``name``."""
    write_bytes(out, name.encode("utf-8"))


def write_heaptype(out: bytearray, heap: ir.HeapType) -> None:
    """A heap type: its abstract type code or an ``s33`` type index."""
    if isinstance(heap, int):
        write_signed(out, heap)
        return
    code = HEAPTYPE_CODES.get(heap)
    if code is None:
        raise cannot_encode("heap type", heap)
    out.append(code)


def write_valtype(out: bytearray, t: ir.ValType) -> None:
    """A value type; nullable abstract references use their one-byte shorthand."""
    if isinstance(t, ir.RefType):
        if t.nullable and isinstance(t.heap, str):
            code = HEAPTYPE_CODES.get(t.heap)
            if code is None:
                raise cannot_encode("heap type", t.heap)
            out.append(code)
            return
        out.append(REF_NULL if t.nullable else REF)
        write_heaptype(out, t.heap)
        return
    code = NUMTYPE_CODES.get(t)
    if code is None:
        raise cannot_encode("value type", t)
    out.append(code)


def write_valtypes(out: bytearray, types: tuple[ir.ValType, ...] | list[ir.ValType]) -> None:
    """``vec(valtype)``."""
    write_u32(out, len(types))
    for t in types:
        write_valtype(out, t)


def write_blocktype(out: bytearray, blocktype: ir.ValType | int | None) -> None:
    """A block type: ``0x40`` when empty, a value type, or an ``s33`` type index."""
    if blocktype is None:
        out.append(0x40)
    elif isinstance(blocktype, int):
        write_signed(out, blocktype)
    else:
        write_valtype(out, blocktype)


def _write_fieldtype(out: bytearray, field: ir.FieldType) -> None:
    code = PACKED_CODES.get(field.storage) if isinstance(field.storage, str) else None
    if code is not None:
        out.append(code)
    else:
        write_valtype(out, field.storage)
    out.append(1 if field.mutable else 0)


def write_subtype(out: bytearray, sub: ir.SubType) -> None:
    """A subtype; a final type without supertypes is written as its bare composite type."""
    if not sub.final or sub.supertypes:
        out.append(SUB_FINAL if sub.final else SUB)
        write_u32(out, len(sub.supertypes))
        for index in sub.supertypes:
            write_u32(out, index)
    ct = sub.comptype
    if isinstance(ct, ir.FuncType):
        out.append(FUNC_TYPE)
        write_valtypes(out, ct.params)
        write_valtypes(out, ct.results)
    elif isinstance(ct, ir.StructType):
        out.append(STRUCT_TYPE)
        write_u32(out, len(ct.fields))
        for field in ct.fields:
            _write_fieldtype(out, field)
    elif isinstance(ct, ir.ArrayType):
        out.append(ARRAY_TYPE)
        _write_fieldtype(out, ct.element)
    else:
        raise cannot_encode("composite type", ct)


def write_limits(out: bytearray, limits: ir.Limits) -> None:
    """Limits: the flags byte, minimum, maximum and page size as present."""
    flags = 0
    if limits.max is not None:
        flags |= LIMITS_HAS_MAX
    if limits.shared:
        flags |= LIMITS_SHARED
    if limits.is64:
        flags |= LIMITS_64
    if limits.page_size_log2 is not None:
        flags |= LIMITS_PAGE_SIZE
    out.append(flags)
    write_u64(out, limits.min)
    if limits.max is not None:
        write_u64(out, limits.max)
    if limits.page_size_log2 is not None:
        write_u32(out, limits.page_size_log2)


def write_tabletype(out: bytearray, t: ir.TableType) -> None:
    """A table type: element type and limits."""
    write_valtype(out, t.element)
    write_limits(out, t.limits)


def write_globaltype(out: bytearray, t: ir.GlobalType) -> None:
    """A global type: value type and mutability."""
    write_valtype(out, t.valtype)
    out.append(1 if t.mutable else 0)


def write_tagtype(out: bytearray, t: ir.TagType) -> None:
    """A tag type: the zero attribute byte and the type index."""
    out.append(0)
    write_u32(out, t.typeidx)
