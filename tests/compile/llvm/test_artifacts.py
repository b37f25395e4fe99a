"""A native-tier artifact carries the module's machine code: loading it compiles
nothing, and an artifact whose machine code was made for other settings is
compiled again rather than run."""

from __future__ import annotations

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

import wasmlite as wt
from wasmlite.compile.artifact import elf
from wasmlite.compile.llvm import module as native
from wasmlite.compile.llvm import objects

from .conftest import engine, is_native

TRIPLE = """(module (memory 1)
  (func (export "triple") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.mul (local.get 0) (i32.const 3))) (i32.load (i32.const 0))))"""


def _triple(module: wt.Module) -> int:
    store = wt.Store(module.engine)
    return wt.Instance(store, module, []).exports(store)["triple"](store, 14)


def test_machine_code_travels_in_the_artifact(monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytes(wt.Module(engine("native"), TRIPLE).serialize())
    assert objects.NATIVE_SECTION in elf.parse(data).section_names()

    def fail(self: object) -> bytes:
        raise AssertionError("compiled the machine code of a deserialized module")
    monkeypatch.setattr(native.NativeModule, "_compile_object", fail)
    loaded = wt.Module.deserialize(engine("native"), data)
    assert is_native(loaded) and _triple(loaded) == 42
    assert bytes(loaded.serialize()) == data


def test_machine_code_for_other_settings_is_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytes(wt.Module(engine("native"), TRIPLE).serialize())
    monkeypatch.setattr(objects, "NATIVE_CODE_VERSION", objects.NATIVE_CODE_VERSION + 1)
    compiled = []
    original = native.NativeModule._compile_object

    def counting(self: native.NativeModule) -> bytes:
        compiled.append(self)
        return original(self)
    monkeypatch.setattr(native.NativeModule, "_compile_object", counting)
    assert _triple(wt.Module.deserialize(engine("native"), data)) == 42
    assert len(compiled) == 1
