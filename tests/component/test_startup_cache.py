"""Start-up of a component with the code cache: a component met before is not
validated again, its core modules' compiled functions come from the cache, and
only the core function bodies it compiles are decoded."""

from __future__ import annotations

from pathlib import Path

import pytest

import wasmlite
from wasmlite.component import Component, Linker
from wasmlite.component.text import component_wat2wasm

COMPONENT = """
(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add"))))
"""


@pytest.fixture
def cached_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh engine with the code cache on, in a cache of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def engine() -> wasmlite.Engine:
        config = wasmlite.Config()
        config.cache = True
        return wasmlite.Engine(config)
    return engine


def _call_add(engine: wasmlite.Engine, binary: bytes) -> tuple[int, Component]:
    component = Component(engine, binary)
    store = wasmlite.Store(engine)
    instance = Linker(engine).instantiate(store, component)
    add = instance.get_func(store, "add")
    assert add is not None
    return add(store, 2, 40), component


def test_second_start_skips_core_validation_and_compiling(cached_engine,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    binary = component_wat2wasm(COMPONENT)
    assert _call_add(cached_engine(), binary)[0] == 42

    import wasmlite.compile.python.module as compiled
    import wasmlite.validate.module as core_validation

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated or compiled again")
    monkeypatch.setattr(core_validation, "validate_module", refuse)
    monkeypatch.setattr(compiled.FunctionCompiler, "compile", refuse)
    engine = cached_engine()
    result, component = _call_add(engine, binary)
    assert result == 42
    assert (engine.cache_hits(), engine.cache_misses()) == (1, 0)
    module = component._open().modules[0].prepared()
    assert module.cache is not None and module.cache.codes


def test_first_start_still_validates(cached_engine) -> None:
    invalid = COMPONENT.replace("(i32.add (local.get 0) (local.get 1))",
                                "(i64.add (local.get 0) (local.get 1))")
    with pytest.raises(wasmlite.WasmtimeError, match="type mismatch"):
        Component(cached_engine(), component_wat2wasm(invalid))


TWO_EXPORTS = """
(component
  (core module $m
    (func (export "sub") (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add")))
  (func (export "sub") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "sub"))))
"""


def test_second_start_decodes_only_the_core_bodies_it_compiles(cached_engine) -> None:
    binary = component_wat2wasm(TWO_EXPORTS)
    assert _call_add(cached_engine(), binary)[0] == 42

    engine = cached_engine()
    result, component = _call_add(engine, binary)       # "add" comes from the cache
    assert result == 42
    funcs = component._open().modules[0].module.funcs
    assert [f.decoded for f in funcs] == [False, False]
    store = wasmlite.Store(engine)
    sub = Linker(engine).instantiate(store, component).get_func(store, "sub")
    assert sub is not None and sub(store, 50, 8) == 42
    assert [f.decoded for f in funcs] == [True, False]


def test_core_module_entries_are_named_after_the_component_entry(cached_engine,
                                                                 tmp_path: Path) -> None:
    binary = component_wat2wasm(COMPONENT)
    _, component = _call_add(cached_engine(), binary)
    entries = sorted(p.name for p in (tmp_path / "wasmlite").glob("*.wlc"))
    offset = component._open().component.sections[0].offset
    (whole,) = [name for name in entries if ".module-" not in name]
    assert entries == sorted([whole, whole.replace(".wlc", f".module-{offset:x}.wlc")])
