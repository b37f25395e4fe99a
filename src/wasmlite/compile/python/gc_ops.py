"""GC instructions: structures, arrays, i31 references, casts and conversions.

They call the functions of :mod:`wasmlite.runtime.aggregate` (bound under
their own names in every namespace), which raise the traps themselves.
"""

from __future__ import annotations

from ... import ir
from ...runtime.aggregate import default_value
from .values import Value, name

__all__ = ["HANDLED", "compile_instr"]

_ANYREF = ir.RefType(True, "any")

HANDLED = frozenset({
    "struct.new", "struct.new_default", "struct.get", "struct.get_s", "struct.get_u",
    "struct.set", "array.new", "array.new_default", "array.new_fixed", "array.new_data",
    "array.new_elem", "array.get", "array.get_s", "array.get_u", "array.set", "array.len",
    "array.fill", "array.copy", "array.init_data", "array.init_elem", "ref.test",
    "ref.test null", "ref.cast", "ref.cast null", "br_on_cast", "br_on_cast_fail",
    "any.convert_extern", "extern.convert_any", "ref.i31", "i31.get_s", "i31.get_u", "ref.eq",
})
"""Instructions compiled here."""


def _heap(heap) -> str:
    return f"TY{heap}" if isinstance(heap, int) else repr(heap)


def _unpacked(storage):
    return "i32" if storage in ("i8", "i16") else storage


def _call(fc, code: str, nargs: int, result) -> None:
    """Push (or, without a result, emit) the call ``code`` formatted with the
    top ``nargs`` operands, keeping effects in order."""
    fc.flush()
    args = fc.popn(nargs)
    text = code.format(*(a.value_code() for a in args))
    if result is None:
        fc.w.emit(text)
        return
    t = fc.temp()
    fc.w.emit(f"{t} = {text}")
    fc.push(name(t, result))


def _pure(fc, code: str, result) -> None:
    """Push a pure expression of the top operand."""
    v = fc.pop()
    fc.push(Value(code.format(v.operand()), result, v.pure, v.locals, v.depth + 1,
                  effects=v.effects))


def compile_instr(fc, instr) -> None:
    """Compile GC instruction ``instr`` in function compiler ``fc``."""
    opname = instr[0].name
    types = fc.cm.module.types
    if opname.startswith("struct."):
        x = instr[1]
        fields = types[x].comptype.fields
        if opname == "struct.new":
            n = len(fields)
            _call(fc, f"struct_new(TY{x}, [{', '.join('{%d}' % i for i in range(n))}])", n,
                  _ANYREF)
        elif opname == "struct.new_default":
            _call(fc, f"struct_new(TY{x}, {[default_value(f.storage) for f in fields]!r})", 0,
                  _ANYREF)
        elif opname == "struct.set":
            _call(fc, f"struct_set({{0}}, {instr[2]}, {{1}})", 2, None)
        else:
            helper = "struct_get_s" if opname == "struct.get_s" else "struct_get"
            _call(fc, f"{helper}({{0}}, {instr[2]})", 1, _unpacked(fields[instr[2]].storage))
        return
    if opname.startswith("array."):
        if opname == "array.len":
            _call(fc, "array_len({0})", 1, "i32")
            return
        x = instr[1]
        element = types[x].comptype.element.storage
        if opname == "array.new":
            _call(fc, f"array_new(TY{x}, {{0}}, {{1}})", 2, _ANYREF)
        elif opname == "array.new_default":
            _call(fc, f"array_new(TY{x}, {default_value(element)!r}, {{0}})", 1, _ANYREF)
        elif opname == "array.new_fixed":
            n = instr[2]
            _call(fc, f"array_new_fixed(TY{x}, [{', '.join('{%d}' % i for i in range(n))}])", n,
                  _ANYREF)
        elif opname == "array.new_data":
            _call(fc, f"array_new_data(TY{x}, D{instr[2]}, {{0}}, {{1}})", 2, _ANYREF)
        elif opname == "array.new_elem":
            _call(fc, f"array_new_elem(TY{x}, EL{instr[2]}, {{0}}, {{1}})", 2, _ANYREF)
        elif opname in ("array.get", "array.get_u"):
            _call(fc, "array_get({0}, {1})", 2, _unpacked(element))
        elif opname == "array.get_s":
            _call(fc, "array_get_s({0}, {1})", 2, "i32")
        elif opname == "array.set":
            _call(fc, "array_set({0}, {1}, {2})", 3, None)
        elif opname == "array.fill":
            _call(fc, "array_fill({0}, {1}, {2}, {3})", 4, None)
        elif opname == "array.copy":
            _call(fc, "array_copy({0}, {1}, {2}, {3}, {4})", 5, None)
        elif opname == "array.init_data":
            _call(fc, f"array_init_data({{0}}, {{1}}, D{instr[2]}, {{2}}, {{3}})", 4, None)
        else:
            _call(fc, f"array_init_elem({{0}}, {{1}}, EL{instr[2]}, {{2}}, {{3}})", 4, None)
        return
    if opname in ("ref.test", "ref.test null"):
        nullable = opname.endswith("null")
        v = fc.pop()
        fc.push(Value(f"ref_test({v.code}, {_heap(instr[1])}, {nullable})", "i32", v.pure,
                      v.locals, v.depth + 1, cond=True, effects=v.effects))
        return
    if opname in ("ref.cast", "ref.cast null"):
        nullable = opname.endswith("null")
        _call(fc, f"ref_cast({{0}}, {_heap(instr[1])}, {nullable})", 1, _ANYREF)
        return
    if opname in ("br_on_cast", "br_on_cast_fail"):
        flags, label, _, target_heap = instr[1:5]
        test = f"ref_test({{}}, {_heap(target_heap)}, {bool(flags & 2)})"
        fc.branch_on_ref(label, test, negate=opname == "br_on_cast_fail")
        return
    if opname == "ref.i31":
        _pure(fc, "{0} & 0x7fffffff", ir.RefType(False, "i31"))
        return
    if opname == "ref.eq":
        fc.flush()
        a, b = fc.popn(2)
        fc.push(Value(f"ref_eq({a.code}, {b.code})", "i32", True, a.locals | b.locals,
                      max(a.depth, b.depth) + 1, cond=True))
        return
    helper = opname.replace(".", "_")
    _call(fc, f"{helper}({{0}})", 1, "i32" if opname.startswith("i31") else _ANYREF)

