"""LinkerInstance.func_wrap: host functions typed by their annotations, checked
against the import at instantiation, with values converted to and from the
annotated classes."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Optional

import pytest

from wasmlite import Engine, Store, StoreContext, WasmtimeError
from wasmlite.component import (Component, Linker, Own, Record, ResourceAny, ResourceHost, ResourceType,
                                Result, Variant, char, f32, f64, s8, s16, s32, s64, u8, u16,
                                u32, u64)

from wasmlite.component.api.shapes import shape_of

from .components import echo_component, echo_memory_component


def _instantiate(wat: str, define: Any) -> tuple[Store, Any]:
    engine = Engine()
    store = Store(engine)
    linker = Linker(engine)
    with linker.root() as root:
        define(root)
    instance = linker.instantiate(store, Component(engine, wat))
    return store, instance.get_func(store, "f")


def _echo(ty: str, core: str, fn: Any) -> tuple[Store, Any]:
    return _instantiate(echo_component(ty, core), lambda root: root.func_wrap("h", fn))


@pytest.mark.parametrize("ty,core,marker,value", [
    ("u8", "i32", u8, 255), ("u16", "i32", u16, 65535), ("u32", "i32", u32, 2**32 - 1),
    ("u64", "i64", u64, 2**64 - 1), ("s8", "i32", s8, -128), ("s16", "i32", s16, -32768),
    ("s32", "i32", s32, -2**31), ("s64", "i64", s64, -2**63), ("f32", "f32", f32, 1.5),
    ("f64", "f64", f64, -2.25), ("char", "i32", char, "\u00e9"), ("bool", "i32", bool, True),
])
def test_every_primitive_marker(ty: str, core: str, marker: Any, value: Any) -> None:
    seen = []

    def h(x):  # type: ignore[no-untyped-def]
        seen.append(x)
        return x

    h.__annotations__ = {"x": marker, "return": marker}

    store, f = _echo(ty, core, h)
    assert f(store, value) == value
    assert seen == [value]


def test_bare_int_and_float_take_the_imports_type() -> None:
    def h(x: int) -> int:
        return x + 1

    store, f = _echo("u16", "i32", h)
    assert f(store, 41) == 42
    store, f = _echo("s64", "i64", h)
    assert f(store, -5) == -4

    def g(x: float) -> float:
        return x * 2

    store, f = _echo("f32", "f32", g)
    assert f(store, 1.25) == 2.5


def test_a_first_parameter_annotated_as_store_receives_it() -> None:
    got = []

    def h(store: StoreContext, x: u32) -> u32:
        got.append(store)
        return x

    store, f = _echo("u32", "i32", h)
    assert f(store, 7) == 7
    assert got == [store]

    def g(store: Store, x: u32) -> u32:
        got.append(store)
        return x + 1

    store, f = _echo("u32", "i32", g)
    assert f(store, 7) == 8


def test_strings_lists_tuples_options() -> None:
    def h(x: str) -> str:
        return x.upper()

    store, f = _instantiate(echo_memory_component("string", "i32 i32"),
                            lambda root: root.func_wrap("h", h))
    assert f(store, "héllo") == "HÉLLO"

    def g(x: list[u32]) -> list[u32]:
        return [v * 2 for v in x]

    store, f = _instantiate(echo_memory_component("(list u32)", "i32 i32"),
                            lambda root: root.func_wrap("h", g))
    assert f(store, [1, 2, 3]) == [2, 4, 6]

    def b(x: bytes) -> bytes:
        return x[::-1]

    store, f = _instantiate(echo_memory_component("(list u8)", "i32 i32"),
                            lambda root: root.func_wrap("h", b))
    assert f(store, b"abc") == b"cba"

    def tup(x: tuple[u8, str]) -> tuple[u8, str]:
        return (x[0] + 1, x[1] * 2)

    store, f = _instantiate(echo_memory_component("(tuple u8 string)", "i32 i32 i32"),
                            lambda root: root.func_wrap("h", tup))
    assert f(store, (1, "ab")) == (2, "abab")

    def opt(x: Optional[u32]) -> u32 | None:
        return None if x is None else x + 1

    store, f = _instantiate(echo_memory_component("(option u32)", "i32 i32"),
                            lambda root: root.func_wrap("h", opt))
    assert f(store, None) is None
    assert f(store, 4) == 5


@dataclass
class Point:
    x: u32
    y_axis: s16


def test_dataclasses_are_records() -> None:
    seen = []

    def h(p: Point) -> Point:
        seen.append(p)
        return Point(p.x + 1, -p.y_axis)

    store, f = _instantiate(
        echo_memory_component('(record (field "x" u32) (field "y-axis" s16))', "i32 i32"),
        lambda root: root.func_wrap("h", h))
    out = f(store, Record(**{"x": 1, "y-axis": 5}))
    assert seen == [Point(1, 5)]
    assert (out.x, getattr(out, "y-axis")) == (2, -5)
    assert f.typed(store, [Point], Point)(store, Point(3, 4)) == Point(4, -4)


@dataclass
class P:
    a: u8


class Color(enum.Enum):
    RED = "red"
    DARK_GREEN = 2


class Perm(enum.Flag):
    READ = enum.auto()
    WRITE = enum.auto()
    EXEC_ONCE = enum.auto()


def test_enums_and_flags() -> None:
    def h(c: Color) -> Color:
        assert isinstance(c, Color)
        return Color.DARK_GREEN if c is Color.RED else Color.RED

    store, f = _echo('(enum "red" "dark-green")', "i32", h)
    assert f(store, "red") == "dark-green"
    assert f(store, "dark-green") == "red"

    def g(p: Perm) -> Perm:
        assert isinstance(p, Perm)
        return p ^ Perm.EXEC_ONCE

    store, f = _echo('(flags "read" "write" "exec-once")', "i32", g)
    assert f(store, {"read"}) == {"read", "exec-once"}
    assert f(store, {"write", "exec-once"}) == {"write"}


def test_results() -> None:
    def h(x: Result[u32, str]) -> Result[u32, str]:
        if isinstance(x, int):
            return x + 1
        return "bad " + x

    store, f = _instantiate(echo_memory_component("(result u32 (error string))",
                                                  "i32 i32 i32"),
                            lambda root: root.func_wrap("h", h))
    assert f(store, 1) == 2
    assert f(store, "x") == "bad x"

    def e(x: Result[None, u8]) -> Result[None, u8]:
        return x

    store, f = _instantiate(echo_memory_component("(result (error u8))", "i32 i32"),
                            lambda root: root.func_wrap("h", e))
    assert f(store, None) is None
    assert f(store, 3) == 3

    shape = shape_of(Result[P, str])
    assert shape.to_host(Record(a=1)) == P(1)
    assert shape.to_host("no") == "no"
    assert shape.from_host(P(2)) == Record(a=2)
    assert shape.from_host(Variant("err", "x")) == Variant("err", "x")
    assert shape.to_host(Variant("ok", Record(a=3))) == Variant("ok", P(3))


RESOURCE = """
(component
  (import "t" (type $t (sub resource)))
  (import "mk" (func $mk (param "rep" u32) (result (own $t))))
  (import "peek" (func $peek (param "x" (borrow $t)) (result u32)))
  (core func $mk (canon lower (func $mk)))
  (core func $peek (canon lower (func $peek)))
  (core module $m
    (import "" "mk" (func $mk (param i32) (result i32)))
    (import "" "peek" (func $peek (param i32) (result i32)))
    (func (export "f") (param i32) (result i32) local.get 0 call $mk call $peek))
  (core instance $i (instantiate $m (with "" (instance (export "mk" (func $mk))
                                                        (export "peek" (func $peek))))))
  (func (export "f") (param "x" u32) (result u32) (canon lift (core func $i "f"))))
"""


def test_resource_handles() -> None:
    def mk(rep: u32) -> Own:
        return ResourceHost.own(rep, 5)

    def peek(store: StoreContext, x: ResourceAny) -> u32:
        assert not x.owned
        return x.to_host(store).rep * 10

    def define(root: Any) -> None:
        root.add_resource("t", ResourceType.host(5), lambda store, rep: None)
        root.func_wrap("mk", mk)
        root.func_wrap("peek", peek)

    store, f = _instantiate(RESOURCE, define)
    assert f(store, 4) == 40


def test_a_mismatch_names_the_function_and_both_types() -> None:
    def h(x: str) -> u32:
        return 0

    with pytest.raises(WasmtimeError) as info:
        _echo("u32", "i32", h)
    text = str(info.value)
    assert "component imports function `h`" in text
    assert "host function `h`" in text and "h" in text
    assert "expected type `func(x: u32) -> u32`" in text
    assert "found type `func(x: string) -> u32`" in text

    def few() -> u32:
        return 0

    with pytest.raises(WasmtimeError, match=r"found type `func\(\) -> u32`"):
        _echo("u32", "i32", few)

    def no_result(x: u32) -> None:
        pass

    with pytest.raises(WasmtimeError, match=r"found type `func\(x: u32\)`"):
        _echo("u32", "i32", no_result)

    def wrong_enum(c: Color) -> Color:
        return c

    with pytest.raises(WasmtimeError, match="enum { red, dark-green }"):
        _echo('(enum "red" "green")', "i32", wrong_enum)


def test_annotations_that_stand_for_no_type_are_refused_at_definition() -> None:
    linker = Linker(Engine())
    with linker.root() as root:
        with pytest.raises(TypeError, match="parameter `x`.*no annotation"):
            root.func_wrap("a", lambda x: x)
        with pytest.raises(TypeError, match="unsupported annotation"):
            def bad(x: complex) -> None:
                pass
            root.func_wrap("b", bad)
        with pytest.raises(TypeError, match="union"):
            def union(x: int | str) -> None:
                pass
            root.func_wrap("c", union)
        with pytest.raises(TypeError, match="return value.*no annotation"):
            def unannotated(x: u32):  # type: ignore[no-untyped-def]
                pass
            root.func_wrap("d", unannotated)
        with pytest.raises(TypeError, match="the store must be the first"):
            def late(x: u32, store: Store) -> None:
                pass
            root.func_wrap("e", late)
        with pytest.raises(TypeError):
            Result()


def test_func_wrap_and_add_func_share_the_names() -> None:
    linker = Linker(Engine())
    with linker.root() as root:
        def h(x: u32) -> u32:
            return x
        root.func_wrap("h", h)
        with pytest.raises(WasmtimeError, match="defined twice"):
            root.add_func("h", lambda store, x: x)
        with pytest.raises(WasmtimeError, match="defined twice"):
            root.func_wrap("h", h)
