"""Builds the WASI preview 2 test components into a cache folder.

Preview 1 programs become ``wasi:cli/command`` components with the preview 1
adapter (``wasi_snapshot_preview1.command.wasm``, which ships in the npm
package ``@bytecodealliance/jco``) and ``wasm-tools component new``:

* every program of the WASI testsuite (``tests/<suite>/testsuite/wasm32-wasip1``),
  into ``CACHE/testsuite/<suite>/<name>.wasm``;
* the C programs of ``programs/``, compiled with ``clang --target=wasm32-wasi``
  first, into ``CACHE/programs/<name>.wasm``.

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
PROGRAMS = HERE / "programs"
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


def main() -> int:
    """Build every component; print each one's path."""
    try:
        for case in discover():
            print(component_of_case(case))
        for source in sorted(PROGRAMS.glob("*.c")):
            print(c_program_component(source.stem))
    except Unavailable as exc:
        print(f"cannot build the preview 2 components: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
