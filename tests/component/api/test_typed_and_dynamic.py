"""Func.typed (a TypedFunc checked once), LinkerInstance.func_new (host
functions given value lists) and host exceptions that cross a component on
their way out."""

from __future__ import annotations

import enum
from typing import Any, Optional

import pytest

from wasmlite import Engine, Store, WasmtimeError
from wasmlite.component import Component, Linker, TypedFunc, U32, s32, u8, u32

from .components import echo_component, echo_memory_component

EXPORTS = """
(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "pick") (param i32) (result i32) local.get 0)
    (func (export "none"))
    (func (export "trap") unreachable))
  (core instance $i (instantiate $m))
  (type $e' (enum "low" "high"))
  (export $e "level" (type $e'))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add")))
  (func (export "pick") (param "x" $e) (result $e) (canon lift (core func $i "pick")))
  (func (export "none") (canon lift (core func $i "none")))
  (func (export "trap") (canon lift (core func $i "trap"))))
"""


class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"


def _exports() -> tuple[Store, Any]:
    engine = Engine()
    store = Store(engine)
    return store, Linker(engine).instantiate(store, Component(engine, EXPORTS))


def test_typed_calls() -> None:
    store, inst = _exports()
    add = inst.get_func(store, "add").typed(store, [u32, u32], u32)
    assert isinstance(add, TypedFunc)
    assert add(store, 40, 2) == 42
    assert add.call(store, 1, 2) == 3
    assert inst.get_func(store, "add").typed(store, [int, int], int)(store, 5, 6) == 11
    assert inst.get_func(store, "add").typed(store, [U32(), U32()], U32())(store, 1, 1) == 2
    pick = inst.get_func(store, "pick").typed(store, [Level], Level)
    assert pick(store, Level.HIGH) is Level.HIGH
    assert pick(store, "low") is Level.LOW
    none = inst.get_func(store, "none").typed(store, [], None)
    assert none(store) is None


def test_typed_call_errors() -> None:
    store, inst = _exports()
    add = inst.get_func(store, "add").typed(store, [u32, u32], u32)
    with pytest.raises(TypeError, match="given 1, expected 2"):
        add(store, 1)
    with pytest.raises(TypeError):
        add(store, "x", 1)
    with pytest.raises(WasmtimeError, match="wrong store"):
        add(Store(), 1, 2)
    trap = inst.get_func(store, "trap").typed(store, [], None)
    with pytest.raises(WasmtimeError, match="unreachable"):
        trap(store)
    with pytest.raises(WasmtimeError):
        TypedFunc()


@pytest.mark.parametrize("params,result", [
    ([u32], u32), ([u32, u32], None), ([u32, s32], u32), ([str, u32], u32),
    ([u32, u32], u8), ([u32, u32], Optional[u32]), ([], u32),
])
def test_a_wrong_signature_names_both(params: list, result: Any) -> None:
    store, inst = _exports()
    with pytest.raises(WasmtimeError) as info:
        inst.get_func(store, "add").typed(store, params, result)
    text = str(info.value)
    assert "the function's type is `func(a: u32, b: u32) -> u32`" in text
    assert "was asked for" in text


def test_typed_refuses_annotations_without_a_type() -> None:
    store, inst = _exports()
    with pytest.raises(TypeError, match="unsupported annotation"):
        inst.get_func(store, "add").typed(store, [complex, u32], u32)
    with pytest.raises(TypeError, match="sequence"):
        inst.get_func(store, "add").typed(store, u32, u32)


def test_func_new_fills_the_results() -> None:
    engine = Engine()
    store = Store(engine)
    calls = []

    def h(st: Any, params: list, results: list) -> None:
        calls.append((st, list(params), len(results)))
        results[0] = params[0] + 100

    linker = Linker(engine)
    with linker.root() as root:
        root.func_new("h", h)
    f = linker.instantiate(store, Component(engine, echo_component("u32", "i32"))).get_func(
        store, "f")
    assert f(store, 5) == 105
    assert calls == [(store, [5], 1)]


def test_func_new_with_compound_values_and_no_result() -> None:
    engine = Engine()
    store = Store(engine)

    def h(st: Any, params: list, results: list) -> None:
        results[0] = [s.upper() for s in params[0]]

    linker = Linker(engine)
    with linker.root() as root:
        root.func_new("h", h)
    component = Component(engine, echo_memory_component("(list string)", "i32 i32"))
    f = linker.instantiate(store, component).get_func(store, "f")
    assert f(store, ["a", "bc"]) == ["A", "BC"]

    seen = []

    def g(st: Any, params: list, results: list) -> None:
        seen.append(results)

    linker = Linker(engine)
    with linker.root() as root:
        root.func_new("x", g)
    f = linker.instantiate(store, Component(engine, CALLS_VOID)).get_func(store, "f")
    f(store)
    assert seen == [[]]


def test_func_new_leaving_the_result_unset_is_an_error() -> None:
    engine = Engine()
    store = Store(engine)
    linker = Linker(engine)
    with linker.root() as root:
        root.func_new("h", lambda st, params, results: None)
    f = linker.instantiate(store, Component(engine, echo_component("u32", "i32"))).get_func(
        store, "f")
    with pytest.raises((TypeError, WasmtimeError)):
        f(store, 1)


CALLS_VOID = """
(component
  (import "x" (func $x))
  (core func $x (canon lower (func $x)))
  (core module $m
    (import "" "x" (func $x))
    (func (export "f") call $x))
  (core instance $i (instantiate $m (with "" (instance (export "x" (func $x))))))
  (func (export "f") (canon lift (core func $i "f"))))
"""

NESTED_CALLS = """
(component
  (import "x" (func $x (param "n" u32) (result u32)))
  (component $inner
    (import "x" (func $x (param "n" u32) (result u32)))
    (core func $x (canon lower (func $x)))
    (core module $m
      (import "" "x" (func $x (param i32) (result i32)))
      (func (export "g") (param i32) (result i32) local.get 0 call $x))
    (core instance $i (instantiate $m (with "" (instance (export "x" (func $x))))))
    (func (export "g") (param "n" u32) (result u32) (canon lift (core func $i "g"))))
  (instance $inner (instantiate $inner (with "x" (func $x))))
  (alias export $inner "g" (func $g))
  (core func $g (canon lower (func $g)))
  (core module $outer
    (import "" "g" (func $g (param i32) (result i32)))
    (func (export "f") (param i32) (result i32) local.get 0 call $g))
  (core instance $o (instantiate $outer (with "" (instance (export "g" (func $g))))))
  (func (export "f") (param "n" u32) (result u32) (canon lift (core func $o "f"))))
"""


class HostFailure(Exception):
    """Raised by the host functions of these tests."""


@pytest.mark.parametrize("define", ["add_func", "func_wrap", "func_new"])
def test_host_exceptions_surface_unchanged(define: str) -> None:
    engine = Engine()
    store = Store(engine)
    error = HostFailure("the host gave up")

    def wrapped(n: u32) -> u32:
        raise error

    fns = {"add_func": lambda st, n: wrapped(n), "func_wrap": wrapped,
           "func_new": lambda st, params, results: wrapped(params[0])}
    linker = Linker(engine)
    with linker.root() as root:
        getattr(root, define)("x", fns[define])
    component = Component(engine, NESTED_CALLS)
    f = linker.instantiate(store, component).get_func(store, "f")
    with pytest.raises(HostFailure) as info:
        f(store, 1)
    assert info.value is error
    f = linker.instantiate(store, component).get_func(store, "f")
    with pytest.raises(HostFailure) as info:
        f.typed(store, [u32], u32)(store, 2)
    assert info.value is error


def test_an_instance_a_host_exception_left_is_not_entered_again() -> None:
    """As in Wasmtime, the exception leaves the instance poisoned."""
    engine = Engine()
    store = Store(engine)

    def x(n: u32) -> u32:
        if n == 1:
            raise KeyError(n)
        return n * 3

    linker = Linker(engine)
    with linker.root() as root:
        root.func_wrap("x", x)
    component = Component(engine, NESTED_CALLS)
    f = linker.instantiate(store, component).get_func(store, "f")
    with pytest.raises(KeyError):
        f(store, 1)
    with pytest.raises(WasmtimeError, match="cannot enter component instance"):
        f(store, 2)
    assert linker.instantiate(store, component).get_func(store, "f")(store, 2) == 6
