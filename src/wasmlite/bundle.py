"""The bytecode of every wasmlite module in one file, so that importing wasmlite
reads one file instead of about a hundred.

Running a WASI program needs most of wasmlite's modules; importing each the
ordinary way costs a directory lookup, a few ``stat`` calls and a read of its
cached bytecode, which adds up to several milliseconds of every start-up.

The bundle sits in the package's own bytecode cache directory
(``__pycache__/wasmlite.<cache tag>[.opt-N].bundle``): the length of its index
(8 bytes, little-endian), the index, then the marshalled code objects. The index
maps each module to whether it is a package, its source path, that source's
size and modification time, and where its code lies. :func:`install` maps the
file into memory, reads the index, and puts first on :data:`sys.meta_path` a
finder for the modules it holds, which reads a module's code when it is
imported:

- a module whose source no longer has the recorded size and modification time
  is left to the ordinary import system, and the bundle is deleted, so the next
  process writes a fresh one;
- without a bundle, :func:`install` writes one from the ordinary bytecode caches
  (compiling any source whose cache is missing or stale), unless Python was told
  not to write bytecode (``sys.dont_write_bytecode``) or the directory is not
  writable; that process then imports everything the ordinary way.
"""

from __future__ import annotations

import marshal
import mmap
import os
import sys

__all__ = ["BundleFinder", "bundle_path", "install", "write"]

_ROOT = os.path.dirname(os.path.abspath(__file__))
_PACKAGE = __name__.rpartition(".")[0]
_FORMAT = 2
_INDEX_LENGTH = 8

_ModuleSpec = type(__spec__)     # importlib.machinery.ModuleSpec, without importing that module


def bundle_path() -> str:
    """Where the bundle of this interpreter version and optimisation level lives."""
    opt = f".opt-{sys.flags.optimize}" if sys.flags.optimize else ""
    return os.path.join(_ROOT, "__pycache__",
                        f"{_PACKAGE}.{sys.implementation.cache_tag}{opt}.bundle")


def _header() -> tuple:
    return (_FORMAT, sys.version, sys.flags.optimize, _ROOT)


class BundleFinder:
    """Finds and loads the modules held by one bundle."""

    def __init__(self, path: str, entries: dict[str, tuple], codes: mmap.mmap, base: int):
        self.path = path
        self.entries = entries
        self.codes = codes
        self.base = base

    def find_spec(self, name: str, path=None, target=None):
        """The spec of ``name`` if the bundle holds it and its source is unchanged."""
        entry = self.entries.get(name)
        if entry is None:
            return None
        is_package, origin, size, mtime_ns, _ = entry
        try:
            st = os.stat(origin)
            fresh = st.st_size == size and st.st_mtime_ns == mtime_ns
        except OSError:
            fresh = False
        if not fresh:
            self._stale()
            return None
        spec = _ModuleSpec(name, self, origin=origin, is_package=is_package)
        spec.has_location = True
        if is_package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        return spec

    def _stale(self) -> None:
        self.entries = {}           # the rest is imported the ordinary way too
        try:
            os.unlink(self.path)
        except OSError:
            pass

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        exec(self.get_code(module.__name__), module.__dict__)

    def get_code(self, name: str):
        """The code object of module ``name`` (as ``runpy`` asks for it)."""
        offset, length = self._entry(name)[4]
        start = self.base + offset
        return marshal.loads(self.codes[start:start + length])

    def get_source(self, name: str) -> str:
        """The source text of module ``name``."""
        from importlib.util import decode_source
        with open(self._entry(name)[1], "rb") as f:
            return decode_source(f.read())

    def is_package(self, name: str) -> bool:
        return self._entry(name)[0]

    def _entry(self, name: str) -> tuple:
        entry = self.entries.get(name)
        if entry is None:
            raise ImportError(f"{name} is not in the bundle {self.path}", name=name)
        return entry


def _read(path: str) -> BundleFinder | None:
    """The finder of the bundle at ``path``; ``None`` if there is none, or it was
    written for another interpreter, or is damaged."""
    try:
        with open(path, "rb") as f:
            codes = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        base = _INDEX_LENGTH + int.from_bytes(codes[:_INDEX_LENGTH], "little")
        header, size, entries = marshal.loads(codes[_INDEX_LENGTH:base])
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if header != _header() or len(codes) != base + size:
        return None
    return BundleFinder(path, entries, codes, base)


def _modules():
    """``(module name, source path, is a package)`` of every module of the package."""
    for folder, dirs, files in os.walk(_ROOT):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        relative = os.path.relpath(folder, _ROOT)
        prefix = _PACKAGE if relative == "." else f"{_PACKAGE}.{relative.replace(os.sep, '.')}"
        for file in sorted(files):
            if not file.endswith(".py"):
                continue
            stem = file[:-3]
            if stem == "__init__":
                yield prefix, os.path.join(folder, file), True
            else:
                yield f"{prefix}.{stem}", os.path.join(folder, file), False


def write(path: str) -> bool:
    """Write the bundle of the package's current sources to ``path``; whether it was
    written (``False`` at once where the folder is not writable)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        out = open(temporary, "wb")
    except OSError:
        return False
    try:
        with out:
            index, codes = _contents()
            out.write(len(index).to_bytes(_INDEX_LENGTH, "little"))
            out.write(index)
            out.writelines(codes)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


def _contents() -> tuple[bytes, list[bytes]]:
    """The index and the code objects of a bundle of the package's current sources."""
    from importlib.machinery import SourceFileLoader
    entries = {}
    codes = []
    size = 0
    for name, source, is_package in _modules():
        if name in (_PACKAGE, __name__):
            continue                # these two are imported before the bundle is read
        try:
            st = os.stat(source)
            code = marshal.dumps(SourceFileLoader(name, source).get_code(name))
        except (OSError, SyntaxError, ImportError):
            continue
        entries[name] = (is_package, source, st.st_size, st.st_mtime_ns, (size, len(code)))
        codes.append(code)
        size += len(code)
    return marshal.dumps((_header(), size, entries)), codes


def install() -> None:
    """Import the package's modules from the bundle from now on (see the module text)."""
    path = bundle_path()
    finder = _read(path)
    if finder is None:
        if not sys.dont_write_bytecode:
            write(path)
        return
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, BundleFinder)]
    sys.meta_path.insert(0, finder)
