"""Garbage given to the entry points that take module bytes or text (``Module``,
``Module.validate``, ``Module.deserialize``, ``wat2wasm``) raises WasmtimeError,
never another exception: random bytes, truncated and mutated modules, bytes that
are neither a binary nor UTF-8, text that is not Unicode, huge LEB128 numbers,
numeric literals too long to convert, deep nesting."""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wasmlite
from wasmlite import Engine, Module, WasmtimeError, wat2wasm

HEADER = b"\0asm\1\0\0\0"

SAMPLE_TEXTS = [
    '(module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add)'
    ' (memory 1) (data (i32.const 0) "hi") (table 1 funcref) (elem (i32.const 0) 0)'
    ' (global (mut i32) (i32.const 0)) (start 1) (func))',
    '(module (type (struct (field i32))) (func (result anyref) (struct.new 0 (i32.const 1))))',
    '(module (tag (param i32)) (func (result v128) v128.const i32x4 1 2 3 4)'
    ' (func (block (try_table (catch 0 0) (i32.const 1) (throw 0)))))',
    '(module (import "a" "b" (func (param i64))) (func (export "g") (param i64) local.get 0 call 0)'
    ' (func $name (local f32 f64)))',
]

ENGINE = Engine()


@functools.lru_cache(maxsize=None)
def samples() -> tuple[bytes, ...]:
    return tuple(bytes(wat2wasm(text)) for text in SAMPLE_TEXTS)


@functools.lru_cache(maxsize=None)
def serialized() -> bytes:
    return bytes(Module(ENGINE, samples()[0]).serialize())


def leb128(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def only_wasmtime_errors(call, data) -> None:
    """Run ``call(data)``: success or WasmtimeError are fine, nothing else is."""
    try:
        call(data)
    except WasmtimeError:
        pass


def compile_module(data) -> None:
    Module(ENGINE, data)


def validate(data) -> None:
    Module.validate(ENGINE, data)


def deserialize(data) -> None:
    Module.deserialize(ENGINE, data)


BINARY_ENTRIES = [compile_module, validate, deserialize]
TEXT_ENTRIES = [compile_module, wat2wasm]


@st.composite
def mutated_modules(draw) -> bytes:
    """A sample module with a few bytes replaced, inserted or removed."""
    data = bytearray(draw(st.sampled_from(samples())))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(8, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        if action == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at:at + draw(st.integers(1, 8))]
    return bytes(data)


@st.composite
def truncated_modules(draw) -> bytes:
    data = draw(st.sampled_from(samples()))
    return data[:draw(st.integers(0, len(data) - 1))]


@st.composite
def huge_numbers(draw) -> bytes:
    """A header and a section whose size, count or contents are LEB128 numbers far
    too large, or too long."""
    number = draw(st.one_of(st.integers(2 ** 31, 2 ** 70),
                            st.just(b"\xff" * draw(st.integers(5, 40)) + b"\x00")))
    encoded = number if isinstance(number, bytes) else leb128(number)
    section = draw(st.integers(0, 13))
    body = draw(st.sampled_from([encoded, b"\x10" + encoded, leb128(len(encoded) + 1) + encoded + b"\x00"]))
    return HEADER + bytes([section]) + body + draw(st.binary(max_size=16))


BINARY_GARBAGE = st.one_of(
    st.binary(max_size=200),
    st.binary(max_size=200).map(lambda tail: HEADER + tail),
    st.binary(max_size=200).map(lambda tail: b"\0" + tail),
    truncated_modules(),
    mutated_modules(),
    huge_numbers(),
)

garbage_settings = settings(max_examples=150, deadline=None, database=None,
                            suppress_health_check=[HealthCheck.too_slow])


@garbage_settings
@given(data=BINARY_GARBAGE)
def test_binary_garbage_raises_only_wasmtime_errors(data: bytes) -> None:
    for entry in BINARY_ENTRIES:
        only_wasmtime_errors(entry, data)
        only_wasmtime_errors(entry, bytearray(data))


@garbage_settings
@given(data=st.binary(min_size=1, max_size=200).filter(lambda d: d[0] != 0))
def test_bytes_that_are_not_a_binary_raise_only_wasmtime_errors(data: bytes) -> None:
    for entry in TEXT_ENTRIES:
        only_wasmtime_errors(entry, data)


@garbage_settings
@given(text=st.one_of(
    st.text(max_size=200),
    st.text(alphabet="()$\"; \n0123456789abcdefilmnoprstuvx.=_-+:", max_size=300),
    st.lists(st.sampled_from(["(", ")", "module", "func", "param", "result", "i32", "i64.const",
                              "local.get", "0", "$x", "block", "end", '"a"', "nan:0x1", "0x1p-3",
                              "memory", "1", "export", "table", "elem", "data", "type", "ref"]),
             max_size=60).map(" ".join),
))
def test_text_garbage_raises_only_wasmtime_errors(text: str) -> None:
    if text[:1] in ("", "\0"):
        # as in wasmtime-py, a str that is empty or starts with NUL is not text
        # and, not being bytes either, is refused with TypeError
        with pytest.raises(TypeError, match="expected wasm bytes"):
            compile_module(text)
    else:
        only_wasmtime_errors(compile_module, text)
    only_wasmtime_errors(wat2wasm, text)
    for entry in TEXT_ENTRIES:
        only_wasmtime_errors(entry, text.encode("utf-8", "surrogatepass"))


@garbage_settings
@given(cut=st.integers(0, 10 ** 9), flip=st.integers(0, 16), value=st.integers(0, 255),
       version=st.text(alphabet="0123456789.abc-", min_size=5, max_size=5))
def test_damaged_serialized_modules_raise_only_wasmtime_errors(cut: int, flip: int, value: int,
                                                               version: str) -> None:
    # Only truncation and damage to the magic and version text: the rest of the
    # format is trusted, as wasmtime's is (a damaged length field can make
    # reading take very long).
    data = serialized()
    only_wasmtime_errors(deserialize, data[:cut % len(data)])
    magic = bytearray(data)
    magic[flip] = value
    only_wasmtime_errors(deserialize, bytes(magic))
    only_wasmtime_errors(deserialize, data.replace(wasmlite.__version__.encode(), version.encode(), 1))


@pytest.mark.parametrize("data", [
    b"\x01asm\xff\xfe", b"\xff", b"(module \xc3\x28)", "(module)".encode("utf-16"),
])
def test_bytes_neither_wasm_nor_utf8_say_so(data: bytes) -> None:
    for entry in TEXT_ENTRIES:
        with pytest.raises(WasmtimeError, match="^input was not valid utf-8$"):
            entry(data)


def test_a_wrong_magic_number_or_version_is_named() -> None:
    with pytest.raises(WasmtimeError, match=r"magic header not detected: .*found 00 61 73 6e"):
        Module(ENGINE, b"\0asn\1\0\0\0")
    with pytest.raises(WasmtimeError, match=r"magic header not detected: .*found 28 6d 6f 64"):
        Module.validate(ENGINE, b"(module)")
    with pytest.raises(WasmtimeError, match="unknown binary version: expected 01 00 00 00, found 02 00 00 00"):
        Module(ENGINE, b"\0asm\2\0\0\0")
    with pytest.raises(WasmtimeError, match="unknown binary version: this is a component"):
        Module.validate(ENGINE, b"\0asm\x0d\0\1\0")


@pytest.mark.parametrize("text", [
    "(module (func (export \"\ud800\")))",                       # a lone surrogate
    "(module (func i32.const " + "9" * 5000 + " drop))",      # too many digits to convert
    "(module (func f64.const 0x1p" + "9" * 5000 + " drop))",
    "(" * 100_000,
    "(module (func " + "(block " * 20_000 + ")" * 20_000 + "))",
])
def test_pathological_text_raises_wasmtime_errors_or_compiles(text: str) -> None:
    for entry in TEXT_ENTRIES:
        only_wasmtime_errors(entry, text)


def test_non_string_arguments_raise_type_errors() -> None:
    for argument in (None, 3, 1.5, ["(module)"], object()):
        with pytest.raises(TypeError):
            Module(ENGINE, argument)
        with pytest.raises(TypeError):
            wat2wasm(argument)
        with pytest.raises(TypeError):
            Module.validate(ENGINE, argument)
        with pytest.raises(TypeError):
            Module.deserialize(ENGINE, argument)
