"""Module.serialize / deserialize: a module with all its code compiled, saved
and loaded again without validating or compiling anything."""

import pytest

import wasmlite
from wasmlite import Config, Engine, Instance, Module, Store, WasmtimeError
from wasmlite.compile.python import codegen

WAT = """(module
  (memory (export "mem") 1)
  (func $sq (param i64) (result i64) (i64.mul (local.get 0) (local.get 0)))
  (func (export "f") (param i64) (result f64)
    (f64.add (f64.convert_i64_s (call $sq (local.get 0))) (f64.const inf))))"""


def call_f(module: Module, x: int):
    store = Store(module.engine)
    return Instance(store, module, []).exports(store)["f"](store, x)


def test_round_trip_needs_no_compiling_or_validating(monkeypatch, tmp_path):
    engine = Engine()
    data = Module(engine, WAT).serialize()
    assert isinstance(data, bytearray)

    def fail(*args):
        raise AssertionError("compiled or validated a deserialized module")
    monkeypatch.setattr(codegen.FunctionCompiler, "compile", fail)
    monkeypatch.setattr(wasmlite.validate, "validate_module", fail)
    module = Module.deserialize(engine, data)
    assert call_f(module, 3) == float("inf")
    assert [e.name for e in module.exports] == ["mem", "f"]
    path = tmp_path / "module.bin"
    path.write_bytes(data)
    assert call_f(Module.deserialize_file(Engine(), str(path)), 2) == float("inf")


def test_other_engine_settings_are_refused():
    data = Module(Engine(), WAT).serialize()
    config = Config()
    config.consume_fuel = True
    with pytest.raises(WasmtimeError, match="compiled without fuel support but it is enabled"):
        Module.deserialize(Engine(config), data)


@pytest.mark.parametrize("data, message", [
    (b"\0asm\1\0\0\0", "failed to parse precompiled artifact as an ELF"),
    (b"\x7fELF" + bytes(60), "failed to parse precompiled artifact as an ELF"),
])
def test_foreign_or_damaged_data_is_refused(data, message):
    with pytest.raises(WasmtimeError, match=message):
        Module.deserialize(Engine(), data)


def test_arguments_are_checked():
    with pytest.raises(TypeError, match="expected an Engine"):
        Module.deserialize(None, b"")
    with pytest.raises(TypeError, match="expected bytes"):
        Module.deserialize(Engine(), "text")
