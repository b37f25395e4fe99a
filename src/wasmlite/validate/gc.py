"""Rules of the GC instructions: structures, arrays, i31, casts, conversions."""

from __future__ import annotations

from .. import ir
from ..errors import InvalidError
from .code import CodeValidator, handles, type_text
from .types import DefType, heap_subtype, is_defaultable, ref_subtype, top_heap, unpack, val_subtype

_PACKED = ("i8", "i16")
_EQREF = ir.RefType(True, "eq")
_I31REF = ir.RefType(True, "i31")
_ARRAYREF = ir.RefType(True, "array")


def _deftype(v: CodeValidator, x: int, kind: str) -> DefType:
    dt = v.ctx.deftype(x)
    if dt.kind != kind:
        raise InvalidError(f"type mismatch: type {x} is a {dt.kind} type, expected a {kind} type")
    return dt


def _field(v: CodeValidator, instr) -> tuple[DefType, ir.FieldType]:
    dt = _deftype(v, instr[1], "struct")
    fields = dt.comptype.fields
    i = instr[2]
    if not 0 <= i < len(fields):
        raise InvalidError(f"unknown field {i}")
    return dt, fields[i]


def _check_packing(instr, storage, what: str) -> None:
    """``get`` reads unpacked storage, ``get_s``/``get_u`` packed storage."""
    signed = instr[0].name.endswith(("_s", "_u"))
    if signed and storage not in _PACKED:
        raise InvalidError(f"{what} is unpacked: {instr[0].name} needs a packed type")
    if not signed and storage in _PACKED:
        raise InvalidError(f"{what} is packed: use {instr[0].name}_s or {instr[0].name}_u")


def _mutable_array(v: CodeValidator, x: int) -> tuple[DefType, ir.FieldType]:
    dt = _deftype(v, x, "array")
    element = dt.comptype.element
    if not element.mutable:
        raise InvalidError(f"immutable array {x}")
    return dt, element


def _numeric_array(element: ir.FieldType) -> None:
    if type(unpack(element.storage)) is not str:
        raise InvalidError(f"array type is not numeric or vector: its elements are {element.storage}")


def _elem_fits(v: CodeValidator, y: int, element: ir.FieldType) -> None:
    et = v.ctx.elem(y)
    if not val_subtype(et, element.storage):
        raise InvalidError(f"type mismatch: element segment's type {et}"
                           f" does not match array's element type {type_text(element.storage)}")


# --- structures ---

@handles("struct.new")
def _struct_new(v: CodeValidator, instr) -> None:
    dt = _deftype(v, instr[1], "struct")
    v.pop_vals(tuple(unpack(f.storage) for f in dt.comptype.fields))
    v.push(ir.RefType(False, dt))


@handles("struct.new_default")
def _struct_new_default(v: CodeValidator, instr) -> None:
    dt = _deftype(v, instr[1], "struct")
    for f in dt.comptype.fields:
        if not is_defaultable(unpack(f.storage)):
            raise InvalidError(f"field type is not defaultable: {type_text(f.storage)}")
    v.push(ir.RefType(False, dt))


@handles("struct.get", "struct.get_s", "struct.get_u")
def _struct_get(v: CodeValidator, instr) -> None:
    dt, field = _field(v, instr)
    _check_packing(instr, field.storage, "field")
    v.pop(ir.RefType(True, dt))
    v.push(unpack(field.storage))


@handles("struct.set")
def _struct_set(v: CodeValidator, instr) -> None:
    dt, field = _field(v, instr)
    if not field.mutable:
        raise InvalidError(f"immutable field {instr[2]}")
    v.pop(unpack(field.storage))
    v.pop(ir.RefType(True, dt))


# --- arrays ---

@handles("array.new")
def _array_new(v: CodeValidator, instr) -> None:
    dt = _deftype(v, instr[1], "array")
    v.pop("i32")
    v.pop(unpack(dt.comptype.element.storage))
    v.push(ir.RefType(False, dt))


@handles("array.new_default")
def _array_new_default(v: CodeValidator, instr) -> None:
    dt = _deftype(v, instr[1], "array")
    storage = dt.comptype.element.storage
    if not is_defaultable(unpack(storage)):
        raise InvalidError(f"array type is not defaultable: {type_text(storage)}")
    v.pop("i32")
    v.push(ir.RefType(False, dt))


@handles("array.new_fixed")
def _array_new_fixed(v: CodeValidator, instr) -> None:
    dt = _deftype(v, instr[1], "array")
    v.pop_vals((unpack(dt.comptype.element.storage),) * instr[2])
    v.push(ir.RefType(False, dt))


@handles("array.new_data")
def _array_new_data(v: CodeValidator, instr) -> None:
    dt = _deftype(v, instr[1], "array")
    _numeric_array(dt.comptype.element)
    v.ctx.data(instr[2])
    v.pop("i32")
    v.pop("i32")
    v.push(ir.RefType(False, dt))


@handles("array.new_elem")
def _array_new_elem(v: CodeValidator, instr) -> None:
    dt = _deftype(v, instr[1], "array")
    _elem_fits(v, instr[2], dt.comptype.element)
    v.pop("i32")
    v.pop("i32")
    v.push(ir.RefType(False, dt))


@handles("array.get", "array.get_s", "array.get_u")
def _array_get(v: CodeValidator, instr) -> None:
    dt = _deftype(v, instr[1], "array")
    storage = dt.comptype.element.storage
    _check_packing(instr, storage, "array")
    v.pop("i32")
    v.pop(ir.RefType(True, dt))
    v.push(unpack(storage))


@handles("array.set")
def _array_set(v: CodeValidator, instr) -> None:
    dt, element = _mutable_array(v, instr[1])
    v.pop(unpack(element.storage))
    v.pop("i32")
    v.pop(ir.RefType(True, dt))


@handles("array.len")
def _array_len(v: CodeValidator, instr) -> None:
    v.pop(_ARRAYREF)
    v.push("i32")


@handles("array.fill")
def _array_fill(v: CodeValidator, instr) -> None:
    dt, element = _mutable_array(v, instr[1])
    v.pop("i32")
    v.pop(unpack(element.storage))
    v.pop("i32")
    v.pop(ir.RefType(True, dt))


@handles("array.copy")
def _array_copy(v: CodeValidator, instr) -> None:
    dst, dst_element = _mutable_array(v, instr[1])
    src = _deftype(v, instr[2], "array")
    s1, s2 = src.comptype.element.storage, dst_element.storage
    if s1 in _PACKED or s2 in _PACKED:
        if s1 != s2:
            raise InvalidError(f"array types do not match: {s1} and {s2}")
    elif not val_subtype(s1, s2):
        raise InvalidError(f"array types do not match: {type_text(s1)} is not a subtype of {type_text(s2)}")
    v.pop("i32")
    v.pop("i32")
    v.pop(ir.RefType(True, src))
    v.pop("i32")
    v.pop(ir.RefType(True, dst))


@handles("array.init_data")
def _array_init_data(v: CodeValidator, instr) -> None:
    dt, element = _mutable_array(v, instr[1])
    _numeric_array(element)
    v.ctx.data(instr[2])
    v.pop_vals((ir.RefType(True, dt), "i32", "i32", "i32"))


@handles("array.init_elem")
def _array_init_elem(v: CodeValidator, instr) -> None:
    dt, element = _mutable_array(v, instr[1])
    _elem_fits(v, instr[2], element)
    v.pop_vals((ir.RefType(True, dt), "i32", "i32", "i32"))


# --- i31 and equality ---

@handles("ref.i31")
def _ref_i31(v: CodeValidator, instr) -> None:
    v.pop("i32")
    v.push(ir.RefType(False, "i31"))


@handles("i31.get_s", "i31.get_u")
def _i31_get(v: CodeValidator, instr) -> None:
    v.pop(_I31REF)
    v.push("i32")


@handles("ref.eq")
def _ref_eq(v: CodeValidator, instr) -> None:
    v.pop(_EQREF)
    v.pop(_EQREF)
    v.push("i32")


# --- casts ---

def _cast_target(v: CodeValidator, instr) -> ir.RefType:
    """The target type of ``ref.test``/``ref.cast``; pops the operand."""
    rt = ir.RefType(instr[0].name.endswith(" null"), v.ctx.close_heap(instr[1]))
    v.pop(ir.RefType(True, top_heap(rt.heap)))
    return rt


@handles("ref.test", "ref.test null")
def _ref_test(v: CodeValidator, instr) -> None:
    _cast_target(v, instr)
    v.push("i32")


@handles("ref.cast", "ref.cast null")
def _ref_cast(v: CodeValidator, instr) -> None:
    v.push(_cast_target(v, instr))


def _branch_cast(v: CodeValidator, instr) -> tuple[ir.RefType, ir.RefType, ir.RefType, tuple]:
    """Check a ``br_on_cast``/``br_on_cast_fail``: (rt1, rt2, rt1 minus rt2, label types)."""
    flags, depth, ht1, ht2 = instr[1], instr[2], instr[3], instr[4]
    rt1 = ir.RefType(bool(flags & 1), v.ctx.close_heap(ht1))
    rt2 = ir.RefType(bool(flags & 2), v.ctx.close_heap(ht2))
    labels = v.label(depth).labels
    if not ref_subtype(rt2, rt1):
        raise InvalidError(f"type mismatch on cast: type {type_text(rt2)} does not match {type_text(rt1)}")
    if not labels or type(labels[-1]) is not ir.RefType:
        raise InvalidError(f"type mismatch: instruction requires a label ending in a reference type"
                           f" but label has [{' '.join(map(type_text, labels))}]")
    diff = ir.RefType(False if rt2.nullable else rt1.nullable, rt1.heap)
    return rt1, rt2, diff, labels


def _branch_to(v: CodeValidator, labels: tuple, value: ir.RefType) -> None:
    if not ref_subtype(value, labels[-1]):
        raise InvalidError(f"type mismatch: instruction requires type {type_text(value)}"
                           f" but label has [{' '.join(map(type_text, labels))}]")


@handles("br_on_cast")
def _br_on_cast(v: CodeValidator, instr) -> None:
    rt1, rt2, diff, labels = _branch_cast(v, instr)
    _branch_to(v, labels, rt2)
    v.pop(rt1)
    rest = labels[:-1]
    v.pop_vals(rest)
    v.vals.extend(rest)
    v.push(diff)


@handles("br_on_cast_fail")
def _br_on_cast_fail(v: CodeValidator, instr) -> None:
    rt1, rt2, diff, labels = _branch_cast(v, instr)
    _branch_to(v, labels, diff)
    v.pop(rt1)
    rest = labels[:-1]
    v.pop_vals(rest)
    v.vals.extend(rest)
    v.push(rt2)


# --- conversions ---

def _convert(v: CodeValidator, source: str, target: str) -> None:
    rt = v.pop_ref()
    if not heap_subtype(rt.heap, source):
        raise InvalidError(f"type mismatch: instruction requires (ref null {source})"
                           f" but stack has {type_text(rt)}")
    v.push(ir.RefType(rt.nullable, target))


@handles("any.convert_extern")
def _any_convert_extern(v: CodeValidator, instr) -> None:
    _convert(v, "extern", "any")


@handles("extern.convert_any")
def _extern_convert_any(v: CodeValidator, instr) -> None:
    _convert(v, "any", "extern")
