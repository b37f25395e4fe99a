"""Choosing the tier: Config.strategy and ``wasmlite run --tier``."""

from __future__ import annotations

import pytest

import wasmlite
from wasmlite.compile import llvm


def test_native_without_llvmlite_names_the_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llvm, "available", lambda: False)
    config = wasmlite.Config()
    with pytest.raises(wasmlite.WasmtimeError, match=r"pip install 'wasmlite\[native\]'"):
        config.strategy = "native"
    config.strategy = "portable"
    assert config.strategy == "portable"


def _prepared(strategy: str):
    """The compiled module of a small module under ``strategy``, checked to run."""
    config = wasmlite.Config()
    config.strategy = strategy
    engine = wasmlite.Engine(config)
    module = wasmlite.Module(engine, '(module (func (export "f") (result i32) (i32.const 7)))')
    store = wasmlite.Store(engine)
    assert wasmlite.Instance(store, module, []).exports(store)["f"](store) == 7
    return module._prepared()


@pytest.mark.parametrize("strategy", ["python", "portable"])
def test_portable_strategies_run_portable(strategy: str) -> None:
    from wasmlite.compile.python.module import CompiledModule
    assert type(_prepared(strategy)) is CompiledModule


@pytest.mark.parametrize("strategy", ["auto", "cranelift"])
def test_auto_tiers_up_with_llvmlite_and_stays_portable_without(
        strategy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from wasmlite.compile.python.module import CompiledModule
    if llvm.available():
        from wasmlite.compile.llvm.tiering import TieredModule
        assert type(_prepared(strategy)) is TieredModule
    monkeypatch.setattr(llvm, "available", lambda: False)
    assert type(_prepared(strategy)) is CompiledModule


def test_run_takes_a_tier(tmp_path) -> None:
    pytest.importorskip("llvmlite", reason="the native tier needs llvmlite")
    from wasmlite.cli import main
    program = tmp_path / "p.wat"
    program.write_text('(module (func (export "f") (param i32) (result i32) '
                       '(i32.mul (local.get 0) (i32.const 3))))')
    for tier in ("native", "portable"):
        assert main(["run", "--tier", tier, "--no-cache", "--invoke", "f", str(program), "14"]) == 0


def _announcements_of_a_native_compile(value: int) -> list[str]:
    """What is announced while a module returning ``value`` is compiled to machine code and run."""
    lines: list[str] = []
    llvm.announce_slow_compiles(lines.append)
    try:
        config = wasmlite.Config()
        config.strategy = "native"
        engine = wasmlite.Engine(config)
        module = wasmlite.Module(engine, f'(module (func (export "f") (result i32) (i32.const {value})))')
        store = wasmlite.Store(engine)
        assert wasmlite.Instance(store, module, []).exports(store)["f"](store) == value
    finally:
        llvm.announce_slow_compiles(None)
    return lines


def test_a_slow_compile_to_machine_code_is_announced_and_its_end_too(
        monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("llvmlite", reason="the native tier needs llvmlite")
    import time
    from wasmlite.compile.llvm import jit
    compile_object = jit.compile_object

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return compile_object(*args, **kwargs)

    monkeypatch.setattr(jit, "compile_object", slow)
    monkeypatch.setattr(llvm, "SLOW_COMPILE", 0.05)
    lines = _announcements_of_a_native_compile(7)
    assert lines[0] == "compiling 1 function to machine code..."
    assert lines[1].startswith("compiled 1 function to machine code in ")
    assert len(lines) == 2


def test_a_quick_compile_to_machine_code_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("llvmlite", reason="the native tier needs llvmlite")
    monkeypatch.setattr(llvm, "SLOW_COMPILE", 60.0)
    assert _announcements_of_a_native_compile(8) == []
