"""Type descriptions: ValType, FuncType, GlobalType, Limits, TableType, MemoryType."""

import pytest

import wasmlite
from wasmlite import FuncType, GlobalType, Limits, MemoryType, TableType, ValType, WasmtimeError


def test_valtypes_compare_and_print_by_kind():
    assert ValType.i32() == ValType.i32()
    assert ValType.i32() != ValType.i64()
    assert ValType.i32() != "i32"
    assert [str(t) for t in (ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64(),
                             ValType.v128(), ValType.funcref(), ValType.externref())] == \
        ["i32", "i64", "f32", "f64", "v128", "funcref", "externref"]
    assert len({ValType.i32(), ValType.i32(), ValType.f64()}) == 2


def test_valtype_cannot_be_constructed_directly():
    with pytest.raises(WasmtimeError, match="cannot construct directly"):
        ValType()


def test_functype_lists_params_and_results():
    ft = FuncType([ValType.i32(), ValType.f64()], [ValType.externref()])
    assert ft.params == [ValType.i32(), ValType.f64()]
    assert ft.results == [ValType.externref()]
    assert str(ft) == "(func (param i32 f64) (result externref))"
    assert ft == FuncType([ValType.i32(), ValType.f64()], [ValType.externref()])


def test_functype_rejects_non_valtypes():
    with pytest.raises(TypeError, match="expected ValType"):
        FuncType(["i32"], [])


def test_globaltype_content_and_mutability():
    gt = GlobalType(ValType.f32(), True)
    assert gt.content == ValType.f32()
    assert gt.mutable is True
    assert GlobalType(ValType.i32(), False).mutable is False


def test_limits_equality():
    assert Limits(1, None) == Limits(1, None)
    assert Limits(1, 2) != Limits(1, 3)
    assert Limits(1, 2).min == 1 and Limits(1, 2).max == 2


def test_tabletype_reports_element_and_limits():
    tt = TableType(ValType.funcref(), Limits(1, 10))
    assert tt.element == ValType.funcref()
    assert tt.limits == Limits(1, 10)
    assert not tt.is_64
    assert TableType(ValType.externref(), Limits(0, None), is_64=True).is_64


def test_tabletype_needs_reference_elements_and_limits():
    with pytest.raises(WasmtimeError, match="reference type"):
        TableType(ValType.i32(), Limits(1, None))
    with pytest.raises(TypeError, match="expected Limits"):
        TableType(ValType.funcref(), (1, 2))


def test_memorytype_properties():
    mt = MemoryType(Limits(1, 2))
    assert mt.limits == Limits(1, 2)
    assert (mt.is_64, mt.is_shared, mt.page_size, mt.page_size_log2) == (False, False, 65536, 16)
    mt64 = MemoryType(Limits(1, None), is_64=True)
    assert mt64.is_64
    shared = MemoryType(Limits(1, 4), shared=True)
    assert shared.is_shared
    assert MemoryType(Limits(1, 4), page_size_log2=0).page_size == 1


@pytest.mark.parametrize("limits, kwargs, message", [
    (Limits(2 ** 32, None), {}, "minimum size too large"),
    (Limits(1, 2 ** 32), {}, "maximum size too large"),
    (Limits(1, 2 ** 16 + 1), {}, "maximum size is too large for this memory type's index type"),
    (Limits(3, 2), {}, "maximum page size cannot be smaller than the minimum page size"),
    (Limits(1, None), {"shared": True}, "shared memories must have a maximum size"),
])
def test_memorytype_rejects_impossible_limits(limits, kwargs, message):
    with pytest.raises(WasmtimeError, match=message):
        MemoryType(limits, **kwargs)


def test_module_reports_imports_and_exports(engine):
    from .api_helpers import wat
    module = wasmlite.Module(engine, wat("""
        (module $named
          (import "env" "f" (func (param i32) (result i64)))
          (import "env" "g" (global (mut f32)))
          (import "env" "m" (memory 1 2))
          (import "env" "t" (table 3 externref))
          (func (export "run") (result i32) i32.const 0)
          (memory (export "mem") 1)
          (global (export "glob") i32 (i32.const 1))
          (table (export "tab") 2 funcref))"""))
    imports = module.imports
    assert [(i.module, i.name) for i in imports] == [("env", "f"), ("env", "g"), ("env", "m"), ("env", "t")]
    assert imports[0].type == FuncType([ValType.i32()], [ValType.i64()])
    assert imports[1].type.content == ValType.f32() and imports[1].type.mutable
    assert imports[2].type.limits == Limits(1, 2)
    assert imports[3].type.element == ValType.externref()
    exports = module.exports
    assert [e.name for e in exports] == ["run", "mem", "glob", "tab"]
    assert exports[0].type.results == [ValType.i32()]
    assert isinstance(exports[1].type, MemoryType)
    assert isinstance(exports[2].type, GlobalType)
    assert isinstance(exports[3].type, TableType)
    assert module.name == "named"
