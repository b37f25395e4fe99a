"""Table and Global: host views."""

import pytest

from wasmlite import (Func, FuncType, Global, GlobalType, Limits, Table, TableType, Val, ValType,
                      WasmtimeError)


def test_funcref_table_holds_funcs(store):
    table = Table(store, TableType(ValType.funcref(), Limits(2, 4)), None)
    assert table.size(store) == 2
    null = table.get(store, 0)
    assert isinstance(null, Val) and null.value is None
    f = Func(store, FuncType([], []), lambda: None)
    table.set(store, 1, f)
    assert table.get(store, 1) is f
    assert table.get(store, 7) is None


def test_table_growth_and_bounds(store):
    table = Table(store, TableType(ValType.externref(), Limits(1, 3)), "init")
    assert table.get(store, 0) == "init"
    assert table.grow(store, 2, "more") == 1
    assert table.get(store, 2) == "more"
    with pytest.raises(WasmtimeError, match="failed to grow table by `1`"):
        table.grow(store, 1, None)
    with pytest.raises(WasmtimeError, match="out of bounds table access"):
        table.set(store, 3, None)
    assert table.type(store).limits == Limits(1, 3)


def test_table_rejects_wrong_element_values(store):
    table = Table(store, TableType(ValType.funcref(), Limits(1, None)), None)
    with pytest.raises(TypeError, match="don't know how to convert 5 to funcref"):
        table.set(store, 0, 5)


def test_global_values_are_converted(store):
    g = Global(store, GlobalType(ValType.i32(), True), 0xFFFFFFFF)
    assert g.value(store) == -1
    g.set_value(store, -2)
    assert g.value(store) == -2
    g.set_value(store, Val.i32(7))
    assert g.value(store) == 7
    with pytest.raises(TypeError, match="don't know how to convert 1.5 to i32"):
        g.set_value(store, 1.5)
    g.set_value(store, 2 ** 32 + 3)          # wraps to the low 32 bits, as in wasmtime
    assert g.value(store) == 3


def test_immutable_global_cannot_be_set(store):
    g = Global(store, GlobalType(ValType.f64(), False), 1.5)
    assert g.value(store) == 1.5
    assert g.type(store).mutable is False
    with pytest.raises(WasmtimeError, match="immutable global cannot be set"):
        g.set_value(store, 2.0)


def test_reference_globals(store):
    obj = object()
    g = Global(store, GlobalType(ValType.externref(), True), obj)
    assert g.value(store) is obj
    g.set_value(store, None)
    assert g.value(store) == Val.externref(None)
