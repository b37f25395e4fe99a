"""Constant expressions of globals, tables and segments."""

import pytest

from wasmlite import ir
from wasmlite.errors import InvalidError
from wasmlite.validate import validate_module

from .builders import FUNCREF, I32, I64, expr, func_module, op


def invalid(module) -> str:
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    return str(info.value)


def glob(t, *instrs, mutable=False) -> ir.Global:
    return ir.Global(ir.GlobalType(t, mutable), expr(*instrs))


def imported_global(t, mutable=False) -> ir.Import:
    return ir.Import("m", "g", "global", ir.GlobalType(t, mutable))


def test_extended_constant_arithmetic():
    validate_module(ir.Module(globals=[glob(I64, op("i64.const", 2), op("i64.const", 3), op("i64.mul"),
                                            op("i64.const", 1), op("i64.sub"))]))


def test_other_instructions_are_not_constant():
    m = ir.Module(globals=[glob(I32, op("i32.const", 2), op("i32.const", 3), op("i32.div_s"))])
    assert "constant expression required" in invalid(m)


def test_constant_expression_of_the_wrong_type():
    assert "type mismatch" in invalid(ir.Module(globals=[glob(I32, op("i64.const", 0))]))
    assert "type mismatch" in invalid(ir.Module(globals=[glob(I32)]))
    assert "type mismatch" in invalid(ir.Module(globals=[glob(I32, op("i32.const", 0), op("i32.const", 0))]))


def test_global_get_reads_earlier_immutable_globals():
    validate_module(ir.Module(imports=[imported_global(I32)],
                              globals=[glob(I32, op("i32.const", 1)), glob(I32, op("global.get", 0)),
                                       glob(I32, op("global.get", 1))]))


def test_global_get_of_a_later_global_is_unknown():
    m = ir.Module(globals=[glob(I32, op("global.get", 1)), glob(I32, op("i32.const", 0))])
    assert invalid(m) == "unknown global 1"


def test_global_get_of_a_mutable_global_is_not_constant():
    m = ir.Module(imports=[imported_global(I32, mutable=True)], globals=[glob(I32, op("global.get", 0))])
    assert "constant expression required" in invalid(m)


def test_table_initializers_see_only_imported_globals():
    table = ir.Table(ir.TableType(FUNCREF, ir.Limits(1)), expr(op("global.get", 0)))
    m = ir.Module(tables=[table], globals=[glob(FUNCREF, op("ref.null", "func"))])
    assert invalid(m) == "unknown global 0"


def test_table_of_non_nullable_references_needs_an_initializer():
    nonnull = ir.RefType(False, "func")
    m = func_module(tables=[ir.Table(ir.TableType(nonnull, ir.Limits(1)))])
    assert "type mismatch" in invalid(m)
    m = func_module(tables=[ir.Table(ir.TableType(nonnull, ir.Limits(1)), expr(op("ref.func", 0)))])
    validate_module(m)


def test_element_offsets_and_items():
    table = ir.Table(ir.TableType(FUNCREF, ir.Limits(1)))
    elem = ir.Elem("active", FUNCREF, [expr(op("ref.func", 0))], 0, expr(op("i32.const", 0)))
    validate_module(func_module(tables=[table], elems=[elem]))
    bad = ir.Elem("active", FUNCREF, [expr(op("ref.func", 0))], 0, expr(op("i64.const", 0)))
    assert "type mismatch" in invalid(func_module(tables=[table], elems=[bad]))
    extern = ir.Elem("active", ir.RefType(True, "extern"), [], 0, expr(op("i32.const", 0)))
    assert "type mismatch" in invalid(func_module(tables=[table], elems=[extern]))
