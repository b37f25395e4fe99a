"""wasmlite's modules load from one bytecode bundle, which follows source changes."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wasmlite

PACKAGE = Path(wasmlite.__file__).parent

REPORT = """
import sys, wasmlite
from wasmlite.bundle import BundleFinder
engine = wasmlite.Engine()
store = wasmlite.Store(engine)
module = wasmlite.Module(engine, '(module (func (export "f") (result i32) (i32.const 7)))')
assert wasmlite.Instance(store, module, []).exports(store)["f"](store) == 7
loaders = {type(m.__spec__.loader) for name, m in sys.modules.items()
           if name.startswith("wasmlite.") and name != "wasmlite.bundle"}
print("bundle" if loaders == {BundleFinder} else "ordinary" if BundleFinder not in loaders else "mixed")
"""


@pytest.fixture
def package(tmp_path):
    """A private copy of the wasmlite package, without any bytecode."""
    copy = tmp_path / "wasmlite"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def run(package: Path, code: str, write_bytecode: bool = True, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(package.parent)
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, *args, "-c", code], env=env, capture_output=True,
                          text=True, cwd=package.parent)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def bundles(package: Path) -> list[str]:
    return sorted(p.name for p in (package / "__pycache__").glob("*.bundle"))


def test_first_import_writes_the_bundle_and_later_ones_load_from_it(package):
    assert run(package, REPORT) == "ordinary"
    assert bundles(package) == [f"wasmlite.{sys.implementation.cache_tag}.bundle"]
    assert run(package, REPORT) == "bundle"


def test_a_changed_source_is_imported_afresh_and_the_bundle_rewritten(package):
    run(package, REPORT)
    with open(package / "errors.py", "a") as f:
        f.write("\nCHANGED = True\n")
    code = "import wasmlite.errors as e; print(e.CHANGED, type(e.__spec__.loader).__name__)"
    assert run(package, code) == "True SourceFileLoader"
    assert bundles(package) == []
    assert run(package, REPORT) == "ordinary"
    assert run(package, code) == "True BundleFinder"


def test_nothing_is_written_when_python_may_not_write_bytecode(package):
    assert run(package, REPORT, False) == "ordinary"
    assert not (package / "__pycache__").exists() or bundles(package) == []


def test_each_optimisation_level_has_its_own_bundle(package):
    run(package, REPORT)
    assert run(package, REPORT, True, "-O") == "ordinary"
    assert len(bundles(package)) == 2
    assert run(package, REPORT, True, "-O") == "bundle"


def test_a_damaged_bundle_is_replaced(package):
    run(package, REPORT)
    path = package / "__pycache__" / bundles(package)[0]
    path.write_bytes(path.read_bytes()[:1000])
    assert run(package, REPORT) == "ordinary"
    assert run(package, REPORT) == "bundle"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a POSIX user that file permissions apply to")
def test_a_read_only_package_is_imported_the_ordinary_way(package):
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    (package / "__pycache__").chmod(0o555)
    try:
        assert run(package, REPORT) == "ordinary"
        assert bundles(package) == []
    finally:
        (package / "__pycache__").chmod(0o755)


def test_the_command_line_runs_from_the_bundle(package):
    run(package, REPORT)
    hello = Path(__file__).parents[1] / "examples" / "hello.wat"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(package.parent)
    done = subprocess.run([sys.executable, "-m", "wasmlite", "run", str(hello)], env=env,
                          capture_output=True, text=True, cwd=package.parent)
    assert done.returncode == 0, done.stderr
    assert "2 + 40 = 42" in done.stdout


def test_tracebacks_show_the_source_of_bundled_modules(package):
    run(package, REPORT)
    code = ("import inspect, wasmlite.errors as e\n"
            "print(type(e.__spec__.loader).__name__, 'class WasmtimeError' in inspect.getsource(e))")
    assert run(package, code) == "BundleFinder True"


def test_an_unwritable_folder_gives_up_before_reading_any_bytecode(tmp_path, monkeypatch):
    from wasmlite import bundle
    monkeypatch.setattr(bundle, "_contents", lambda: pytest.fail("bytecode was read"))
    blocker = tmp_path / "plain-file"
    blocker.write_text("")
    assert bundle.write(str(blocker / "__pycache__" / "x.bundle")) is False
    assert [p.name for p in tmp_path.iterdir()] == ["plain-file"]
