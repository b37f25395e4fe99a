"""Linker.func_wrap: wasm signatures read from Python annotations."""

from typing import Optional

import pytest

import wasmlite
from wasmlite import Caller, ExternRef, Func, FuncType, ValType, f32, f64, i32, i64, v128
from wasmlite.api.wrap import signature_of


def test_number_markers():
    def fn(a: i32, b: i64, c: f32, d: f64, e: v128) -> i32:
        return 0
    ty, caller = signature_of(fn)
    assert ty == FuncType([ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64(), ValType.v128()],
                          [ValType.i32()])
    assert caller is False


def test_reference_markers_and_nullability():
    def fn(a: ExternRef | None, b: Optional[Func], c: Func) -> ExternRef | None:
        return a
    ty, _ = signature_of(fn)
    assert ty.params[0] == ValType.externref()
    assert ty.params[1] == ValType.funcref()
    assert str(ty.params[2]) == "(ref func)"
    assert ty.results == [ValType.externref()]


def test_caller_first_and_tuple_results():
    def fn(caller: Caller, x: i32) -> tuple[i32, i64]:
        return x, x
    ty, caller = signature_of(fn)
    assert caller is True
    assert ty == FuncType([ValType.i32()], [ValType.i32(), ValType.i64()])


def test_no_results():
    def fn() -> None:
        pass
    assert signature_of(fn)[0] == FuncType([], [])


def test_string_annotations_are_resolved():
    namespace = {}
    exec("from __future__ import annotations\n"
         "from wasmlite import i32\n"
         "def fn(x: i32) -> i32:\n    return x\n", namespace)
    assert signature_of(namespace["fn"])[0] == FuncType([ValType.i32()], [ValType.i32()])


def test_missing_annotation_names_the_parameter():
    def fn(a: i32, count) -> None:
        pass
    with pytest.raises(TypeError, match="`count`"):
        signature_of(fn)


def test_unsupported_annotation_names_the_parameter():
    def fn(value: int) -> None:
        pass
    with pytest.raises(TypeError, match="`value`"):
        signature_of(fn)


def test_missing_return_annotation_is_an_error():
    def fn(a: i32):
        pass
    with pytest.raises(TypeError, match="return value"):
        signature_of(fn)


def test_linker_func_wrap_checks_at_definition():
    linker = wasmlite.Linker(wasmlite.Engine())

    def bad(x: str) -> None:
        pass
    with pytest.raises(TypeError, match="`x`"):
        linker.func_wrap("env", "bad", bad)
