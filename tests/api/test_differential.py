"""The same WAT snippets run in wasmlite and in wasmtime-py give the same results,
trap codes and error kinds."""

import math
import struct

import pytest

import wasmlite
from .api_helpers import wat

wasmtime = pytest.importorskip("wasmtime")

CORPUS = [
    # (name, module text, export, arguments)
    ("add", '(func (export "f") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)', "f", (7, -9)),
    ("add-wrap", '(func (export "f") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)', "f",
     (0x7FFFFFFF, 1)),
    ("unsigned-arg", '(func (export "f") (param i32) (result i32) local.get 0)', "f", (0xFFFFFFFF,)),
    ("i64-mul", '(func (export "f") (param i64 i64) (result i64) local.get 0 local.get 1 i64.mul)', "f",
     (2 ** 40, 2 ** 30)),
    ("div-by-zero", '(func (export "f") (param i32) (result i32) i32.const 1 local.get 0 i32.div_u)', "f", (0,)),
    ("div-overflow", '(func (export "f") (result i32) i32.const 0x80000000 i32.const -1 i32.div_s)', "f", ()),
    ("rem-s", '(func (export "f") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)', "f", (-7, 2)),
    ("unreachable", '(func (export "f") unreachable)', "f", ()),
    ("trunc-nan", '(func (export "f") (param f32) (result i32) local.get 0 i32.trunc_f32_s)', "f", (math.nan,)),
    ("trunc-overflow", '(func (export "f") (param f64) (result i64) local.get 0 i64.trunc_f64_u)', "f", (-1.0,)),
    ("trunc-sat", '(func (export "f") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_s)', "f", (1e20,)),
    ("f32-round", '(func (export "f") (param f32) (result f32) local.get 0)', "f", (0.1,)),
    ("f32-add", '(func (export "f") (param f32 f32) (result f32) local.get 0 local.get 1 f32.add)', "f",
     (1.0, 1e-8)),
    ("f64-div", '(func (export "f") (param f64 f64) (result f64) local.get 0 local.get 1 f64.div)', "f",
     (1.0, 0.0)),
    ("f64-min", '(func (export "f") (param f64 f64) (result f64) local.get 0 local.get 1 f64.min)', "f",
     (-0.0, 0.0)),
    ("multi-value", '(func (export "f") (param i32) (result i32 i64 f32) local.get 0 i64.const -1 f32.const 2)',
     "f", (3,)),
    ("no-result", '(func (export "f") (param i32))', "f", (1,)),
    ("memory-oob", '(memory 1) (func (export "f") (param i32) (result i32) local.get 0 i32.load)', "f",
     (65534,)),
    ("memory-ok", '(memory 1) (data (i32.const 8) "\\2a") (func (export "f") (param i32) (result i32) '
     'local.get 0 i32.load8_u)', "f", (8,)),
    ("memory-grow", '(memory 1 2) (func (export "f") (param i32) (result i32) local.get 0 memory.grow)', "f", (5,)),
    ("call-indirect-null", '(type $t (func)) (table 2 funcref) '
     '(func (export "f") (param i32) local.get 0 call_indirect (type $t))', "f", (1,)),
    ("call-indirect-oob", '(type $t (func)) (table 2 funcref) '
     '(func (export "f") (param i32) local.get 0 call_indirect (type $t))', "f", (5,)),
    ("call-indirect-sig", '(type $t (func)) (type $u (func (param i32))) (table 1 funcref) (elem (i32.const 0) $g) '
     '(func $g (param i32)) (func (export "f") i32.const 0 call_indirect (type $t))', "f", ()),
    ("stack-overflow", '(func (export "f") call 0)', "f", ()),
    ("global", '(global $g (mut i64) (i64.const -3)) (func (export "f") (result i64) global.get $g)', "f", ()),
    ("loop-sum", '(func (export "f") (param i32) (result i32) (local i32) '
     '(loop $l local.get 1 local.get 0 i32.add local.set 1 local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l) '
     'local.get 1)', "f", (100,)),
    ("table-oob", '(table 1 externref) (func (export "f") (param i32) (result externref) local.get 0 table.get 0)',
     "f", (3,)),
    ("wrong-arg-count", '(func (export "f") (param i32))', "f", ()),
    ("wrong-arg-type", '(func (export "f") (param i32))', "f", ("x",)),
    ("float-for-int", '(func (export "f") (param i64))', "f", (1.5,)),
    ("select", '(func (export "f") (param i32) (result i32) i32.const 10 i32.const 20 local.get 0 select)',
     "f", (0,)),
    ("clz", '(func (export "f") (param i64) (result i64) local.get 0 i64.clz)', "f", (1,)),
    ("extend", '(func (export "f") (param i32) (result i64) local.get 0 i64.extend_i32_s)', "f", (-5,)),
]

INVALID_MODULES = [
    ("type-mismatch", "(module (func (result i32)))"),
    ("unknown-local", "(module (func local.get 3 drop))"),
]


def _outcome(api, binary, export, args):
    engine = api.Engine()
    store = api.Store(engine)
    try:
        instance = api.Instance(store, api.Module(engine, binary), [])
        value = instance.exports(store)[export](store, *args)
    except api.Trap as e:
        return ("trap", e.trap_code.name if e.trap_code is not None else None)
    except api.WasmtimeError:
        return ("error", None)
    except TypeError:
        return ("type-error", None)
    return ("value", _normalise(value))


def _normalise(value):
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, float):
        return ("float", struct.pack("<d", value)) if not math.isnan(value) else ("float", "nan")
    return value


@pytest.mark.parametrize("name, text, export, args", CORPUS, ids=[c[0] for c in CORPUS])
def test_same_outcome(name, text, export, args):
    binary = wat(f"(module {text})")
    assert _outcome(wasmlite, binary, export, args) == _outcome(wasmtime, binary, export, args)


@pytest.mark.parametrize("name, text", INVALID_MODULES, ids=[c[0] for c in INVALID_MODULES])
def test_invalid_modules_fail_in_both(name, text):
    for api in (wasmlite, wasmtime):
        with pytest.raises(api.WasmtimeError):
            api.Module(api.Engine(), text)


def test_host_import_outcomes_match():
    binary = wat('(module (import "" "h" (func $h (param i32) (result i32))) '
                 '(func (export "f") (param i32) (result i32) local.get 0 call $h))')
    results = []
    for api in (wasmlite, wasmtime):
        store = api.Store()
        h = api.Func(store, api.FuncType([api.ValType.i32()], [api.ValType.i32()]), lambda x: x * 3)
        instance = api.Instance(store, api.Module(store.engine, binary), [h])
        results.append([instance.exports(store)["f"](store, v) for v in (1, -1, 0x40000000)])
    assert results[0] == results[1]
