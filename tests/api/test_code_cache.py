"""Config.cache: validation results and compiled code kept on disk and reused
by later modules made from the same bytes."""

import os
import time

import pytest

import wasmlite
from wasmlite import Config, Engine, Instance, Module, Store, WasmtimeError
from wasmlite.compile.python import codegen
from wasmlite.validate import module as validate_module_file

WAT = """(module
  (func $half (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
  (func (export "f") (param f64) (result f64)
    (f64.add (call $half (local.get 0)) (f64.const nan:0x4))))"""


def engine_configured_by(toml, text: str, **settings) -> Engine:
    """An engine whose Config.cache names the file ``toml``, holding ``text``."""
    toml.write_text(text)
    config = Config()
    config.cache = str(toml)
    for name, value in settings.items():
        setattr(config, name, value)
    return Engine(config)


def cached_engine(tmp_path, **settings) -> Engine:
    return engine_configured_by(
        tmp_path / "cache.toml", f'[cache]\nenabled = true\ndirectory = "{tmp_path / "cache"}"\n',
        **settings)


def call_f(engine, x):
    store = Store(engine)
    if engine.config["consume_fuel"]:
        store.set_fuel(1000)
    return Instance(store, Module(engine, WAT), []).exports(store)["f"](store, x)


def test_second_module_reuses_code_and_validation(tmp_path, monkeypatch):
    engine = cached_engine(tmp_path)
    first = call_f(engine, 3.0)
    assert first != first                     # nan: the constant survived
    assert len(list((tmp_path / "cache").glob("*.wlc"))) == 1

    def fail(*args):
        raise AssertionError("recompiled or revalidated despite the cache")
    monkeypatch.setattr(codegen.FunctionCompiler, "compile", fail)
    monkeypatch.setattr(validate_module_file, "validate_module", fail)
    monkeypatch.setattr(wasmlite.validate, "validate_module", fail)
    again = call_f(cached_engine(tmp_path), 3.0)
    assert again != again


def test_settings_that_change_code_use_their_own_entry(tmp_path):
    call_f(cached_engine(tmp_path), 1.0)
    call_f(cached_engine(tmp_path, consume_fuel=True), 1.0)
    assert len(list((tmp_path / "cache").glob("*.wlc"))) == 2


def test_damaged_cache_files_are_ignored(tmp_path):
    call_f(cached_engine(tmp_path), 2.0)
    (entry,) = (tmp_path / "cache").glob("*.wlc")
    data = entry.read_bytes()
    entry.write_bytes(data[:len(data) // 2])
    assert call_f(cached_engine(tmp_path), 2.0) != 0
    entry.write_bytes(b"garbage")
    assert call_f(cached_engine(tmp_path), 2.0) != 0


def test_invalid_modules_are_still_rejected(tmp_path):
    engine = cached_engine(tmp_path)
    with pytest.raises(WasmtimeError, match="type mismatch"):
        Module(engine, '(module (func (result i32) (i64.const 1)))')


def test_configuration_file_can_turn_the_cache_off(tmp_path):
    engine = engine_configured_by(
        tmp_path / "off.toml", f'[cache]\nenabled = false\ndirectory = "{tmp_path / "cache"}"\n')
    Module(engine, WAT)
    assert not (tmp_path / "cache").exists()


def test_unreadable_configuration_is_refused_when_set(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[cache\n")
    config = Config()
    with pytest.raises(WasmtimeError, match="cache configuration"):
        config.cache = str(bad)
    with pytest.raises(WasmtimeError, match="cache configuration"):
        config.cache = str(tmp_path / "missing.toml")
    assert config.cache is None


def test_true_uses_the_user_cache_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    config = Config()
    config.cache = True
    Module(Engine(config), WAT)
    assert len(list((tmp_path / "wasmlite").glob("*.wlc"))) == 1


def test_any_toml_spelling_of_the_directory_is_read(tmp_path):
    engine = engine_configured_by(
        tmp_path / "cache.toml",
        f"# cache settings\n[cache]\ndirectory = '{tmp_path / 'literal'}'  # here\n")
    Module(engine, WAT)
    assert len(list((tmp_path / "literal").glob("*.wlc"))) == 1


def limited_engine(tmp_path, limits: str) -> Engine:
    return engine_configured_by(
        tmp_path / "cache.toml", f'[cache]\ndirectory = "{tmp_path / "cache"}"\n{limits}')


def module_text(n: int) -> str:
    return f'(module (func (export "f") (result i32) (i32.const {n})))'


def test_the_least_recently_used_entries_go_when_the_count_limit_is_passed(tmp_path):
    engine = limited_engine(tmp_path, 'file-count-soft-limit = "4"\ncleanup-interval = "0s"\n'
                                      'file-count-limit-percent-if-deleting = "50%"\n')
    entries = lambda: {p.name for p in (tmp_path / "cache").glob("*.wlc")}
    Module(engine, module_text(0))
    (zero,) = entries()
    for n in range(1, 4):
        Module(engine, module_text(n))
    assert len(entries()) == 4                        # at the limit: all kept
    for path in (tmp_path / "cache").glob("*.wlc"):   # all last used a while ago
        os.utime(path, (time.time() - 100,) * 2)
    Module(engine, module_text(0))                    # used again: among the last to go
    before = entries()
    Module(engine, module_text(4))                    # five entries: over the limit
    (newest,) = entries() - before
    assert entries() == {zero, newest}


def test_the_size_limit_is_kept_too(tmp_path):
    engine = limited_engine(tmp_path, 'files-total-size-soft-limit = "1K"\ncleanup-interval = "0s"\n')
    for n in range(40):
        Module(engine, module_text(n))
    files = list((tmp_path / "cache").glob("*.wlc"))
    assert 0 < sum(p.stat().st_size for p in files) <= 1000


def test_the_directory_is_looked_at_once_per_interval(tmp_path):
    engine = limited_engine(tmp_path, 'file-count-soft-limit = "1"\ncleanup-interval = "1h"\n')
    for n in range(3):
        Module(engine, module_text(n))
    assert len(list((tmp_path / "cache").glob("*.wlc"))) == 3


@pytest.mark.parametrize("setting", ['cleanup-interval = "soon"', 'file-count-soft-limit = "1Ki"',
                                     'files-total-size-soft-limit = "big"',
                                     'file-count-limit-percent-if-deleting = "70"'])
def test_malformed_limits_are_reported_when_the_configuration_is_set(tmp_path, setting):
    with pytest.raises(WasmtimeError, match=setting.split(" ")[0]):
        limited_engine(tmp_path, setting + "\n")


def test_entries_written_by_other_source_of_the_same_version_are_not_used(tmp_path, monkeypatch):
    """An edited checkout, or a rebuilt package of the same version number, gets
    entries of its own: compiled code from other compiler source is never run."""
    from wasmlite.compile import cache
    fingerprint = cache.source_fingerprint()
    assert f"{os.sep}compile{os.sep}cache.py ".encode() in fingerprint
    binary = wasmlite.wat2wasm("(module)")
    mine = cache.CodeCache.on_disk(str(tmp_path), binary, "settings").path
    monkeypatch.setattr(cache, "_fingerprint", fingerprint + b"\nedited.py 1 1")
    assert cache.CodeCache.on_disk(str(tmp_path), binary, "settings").path != mine
