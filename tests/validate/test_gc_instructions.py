"""GC instructions: structures, arrays, i31 and casts."""

import pytest

from wasmlite import ir
from wasmlite.errors import InvalidError
from wasmlite.validate import validate_module

from .builders import I32, I64, func_module, op


def invalid(module) -> str:
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    return str(info.value)


def struct_type(*fields, final=True, supertypes=()) -> ir.SubType:
    return ir.SubType(final, tuple(supertypes), ir.StructType(tuple(ir.FieldType(s, m) for s, m in fields)))


def array_type(storage, mutable=True) -> ir.SubType:
    return ir.SubType(True, (), ir.ArrayType(ir.FieldType(storage, mutable)))


def test_struct_new_and_get():
    body = [op("i32.const", 1), op("i64.const", 2), op("struct.new", 1), op("struct.get", 1, 1)]
    validate_module(func_module(body, results=[I64], types=[struct_type((I32, False), (I64, False))]))


def test_packed_fields_need_a_signed_or_unsigned_get():
    types = [struct_type(("i8", True))]
    body = [op("struct.new_default", 1), op("struct.get", 1, 0)]
    assert "field is packed" in invalid(func_module(body, results=[I32], types=types))
    body = [op("struct.new_default", 1), op("struct.get_u", 1, 0)]
    validate_module(func_module(body, results=[I32], types=types))


def test_immutable_field_cannot_be_set():
    body = [op("i32.const", 0), op("struct.new", 1), op("i32.const", 1), op("struct.set", 1, 0)]
    assert "immutable field" in invalid(func_module(body, types=[struct_type((I32, False))]))


def test_unknown_field():
    body = [op("struct.new_default", 1), op("struct.get", 1, 3), op("drop")]
    assert invalid(func_module(body, types=[struct_type((I32, False))])) == "unknown field 3"


def test_arrays_of_immutable_elements_cannot_be_filled():
    body = [op("i32.const", 1), op("array.new_default", 1), op("i32.const", 0), op("i32.const", 0),
            op("i32.const", 1), op("array.fill", 1)]
    assert "immutable array" in invalid(func_module(body, types=[array_type(I32, mutable=False)]))
    validate_module(func_module(body, types=[array_type(I32)]))


def test_non_defaultable_struct_cannot_be_made_by_default():
    types = [struct_type((ir.RefType(False, "any"), False))]
    assert "not defaultable" in invalid(func_module([op("struct.new_default", 1), op("drop")], types=types))


def test_subtype_instance_is_accepted_where_the_supertype_is_expected():
    types = [struct_type((I32, False), final=False), struct_type((I32, False), (I64, False), supertypes=[1])]
    body = [op("i32.const", 1), op("i64.const", 2), op("struct.new", 2), op("struct.get", 1, 0)]
    validate_module(func_module(body, results=[I32], types=types))


def test_casts_stay_within_one_hierarchy():
    body = [op("ref.null", "any"), op("ref.cast", "i31"), op("i31.get_s")]
    validate_module(func_module(body, results=[I32]))
    body = [op("ref.null", "extern"), op("ref.test", "i31")]
    assert "type mismatch" in invalid(func_module(body, results=[I32]))


def test_br_on_cast_target_must_be_a_subtype_of_the_source():
    body = [op("block", ir.RefType(True, "any")), op("ref.null", "eq"),
            op("br_on_cast", 3, 0, "eq", "i31"), op("end"), op("drop")]
    validate_module(func_module(body))
    body = [op("block", ir.RefType(True, "any")), op("ref.null", "eq"),
            op("br_on_cast", 3, 0, "i31", "eq"), op("end"), op("drop")]
    assert "type mismatch" in invalid(func_module(body))
