"""Misusing the embedding API fails as wasmtime-py fails.

Each case below does one thing with the API (most of them wrong: a number where
a store is expected, a closed object, an unknown setting...) and runs against
both packages: wasmlite must raise the same kind of exception as the installed
wasmtime-py, or succeed where it succeeds. "The same kind" means an instance of
the class wasmtime-py raised (``wasmlite.WasmtimeError`` standing for
``wasmtime.WasmtimeError``): where wasmtime-py raises ``AttributeError`` for a
wrong argument, wasmlite raises an error that is both that and a ``TypeError``.

Cases that would make wasmtime's native library abort the process (an object
used with another store than its own) are left out. Deliberate differences,
where wasmlite accepts more, are in ``EXTENSIONS`` and checked against wasmlite
alone.
"""

from __future__ import annotations

import types
from typing import Any, Callable

import pytest

import wasmlite

wasmtime = pytest.importorskip(
    "wasmtime", reason="the wasmtime package (a dev extra) is the oracle these cases run against")

MODULE = """
(module
  (import "host" "h" (func $h (param i32) (result i32)))
  (memory (export "mem") 1 2)
  (table (export "tab") 2 funcref)
  (global (export "g") (mut i32) (i32.const 1))
  (global (export "c") i32 (i32.const 2))
  (func (export "f") (param i32) (result i32) local.get 0 call $h)
  (func (export "nop")))
"""
PLAIN = '(module (func (export "nop")))'
EMPTY_BINARY = b"\0asm\1\0\0\0"


def world(m: Any) -> types.SimpleNamespace:
    """An engine, a store, a linker and an instance of MODULE made with package ``m``."""
    w = types.SimpleNamespace(m=m)
    w.engine = m.Engine()
    w.store = m.Store(w.engine)
    w.i32 = m.ValType.i32()
    w.fty = m.FuncType([w.i32], [w.i32])
    w.module = m.Module(w.engine, MODULE)
    w.plain = m.Module(w.engine, PLAIN)
    w.host = m.Func(w.store, w.fty, lambda x: x)
    w.instance = m.Instance(w.store, w.module, [w.host])
    w.ex = w.instance.exports(w.store)
    w.linker = m.Linker(w.engine)
    return w


Case = Callable[[types.SimpleNamespace], Any]


# --- helpers that build cases -------------------------------------------------------

def config_set(name: str, value: Any) -> Case:
    return lambda w: setattr(w.m.Config(), name, value)


def consumed_config(action: Callable[[Any, Any], Any]) -> Case:
    def case(w: types.SimpleNamespace) -> Any:
        config = w.m.Config()
        w.m.Engine(config)
        return action(w, config)
    return case


def closed_engine(action: Callable[[Any, Any], Any]) -> Case:
    def case(w: types.SimpleNamespace) -> Any:
        engine = w.m.Engine()
        engine.close()
        return action(w, engine)
    return case


def closed(attr: str, action: Case) -> Case:
    def case(w: types.SimpleNamespace) -> Any:
        getattr(w, attr).close()
        return action(w)
    return case


def fuel_store(w: types.SimpleNamespace) -> Any:
    config = w.m.Config()
    config.consume_fuel = True
    return w.m.Store(w.m.Engine(config))


def shared_memory(w: types.SimpleNamespace, *limits: Any, shared: bool = True) -> Any:
    config = w.m.Config()
    config.shared_memory = True
    return w.m.SharedMemory(w.m.Engine(config), w.m.MemoryType(w.m.Limits(*limits), shared=shared))


def import_closed_shared_memory(w: types.SimpleNamespace) -> Any:
    config = w.m.Config()
    config.shared_memory = True
    engine = w.m.Engine(config)
    memory = w.m.SharedMemory(engine, w.m.MemoryType(w.m.Limits(1, 2), shared=True))
    module = w.m.Module(engine, '(module (import "" "m" (memory 1 2 shared)))')
    memory.close()
    return w.m.Instance(w.m.Store(engine), module, [memory])


def host_returning(params: list[str], results: list[str], value: Any) -> Case:
    def case(w: types.SimpleNamespace) -> Any:
        vt = w.m.ValType
        fty = w.m.FuncType([getattr(vt, p)() for p in params], [getattr(vt, r)() for r in results])
        func = w.m.Func(w.store, fty, lambda *args: value)
        return func(w.store, *[0] * len(params))
    return case


def in_host_call(action: Callable[[Any, Any], Any]) -> Case:
    """``action(w, caller)`` run by a host function during a call from wasm."""
    def case(w: types.SimpleNamespace) -> Any:
        def host(caller: Any, x: int) -> int:
            action(w, caller)
            return x
        func = w.m.Func(w.store, w.fty, host, access_caller=True)
        return w.m.Instance(w.store, w.module, [func]).exports(w.store)["f"](w.store, 1)
    return case


def after_host_call(action: Callable[[Any, Any], Any]) -> Case:
    """``action(w, caller)`` with the Caller of a host call that has returned."""
    def case(w: types.SimpleNamespace) -> Any:
        kept = []

        def host(caller: Any, x: int) -> int:
            kept.append(caller)
            return x
        func = w.m.Func(w.store, w.fty, host, access_caller=True)
        w.m.Instance(w.store, w.module, [func]).exports(w.store)["f"](w.store, 1)
        return action(w, kept[0])
    return case


def limits(w: types.SimpleNamespace, low: Any, high: Any = None) -> Any:
    return w.m.Limits(low, high)


# --- the cases ---------------------------------------------------------------------

CASES: dict[str, Case] = {
    # Config
    "config setting after its engine took it": consumed_config(lambda w, c: setattr(c, "wasm_simd", True)),
    "second engine from one config": consumed_config(lambda w, c: w.m.Engine(c)),
    "cranelift flag after its engine took it": consumed_config(lambda w, c: c.cranelift_flag_enable("x")),
    "cache after its engine took it": consumed_config(lambda w, c: setattr(c, "cache", True)),
    "config setting after close": lambda w: (lambda c: (c.close(), setattr(c, "consume_fuel", True)))(w.m.Config()),
    "engine from a closed config": lambda w: (lambda c: (c.close(), w.m.Engine(c)))(w.m.Config()),
    "bool setting given an int": config_set("consume_fuel", 1),
    "bool setting given None": config_set("wasm_simd", None),
    "debug_info given an int": config_set("debug_info", 1),
    "epoch_interruption given an int": config_set("epoch_interruption", 1),
    "epoch_interruption given a str": config_set("epoch_interruption", "yes"),
    "max_wasm_stack given a str": config_set("max_wasm_stack", "big"),
    "max_wasm_stack given -1": config_set("max_wasm_stack", -1),
    "max_wasm_stack given a bool": config_set("max_wasm_stack", True),
    "max_wasm_stack given 2**70": config_set("max_wasm_stack", 2 ** 70),
    "memory_reservation given a str": config_set("memory_reservation", "x"),
    "memory_guard_size given a negative size": config_set("memory_guard_size", -5),
    "unknown strategy": config_set("strategy", "fast"),
    "strategy given an int": config_set("strategy", 3),
    "known strategy": config_set("strategy", "cranelift"),
    "unknown opt level": config_set("cranelift_opt_level", "max"),
    "known opt level": config_set("cranelift_opt_level", "speed_and_size"),
    "unknown profiler": config_set("profiler", "gprof"),
    "profiler given an int": config_set("profiler", 3),
    "cache given an int": config_set("cache", 3),
    "cache disabled explicitly": config_set("cache", False),
    "cache naming a missing file": config_set("cache", "/nonexistent/wasmlite-cache.toml"),
    "cache naming a directory": config_set("cache", "/"),
    "target given an int": config_set("target", 3),
    "unknown target architecture": config_set("target", "foo"),
    "empty target": config_set("target", ""),
    "unknown target operating system": config_set("target", "x86_64-unknown-foo"),
    "unknown target environment": config_set("target", "x86_64-unknown-linux-foo"),
    "unknown target binary format": config_set("target", "x86_64-unknown-linux-gnu-extra"),
    "empty target vendor": config_set("target", "x86_64--linux"),
    "host target": config_set("target", "x86_64-unknown-linux-gnu"),
    "other target": config_set("target", "aarch64-apple-darwin"),
    "target without vendor": config_set("target", "riscv64gc-linux"),
    "cranelift_flag_enable given an int": lambda w: w.m.Config().cranelift_flag_enable(3),
    "cranelift_flag_set given an int key": lambda w: w.m.Config().cranelift_flag_set(3, "x"),
    "cranelift_flag_set given an int value": lambda w: w.m.Config().cranelift_flag_set("x", 3),
    # Engine
    "Engine given an int": lambda w: w.m.Engine(3),
    "Engine given a str": lambda w: w.m.Engine("config"),
    "Store of a closed engine": closed_engine(lambda w, e: w.m.Store(e)),
    "Module of a closed engine": closed_engine(lambda w, e: w.m.Module(e, PLAIN)),
    "Linker of a closed engine": closed_engine(lambda w, e: w.m.Linker(e)),
    "validate with a closed engine": closed_engine(lambda w, e: w.m.Module.validate(e, EMPTY_BINARY)),
    "deserialize with a closed engine": closed_engine(lambda w, e: w.m.Module.deserialize(e, b"")),
    "SharedMemory of a closed engine": closed_engine(
        lambda w, e: w.m.SharedMemory(e, w.m.MemoryType(w.m.Limits(1, 1), shared=True))),
    "increment_epoch of a closed engine": closed_engine(lambda w, e: e.increment_epoch()),
    "is_pulley of a closed engine": closed_engine(lambda w, e: e.is_pulley()),
    "closing an engine twice": closed_engine(lambda w, e: e.close()),
    # Store
    "Store given an int": lambda w: w.m.Store(3),
    "Store given a str": lambda w: w.m.Store("engine"),
    "set_fuel without fuel": lambda w: w.store.set_fuel(1),
    "get_fuel without fuel": lambda w: w.store.get_fuel(),
    "set_fuel given a str": lambda w: fuel_store(w).set_fuel("x"),
    "set_fuel given a float": lambda w: fuel_store(w).set_fuel(1.5),
    "set_fuel given -1": lambda w: fuel_store(w).set_fuel(-1),
    "set_fuel given 2**70": lambda w: fuel_store(w).set_fuel(2 ** 70),
    "set_epoch_deadline given a str": lambda w: w.store.set_epoch_deadline("x"),
    "set_limits given a str": lambda w: w.store.set_limits("x"),
    "set_limits given a float": lambda w: w.store.set_limits(memory_size=1.5),
    "set_wasi given an int": lambda w: w.store.set_wasi(3),
    "set_wasi given one config twice": lambda w: (lambda c: (w.store.set_wasi(c), w.store.set_wasi(c)))(
        w.m.WasiConfig()),
    "set_wasi given one config for two stores": lambda w: (lambda c: (
        w.store.set_wasi(c), w.m.Store(w.engine).set_wasi(c)))(w.m.WasiConfig()),
    "data of a store": lambda w: w.m.Store(w.engine, {"a": 1}).data(),
    "data of a closed store": closed("store", lambda w: w.store.data()),
    "gc of a closed store": closed("store", lambda w: w.store.gc()),
    "set_fuel of a closed store": closed("store", lambda w: w.store.set_fuel(1)),
    "get_fuel of a closed store": closed("store", lambda w: w.store.get_fuel()),
    "set_epoch_deadline of a closed store": closed("store", lambda w: w.store.set_epoch_deadline(1)),
    "set_limits of a closed store": closed("store", lambda w: w.store.set_limits(1)),
    "set_wasi of a closed store": closed("store", lambda w: w.store.set_wasi(w.m.WasiConfig())),
    "Instance in a closed store": closed("store", lambda w: w.m.Instance(w.store, w.plain, [])),
    "Func in a closed store": closed("store", lambda w: w.m.Func(w.store, w.fty, lambda x: x)),
    "Memory in a closed store": closed("store", lambda w: w.m.Memory(
        w.store, w.m.MemoryType(w.m.Limits(1, None)))),
    "Global in a closed store": closed("store", lambda w: w.m.Global(
        w.store, w.m.GlobalType(w.i32, True), 1)),
    "Table in a closed store": closed("store", lambda w: w.m.Table(
        w.store, w.m.TableType(w.m.ValType.funcref(), w.m.Limits(1, None)), None)),
    "call in a closed store": closed("store", lambda w: w.ex["f"](w.store, 1)),
    "Func.type in a closed store": closed("store", lambda w: w.ex["f"].type(w.store)),
    "Memory.read in a closed store": closed("store", lambda w: w.ex["mem"].read(w.store, 0, 4)),
    "Memory.size in a closed store": closed("store", lambda w: w.ex["mem"].size(w.store)),
    "Global.value in a closed store": closed("store", lambda w: w.ex["g"].value(w.store)),
    "Table.size in a closed store": closed("store", lambda w: w.ex["tab"].size(w.store)),
    "Linker.instantiate in a closed store": closed("store", lambda w: w.linker.instantiate(w.store, w.plain)),
    "Linker.define in a closed store": closed("store", lambda w: w.linker.define(w.store, "a", "b", w.host)),
    "closing a store twice": closed("store", lambda w: w.store.close()),
    # Module
    "Module given an int engine": lambda w: w.m.Module(3, PLAIN),
    "Module given an int": lambda w: w.m.Module(w.engine, 3),
    "Module given None": lambda w: w.m.Module(w.engine, None),
    "Module given a list": lambda w: w.m.Module(w.engine, [0, 97]),
    "Module given an empty str": lambda w: w.m.Module(w.engine, ""),
    "Module given empty bytes": lambda w: w.m.Module(w.engine, b""),
    "Module given text that does not parse": lambda w: w.m.Module(w.engine, "(module"),
    "Module given bytes that are not UTF-8": lambda w: w.m.Module(w.engine, b"\x01asm\xff\xfe"),
    "Module given a bad magic number": lambda w: w.m.Module(w.engine, b"\0asn\1\0\0\0"),
    "Module given a bad version": lambda w: w.m.Module(w.engine, b"\0asm\2\0\0\0"),
    "Module given an invalid module": lambda w: w.m.Module(w.engine, "(module (func (result i32)))"),
    "validate given an int engine": lambda w: w.m.Module.validate(3, EMPTY_BINARY),
    "validate given a str": lambda w: w.m.Module.validate(w.engine, PLAIN),
    "validate given text bytes": lambda w: w.m.Module.validate(w.engine, b"(module)"),
    "validate given bytes that are not UTF-8": lambda w: w.m.Module.validate(w.engine, b"\x01asm\xff"),
    "validate given a valid module": lambda w: w.m.Module.validate(w.engine, EMPTY_BINARY),
    "deserialize given an int engine": lambda w: w.m.Module.deserialize(3, EMPTY_BINARY),
    "deserialize given a str": lambda w: w.m.Module.deserialize(w.engine, "x"),
    "deserialize given garbage": lambda w: w.m.Module.deserialize(w.engine, b"garbage"),
    "deserialize given a module binary": lambda w: w.m.Module.deserialize(w.engine, EMPTY_BINARY),
    "deserialize_file given an int path": lambda w: w.m.Module.deserialize_file(w.engine, 3),
    "deserialize_file of a missing file": lambda w: w.m.Module.deserialize_file(w.engine, "/nonexistent"),
    "deserialize_file of a directory": lambda w: w.m.Module.deserialize_file(w.engine, "/"),
    "from_file given an int engine": lambda w: w.m.Module.from_file(3, "/nonexistent"),
    "from_file of a missing file": lambda w: w.m.Module.from_file(w.engine, "/nonexistent"),
    "exports of a closed module": closed("module", lambda w: w.module.exports),
    "imports of a closed module": closed("module", lambda w: w.module.imports),
    "serialize of a closed module": closed("module", lambda w: w.module.serialize()),
    "Instance of a closed module": closed("module", lambda w: w.m.Instance(w.store, w.module, [w.host])),
    "Linker.instantiate of a closed module": closed("plain", lambda w: w.linker.instantiate(w.store, w.plain)),
    "wat2wasm given an int": lambda w: w.m.wat2wasm(3),
    "wat2wasm given None": lambda w: w.m.wat2wasm(None),
    "wat2wasm given bytes that are not UTF-8": lambda w: w.m.wat2wasm(b"\xff"),
    "wat2wasm given text that does not parse": lambda w: w.m.wat2wasm("(module"),
    "wat2wasm given a NUL character": lambda w: w.m.wat2wasm("(module)\0"),
    # Linker
    "Linker given an int": lambda w: w.m.Linker(3),
    "Linker given None": lambda w: w.m.Linker(None),
    "define given an int item": lambda w: w.linker.define(w.store, "a", "b", 3),
    "define given an int store": lambda w: w.linker.define(3, "a", "b", w.host),
    "define given an int module name": lambda w: w.linker.define(w.store, 1, "b", w.host),
    "define given bytes as field name": lambda w: w.linker.define(w.store, "a", b"b", w.host),
    "define twice": lambda w: [w.linker.define(w.store, "a", "b", w.host) for _ in range(2)],
    "define twice with shadowing": lambda w: (setattr(w.linker, "allow_shadowing", True), [
        w.linker.define(w.store, "a", "b", w.host) for _ in range(2)]),
    "allow_shadowing given an int": lambda w: setattr(w.linker, "allow_shadowing", 1),
    "allow_shadowing given a str": lambda w: setattr(w.linker, "allow_shadowing", "x"),
    "define_func given an int module name": lambda w: w.linker.define_func(1, "b", w.fty, lambda x: x),
    "define_func given an int type": lambda w: w.linker.define_func("a", "b", 3, lambda x: x),
    "define_instance given an int": lambda w: w.linker.define_instance(w.store, "x", 3),
    "define_instance given an int store": lambda w: w.linker.define_instance(3, "x", w.instance),
    "define_module given an int": lambda w: w.linker.define_module(w.store, "x", 3),
    "define_module given an int store": lambda w: w.linker.define_module(3, "x", w.plain),
    "define_wasi twice": lambda w: (w.linker.define_wasi(), w.linker.define_wasi()),
    "define_unknown_imports_as_traps given an int": lambda w: w.linker.define_unknown_imports_as_traps(3),
    "define_unknown_imports_as_default_values given an int":
        lambda w: w.linker.define_unknown_imports_as_default_values(w.store, 3),
    "define_unknown_imports_as_default_values given an int store":
        lambda w: w.linker.define_unknown_imports_as_default_values(3, w.module),
    "calling an import defined as a trap": lambda w: (
        w.linker.define_unknown_imports_as_traps(w.module),
        w.linker.instantiate(w.store, w.module).exports(w.store)["f"](w.store, 1)),
    "instantiate given an int module": lambda w: w.linker.instantiate(w.store, 3),
    "instantiate given an int store": lambda w: w.linker.instantiate(3, w.plain),
    "instantiate with an undefined import": lambda w: w.linker.instantiate(w.store, w.module),
    "instantiate_pre given an int": lambda w: w.linker.instantiate_pre(3),
    "instantiate_pre with an undefined import": lambda w: w.linker.instantiate_pre(w.module),
    "InstancePre.instantiate given an int store": lambda w: w.linker.instantiate_pre(w.plain).instantiate(3),
    "InstancePre.instantiate after close": lambda w: (lambda p: (p.close(), p.instantiate(w.store)))(
        w.linker.instantiate_pre(w.plain)),
    "InstancePre.module after close": lambda w: (lambda p: (p.close(), p.module))(
        w.linker.instantiate_pre(w.plain)),
    "get of an undefined item": lambda w: w.linker.get(w.store, "a", "b"),
    "get given an int module name": lambda w: w.linker.get(w.store, 1, "b"),
    "get given an int store": lambda w: w.linker.get(3, "a", "b"),
    "get_default of an undefined module": lambda w: w.linker.get_default(w.store, "nothing"),
    "get_default given an int name": lambda w: w.linker.get_default(w.store, 3),
    "define_func of a closed linker": closed("linker", lambda w: w.linker.define_func(
        "a", "b", w.fty, lambda x: x)),
    "instantiate of a closed linker": closed("linker", lambda w: w.linker.instantiate(w.store, w.plain)),
    "define_wasi of a closed linker": closed("linker", lambda w: w.linker.define_wasi()),
    "get of a closed linker": closed("linker", lambda w: w.linker.get(w.store, "a", "b")),
    # Instance
    "Instance given an int store": lambda w: w.m.Instance(3, w.plain, []),
    "Instance given an int module": lambda w: w.m.Instance(w.store, 3, []),
    "Instance given an int for imports": lambda w: w.m.Instance(w.store, w.plain, 3),
    "Instance given an int import": lambda w: w.m.Instance(w.store, w.module, [3]),
    "Instance missing an import": lambda w: w.m.Instance(w.store, w.module, []),
    "Instance given a memory for a function": lambda w: w.m.Instance(w.store, w.module, [w.ex["mem"]]),
    "Instance given a function of another type": lambda w: w.m.Instance(w.store, w.module, [w.ex["nop"]]),
    "Instance given too many imports": lambda w: w.m.Instance(w.store, w.plain, [w.host]),
    "exports given an int store": lambda w: w.m.Instance(w.store, w.plain, []).exports(3),
    "missing export by name": lambda w: w.ex["missing"],
    "export index out of range": lambda w: w.ex[99],
    "missing export with get": lambda w: w.ex.get("missing"),
    "missing export as attribute": lambda w: w.ex.missing,
    # Func
    "Func given an int store": lambda w: w.m.Func(3, w.fty, lambda x: x),
    "Func given an int type": lambda w: w.m.Func(w.store, 3, lambda x: x),
    "call given a str": lambda w: w.ex["f"](w.store, "x"),
    "call given a float for an i32": lambda w: w.ex["f"](w.store, 1.5),
    "call given None for an i32": lambda w: w.ex["f"](w.store, None),
    "call given 2**40 for an i32": lambda w: w.ex["f"](w.store, 2 ** 40),
    "call given a Val of another type": lambda w: w.ex["f"](w.store, w.m.Val.i64(1)),
    "call with too few arguments": lambda w: w.ex["f"](w.store),
    "call with too many arguments": lambda w: w.ex["f"](w.store, 1, 2),
    "call given an int store": lambda w: w.ex["f"](3, 1),
    "call given None as store": lambda w: w.ex["f"](None, 1),
    "Func.type given an int store": lambda w: w.ex["f"].type(3),
    "host function returning a str": host_returning([], ["i32"], "x"),
    "host function returning a float for an i32": host_returning([], ["i32"], 1.0),
    "host function returning an int for an f64": host_returning([], ["f64"], 1),
    "an int for an f32 global": lambda w: w.m.Global(
        w.store, w.m.GlobalType(w.m.ValType.f32(), True), 1),
    "an int for an f32 parameter": host_returning(["f32"], ["f32"], 1.5),
    "Val.f32 given an int": lambda w: w.m.Val.f32(1),
    "Val.f64 given an int": lambda w: w.m.Val.f64(1),
    "wat2wasm given empty text": lambda w: w.m.wat2wasm(""),
    "host function returning 2**40 for an i32": host_returning([], ["i32"], 2 ** 40),
    "host function returning a value for no results": host_returning([], [], 1),
    "host function returning too few results": host_returning([], ["i32", "i32"], [1]),
    "host function returning an int for two results": host_returning([], ["i32", "i32"], 1),
    "host function returning a str for a funcref": host_returning([], ["funcref"], "x"),
    # Caller
    "Caller.get given an int": in_host_call(lambda w, c: c.get(3)),
    "Caller item of a missing export": in_host_call(lambda w, c: c["missing"]),
    "Caller used as a store": in_host_call(lambda w, c: c["mem"].size(c)),
    "Caller.get after the call": after_host_call(lambda w, c: c.get("mem")),
    "Caller item after the call": after_host_call(lambda w, c: c["mem"]),
    "Caller used as a store after the call": after_host_call(lambda w, c: w.ex["mem"].size(c)),
    # Memory
    "Memory given an int type": lambda w: w.m.Memory(w.store, 3),
    "Memory given an int store": lambda w: w.m.Memory(3, w.m.MemoryType(w.m.Limits(1, None))),
    "Memory.grow by a negative amount": lambda w: w.ex["mem"].grow(w.store, -1),
    "Memory.grow given a str": lambda w: w.ex["mem"].grow(w.store, "x"),
    "Memory.grow given a float": lambda w: w.ex["mem"].grow(w.store, 1.5),
    "Memory.grow past its maximum": lambda w: w.ex["mem"].grow(w.store, 5),
    "Memory.read given a str": lambda w: w.ex["mem"].read(w.store, "a"),
    "Memory.read past the end": lambda w: len(w.ex["mem"].read(w.store, 0, 10 ** 9)),
    "Memory.read given an int store": lambda w: w.ex["mem"].read(3),
    "Memory.write past the end": lambda w: w.ex["mem"].write(w.store, b"ab", 65535),
    "Memory.write starting past the end": lambda w: w.ex["mem"].write(w.store, b"ab", 10 ** 6),
    "Memory.write given a str": lambda w: w.ex["mem"].write(w.store, "str"),
    "Memory.write given None": lambda w: w.ex["mem"].write(w.store, None),
    "Memory.write given a str start": lambda w: w.ex["mem"].write(w.store, b"x", "a"),
    "Memory.write of nothing": lambda w: w.ex["mem"].write(w.store, b"", 0),
    "Memory.type given an int store": lambda w: w.ex["mem"].type(3),
    "Memory.size given an int store": lambda w: w.ex["mem"].size(3),
    "Memory.data_len given None": lambda w: w.ex["mem"].data_len(None),
    "Memory.data_ptr given an int store": lambda w: w.ex["mem"].data_ptr(3),
    "Memory.get_buffer_ptr given an int store": lambda w: w.ex["mem"].get_buffer_ptr(3),
    "Memory.page_size given an int store": lambda w: w.ex["mem"].page_size(3),
    # Table
    "Table given an int type": lambda w: w.m.Table(w.store, 3, None),
    "Table given an int store": lambda w: w.m.Table(
        3, w.m.TableType(w.m.ValType.funcref(), w.m.Limits(1, None)), None),
    "Table given a str for funcref": lambda w: w.m.Table(
        w.store, w.m.TableType(w.m.ValType.funcref(), w.m.Limits(1, None)), "x"),
    "Table.get out of range": lambda w: w.ex["tab"].get(w.store, 100),
    "Table.get at -1": lambda w: w.ex["tab"].get(w.store, -1),
    "Table.get given a str index": lambda w: w.ex["tab"].get(w.store, "x"),
    "Table.get given an int store": lambda w: w.ex["tab"].get(3, 0),
    "Table.set out of range": lambda w: w.ex["tab"].set(w.store, 100, None),
    "Table.set at -1": lambda w: w.ex["tab"].set(w.store, -1, None),
    "Table.set given an int for funcref": lambda w: w.ex["tab"].set(w.store, 0, 5),
    "Table.set given a str index": lambda w: w.ex["tab"].set(w.store, "x", None),
    "Table.grow by a negative amount": lambda w: w.ex["tab"].grow(w.store, -1, None),
    "Table.grow given a str": lambda w: w.ex["tab"].grow(w.store, "x", None),
    "Table.grow given an int for funcref": lambda w: w.ex["tab"].grow(w.store, 1, 5),
    "Table.grow by 2**40": lambda w: w.ex["tab"].grow(w.store, 2 ** 40, None),
    "Table.size given an int store": lambda w: w.ex["tab"].size(3),
    "Table.type given an int store": lambda w: w.ex["tab"].type(3),
    # Global
    "Global given an int type": lambda w: w.m.Global(w.store, 3, 1),
    "Global given an int store": lambda w: w.m.Global(3, w.m.GlobalType(w.i32, True), 1),
    "Global given a str for an i32": lambda w: w.m.Global(w.store, w.m.GlobalType(w.i32, True), "x"),
    "Global given 2**40 for an i32": lambda w: w.m.Global(w.store, w.m.GlobalType(w.i32, True), 2 ** 40),
    "set_value of an immutable global": lambda w: w.ex["c"].set_value(w.store, 1),
    "set_value given a str": lambda w: w.ex["g"].set_value(w.store, "x"),
    "Global.value given an int store": lambda w: w.ex["g"].value(3),
    "Global.type given an int store": lambda w: w.ex["g"].type(3),
    "set_value given an int store": lambda w: w.ex["g"].set_value(3, 1),
    # types
    "ValType constructed directly": lambda w: w.m.ValType(),
    "FuncType given an int param": lambda w: w.m.FuncType([3], []),
    "FuncType given an int": lambda w: w.m.FuncType(3, []),
    "FuncType given an int result": lambda w: w.m.FuncType([], [3]),
    "FuncType given None": lambda w: w.m.FuncType(None, None),
    "GlobalType given an int": lambda w: w.m.GlobalType(3, True),
    "TableType of i32": lambda w: w.m.TableType(w.i32, w.m.Limits(1, None)),
    "TableType given an int for limits": lambda w: w.m.TableType(w.m.ValType.funcref(), 3),
    "TableType given an int element": lambda w: w.m.TableType(3, w.m.Limits(1, None)),
    "TableType given str limits": lambda w: w.m.TableType(w.m.ValType.funcref(), w.m.Limits("a", None)),
    "MemoryType given an int": lambda w: w.m.MemoryType(3),
    "MemoryType with maximum below minimum": lambda w: w.m.MemoryType(limits(w, 2, 1)),
    "MemoryType with a negative minimum": lambda w: w.m.MemoryType(limits(w, -1)),
    "MemoryType given str limits": lambda w: w.m.MemoryType(limits(w, "a")),
    "MemoryType given float limits": lambda w: w.m.MemoryType(limits(w, 1.5)),
    "MemoryType larger than the index space": lambda w: w.m.MemoryType(limits(w, 2 ** 17)),
    "MemoryType minimum of 2**32": lambda w: w.m.MemoryType(limits(w, 2 ** 32)),
    "MemoryType with an unknown page size": lambda w: w.m.MemoryType(limits(w, 1), page_size_log2=3),
    "MemoryType given a str page size": lambda w: w.m.MemoryType(limits(w, 1), page_size_log2="a"),
    "shared MemoryType without maximum": lambda w: w.m.MemoryType(limits(w, 1), shared=True),
    "TagType given an int": lambda w: w.m.TagType(3),
    "closing a FuncType": lambda w: w.m.FuncType([], []).close(),
    # Tag
    "Tag given an int type": lambda w: w.m.Tag(w.store, 3),
    "Tag given an int store": lambda w: w.m.Tag(3, w.m.TagType(w.m.FuncType([], []))),
    "Tag.eq given an int": lambda w: w.m.Tag(w.store, w.m.TagType(w.m.FuncType([], []))).eq(w.store, 3),
    "Tag.type given an int store": lambda w: w.m.Tag(w.store, w.m.TagType(w.m.FuncType([], []))).type(3),
    # Val
    "Val.i32 given a str": lambda w: w.m.Val.i32("x"),
    "Val.i32 given a float": lambda w: w.m.Val.i32(1.5),
    "Val.i32 given 2**40": lambda w: w.m.Val.i32(2 ** 40),
    "Val.i64 given a str": lambda w: w.m.Val.i64("x"),
    "Val.f32 given a str": lambda w: w.m.Val.f32("x"),
    "Val.f32 given None": lambda w: w.m.Val.f32(None),
    "Val.f64 given a str": lambda w: w.m.Val.f64("x"),
    "Val.ref_null of i32": lambda w: w.m.Val.ref_null(w.i32),
    "Val.ref_null given an int": lambda w: w.m.Val.ref_null(3),
    # SharedMemory
    "SharedMemory without the config switch": lambda w: w.m.SharedMemory(
        w.engine, w.m.MemoryType(w.m.Limits(1, 2), shared=True)),
    "SharedMemory of a memory type that is not shared": lambda w: shared_memory(w, 1, 2, shared=False),
    "SharedMemory given an int engine": lambda w: w.m.SharedMemory(
        3, w.m.MemoryType(w.m.Limits(1, 2), shared=True)),
    "SharedMemory given an int type": lambda w: w.m.SharedMemory(w.engine, 3),
    "SharedMemory.grow by a negative amount": lambda w: shared_memory(w, 1, 2).grow(-1),
    "SharedMemory.grow past its maximum": lambda w: shared_memory(w, 1, 2).grow(5),
    "SharedMemory.grow given a str": lambda w: shared_memory(w, 1, 2).grow("x"),
    "SharedMemory.size after close": lambda w: (lambda s: (s.close(), s.size()))(shared_memory(w, 1, 2)),
    "SharedMemory import after close": import_closed_shared_memory,
    # WASI configuration
    "WasiConfig.argv given an int": lambda w: setattr(w.m.WasiConfig(), "argv", 3),
    "WasiConfig.env given an int": lambda w: setattr(w.m.WasiConfig(), "env", 3),
    "WasiConfig.env given a pair too short": lambda w: setattr(w.m.WasiConfig(), "env", [("a",)]),
    "WasiConfig.preopen_dir of a missing directory": lambda w: w.m.WasiConfig().preopen_dir("/nonexistent", "/"),
    "reading WasiConfig.stdin_file": lambda w: w.m.WasiConfig().stdin_file,
}

KNOWN_DIFFERENCES = {
    "WasiConfig.argv given a list of ints": (
        lambda w: setattr(w.m.WasiConfig(), "argv", [3]),
        "wasmlite's WasiConfig converts arguments with str()"),
    "WasiConfig.env given int pairs": (
        lambda w: setattr(w.m.WasiConfig(), "env", [(1, 2)]),
        "wasmlite's WasiConfig converts names and values with str()"),
    "WasiConfig.preopen_dir given an int": (
        lambda w: w.m.WasiConfig().preopen_dir(3, "/"),
        "wasmlite's WasiConfig raises TypeError, not AttributeError, for an int path"),
    "closing a WasiConfig": (
        lambda w: (lambda c: (c.close(), c.inherit_argv()))(w.m.WasiConfig()),
        "wasmlite's WasiConfig has no close()"),
    "WasiConfig changed after a store took it": (
        lambda w: (lambda c: (w.store.set_wasi(c), setattr(c, "argv", ["a"])))(w.m.WasiConfig()),
        "wasmlite's WasiConfig stays writable after Store.set_wasi (the store keeps a copy)"),
}
"""Cases where wasmlite still differs from wasmtime-py, outside the embedding API's
own classes; each is expected to fail until the difference is removed."""

EXTENSIONS: dict[str, tuple[Case, Any]] = {
    # name: (case, what wasmlite gives: a value, or the exception class it raises)
    "reading a Config setting": (lambda w: w.m.Config().wasm_simd, True),
    "reading Linker.allow_shadowing": (lambda w: w.linker.allow_shadowing, False),
    "export by index": (lambda w: type(w.ex[4]).__name__, "Func"),
    "wat2wasm given a bytearray": (lambda w: bytes(w.m.wat2wasm(bytearray(b"(module)"))), EMPTY_BINARY),
    "Module given text as a bytearray": (lambda w: w.m.Module(w.engine, bytearray(b"(module)")).exports, []),
    "Module given a memoryview": (lambda w: w.m.Module(w.engine, memoryview(EMPTY_BINARY)).exports, []),
    "Func accepting a Caller as its store": (in_host_call(
        lambda w, c: w.m.Func(c, w.fty, lambda x: x)), 1),
    # wasmlite refuses earlier or more than wasmtime-py:
    "Func given a function that is not callable": (lambda w: w.m.Func(w.store, w.fty, 3), TypeError),
    "define_func given a function that is not callable": (
        lambda w: w.linker.define_func("a", "b", w.fty, 3), TypeError),
    "Val.funcref given an int": (lambda w: w.m.Val.funcref(3), TypeError),
    "Memory.grow by 2**70 pages": (lambda w: w.ex["mem"].grow(w.store, 2 ** 70), wasmlite.WasmtimeError),
    "TableType with a negative minimum": (lambda w: w.m.TableType(
        w.m.ValType.funcref(), w.m.Limits(-1, None)), wasmlite.WasmtimeError),
    "TableType of 2**33 elements": (lambda w: w.m.TableType(
        w.m.ValType.funcref(), w.m.Limits(2 ** 33, None)), wasmlite.WasmtimeError),
    "Func given a Caller after the call": (after_host_call(
        lambda w, c: w.m.Func(c, w.fty, lambda x: x)), ValueError),
}
"""Where wasmlite deliberately does more than wasmtime-py (or refuses a value that
wasmtime-py would truncate or only reject later), and what it does."""


def outcome(m: Any, case: Case) -> tuple[type[BaseException] | None, str]:
    """The class of the exception ``case`` raises with package ``m`` (None if none)
    and a description of what happened."""
    w = world(m)
    try:
        result = case(w)
    except Exception as e:
        return type(e), f"{type(e).__module__}.{type(e).__qualname__}: {str(e)[:200]}"
    return None, f"returned {result!r:.200}"


def same_kind(theirs: type[BaseException] | None, ours: type[BaseException] | None) -> bool:
    """Whether wasmlite's outcome ``ours`` is of the kind of wasmtime-py's ``theirs``."""
    if theirs is None or ours is None:
        return theirs is ours
    if issubclass(theirs, wasmtime.WasmtimeError):
        return issubclass(ours, wasmlite.WasmtimeError)
    if issubclass(theirs, wasmtime.Trap):
        return issubclass(ours, wasmlite.Trap)
    return issubclass(ours, theirs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_misuse_raises_what_wasmtime_raises(name: str) -> None:
    theirs, their_story = outcome(wasmtime, CASES[name])
    ours, our_story = outcome(wasmlite, CASES[name])
    assert same_kind(theirs, ours), f"wasmtime-py: {their_story}\nwasmlite:    {our_story}"


@pytest.mark.parametrize("name", sorted(KNOWN_DIFFERENCES))
def test_known_differences_remain_listed(name: str) -> None:
    case, reason = KNOWN_DIFFERENCES[name]
    theirs, _ = outcome(wasmtime, case)
    ours, _ = outcome(wasmlite, case)
    if same_kind(theirs, ours):
        pytest.fail(f"{name!r} now behaves as in wasmtime-py: move it to CASES ({reason})")


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_extensions_behave_as_documented(name: str) -> None:
    case, expected = EXTENSIONS[name]
    theirs, _ = outcome(wasmtime, case)
    if isinstance(expected, type) and issubclass(expected, BaseException):
        with pytest.raises(expected):
            case(world(wasmlite))
        assert not same_kind(theirs, expected), "wasmtime-py refuses it too: move it to CASES"
    else:
        assert case(world(wasmlite)) == expected
        assert theirs is not None, "wasmtime-py accepts it too: move it to CASES"
