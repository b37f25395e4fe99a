"""Programs in the style of wasmtime-py's README run unchanged with ``import wasmlite as wasmtime``."""

import wasmlite as wasmtime


def test_host_function_greeting(capsys):
    store = wasmtime.Store()
    module = wasmtime.Module(store.engine, """
        (module
          (func $greet (import "" "greet"))
          (func (export "run") (call $greet)))""")

    def greet():
        print("Greetings from Python")
    greet_func = wasmtime.Func(store, wasmtime.FuncType([], []), greet)
    instance = wasmtime.Instance(store, module, [greet_func])
    instance.exports(store)["run"](store)
    assert capsys.readouterr().out == "Greetings from Python\n"


def test_greatest_common_divisor():
    store = wasmtime.Store()
    module = wasmtime.Module(store.engine, """
        (module
          (func $gcd (export "gcd") (param i32 i32) (result i32)
            (local i32)
            block
              block
                local.get 0
                br_if 0
                local.get 1
                local.set 2
                br 1
              end
              loop
                local.get 1
                local.get 0
                local.tee 2
                i32.rem_u
                local.set 0
                local.get 2
                local.set 1
                local.get 0
                br_if 0
              end
            end
            local.get 2))""")
    instance = wasmtime.Instance(store, module, [])
    gcd = instance.exports(store)["gcd"]
    assert gcd(store, 6, 27) == 3
    assert gcd(store, 1071, 462) == 21


def test_memory_inspection_and_growth():
    store = wasmtime.Store()
    module = wasmtime.Module(store.engine, """
        (module
          (memory (export "memory") 2 3)
          (func (export "size") (result i32) (memory.size))
          (func (export "load") (param i32) (result i32) (i32.load8_s (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
          (data (i32.const 0x1000) "\\01\\02\\03\\04"))""")
    instance = wasmtime.Instance(store, module, [])
    exports = instance.exports(store)
    memory, size, load, store_byte = exports["memory"], exports["size"], exports["load"], exports["store"]
    assert memory.size(store) == 2
    assert memory.data_len(store) == 0x20000
    assert memory.read(store, 0x1000, 0x1004) == bytearray(b"\x01\x02\x03\x04")
    assert size(store) == 2
    assert load(store, 0x1002) == 3
    store_byte(store, 0x1002, 5)
    assert load(store, 0x1002) == 5
    try:
        load(store, 0x20000)
    except wasmtime.Trap as trap:
        assert "out of bounds memory access" in str(trap)
    else:
        raise AssertionError("expected a trap")
    assert memory.grow(store, 1) == 2
    assert size(store) == 3
    try:
        memory.grow(store, 1)
    except wasmtime.WasmtimeError:
        pass
    else:
        raise AssertionError("expected growth to fail")


def test_linking_two_modules():
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    linker = wasmtime.Linker(engine)
    math_module = wasmtime.Module(engine, """
        (module (func (export "square") (param i64) (result i64) local.get 0 local.get 0 i64.mul))""")
    linker.define_instance(store, "math", linker.instantiate(store, math_module))
    app = wasmtime.Module(engine, """
        (module
          (import "math" "square" (func $square (param i64) (result i64)))
          (func (export "hypot2") (param i64 i64) (result i64)
            (i64.add (call $square (local.get 0)) (call $square (local.get 1)))))""")
    hypot2 = linker.instantiate(store, app).exports(store)["hypot2"]
    assert hypot2(store, 3, 4) == 25


def test_imported_global_and_table():
    store = wasmtime.Store()
    counter = wasmtime.Global(store, wasmtime.GlobalType(wasmtime.ValType.i32(), True), 10)
    table = wasmtime.Table(store, wasmtime.TableType(wasmtime.ValType.funcref(), wasmtime.Limits(1, None)), None)
    double = wasmtime.Func(store, wasmtime.FuncType([wasmtime.ValType.i32()], [wasmtime.ValType.i32()]),
                           lambda x: 2 * x)
    table.set(store, 0, double)
    module = wasmtime.Module(store.engine, """
        (module
          (import "" "counter" (global $c (mut i32)))
          (import "" "table" (table 1 funcref))
          (type $unary (func (param i32) (result i32)))
          (func (export "step") (result i32)
            (global.set $c (call_indirect (type $unary) (global.get $c) (i32.const 0)))
            (global.get $c)))""")
    step = wasmtime.Instance(store, module, [counter, table]).exports(store)["step"]
    assert step(store) == 20
    assert step(store) == 40
    assert counter.value(store) == 40
