"""Config settings and the Engine built from them."""

import pytest

from wasmlite import Config, Engine, Instance, Module, Store, Trap, WasmtimeError
from wasmlite.errors import NotSupportedError


def test_feature_flags_can_be_set_and_read():
    config = Config()
    assert config.wasm_simd is True
    config.wasm_simd = False
    config.wasm_custom_page_sizes = True
    assert config.wasm_simd is False
    assert "simd" not in config.features()
    assert "custom_page_sizes" in config.features()


def test_flags_require_bools():
    config = Config()
    with pytest.raises(TypeError, match="expected a bool"):
        config.consume_fuel = 1
    with pytest.raises(TypeError, match="expected an int"):
        config.max_wasm_stack = "big"


def test_string_settings_are_checked():
    config = Config()
    config.strategy = "cranelift"
    with pytest.raises(WasmtimeError, match="unknown strategy: fast"):
        config.strategy = "fast"
    with pytest.raises(WasmtimeError, match="unknown opt level"):
        config.cranelift_opt_level = "max"
    config.profiler = "jitdump"     # a name wasmtime-py takes; making an engine of it is refused
    with pytest.raises(NotSupportedError, match="profiler 'jitdump'"):
        Engine(config)
    config.profiler = "none"
    with pytest.raises(WasmtimeError, match="caching cannot be explicitly disabled"):
        config.cache = False


def test_engine_takes_its_config():
    config = Config()
    config.consume_fuel = True
    engine = Engine(config)
    assert engine.config["consume_fuel"] is True
    assert engine.is_pulley() is False
    with pytest.raises(ValueError, match="already closed"):
        config.consume_fuel = False
    with pytest.raises(ValueError, match="already closed"):
        config.cranelift_flag_enable("has_sse41")
    with pytest.raises(ValueError, match="already closed"):
        Engine(config)
    assert engine.config["consume_fuel"] is True
    assert config.consume_fuel is True          # still readable
    with pytest.raises(TypeError, match="expected Config"):
        Engine("config")


def test_increment_epoch_advances_the_engine_epoch():
    engine = Engine()
    before = engine.epoch_cell[0]
    engine.increment_epoch()
    assert engine.epoch_cell[0] == before + 1


def test_store_defaults_to_a_new_engine_and_keeps_data():
    store = Store()
    assert isinstance(store.engine, Engine)
    assert store.data() is None
    payload = {"a": 1}
    assert Store(Engine(), data=payload).data() is payload
    with pytest.raises(TypeError, match="expected an Engine"):
        Store("engine")


def test_disabled_proposals_refuse_modules():
    from .api_helpers import wat
    from wasmlite import Module
    from wasmlite.errors import InvalidError
    simd = wat('(module (func (result v128) v128.const i64x2 0 0))')
    config = Config()
    config.wasm_simd = False
    with pytest.raises(InvalidError, match="simd"):
        Module(Engine(config), simd)
    assert Module(Engine(), simd).exports == []
    paged = wat("(module (memory 1 (pagesize 1)))")
    with pytest.raises(WasmtimeError, match="custom-page-sizes"):
        Module(Engine(), paged)
    config = Config()
    config.wasm_custom_page_sizes = True
    assert Module(Engine(config), paged).imports == []
    config = Config()
    config.wasm_memory64 = False
    with pytest.raises(InvalidError, match="memory64"):
        Module(Engine(config), wat("(module (memory i64 1))"))


RECURSIVE = """
(module
  (func $count (export "count") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (call $count (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))))))
"""


def _count_with_stack(max_wasm_stack: int | None):
    config = Config()
    if max_wasm_stack is not None:
        config.max_wasm_stack = max_wasm_stack
    engine = Engine(config)
    store = Store(engine)
    instance = Instance(store, Module(engine, RECURSIVE), [])
    return store, instance.exports(store)["count"]


def test_a_small_max_wasm_stack_makes_shallower_recursion_trap():
    store, count = _count_with_stack(64 * 1024)
    assert count(store, 500) == 500
    with pytest.raises(Trap, match="call stack exhausted"):
        count(store, 5_000)


def test_a_large_max_wasm_stack_allows_deeper_recursion():
    store, count = _count_with_stack(8 * 1024 * 1024)
    assert count(store, 100_000) == 100_000
    store, count = _count_with_stack(None)
    with pytest.raises(Trap, match="call stack exhausted"):
        count(store, 100_000)


@pytest.mark.parametrize("triple", ["x86_64-unknown-linux-gnu", "aarch64-apple-darwin", "riscv64gc-linux",
                                    "wasm32-wasip1", "pulley64", "thumbv7em-none-eabi", "x86_64-pc-windows-msvc"])
def test_recognised_target_triples_are_accepted(triple):
    config = Config()
    config.target = triple
    assert config.target == triple


@pytest.mark.parametrize("triple, complaint", [
    ("foo", "Unrecognized architecture: foo"), ("", "Unrecognized architecture: "),
    ("x86_64-unknown-foo", "Unrecognized operating system: foo"),
    ("x86_64-unknown-linux-foo", "Unrecognized environment: foo"),
    ("x86_64-unknown-linux-gnu-extra", "Unrecognized binary format: extra"),
    ("x86_64--linux", "Unrecognized vendor: "),
])
def test_unrecognised_target_triples_are_refused(triple, complaint):
    config = Config()
    with pytest.raises(WasmtimeError) as info:
        config.target = triple
    assert str(info.value) == complaint
    assert config.target is None


def test_settings_take_values_as_wasmtime_does():
    config = Config()
    config.epoch_interruption = 1                   # any value: its truth
    assert config.epoch_interruption is True
    config.max_wasm_stack = -1                      # sizes are unsigned 64-bit
    assert config.max_wasm_stack == 2 ** 64 - 1
    config.memory_reservation = 2 ** 64 + 5
    assert config.memory_reservation == 5
    with pytest.raises(TypeError, match="expected a str"):
        config.cranelift_flag_enable(3)
    with pytest.raises(TypeError, match="expected a str for value"):
        config.cranelift_flag_set("opt", 3)


def test_a_closed_config_makes_no_engine():
    config = Config()
    config.close()
    with pytest.raises(ValueError, match="already closed"):
        Engine(config)
