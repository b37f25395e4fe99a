"""Export names are looked up as Wasmtime looks them up: a versioned name finds
an export of a semver-compatible version."""

from __future__ import annotations

import pytest

from wasmlite import Engine, Store
from wasmlite.component import Component, Linker
from wasmlite.component.semver import compatible_key, find_compatible

COMPONENT = """(component
  (core module $m (func (export "f") (result i32) (i32.const 7)))
  (core instance $i (instantiate $m))
  (func $f (result u32) (canon lift (core func $i "f")))
  (instance $run (export "run" (func $f)))
  (export "wasi:cli/run@0.2.12" (instance $run))
  (export "x:y/z@1.4.0" (instance $run)))"""


@pytest.mark.parametrize("name, key", [
    ("a:b/c@1.2.3", "a:b/c@1"), ("a:b/c@0.2.0", "a:b/c@0.2"), ("a:b/c@0.0.3", None),
    ("a:b/c@1.0.0-rc.1", None), ("a:b/c", None), ("a:b/c@2.0.1+build", "a:b/c@2"),
])
def test_compatible_keys(name: str, key: str | None) -> None:
    assert compatible_key(name) == key


def test_the_highest_compatible_version_is_found() -> None:
    names = ["p:q/r@0.2.1", "p:q/r@0.2.10", "p:q/r@0.3.0", "p:q/r@0.2.3"]
    assert find_compatible(names, "p:q/r@0.2.0") == "p:q/r@0.2.10"
    assert find_compatible(names, "p:q/r@0.3.0") == "p:q/r@0.3.0"
    assert find_compatible(names, "p:q/r@0.4.0") is None


@pytest.mark.parametrize("asked, found", [
    ("wasi:cli/run@0.2.0", True), ("wasi:cli/run@0.2.12", True), ("wasi:cli/run@0.3.0", False),
    ("wasi:cli/run", False), ("x:y/z@1.0.0", True), ("x:y/z@2.0.0", False),
])
def test_component_and_instance_find_compatible_exports(asked: str, found: bool) -> None:
    engine = Engine()
    store = Store(engine)
    component = Component(engine, COMPONENT)
    instance = Linker(engine).instantiate(store, component)
    assert (component.get_export_index(asked) is not None) is found
    index = instance.get_export_index(store, asked)
    assert (index is not None) is found
    if found:
        func = instance.get_func(store, instance.get_export_index(store, "run", index))
        assert func(store) == 7
