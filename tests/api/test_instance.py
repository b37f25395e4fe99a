"""Module and Instance: instantiation and exports."""

import pytest

import wasmlite
from .api_helpers import wat
from wasmlite import Func, Global, Instance, Memory, Module, Table, Trap, TrapCode, WasmtimeError

EXPORTS = wat("""
(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "pair") (param i64) (result i64 f64) local.get 0 f64.const 2.5)
  (func (export "nothing"))
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (memory (export "mem") 1 2)
  (global (export "counter") (mut i32) (i32.const -5))
  (table (export "tab") 2 funcref)
  (func (export "self") (result funcref) ref.func 0)
  (func (export "echo") (param externref) (result externref) local.get 0))
""")


@pytest.fixture
def instance(store, engine):
    return Instance(store, Module(engine, EXPORTS), [])


def test_module_accepts_text_and_binary(engine):
    assert Module(engine, EXPORTS).exports[0].name == "add"
    from_text = Module(engine, '(module (func (export "f")))')
    assert [e.name for e in from_text.exports] == ["f"]


def test_module_from_file(engine, tmp_path):
    path = tmp_path / "m.wasm"
    path.write_bytes(EXPORTS)
    assert len(Module.from_file(engine, path).exports) == 9
    text = tmp_path / "m.wat"
    text.write_text('(module (memory (export "m") 1))')
    assert Module.from_file(engine, str(text)).exports[0].name == "m"


def test_malformed_and_invalid_modules_raise_wasmtime_errors(engine):
    from wasmlite.errors import InvalidError, MalformedError
    with pytest.raises(MalformedError):
        Module(engine, b"\0asm\x01\0\0\0\x01")
    with pytest.raises(InvalidError):
        Module(engine, wat("(module (func (result i32)))"))
    with pytest.raises(WasmtimeError):
        Module.validate(engine, b"\0asm\x01\0\0\0\x01")
    assert Module.validate(engine, EXPORTS) is None
    with pytest.raises(TypeError, match="expected wasm bytes"):
        Module.validate(engine, "text")


def test_exports_by_name_index_attribute_and_iteration(store, instance):
    exports = instance.exports(store)
    assert isinstance(exports["add"], Func)
    assert exports[0] is exports["add"]
    assert exports.add is exports["add"]
    assert list(exports) == ["add", "pair", "nothing", "div", "mem", "counter", "tab", "self", "echo"]
    assert len(exports) == 9
    assert exports.get("missing") is None
    with pytest.raises(KeyError):
        exports["missing"]
    with pytest.raises(AttributeError):
        exports.missing
    assert isinstance(exports["mem"], Memory)
    assert isinstance(exports["counter"], Global)
    assert isinstance(exports["tab"], Table)
    assert instance.exports(store) is exports


def test_calling_exports(store, instance):
    ex = instance.exports(store)
    assert ex["add"](store, 2, 3) == 5
    assert ex["add"](store, 0x7FFFFFFF, 1) == -(2 ** 31)
    assert ex["add"](store, -1, 0xFFFFFFFF) == -2
    assert ex["pair"](store, -7) == [-7, 2.5]
    assert ex["nothing"](store) is None


def test_traps_carry_code_message_and_frames(store, instance):
    with pytest.raises(Trap) as info:
        instance.exports(store)["div"](store, 1, 0)
    trap = info.value
    assert trap.trap_code == TrapCode.INTEGER_DIVISION_BY_ZERO
    assert trap.message == "integer divide by zero"
    assert [f.func_index for f in trap.frames] == [3]
    assert "integer divide by zero" in str(trap)


def test_funcref_results_are_callable_funcs(store, instance):
    f = instance.exports(store)["self"](store)
    assert isinstance(f, Func)
    assert f(store, 20, 22) == 42
    assert f is instance.exports(store)["add"]


def test_externref_round_trip_keeps_identity(store, instance):
    obj = object()
    assert instance.exports(store)["echo"](store, obj) is obj
    assert instance.exports(store)["echo"](store, None) is None


def test_exported_global_and_memory(store, instance):
    ex = instance.exports(store)
    assert ex["counter"].value(store) == -5
    ex["counter"].set_value(store, 9)
    assert ex["counter"].value(store) == 9
    assert ex["mem"].size(store) == 1
    assert ex["mem"].grow(store, 1) == 1


def test_get_func_and_typed_func(store, instance):
    add = instance.get_func(store, "add")
    assert add is instance.exports(store)["add"]
    assert instance.get_func(store, "mem") is None
    assert instance.get_func(store, "missing") is None
    typed = instance.get_typed_func(store, "add", [wasmlite.i32, wasmlite.i32], [wasmlite.i32])
    assert typed.call(store, 1, 2) == 3
    assert typed(store, 3, 4) == 7
    with pytest.raises(WasmtimeError, match="failed to find function export `nope`"):
        instance.get_typed_func(store, "nope", [], [])


def test_typed_func_mismatch_names_both_signatures(store, instance):
    add = instance.get_func(store, "add")
    with pytest.raises(WasmtimeError) as info:
        add.typed(store, [wasmlite.i64], [wasmlite.i32])
    message = str(info.value)
    assert "(func (param i64) (result i32))" in message
    assert "(func (param i32 i32) (result i32))" in message


def test_import_count_and_kind_are_checked(store, engine):
    module = Module(engine, wat('(module (import "a" "f" (func)) (import "a" "g" (global i32)))'))
    with pytest.raises(WasmtimeError, match="expected 2 imports, found 0"):
        Instance(store, module, [])
    with pytest.raises(TypeError, match="expected a Func, Global, Memory"):
        Instance(store, module, [1, 2])
    f = Func(store, wasmlite.FuncType([], []), lambda: None)
    with pytest.raises(WasmtimeError, match="incompatible import type for `a::g`"):
        Instance(store, module, [f, f])


def test_imports_from_another_store_are_refused(engine):
    module = Module(engine, wat('(module (import "a" "f" (func)))'))
    other = wasmlite.Store(engine)
    f = Func(other, wasmlite.FuncType([], []), lambda: None)
    with pytest.raises(WasmtimeError, match="cross-`Store` instantiation is not currently supported"):
        Instance(wasmlite.Store(engine), module, [f])


def test_start_function_trap_fails_instantiation(store, engine):
    module = Module(engine, wat("(module (func unreachable) (start 0))"))
    with pytest.raises(Trap) as info:
        Instance(store, module, [])
    assert info.value.trap_code == TrapCode.UNREACHABLE


def test_typed_function_reference_arguments_are_checked(store, engine):
    module = Module(engine, wat("""
        (module (type $t (func (param i32) (result i32)))
          (func (export "apply") (param (ref $t)) (result i32) i32.const 1 local.get 0 call_ref $t))"""))
    apply = Instance(store, module, []).exports(store)["apply"]
    i32 = wasmlite.ValType.i32()
    good = Func(store, wasmlite.FuncType([i32], [i32]), lambda x: x + 41)
    assert apply(store, good) == 42
    with pytest.raises(TypeError, match="don't know how to convert"):
        apply(store, Func(store, wasmlite.FuncType([], []), lambda: None))
    with pytest.raises(TypeError, match="don't know how to convert None"):
        apply(store, None)
