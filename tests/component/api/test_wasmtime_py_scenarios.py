"""Code written for wasmtime-py 50's ``wasmtime.component`` runs unchanged with
``import wasmlite as wasmtime``: the scenarios its own tests and examples
exercise (linkers, calls, value round trips through host functions,
resources and their destructors, type reflection, name attributes), written
here as that code would be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

import wasmlite as wasmtime
from wasmlite.component import (Component, ComponentInstanceType, EnumType, FlagsType, FuncType,
                                Linker, LinkerInstance, ModuleType, OwnType, BorrowType,
                                RecordType, ResourceAny, ResourceHost, ResourceType, String, U8,
                                U32, Variant)

from .components import echo_component, echo_memory_component


def _round_trip(wat: str, values: list, bad: type[BaseException] = TypeError) -> None:
    """Each value goes to ``f``, through the host import ``h`` and back."""
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    expected: list = []

    def h(_store: Any, value: Any) -> Any:
        assert value == expected[0]
        return value

    linker = Linker(engine)
    with linker.root() as root:
        root.add_func("h", h)
    f = linker.instantiate(store, Component(engine, wat)).get_func(store, "f")
    for value in values:
        expected[:] = [value]
        assert f(store, value) == value
        f.post_return(store)

    class Unrelated:
        pass

    with pytest.raises(bad):
        f(store, Unrelated())


def test_linker_definitions_and_locks() -> None:
    engine = wasmtime.Engine()
    linker = Linker(engine)
    linker.allow_shadowing = True
    linker.allow_shadowing = False
    with linker.root() as root:
        with root.add_instance("a") as a:
            with pytest.raises(wasmtime.WasmtimeError):
                root.add_instance("b")
            with a.add_instance("inner"):
                with pytest.raises(wasmtime.WasmtimeError):
                    a.add_instance("other")
        root.add_module("m", wasmtime.Module(engine, "(module)"))
        with pytest.raises(wasmtime.WasmtimeError):
            root.add_module("m", wasmtime.Module(engine, "(module)"))
    with linker.root():
        with pytest.raises(wasmtime.WasmtimeError):
            linker.root()
    with pytest.raises(wasmtime.WasmtimeError):
        LinkerInstance()


def test_instantiation_needs_every_import_unless_trapping() -> None:
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    component = Component(engine, '(component (import "x" (func)))')
    linker = Linker(engine)
    with pytest.raises(wasmtime.WasmtimeError):
        linker.instantiate(store, component)
    linker.define_unknown_imports_as_traps(component)
    linker.instantiate(store, component)


def test_calls_and_their_arity() -> None:
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    component = Component(engine, """
      (component
        (core module $m
          (func (export "nothing"))
          (func (export "check") (param i32)
            local.get 0 i32.const 7 i32.ne if unreachable end)
          (func (export "answer") (result i32) i32.const 42))
        (core instance $i (instantiate $m))
        (func (export "nothing") (canon lift (core func $i "nothing")))
        (func (export "check") (param "x" u32) (canon lift (core func $i "check")))
        (func (export "answer") (result u32) (canon lift (core func $i "answer"))))
    """)
    instance = Linker(engine).instantiate(store, component)
    index = instance.get_export_index(store, "answer")
    assert index is not None
    answer = instance.get_func(store, index)
    assert answer(store) == 42
    answer.post_return(store)
    assert instance.get_func(store, "nothing")(store) is None
    check = instance.get_func(store, "check")
    assert check(store, 7) is None
    with pytest.raises(TypeError):
        check(store)
    assert check.type(store).params == [("x", U32())]
    assert check.type(store).result is None
    assert answer.type(store).result == U32()
    with pytest.raises(wasmtime.WasmtimeError):
        check(store, 8)


def test_a_host_exception_keeps_its_class_and_message() -> None:
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    component = Component(engine, """
      (component
        (import "x" (func $x))
        (core func $x (canon lower (func $x)))
        (core module $m (import "" "x" (func $x)) (func (export "x") call $x))
        (core instance $i (instantiate $m (with "" (instance (export "x" (func $x))))))
        (func (export "x") (canon lift (core func $i "x"))))
    """)

    def fails(_store: Any) -> None:
        raise RuntimeError("the host failed")

    linker = Linker(engine)
    with linker.root() as root:
        root.add_func("x", fails)
    x = linker.instantiate(store, component).get_func(store, "x")
    with pytest.raises(RuntimeError) as info:
        x(store)
    assert str(info.value) == "the host failed"


@pytest.mark.parametrize("ty,core,values", [
    ("bool", "i32", [True, False]), ("u8", "i32", [0, 255]), ("s16", "i32", [-32768, 7]),
    ("u64", "i64", [0, 2**64 - 1]), ("s64", "i64", [-2**63, 2**63 - 1]),
    ("f64", "f64", [0.5, -1.0]), ("char", "i32", ["x", "\U0001F600"]),
    ('(enum "one" "two")', "i32", ["one", "two"]),
    ('(flags "r" "w")', "i32", [set(), {"r"}, {"r", "w"}]),
    ('(variant (case "p") (case "q"))', "i32", [Variant("p"), Variant("q")]),
])
def test_flat_values_round_trip(ty: str, core: str, values: list) -> None:
    _round_trip(echo_component(ty, core), values)


def test_enum_and_flags_names_they_lack() -> None:
    with pytest.raises(wasmtime.WasmtimeError):
        _round_trip(echo_component('(enum "one" "two")', "i32"), ["three"])
    with pytest.raises(wasmtime.WasmtimeError):
        _round_trip(echo_component('(flags "r" "w")', "i32"), [{"x"}])


@dataclass
class Pair:
    a: int
    b: bool


def test_values_through_memory_round_trip() -> None:
    _round_trip(echo_memory_component("string", "i32 i32"), ["", "hello, world"])
    _round_trip(echo_memory_component("(list u8)", "i32 i32"), [b"", b"bytes"])
    _round_trip(echo_memory_component("(list u32)", "i32 i32"), [[], [1, 2, 3]])
    _round_trip(echo_memory_component("(tuple u32 bool)", "i32 i32"), [(1, True), (0, False)])
    _round_trip(echo_memory_component('(record (field "a" u32) (field "b" bool))', "i32 i32"),
                [Pair(1, True), Pair(2, False)], bad=AttributeError)
    _round_trip(echo_memory_component("(option u32)", "i32 i32"), [None, 0, 5], bad=ValueError)
    _round_trip(echo_memory_component("(result u32 (error string))", "i32 i32 i32"),
                [3, "oops"], bad=ValueError)


HOST_RESOURCE = """
(component
  (import "t" (type $t (sub resource)))
  (import "make" (func $make (result (own $t))))
  (import "look" (func $look (param "t" (borrow $t))))
  (core func $make (canon lower (func $make)))
  (core func $look (canon lower (func $look)))
  (core func $drop (canon resource.drop $t))
  (core module $m
    (import "" "make" (func $make (result i32)))
    (import "" "look" (func $look (param i32)))
    (import "" "drop" (func $drop (param i32)))
    (func (export "make") (result i32) call $make)
    (func (export "look") (param i32) local.get 0 call $look local.get 0 call $drop)
    (func (export "drop") (param i32) local.get 0 call $drop))
  (core instance $i (instantiate $m (with "" (instance (export "make" (func $make))
                                                        (export "look" (func $look))
                                                        (export "drop" (func $drop))))))
  (func (export "make") (result (own $t)) (canon lift (core func $i "make")))
  (func (export "look") (param "t" (borrow $t)) (canon lift (core func $i "look")))
  (func (export "drop") (param "t" (own $t)) (canon lift (core func $i "drop"))))
"""


def test_host_resources_and_destructors() -> None:
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    dropped: list = []
    looked: list = []

    def look(_store: Any, handle: Any) -> None:
        assert not handle.owned
        looked.append(handle.to_host(store).rep)

    linker = Linker(engine)
    with linker.root() as root:
        root.add_resource("t", ResourceType.host(9), lambda _store, rep: dropped.append(rep))
        root.add_func("make", lambda _store: ResourceHost.own(33, 9))
        root.add_func("look", look)
    instance = linker.instantiate(store, Component(engine, HOST_RESOURCE))
    made = instance.get_func(store, "make")(store)
    assert isinstance(made, ResourceAny) and made.owned
    instance.get_func(store, "look")(store, made)
    instance.get_func(store, "look")(store, ResourceHost.own(34, 9))
    assert looked == [33, 34]
    instance.get_func(store, "drop")(store, made)
    assert dropped == [33]
    with pytest.raises(TypeError):
        instance.get_func(store, "look")(store, 1)
    with pytest.raises(wasmtime.WasmtimeError):
        instance.get_func(store, "drop")(store, ResourceHost.own(1, 10))


def test_an_exception_in_a_destructor_surfaces() -> None:
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)

    def dtor(_store: Any, rep: int) -> None:
        raise ValueError(f"cannot drop {rep}")

    linker = Linker(engine)
    with linker.root() as root:
        root.add_resource("t", ResourceType.host(11), dtor)
        root.add_func("make", lambda _store: ResourceHost.own(5, 11))
        root.add_func("look", lambda _store, h: None)
    instance = linker.instantiate(store, Component(engine, HOST_RESOURCE))
    with pytest.raises(ValueError, match="cannot drop 5"):
        instance.get_func(store, "drop")(store, ResourceHost.own(5, 11))


def test_guest_resources_held_by_the_host() -> None:
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    component = Component(engine, """
      (component
        (type $r' (resource (rep i32)))
        (export $r "r" (type $r'))
        (core func $new (canon resource.new $r))
        (core module $m
          (import "" "new" (func $new (param i32) (result i32)))
          (func (export "new") (param i32) (result i32) local.get 0 call $new))
        (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))))))
        (func (export "new") (param "x" u32) (result (own $r)) (canon lift (core func $i "new"))))
    """)
    instance = Linker(engine).instantiate(store, component)
    handle = instance.get_func(store, "new")(store, 1)
    assert isinstance(handle.type, ResourceType) and handle.owned
    with pytest.raises(wasmtime.WasmtimeError):
        handle.to_host(store)
    handle.drop(store)
    with pytest.raises(wasmtime.WasmtimeError):
        ResourceAny()


def test_type_reflection() -> None:
    engine = wasmtime.Engine()
    ty = Component(engine, """
      (component
        (import "r" (type $r (sub resource)))
        (import "f" (func (param "a" u8) (param "b" (borrow $r)) (result (own $r))))
        (import "i" (instance (export "g" (func (result string))) (export "m" (core module))))
        (import "m" (core module (import "x" "y" (func)) (export "z" (global i32))))
        (type $rec' (record (field "a" u8)))
        (import "rec" (type $rec (eq $rec')))
        (type $fl' (flags "p"))
        (import "fl" (type $fl (eq $fl')))
        (import "e" (func (param "x" $rec) (result $fl)))
        (export "again" (type $r)))
    """).type
    imports = ty.imports(engine)
    f = imports["f"].ty
    assert isinstance(f, FuncType)
    assert f.params[0] == ("a", U8())
    assert isinstance(f.params[1][1], BorrowType) and isinstance(f.result, OwnType)
    assert f.params[1][1].ty == f.result.ty == imports["r"].ty
    assert imports["r"].ty == ty.exports(engine)["again"].ty
    inst = imports["i"].ty
    assert isinstance(inst, ComponentInstanceType)
    assert inst.exports(engine)["g"].ty.result == String()
    assert isinstance(inst.exports(engine)["m"].ty, ModuleType)
    module = imports["m"].ty
    module_imports = module.imports(engine)
    assert (module_imports[0].module, module_imports[0].name) == ("x", "y")
    assert isinstance(module_imports[0].type, wasmtime.FuncType)
    assert isinstance(module.exports(engine)[0].type, wasmtime.GlobalType)
    e = imports["e"].ty
    assert isinstance(e.params[0][1], RecordType) and isinstance(e.result, FlagsType)
    assert not isinstance(e.result, EnumType)


def test_name_attributes() -> None:
    config = wasmtime.Config()
    config.wasm_component_model_implements = True
    engine = wasmtime.Engine(config)
    imports = Component(engine, """
      (component
        (import "plain" (func))
        (import "tagged" (external-id "the-id") (func))
        (import "impl" (implements "a:b/c") (instance)))
    """).type.imports(engine)
    assert imports["plain"].implements is None and imports["plain"].external_id is None
    assert imports["tagged"].external_id == "the-id" and not imports["tagged"].implements
    assert imports["impl"].implements == "a:b/c"
    assert imports["impl"].is_implements("a:b/c")
    assert not imports["impl"].is_implements("a:b/d")
