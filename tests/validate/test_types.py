"""Type canonicalisation, equivalence and subtyping, as the runtime uses them."""

import pytest

from wasmlite import ir
from wasmlite.errors import InvalidError
from wasmlite.validate import validate_module
from wasmlite.validate.types import (
    DefType, canonicalize, close_externtype, extern_subtype, heap_subtype, val_subtype,
)

from .builders import FUNCREF, I32, I64, functype


def struct(*fields, final=True, supertypes=()) -> ir.SubType:
    return ir.SubType(final, tuple(supertypes), ir.StructType(tuple(ir.FieldType(t, m) for t, m in fields)))


def func(params=(), results=(), final=True, supertypes=()) -> ir.SubType:
    return ir.SubType(final, tuple(supertypes), ir.FuncType(tuple(params), tuple(results)))


def test_equal_function_types_of_two_modules_are_the_same_object():
    a = canonicalize(ir.Module(types=[functype([I32], [I64])]))
    b = canonicalize(ir.Module(types=[functype([I64]), functype([I32], [I64])]))
    assert a[0] is b[1]
    assert a[0] is not b[0]


def test_rec_groups_are_equivalent_by_structure():
    def module(swapped):
        # two mutually recursive structs, in either order within their rec group
        a = lambda other: struct((I32, False), (ir.RefType(True, other), False))
        b = lambda other: struct((I64, False), (ir.RefType(True, other), False))
        types = [b(1), a(0)] if swapped else [a(1), b(0)]
        return ir.Module(types=types, rec_groups=[(0, 2)])
    first, second, swapped = canonicalize(module(False)), canonicalize(module(False)), canonicalize(module(True))
    assert first[0] is second[0] and first[1] is second[1]
    assert first[0] is not swapped[1]


def test_the_same_type_in_different_rec_groups_differs():
    single = canonicalize(ir.Module(types=[functype([I32])]))
    grouped = canonicalize(ir.Module(types=[functype([I32]), functype([I64])], rec_groups=[(0, 2)]))
    assert single[0] is not grouped[0]


def test_references_to_equivalent_types_are_equal():
    types = [functype([I32]), functype([I32]), functype([ir.RefType(True, 0)]), functype([ir.RefType(True, 1)])]
    dts = canonicalize(ir.Module(types=types))
    assert dts[0] is dts[1] and dts[2] is dts[3]


def test_forward_reference_outside_the_rec_group_is_unknown():
    m = ir.Module(types=[functype([ir.RefType(True, 1)]), functype([ir.RefType(True, 0)])])
    with pytest.raises(InvalidError, match="unknown type"):
        validate_module(m)


def test_declared_supertypes_make_subtypes():
    m = ir.Module(types=[func([I32], [FUNCREF], final=False),
                         func([I32], [ir.RefType(False, "func")], supertypes=[0])])
    validate_module(m)
    base, derived = canonicalize(m)
    assert derived.matches(base) and not base.matches(derived)
    assert heap_subtype(derived, base) and heap_subtype(derived, "func")
    assert not heap_subtype(base, derived)
    assert heap_subtype("nofunc", derived) and not heap_subtype("none", derived)


def test_structural_match_without_declaration_is_not_a_subtype():
    m = ir.Module(types=[func([I32], final=False), func([I32])])
    base, other = canonicalize(m)
    assert not other.matches(base)


def test_final_supertype_is_invalid():
    m = ir.Module(types=[func(), func(supertypes=[0])])
    with pytest.raises(InvalidError, match="sub type 1 has final super type 0"):
        validate_module(m)


def test_supertype_must_match_structurally():
    m = ir.Module(types=[struct((I32, False), final=False), struct((I64, False), supertypes=[0])])
    with pytest.raises(InvalidError, match="sub type 1 does not match super type 0"):
        validate_module(m)
    m = ir.Module(types=[struct((I32, False), final=False), struct((I32, False), (I64, True), supertypes=[0])])
    validate_module(m)


@pytest.mark.parametrize("sub, sup, expected", [
    ("i31", "eq", True), ("struct", "any", True), ("none", "array", True), ("eq", "i31", False),
    ("nofunc", "func", True), ("func", "any", False), ("noextern", "extern", True),
    ("none", "extern", False), ("noexn", "exn", True), ("exn", "any", False),
])
def test_abstract_heap_type_hierarchy(sub, sup, expected):
    assert heap_subtype(sub, sup) is expected


def test_nullability_in_subtyping():
    assert val_subtype(ir.RefType(False, "func"), FUNCREF)
    assert not val_subtype(FUNCREF, ir.RefType(False, "func"))
    assert not val_subtype(I32, FUNCREF) and val_subtype(None, I64)


def test_function_import_matches_declared_subtypes():
    m = ir.Module(types=[func(final=False), func(supertypes=[0])])
    base, derived = canonicalize(m)
    assert isinstance(base, DefType)
    assert extern_subtype("func", derived, base)
    assert not extern_subtype("func", base, derived)


def test_global_import_matching():
    dts = canonicalize(ir.Module(types=[functype()]))
    ref0 = ir.RefType(True, 0)

    def g(t, mutable):
        return close_externtype("global", ir.GlobalType(t, mutable), dts)
    assert extern_subtype("global", g(ir.RefType(False, 0), False), g(ref0, False))
    assert not extern_subtype("global", g(ir.RefType(False, 0), True), g(ref0, True))
    assert extern_subtype("global", g(ref0, True), g(ref0, True))
    assert not extern_subtype("global", g(I32, False), g(I32, True))


def test_table_and_memory_import_matching():
    def table(lim, t=FUNCREF):
        return ir.TableType(t, lim)
    assert extern_subtype("table", table(ir.Limits(2, 5)), table(ir.Limits(1, 10)))
    assert not extern_subtype("table", table(ir.Limits(2)), table(ir.Limits(1, 10)))
    assert not extern_subtype("table", table(ir.Limits(2), ir.RefType(False, "func")), table(ir.Limits(1)))
    assert not extern_subtype("table", table(ir.Limits(2, is64=True)), table(ir.Limits(1)))
    mem = ir.MemType
    assert extern_subtype("memory", mem(ir.Limits(2, 3)), mem(ir.Limits(1)))
    assert not extern_subtype("memory", mem(ir.Limits(0, 3)), mem(ir.Limits(1)))
    assert not extern_subtype("memory", mem(ir.Limits(2, 3, shared=True)), mem(ir.Limits(1, 3)))
    assert not extern_subtype("memory", mem(ir.Limits(1, page_size_log2=0)), mem(ir.Limits(1)))
