"""Config's component-model switches: their defaults (Wasmtime's), the
components each one lets through, wasm-tools' refusals when off, and the
features wasmlite lacks refused as not supported when on."""

from __future__ import annotations

import pytest

from wasmlite import Config, Engine, Store, WasmtimeError
from wasmlite.component import Component, Linker
from wasmlite.errors import InvalidError, NotSupportedError

SWITCHES = {"async": True, "error_context": False, "fixed_length_lists": False,
            "memory64": False, "gc": False, "map": False, "implements": False}

USES = {
    "fixed_length_lists": ("(component (type (list u8 4)))",
                           "Fixed-length lists require the component model fixed-length "
                           "lists feature"),
    "map": ("(component (type (map string u32)))",
            "Maps require the component model map feature"),
    "error_context": ("(component (type (list error-context)))",
                      "`error-context` requires the component model error-context feature"),
    "implements": ('(component (import "c" (implements "a:b/c") (instance)))',
                   "the `cm-implements` feature is not active"),
    "gc": ("""(component
                (core module $m (func (export "f")))
                (core instance $i (instantiate $m))
                (func (canon lift (core func $i "f") gc)))""",
           "canonical option `gc` requires the `cm-gc` feature"),
    "memory64": ("""(component
                      (core module $m (memory (export "m") i64 1) (func (export "f")))
                      (core instance $i (instantiate $m))
                      (func (canon lift (core func $i "f") (memory (core memory $i "m")))))""",
                 "64-bit memories require the `cm64` feature to be enabled"),
}

ASYNC_USES = [
    ("(component (type (stream u8)))", "`stream` requires the component model async feature"),
    ("(component (type (future)))", "`future` requires the component model async feature"),
    ("(component (type (func async)))",
     "async component functions require the component model async feature"),
    ("(component (core func (canon backpressure.inc)))",
     "`backpressure.inc` requires the component model async feature"),
    ("(component (core func (canon context.get i32 0)))",
     "`context.get` requires the component model async feature"),
    ("""(component (import "f" (func $f async)) (core func (canon lower (func $f) async)))""",
     "async component functions require the component model async feature"),
]


def _engine(**switches: bool) -> Engine:
    config = Config()
    for name, on in switches.items():
        setattr(config, f"wasm_component_model_{name}", on)
    return Engine(config)


def test_defaults_are_wasmtimes() -> None:
    config = Config()
    for name, default in SWITCHES.items():
        assert getattr(config, f"wasm_component_model_{name}") is default, name
    assert config.wasm_component_model is True
    config.wasm_component_model_fixed_length_lists = True
    assert "component_model_fixed_length_lists" in config.features()
    with pytest.raises(TypeError):
        config.wasm_component_model_map = 1  # type: ignore[assignment]


@pytest.mark.parametrize("feature", sorted(USES))
def test_off_refuses_with_wasm_tools_message(feature: str) -> None:
    text, message = USES[feature]
    with pytest.raises(InvalidError) as info:
        Component(Engine(), text)
    assert message in str(info.value)
    assert isinstance(info.value, WasmtimeError)


@pytest.mark.parametrize("feature", ["fixed_length_lists", "map", "error_context", "implements"])
def test_on_accepts(feature: str) -> None:
    Component(_engine(**{feature: True}), USES[feature][0])


@pytest.mark.parametrize("feature", ["gc", "memory64"])
def test_on_but_missing_is_not_supported(feature: str) -> None:
    with pytest.raises(NotSupportedError, match=f"not supported: component-model {feature}"):
        Component(_engine(**{feature: True}), USES[feature][0])


@pytest.mark.parametrize("text,message", ASYNC_USES)
def test_async_off_refuses(text: str, message: str) -> None:
    Component(Engine(), text)
    with pytest.raises(InvalidError, match=message):
        Component(_engine(**{"async": False}), text)


def test_async_on_accepts_but_waiting_is_not_supported() -> None:
    engine = _engine(**{"async": True})
    component = Component(engine, """
      (component
        (core module $m
          (func (export "f") (result i32) i32.const 2)  ;; WAIT
          (func (export "cb") (param i32 i32 i32) (result i32) i32.const 0))
        (core instance $i (instantiate $m))
        (func (export "f") async
          (canon lift (core func $i "f") async (callback (core func $i "cb")))))
    """)
    store = Store(engine)
    f = Linker(engine).instantiate(store, component).get_func(store, "f")
    with pytest.raises(WasmtimeError, match="not supported: component-model async"):
        f(store)


def test_nested_uses_are_found() -> None:
    nested = """
      (component
        (component
          (import "i" (instance (export "f" (func (result (list u32 2))))))))
    """
    with pytest.raises(InvalidError, match="Fixed-length lists"):
        Component(Engine(), nested)
    Component(_engine(fixed_length_lists=True), nested)


def test_fixed_length_lists_run_when_on() -> None:
    engine = _engine(fixed_length_lists=True)
    component = Component(engine, """
      (component
        (core module $m
          (func (export "f") (param i32 i32 i32) (result i32)
            local.get 0 local.get 1 i32.add local.get 2 i32.add))
        (core instance $i (instantiate $m))
        (func (export "sum") (param "x" (list u32 3)) (result u32)
          (canon lift (core func $i "f"))))
    """)
    store = Store(engine)
    f = Linker(engine).instantiate(store, component).get_func(store, "sum")
    assert f(store, [1, 2, 3]) == 6


def test_component_model_off_refuses_components() -> None:
    config = Config()
    config.wasm_component_model = False
    with pytest.raises(WasmtimeError, match="component model feature is not enabled"):
        Component(Engine(config), "(component)")
