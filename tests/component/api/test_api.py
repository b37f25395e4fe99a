"""wasmlite.component's classes used as wasmtime-py's are: construction,
linker locking and definitions, export indices, modules and resources of
instances, serialization, and the errors of each misuse."""

from __future__ import annotations

import pytest

import wasmlite
from wasmlite import Engine, Module, Store, WasmtimeError
from wasmlite.component import (Component, ComponentInstanceType, ExportIndex, Func, FuncType,
                                Instance, Linker, LinkerInstance, ModuleType, ResourceHost,
                                ResourceType, U32)

CALLS_HOST = """
(component
  (import "x" (func $x (param "a" u32) (result u32)))
  (core func $x (canon lower (func $x)))
  (core module $m
    (import "" "x" (func $x (param i32) (result i32)))
    (func (export "f") (param i32) (result i32) local.get 0 call $x))
  (core instance $i (instantiate $m (with "" (instance (export "x" (func $x))))))
  (func (export "f") (param "a" u32) (result u32) (canon lift (core func $i "f"))))
"""

NESTED = """
(component
  (core module $m (func (export "g")))
  (type $r' (resource (rep i32)))
  (export $r "r" (type $r'))
  (instance (export "inner") (export "m" (core module $m)))
  (component $c
    (core module $n (func (export "seven") (result i32) i32.const 7))
    (core instance $i (instantiate $n))
    (func (export "seven") (result u32) (canon lift (core func $i "seven"))))
  (instance $ci (instantiate $c))
  (export "nested" (instance $ci)))
"""


def test_direct_construction_is_refused() -> None:
    for cls in (Instance, Func, LinkerInstance, ExportIndex, FuncType, ResourceType):
        with pytest.raises(WasmtimeError):
            cls()


def test_component_inputs() -> None:
    engine = Engine()
    Component(engine, "(component)")
    Component(engine, b"\0asm\x0d\0\x01\0")
    for bad in (b"", b"\x00", "(component2)", b"\0asm\x01\0\0\0"):
        with pytest.raises(WasmtimeError):
            Component(engine, bad)
    with pytest.raises(TypeError):
        Component(1, b"")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Component(engine, 2)  # type: ignore[arg-type]


def test_serialize_round_trip(tmp_path) -> None:
    engine = Engine()
    data = Component(engine, CALLS_HOST).serialize()
    again = Component.deserialize(engine, data)
    assert list(again.type.imports(engine)) == ["x"]
    path = tmp_path / "c.bin"
    path.write_bytes(data)
    assert list(Component.deserialize_file(engine, str(path)).type.exports(engine)) == ["f"]
    with pytest.raises(WasmtimeError):
        Component.deserialize(engine, b"not a component")


TWO_LEVELS_OF_CORE_MODULES = """(component
  (core module $m (func (export "f") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
  (core instance $i (instantiate $m))
  (func $f (param "x" u32) (result u32) (canon lift (core func $i "f")))
  (component $inner
    (core module $n (func (export "g") (param i32) (result i32) (i32.add (local.get 0) (i32.const 7))))
    (core instance $j (instantiate $n))
    (func (export "g") (param "x" u32) (result u32) (canon lift (core func $j "g"))))
  (instance $k (instantiate $inner))
  (export "f" (func $f))
  (export "g" (func $k "g")))"""


def test_deserialized_component_runs_its_core_modules_without_compiling(monkeypatch) -> None:
    """The artifact carries the code of every function of every core module,
    nested components' included: loading it compiles and validates nothing."""
    from wasmlite.compile.python import codegen
    engine = Engine()
    data = Component(engine, TWO_LEVELS_OF_CORE_MODULES).serialize()

    def fail(*args: object) -> None:
        raise AssertionError("compiled a function of a deserialized component")
    monkeypatch.setattr(codegen.FunctionCompiler, "compile", fail)
    store = Store(engine)
    instance = Linker(engine).instantiate(store, Component.deserialize(engine, data))
    assert (instance.get_func(store, "f")(store, 5), instance.get_func(store, "g")(store, 5)) == (15, 12)


def test_host_function_and_its_exception() -> None:
    engine = Engine()
    store = Store(engine)
    linker = Linker(engine)
    with linker.root() as root:
        root.add_func("x", lambda _store, a: a * 2)
    f = linker.instantiate(store, Component(engine, CALLS_HOST)).get_func(store, "f")
    assert f(store, 21) == 42
    f.post_return(store)
    assert f.type(store).params == [("a", U32())]

    class Oops(Exception):
        pass

    def fails(_store, a):
        raise Oops("from the host")

    linker = Linker(engine)
    with linker.root() as root:
        root.add_func("x", fails)
    f = linker.instantiate(store, Component(engine, CALLS_HOST)).get_func(store, "f")
    with pytest.raises(Oops, match="from the host"):
        f(store, 1)


def test_linker_locking_and_definitions() -> None:
    engine = Engine()
    linker = Linker(engine)
    with linker.root() as root:
        with pytest.raises(WasmtimeError):
            linker.root()
        with root.add_instance("i") as i:
            with pytest.raises(WasmtimeError):
                root.add_func("y", lambda s: None)
            i.add_func("g", lambda s: None)
        root.add_func("x", lambda s: None)
        with pytest.raises(WasmtimeError, match="defined twice"):
            root.add_func("x", lambda s: None)
        root.add_module("m", Module(engine, "(module)"))
    linker.allow_shadowing = True
    with linker.root() as root:
        root.add_func("x", lambda s: None)
    linker.allow_shadowing = False
    linker.add_wasip2()
    with pytest.raises(WasmtimeError, match="defined twice"):
        linker.add_wasip2()


def test_missing_imports_and_traps() -> None:
    engine = Engine()
    store = Store(engine)
    component = Component(engine, CALLS_HOST)
    linker = Linker(engine)
    with pytest.raises(WasmtimeError, match="component imports function `x`"):
        linker.instantiate(store, component)
    linker.define_unknown_imports_as_traps(component)
    f = linker.instantiate(store, component).get_func(store, "f")
    with pytest.raises(WasmtimeError):
        f(store, 1)


def test_export_indices_modules_and_resources() -> None:
    engine = Engine()
    store = Store(engine)
    component = Component(engine, NESTED)
    inst = Linker(engine).instantiate(store, component)
    inner = component.get_export_index("inner")
    assert inner is not None
    assert component.get_export_index("m", inner) is not None
    assert component.get_export_index("nope") is None
    m_index = inst.get_export_index(store, "m", inner)
    module = inst.get_module(store, m_index)
    assert isinstance(module, Module)
    assert [e.name for e in module.exports] == ["g"]
    assert isinstance(inst.get_resource(store, "r"), ResourceType)
    nested = inst.get_export_index(store, "nested")
    assert inst.get_func(store, inst.get_export_index(store, "seven", nested))(store) == 7
    assert isinstance(component.type.exports(engine)["inner"].ty, ComponentInstanceType)
    exports = component.type.exports(engine)["inner"].ty.exports(engine)
    assert isinstance(exports["m"].ty, ModuleType)
    other = Component(engine, NESTED)
    assert inst.get_export_index(store, "m", other.get_export_index("inner")) is None


def test_resource_types_are_fresh_per_instance() -> None:
    engine = Engine()
    store = Store(engine)
    component = Component(engine, NESTED)
    a = Linker(engine).instantiate(store, component).get_resource(store, "r")
    b = Linker(engine).instantiate(store, component).get_resource(store, "r")
    assert a != b and a == a


def test_host_resources() -> None:
    store = Store()
    r = ResourceHost.own(42, 1).to_any(store)
    assert r.type == ResourceType.host(1) and r.owned
    host = r.to_host(store)
    assert (host.rep, host.type, host.owned) == (42, 1, True)
    with pytest.raises(WasmtimeError):
        r.drop(store)


def test_wasmlite_exposes_the_module_as_wasmtime_does() -> None:
    import wasmlite.component as c
    assert c.Component is Component
    assert wasmlite.component is c


def test_unknown_imports_that_share_a_resource_get_one_resource_type() -> None:
    engine = Engine()
    store = Store(engine)
    component = Component(engine, """
      (component
        (import "wasi:io/poll@0.2.0" (instance $poll
          (export "pollable" (type (sub resource)))))
        (alias export $poll "pollable" (type $pollable))
        (import "wasi:sockets/udp@0.2.0" (instance $udp
          (export "pollable" (type (eq $pollable)))
          (export "f" (func (param "p" (borrow $pollable)))))))
    """)
    linker = Linker(engine)
    linker.define_unknown_imports_as_traps(component)
    linker.instantiate(store, component)
