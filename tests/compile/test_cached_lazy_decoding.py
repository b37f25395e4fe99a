"""With the code cache, a module met before is decoded lazily: a later start
decodes only the function bodies it compiles, and a module that was refused
(malformed, invalid, using a switched-off proposal, or using an instruction
the tier does not compile) is refused again with the same error."""

from __future__ import annotations

import pytest

from wasmlite import Config, Engine, Instance, Module, Store, WasmtimeError
from wasmlite.compile.python import module as compiled_module
from wasmlite.text import wat2wasm

N = 30

MANY = "(module\n" + "\n".join(
    f'  (func $f{i} (export "f{i}") (param i32) (result i32) '
    f'(i32.add (local.get 0) (i32.const {i})))' for i in range(N)) + \
    '\n  (func (export "twice") (param i32) (result i32) (call $f3 (call $f4 (local.get 0)))))'


def cached_engine(tmp_path, **settings) -> Engine:
    """A fresh engine whose code cache is ``tmp_path / "cache"``."""
    toml = tmp_path / "cache.toml"
    toml.write_text(f'[cache]\nenabled = true\ndirectory = "{tmp_path / "cache"}"\n')
    config = Config()
    config.cache = str(toml)
    for name, value in settings.items():
        setattr(config, name, value)
    return Engine(config)


def decoded(module: Module) -> list[int]:
    """The defined functions of ``module`` whose bodies have been decoded."""
    return [i for i, func in enumerate(module._ir.funcs) if func.decoded]


def call(module: Module, name: str, x: int) -> int:
    store = Store(module.engine)
    return Instance(store, module, []).exports(store)[name](store, x)


def test_a_first_start_decodes_every_body(tmp_path) -> None:
    module = Module(cached_engine(tmp_path), MANY)
    assert decoded(module) == list(range(N + 1))


def test_a_later_start_decodes_only_the_bodies_it_compiles(tmp_path) -> None:
    first = Module(cached_engine(tmp_path), MANY)
    assert call(first, "twice", 1) == 8

    again = Module(cached_engine(tmp_path), MANY)
    assert decoded(again) == []
    assert call(again, "twice", 1) == 8         # its code comes from the cache
    assert decoded(again) == []
    assert call(again, "f7", 1) == 8            # compiled now: only it is decoded
    assert decoded(again) == [7]


def test_a_lazily_decoded_module_serializes_whole(tmp_path) -> None:
    Module(cached_engine(tmp_path), MANY)
    engine = cached_engine(tmp_path)
    again = Module(engine, MANY)
    restored = Module.deserialize(engine, again.serialize())
    assert call(restored, "f29", 1) == 30


def refusal(engine: Engine, wasm) -> str:
    """The message of the error ``Module(engine, wasm)`` raises, instantiated."""
    with pytest.raises(WasmtimeError) as info:
        call(Module(engine, wasm), "f0", 0)
    return str(info.value)


def test_a_malformed_body_is_refused_on_every_start(tmp_path) -> None:
    binary = bytearray(wat2wasm(MANY))
    body = binary.index(bytes.fromhex("41 11 6a 0b"))       # f17: i32.const 17, i32.add, end
    binary[body] = 0xFF                                      # an opcode that does not exist
    expected = refusal(Engine(), binary)
    assert "illegal opcode" in expected
    assert refusal(cached_engine(tmp_path), binary) == expected
    assert refusal(cached_engine(tmp_path), binary) == expected


def test_an_invalid_body_is_refused_on_every_start(tmp_path) -> None:
    invalid = MANY.replace("(i32.const 17)", "(i64.const 17)")
    expected = refusal(Engine(), invalid)
    assert "type mismatch" in expected
    assert refusal(cached_engine(tmp_path), invalid) == expected
    assert refusal(cached_engine(tmp_path), invalid) == expected


def test_a_switched_off_proposal_is_refused_on_every_start(tmp_path) -> None:
    simd = MANY.replace("(i32.const 17)", "(i32x4.extract_lane 0 (v128.const i64x2 17 0))")
    expected = refusal(_without_simd(), simd)
    assert "simd" in expected
    assert refusal(cached_engine(tmp_path, wasm_simd=False), simd) == expected
    assert refusal(cached_engine(tmp_path, wasm_simd=False), simd) == expected
    assert call(Module(cached_engine(tmp_path), simd), "f17", 1) == 18


def _without_simd() -> Engine:
    config = Config()
    config.wasm_simd = False
    return Engine(config)


def test_an_instruction_the_tier_cannot_compile_is_refused_on_every_start(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = compiled_module.unsupported_feature

    def unsupported(op):
        return "a test's refusal" if op.name == "i32.add" else real(op)
    monkeypatch.setattr(compiled_module, "unsupported_feature", unsupported)
    expected = refusal(Engine(), MANY)
    assert "a test's refusal" in expected
    assert refusal(cached_engine(tmp_path), MANY) == expected
    assert refusal(cached_engine(tmp_path), MANY) == expected


def test_a_deserialized_module_decodes_no_body() -> None:
    """An artifact records that every instruction compiles (and the proposals the
    code needs) beside the code itself: instantiating and running it reads no body."""
    data = Module(Engine(), MANY).serialize()
    again = Module.deserialize(Engine(), data)
    assert call(again, "twice", 1) == 8 and call(again, "f7", 1) == 8
    assert decoded(again) == []
