"""Loading a precompiled artifact into an engine: the version strategy, target,
flags, tunables and features recorded by the engine that wrote it are compared
with the loading engine's, with Wasmtime's messages; the compatibility hash,
weak engine handles, the code cache's accounting and the command line."""

import gc
import json
import os
import subprocess
import sys

import pytest

from wasmlite import Config, Engine, Instance, Module, ModuleVersionStrategy, Store, WasmtimeError
from wasmlite.compile.artifact import elf
from wasmlite.component import Component

WAT = '(module (func (export "run") (result i32) i32.const 42))'


def engine_with(**settings) -> Engine:
    config = Config()
    for name, value in settings.items():
        setattr(config, name, value)
    return Engine(config)


def serialize(engine: Engine, wat: str = WAT) -> bytes:
    return bytes(Module(engine, wat).serialize())


def message(engine: Engine, data: bytes) -> str:
    with pytest.raises(WasmtimeError) as info:
        Module.deserialize(engine, data)
    return str(info.value)


def run(module: Module) -> int:
    store = Store(module.engine)
    return Instance(store, module, []).exports(store)["run"](store)


def rewrite(data: bytes, change) -> bytes:
    """``data`` with its engine metadata passed through ``change(metadata)``."""
    parsed = elf.parse(data)
    section = parsed.section(".wasmlite.engine")
    head, meta = section[:2 + section[1]], json.loads(section[2 + section[1]:])
    change(meta)
    body = json.dumps(meta).encode()
    sections = [(name, head + body if name == ".wasmlite.engine" else parsed.section(name),
                 False) for name in parsed.section_names() if name != ".shstrtab"]
    return elf.write(sections, flags=parsed.flags, machine=parsed.machine)


@pytest.fixture(scope="module")
def default_artifact():
    return serialize(Engine())


# -- round trips --------------------------------------------------------------------


def test_round_trip_and_file(tmp_path, default_artifact):
    engine = Engine()
    assert run(Module.deserialize(engine, default_artifact)) == 42
    path = tmp_path / "module.cwasm"
    path.write_bytes(default_artifact)
    assert run(Module.deserialize_file(engine, str(path))) == 42
    two = serialize(engine, """(module (func (export "run") (result i32) call $answer)
                                       (func $answer (result i32) i32.const 42))""")
    path.write_bytes(two)
    assert run(Module.deserialize_file(engine, path)) == 42


# -- module version -------------------------------------------------------------------


def test_version_strategies(default_artifact):
    custom = engine_with(module_version=ModuleVersionStrategy.custom("custom!"))
    assert message(custom, default_artifact) == \
        "Module was compiled with incompatible version '0.1.0'"
    none = engine_with(module_version=ModuleVersionStrategy.none())
    assert run(Module.deserialize(none, default_artifact)) == 42
    custom_artifact = serialize(custom)
    assert run(Module.deserialize(none, custom_artifact)) == 42
    assert run(Module.deserialize(custom, custom_artifact)) == 42
    assert message(Engine(), custom_artifact) == \
        "Module was compiled with incompatible wasmlite version 'custom!'"
    other = engine_with(module_version=ModuleVersionStrategy.custom("1.0.1111"))
    assert message(other, custom_artifact) == \
        "Module was compiled with incompatible version 'custom!'"
    none_artifact = serialize(none)
    assert elf.parse(none_artifact).section(".wasmlite.engine")[1] == 0
    assert message(Engine(), none_artifact) == \
        "Module was compiled with incompatible wasmlite version ''"


def test_custom_version_length_is_checked_when_set():
    config = Config()
    config.module_version = ModuleVersionStrategy.custom("v" * 255)
    with pytest.raises(WasmtimeError, match="custom module version cannot be more than 255 "
                                            "bytes"):
        config.module_version = ModuleVersionStrategy.custom("v" * 256)
    with pytest.raises(WasmtimeError):
        config.module_version = ModuleVersionStrategy.custom("é" * 128)
    engine = Engine(config)
    assert run(Module.deserialize(engine, serialize(engine))) == 42
    with pytest.raises(TypeError):
        Config().module_version = "1.0"


def test_version_that_is_not_utf8(default_artifact):
    data = bytearray(default_artifact)
    start = data.index(b"\0\x050.1.0")
    data[start + 2] = 0xFF
    assert message(Engine(), bytes(data)).startswith("invalid utf-8 sequence of 1 bytes "
                                                     "from index 0")


# -- target ------------------------------------------------------------------------------


def test_architecture_and_system(default_artifact):
    def target(triple):
        return rewrite(default_artifact, lambda meta: meta.update(target=triple))
    assert message(Engine(), target("unknown-generic-linux")) == \
        "Module was compiled for architecture 'unknown'"
    arch = os.uname().machine if hasattr(os, "uname") else "x86_64"
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(arch, arch)
    assert message(Engine(), target(f"{arch}-generic-unknown")) == \
        "Module was compiled for operating system 'unknown'"
    other = "riscv64gc" if arch != "riscv64gc" else "x86_64"
    cross = engine_with(target=f"{other}-unknown-linux-gnu")
    assert message(Engine(), serialize(cross)) == \
        f"Module was compiled for architecture '{other}'"
    assert run(Module.deserialize(cross, serialize(cross))) == 42
    assert message(Engine(), target("nonsense-triple")).startswith("Unrecognized architecture")


# -- flags ---------------------------------------------------------------------------------


def test_shared_flags(default_artifact):
    def flag(name, value):
        return rewrite(default_artifact, lambda meta: meta["shared_flags"].update({name: value}))
    text = message(Engine(), flag("preserve_frame_pointers", False))
    assert text.startswith("compilation settings of module incompatible with native host"
                           "\n\nCaused by:\n")
    assert 'setting "preserve_frame_pointers" is configured to Bool(false) which is not ' \
           'supported' in text
    assert 'setting "python_cache_tag" is configured to Enum("cpython-20") which is not ' \
           'supported' in message(Engine(), flag("python_cache_tag", "cpython-20"))
    assert 'setting "tier" is configured to Enum("native")' in \
        message(Engine(), flag("tier", "native"))
    assert 'setting "python_implementation" is configured to Num(3)' in \
        message(Engine(), flag("python_implementation", 3))
    # the optimization level does not change what code does
    assert run(Module.deserialize(Engine(), flag("opt_level", "none"))) == 42
    assert run(Module.deserialize(engine_with(cranelift_opt_level="none"),
                                  default_artifact)) == 42


def test_isa_flags(default_artifact):
    def flag(name, value):
        return rewrite(default_artifact, lambda meta: meta["isa_flags"].update({name: value}))
    text = message(Engine(), flag("not_a_flag", True))
    assert text.startswith("compilation settings of module incompatible with native host"
                           "\n\nCaused by:\n")
    assert "don't know how to test for target-specific flag \"not_a_flag\" at runtime" in text
    assert run(Module.deserialize(Engine(), flag("has_avx", False))) == 42
    assert 'isa-specific feature "x" configured to unknown value Enum("y")' in \
        message(Engine(), flag("x", "y"))


# -- tunables --------------------------------------------------------------------------------


def test_tunable_integers(default_artifact):
    data = rewrite(default_artifact, lambda meta: meta["tunables"].update(memory_guard_size=0))
    assert message(Engine(), data) == ("Module was compiled with a memory guard size of '0' "
                                       "but '33554432' is expected for the host")
    assert message(engine_with(memory_reservation=0), default_artifact) == (
        "Module was compiled with a memory reservation of '4294967296' but '0' is expected "
        "for the host")
    assert message(engine_with(memory_guard_size=1 << 16), default_artifact) == (
        "Module was compiled with a memory guard size of '33554432' but '65536' is expected "
        "for the host")
    # a runtime setting only: recorded, not checked
    assert run(Module.deserialize(engine_with(memory_reservation_for_growth=0),
                                  default_artifact)) == 42


@pytest.mark.parametrize("setting, words", [
    ("debug_info", "debug information support"),
    ("consume_fuel", "fuel support"),
    ("epoch_interruption", "epoch interruption"),
    ("wasm_relaxed_simd_deterministic", "relaxed simd deterministic semantics"),
])
def test_tunables_switched_on_by_config(default_artifact, setting, words):
    engine = engine_with(**{setting: True})
    assert message(engine, default_artifact) == \
        f"Module was compiled without {words} but it is enabled for the host"
    assert message(Engine(), serialize(engine)) == \
        f"Module was compiled with {words} but it is not enabled for the host"


@pytest.mark.parametrize("setting, words", [
    ("memory_may_move", "memory may move"),
    ("signals_based_traps", "Signals-based traps"),
    ("memory_init_cow", "memory initialization with CoW"),
])
def test_tunables_switched_off_by_config(default_artifact, setting, words):
    engine = engine_with(**{setting: False})
    assert message(engine, default_artifact) == \
        f"Module was compiled with {words} but it is not enabled for the host"


@pytest.mark.parametrize("name, words", [
    ("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    ("guard_before_linear_memory", "guard before linear memory"),
    ("table_lazy_init", "table lazy init"),
    ("winch_callable", "Winch calling convention"),
])
def test_tunables_rewritten(default_artifact, name, words):
    data = rewrite(default_artifact, lambda meta: meta["tunables"].update(
        {name: not meta["tunables"][name]}))
    expected = "with" if name == "winch_callable" else "without"
    assert message(Engine(), data).startswith(f"Module was compiled {expected} {words} but it")


def test_collector(default_artifact):
    no_gc = engine_with(gc_support=False, wasm_gc=False, wasm_function_references=False)
    assert message(no_gc, default_artifact) == \
        "module was compiled with GC however GC is disabled in the host"
    assert message(Engine(), serialize(no_gc)) == \
        "module was compiled without GC but GC is enabled in the host"
    data = rewrite(default_artifact, lambda meta: meta["tunables"].update(collector="drc"))
    assert message(Engine(), data) == (
        "module was compiled for the deferred reference-counting collector but the host is "
        "configured to use the Python reference-counting collector")


def test_unknown_tunable_is_refused(default_artifact):
    data = rewrite(default_artifact, lambda meta: meta["tunables"].update(new_knob=True))
    assert message(Engine(), data).startswith("invalid engine section metadata\n\nCaused by:")


# -- features ---------------------------------------------------------------------------------


@pytest.mark.parametrize("setting, words", [
    ("wasm_threads", "WebAssembly threads support"),
    ("wasm_simd", "WebAssembly SIMD support"),
    ("wasm_memory64", "WebAssembly 64-bit memory support"),
    ("wasm_tail_call", "WebAssembly tail calls support"),
    ("wasm_multi_memory", "WebAssembly multi-memory support"),
    ("wasm_extended_const", "WebAssembly extended-const support"),
    ("wasm_wide_arithmetic", "WebAssembly wide-arithmetic support"),
])
def test_features(default_artifact, setting, words):
    without = engine_with(**{setting: False})
    assert message(without, default_artifact) == \
        f"Module was compiled with {words} but it is not enabled for the host"
    assert message(Engine(), serialize(without)) == \
        f"Module was compiled without {words} but it is enabled for the host"


def test_features_off_by_default(default_artifact):
    for setting, words in (("wasm_legacy_exceptions", "WebAssembly legacy exceptions support"),
                           ("wasm_custom_page_sizes", "WebAssembly custom-page-sizes support"),
                           ("wasm_stack_switching", "WebAssembly stack switching support")):
        assert message(engine_with(**{setting: True}), default_artifact) == \
            f"Module was compiled without {words} but it is enabled for the host"


def test_gc_feature_checked_before_later_features(default_artifact):
    engine = engine_with(wasm_gc=False, wasm_threads=False)
    assert message(engine, default_artifact) == ("Module was compiled with WebAssembly "
                                                 "garbage collection support but it is not "
                                                 "enabled for the host")


def test_unknown_feature(default_artifact):
    data = rewrite(default_artifact, lambda meta: meta["features"].update(teleportation=True))
    assert message(Engine(), data) == ("Module was compiled with support for WebAssembly "
                                       "feature `teleportation` but it is not enabled for the "
                                       "host")
    data = rewrite(default_artifact, lambda meta: meta["features"].update(teleportation=False))
    assert run(Module.deserialize(Engine(), data)) == 42


def test_check_order(default_artifact):
    """The target is checked before flags, flags before tunables, tunables before features."""
    def change(meta):
        meta["target"] = "unknown-unknown-unknown"
        meta["shared_flags"]["tier"] = "x"
        meta["tunables"]["consume_fuel"] = True
        meta["features"]["simd"] = False
    assert message(Engine(), rewrite(default_artifact, change)) == \
        "Module was compiled for architecture 'unknown'"
    data = rewrite(default_artifact, lambda m: (m["tunables"].update(consume_fuel=True),
                                                m["features"].update(simd=False)))
    assert "fuel support" in message(Engine(), data)


def test_components_are_checked_too():
    engine = Engine()
    data = bytes(Component(engine, "(component)").serialize())
    with pytest.raises(WasmtimeError, match="compiled without fuel support"):
        Component.deserialize(engine_with(consume_fuel=True), data)
    with pytest.raises(WasmtimeError, match="incompatible object file format"):
        Module.deserialize(engine, data)


# -- compatibility hash, weak handles -------------------------------------------------------


def test_compatibility_hash():
    base = Engine().precompile_compatibility_hash()
    assert isinstance(base, int)
    assert Engine().precompile_compatibility_hash() == base
    for settings in ({"cranelift_opt_level": "none"}, {"cranelift_opt_level": "speed_and_size"},
                     {"consume_fuel": True}, {"debug_info": True}, {"wasm_threads": False},
                     {"memory_reservation": 0}, {"target": "aarch64-unknown-linux-gnu"},
                     {"module_version": ModuleVersionStrategy.custom("1.0.1111")},
                     {"module_version": ModuleVersionStrategy.none()}):
        assert engine_with(**settings).precompile_compatibility_hash() != base, settings
    hashes = {engine_with(module_version=strategy).precompile_compatibility_hash()
              for strategy in (ModuleVersionStrategy.custom("1.0.1111"),
                               ModuleVersionStrategy.wasmlite_version(),
                               ModuleVersionStrategy.none())}
    assert len(hashes) == 3
    # settings that artifacts do not depend on leave it alone
    assert engine_with(max_wasm_stack=1 << 20).precompile_compatibility_hash() == base


def test_weak_engine():
    engine = Engine()
    weak = engine.weak()
    assert weak.upgrade() is engine
    del engine
    gc.collect()
    assert weak.upgrade() is None


# -- the code cache -----------------------------------------------------------------------------


@pytest.fixture
def cache_config(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(f"[cache]\nenabled = true\ndirectory = '{tmp_path / 'cache'}'\n")
    return str(path)


def cached_engine(cache_config, **settings):
    return engine_with(cache=cache_config, **settings)


@pytest.mark.parametrize("settings", [
    {"cranelift_opt_level": "none"}, {"cranelift_opt_level": "speed"},
    {"cranelift_opt_level": "speed_and_size"}, {"debug_info": True},
])
def test_cache_accounts_for_settings(cache_config, settings):
    engine = cached_engine(cache_config, consume_fuel=True)     # an entry for other settings
    Module(engine, "(module (func))")
    engine = cached_engine(cache_config, **settings)
    for hits, misses in ((0, 1), (1, 1)):
        Module(engine, "(module (func))")
        assert (engine.cache_hits(), engine.cache_misses()) == (hits, misses)


def test_each_setting_has_its_own_entry(cache_config):
    for settings in ({"cranelift_opt_level": "none"}, {"cranelift_opt_level": "speed"},
                     {"cranelift_opt_level": "speed_and_size"}, {"debug_info": True}):
        engine = cached_engine(cache_config, **settings)
        for hits, misses in ((0, 1), (1, 1)):
            Module(engine, "(module (func))")
            assert (engine.cache_hits(), engine.cache_misses()) == (hits, misses), settings


def test_cache_shared_by_equal_engines(cache_config):
    first = cached_engine(cache_config)
    Module(first, "(module (func))")
    second = cached_engine(cache_config)
    Module(second, "(module (func))")
    assert (first.cache_hits(), first.cache_misses()) == (0, 1)
    assert (second.cache_hits(), second.cache_misses()) == (1, 0)
    assert (Engine().cache_hits(), Engine().cache_misses()) == (0, 0)


def test_components_are_cached(cache_config):
    engine = cached_engine(cache_config)
    for hits, misses in ((0, 1), (1, 1)):
        Component(engine, "(component (core module (func)))")
        assert (engine.cache_hits(), engine.cache_misses()) == (hits, misses)


# -- command line -----------------------------------------------------------------------------


def wasmlite(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "wasmlite", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_command_line(tmp_path):
    source = tmp_path / "add.wat"
    source.write_text('(module (func (export "add") (param i32 i32) (result i32) '
                      '(i32.add (local.get 0) (local.get 1))))')
    out = tmp_path / "add.cwasm"
    assert wasmlite("compile", str(source), "-o", str(out)).returncode == 0
    assert Engine.detect_precompiled_file(out) == "module"
    refused = wasmlite("run", "--invoke", "add", str(out), "1", "2")
    assert refused.returncode == 1 and "--allow-precompiled" in refused.stderr
    ran = wasmlite("run", "--allow-precompiled", "--invoke", "add", str(out), "1", "2")
    assert (ran.returncode, ran.stdout) == (0, "3\n")
    assert wasmlite("compile", "-W", "simd=n", "--target", "aarch64-unknown-linux-gnu",
                    str(source), "-o", str(out)).returncode == 0
    meta = elf.parse(out.read_bytes()).section(".wasmlite.engine")
    assert b'"aarch64-unknown-linux-gnu"' in meta and b'"simd":false' in meta
    failed = wasmlite("run", "--allow-precompiled", "--invoke", "add", str(out), "1", "2")
    assert failed.returncode == 1
    assert "Module was compiled for architecture 'aarch64'" in failed.stderr
    assert wasmlite("compile", "--tier", "portable", str(source)).returncode == 0
    assert (tmp_path / "add.cwasm").exists()


def test_settings_command():
    shown = wasmlite("settings")
    assert shown.returncode == 0
    for text in ("Target: ", "Shared flags:", "ISA flags:", "Tunables:", "Features:",
                 "memory_guard_size = 33554432", "python_cache_tag", "simd = true"):
        assert text in shown.stdout
    as_json = json.loads(wasmlite("settings", "--json", "-W", "threads=n").stdout)
    assert as_json["features"]["threads"] is False
