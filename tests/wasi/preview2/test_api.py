"""WASI preview 2 through the embedding API: ``Linker.add_wasip2`` and
``Store.set_wasi`` as in wasmtime-py, imports at any ``0.2.x`` version,
blocking pollables, randomness, exit, stdio files and preopen permissions."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import wasmlite
from wasmlite import DirPerms, FilePerms, component

from .build_components import Unavailable, c_program_component

PROBE = (Path(__file__).parent / "components" / "clocks_random_exit.wat").read_text()


def _instance(text: str = PROBE, configure: bool = True) -> tuple:
    engine = wasmlite.Engine()
    store = wasmlite.Store(engine)
    if configure:
        store.set_wasi(wasmlite.WasiConfig())
    linker = component.Linker(engine)
    linker.add_wasip2()
    return store, linker.instantiate(store, component.Component(engine, text))


def test_a_duration_pollable_blocks_until_its_deadline() -> None:
    store, instance = _instance()
    sleep = instance.get_func(store, "sleep")
    started = time.monotonic()
    slept = sleep(store, 50_000_000)
    assert slept >= 50_000_000
    assert time.monotonic() - started >= 0.05


def test_a_pollable_is_ready_only_after_its_deadline() -> None:
    store, instance = _instance()
    ready = instance.get_func(store, "ready")
    assert ready(store, 0) is True
    assert ready(store, 10 ** 9) is False


def test_random_numbers_differ() -> None:
    store, instance = _instance()
    random = instance.get_func(store, "random")
    assert len({random(store) for _ in range(4)}) > 1


@pytest.mark.parametrize("failed, status", [(False, 0), (True, 1)])
def test_exit_raises_exit_trap_with_status(failed: bool, status: int) -> None:
    store, instance = _instance()
    with pytest.raises(wasmlite.ExitTrap) as raised:
        instance.get_func(store, "exit")(store, failed)
    assert raised.value.code == status


@pytest.mark.parametrize("version", ["0.2.0", "0.2.7", "0.2.12", "0.2.40"])
def test_any_0_2_version_is_satisfied(version: str) -> None:
    text = PROBE.replace("wasi:random/random@0.2.1", f"wasi:random/random@{version}")
    store, instance = _instance(text)
    assert isinstance(instance.get_func(store, "random")(store), int)


def test_another_minor_version_is_not_satisfied() -> None:
    text = PROBE.replace("wasi:random/random@0.2.1", "wasi:random/random@0.3.0")
    with pytest.raises(wasmlite.WasmtimeError, match="wasi:random/random@0.3.0"):
        _instance(text)


def test_a_call_without_set_wasi_says_so() -> None:
    store, instance = _instance(configure=False)
    with pytest.raises(wasmlite.WasmtimeError, match="set_wasi"):
        instance.get_func(store, "random")(store)


@pytest.fixture(scope="module")
def program() -> Path:
    try:
        return c_program_component("files_clock_env")
    except Unavailable as exc:
        pytest.skip(f"cannot build the C program component: {exc}")


def _run_program(program: Path, config: wasmlite.WasiConfig) -> object:
    engine = wasmlite.Engine()
    store = wasmlite.Store(engine)
    store.set_wasi(config)
    linker = component.Linker(engine)
    linker.add_wasip2()
    loaded = component.Component.from_file(engine, str(program))
    name = next(n for n in loaded.type.exports(engine) if n.startswith("wasi:cli/run@0.2."))
    instance = linker.instantiate(store, loaded)
    run = instance.get_func(store, instance.get_export_index(
        store, "run", instance.get_export_index(store, name)))
    return run(store)


def _config(root: Path, out: Path, **perms: object) -> wasmlite.WasiConfig:
    (root / "data").mkdir(parents=True, exist_ok=True)
    config = wasmlite.WasiConfig()
    config.argv = ["prog", "one"]
    config.env = [("GREETING", "hi")]
    config.stdout_file = str(out)
    config.preopen_dir(str(root), "/", **perms)
    return config


def test_run_export_with_files_args_env_and_stdout_file(program: Path, tmp_path: Path) -> None:
    out = tmp_path / "stdout.txt"
    result = _run_program(program, _config(tmp_path / "root", out))
    assert result == component.Variant("ok", None)
    text = out.read_text()
    assert "argc=2\narg[1]=one\nGREETING=hi\n" in text
    assert text.endswith("failures=0\n")


def test_read_only_preopen_refuses_writes(program: Path, tmp_path: Path) -> None:
    out = tmp_path / "stdout.txt"
    config = _config(tmp_path / "root", out, dir_perms=DirPerms.READ_ONLY,
                     file_perms=FilePerms.READ_ONLY)
    with pytest.raises(wasmlite.ExitTrap) as raised:
        _run_program(program, config)
    assert raised.value.code == 1
    assert not (tmp_path / "root" / "data" / "note.txt").exists()


def test_wasi_http_is_refused_clearly_on_the_linker_and_the_store() -> None:
    from wasmlite.errors import NotSupportedError
    engine = wasmlite.Engine()
    linker = component.Linker(engine)
    linker.add_wasip2()
    with pytest.raises(NotSupportedError, match="not supported: WASI HTTP"):
        linker.add_wasi_http()
    store = wasmlite.Store(engine)
    with pytest.raises(NotSupportedError, match="not supported: WASI HTTP"):
        store.set_wasi_http()
