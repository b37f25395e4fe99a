"""The code cache: what compiling a module produced, kept on disk between processes.

One file per module (or component) and configuration, named by a hash of its
bytes and of the engine's compatibility key (everything a precompiled artifact
records: wasmlite and Python bytecode versions, tier, optimization level,
tunables, features, module-version strategy), so that engines which could
share artifacts share entries and others never do. An entry keeps what an
artifact keeps, but as it is produced: functions are compiled lazily. It is a log of records appended as work is done:
that the module validated (and used only features the engine has on), that
the tier compiles every instruction it uses (with the proposals whose helpers
its code needs), and the code object of each function when it is first
compiled. A later process that loads the same bytes with the same settings
skips those checks, decodes function bodies only as it compiles them, and
reuses the code. Like ``.pyc`` files, the cache
holds code that is run as it is found: its directory must be writable only by
its owner (it is created with mode 0700).
"""

from __future__ import annotations

import _thread
import marshal
import os
import struct
import sys
import types

from .. import __version__
from .cache_limits import CacheLimits, clean_if_due

__all__ = ["CodeCache", "Entry", "default_directory", "read_config_file", "sha256"]

_MAGIC = b"wasmlite code cache 2\n"
"""Starts every entry; its number changes when a record comes to mean more
(entries of another number are not read)."""
_LENGTH = struct.Struct("<I")
_SUFFIX = ".wlc"


LARGE_INPUT = 1 << 20
"""Bytes from which :func:`sha256` takes OpenSSL's hasher."""


def sha256(data: bytes = b"", size: int = 0):
    """A SHA-256 hasher fed ``data``, for about ``size`` bytes in all (or just
    ``data``): the built-in module's for small inputs, as it imports several
    milliseconds faster than ``hashlib``; OpenSSL's for large ones (a
    component of 20 MB), which it hashes several times faster."""
    if max(size, len(data)) < LARGE_INPUT:
        for name in ("_sha2", "_sha256"):
            try:
                return __import__(name).sha256(data)
            except ImportError:
                pass
    import hashlib
    return hashlib.sha256(data)


_fingerprint: bytes | None = None


def source_fingerprint() -> bytes:
    """The names, sizes and modification times of wasmlite's own source files:
    an entry written by other code of the same version (an edited checkout, a
    reinstalled build) is not used."""
    global _fingerprint
    if _fingerprint is None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        found = []
        folders = [root]
        while folders:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        stat = entry.stat()
                        found.append(f"{entry.path[len(root):]} {stat.st_size} {stat.st_mtime_ns}")
                    elif entry.name != "__pycache__" and entry.is_dir():
                        folders.append(entry.path)
        _fingerprint = "\n".join(sorted(found)).encode()
    return _fingerprint


def default_directory() -> str:
    """``$XDG_CACHE_HOME/wasmlite``, or ``~/.cache/wasmlite``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "wasmlite")


def read_config_file(path: str) -> tuple[str, CacheLimits] | None:
    """The cache directory and limits a wasmtime-style TOML cache configuration
    gives (``[cache]`` with ``directory`` and the clean-up settings of
    :mod:`.cache_limits`; ``enabled = false`` turns the cache off, which gives
    ``None``); the default directory when it names none."""
    from ..errors import WasmtimeError
    try:
        with open(path, "rb") as f:
            text = f.read().decode()
    except (OSError, UnicodeDecodeError) as e:
        raise WasmtimeError(f"failed to read the cache configuration {path!r}: {e}") from None
    settings = _simple_toml(text)
    if settings is None:
        import tomllib              # a full TOML parser costs about 20 ms to import
        try:
            settings = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise WasmtimeError(f"failed to read the cache configuration {path!r}: {e}") \
                from None
    settings = settings.get("cache", {})
    if not isinstance(settings, dict):
        raise WasmtimeError(f"cache configuration {path!r}: expected a [cache] table")
    if settings.get("enabled", True) is False:
        return None
    try:
        limits = CacheLimits.from_settings(settings)
    except ValueError as e:
        raise WasmtimeError(f"cache configuration {path!r}: {e}") from None
    directory = settings.get("directory")
    if directory is None:
        return default_directory(), limits
    if not isinstance(directory, str):
        raise WasmtimeError(f"cache configuration {path!r}: expected a string for directory, "
                            f"found {directory!r}")
    return os.path.expanduser(directory), limits


def _simple_toml(text: str) -> dict | None:
    """``text`` read as TOML when it only has tables of ``key = "string"`` or
    ``key = true/false`` lines without escapes; ``None`` for anything else."""
    found: dict[str, dict] = {}
    table: dict = found
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]") and "[" not in line[1:-1]:
            table = found.setdefault(line[1:-1].strip(), {})
            continue
        key, eq, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not key.replace("-", "_").isidentifier():
            return None
        if value in ("true", "false"):
            table[key] = value == "true"
        elif len(value) >= 2 and value[0] == value[-1] == '"' and "\\" not in value \
                and '"' not in value[1:-1]:
            table[key] = value[1:-1]
        else:
            return None
    return found


Entry = tuple  # (code object, whether it makes tail calls, {constant name: value})


class CodeCache:
    """The work done for one module binary under one set of settings: kept in
    ``path`` when one is given, else only in memory; writing to ``path`` keeps
    its directory within ``limits``."""

    def __init__(self, path: str | None = None, limits: CacheLimits | None = None):
        self.path = path
        self.limits = limits
        self._cleaned = False
        """Whether this process has had the directory kept within ``limits``."""
        self._lock = _thread.allocate_lock()
        """Held while a record is appended (threads compiling at once share the file)."""
        self.valid = False
        self.supported: frozenset[str] | None = None
        """When the tier found every instruction of the module supported: the
        proposals whose helpers its code needs (see ``compile.python.module``)."""
        self.codes: dict[int, Entry] = {}
        """Function index -> its code object, whether it makes tail calls, and
        the values of the constant names it uses."""
        self.native_sections: dict[str, bytes] = {}
        """The native tier's sections of the precompiled artifact this was loaded
        from (``.wasmlite.native*``), for that tier to take its machine code from."""
        if path is not None:
            self._read()

    @classmethod
    def on_disk(cls, directory: str, binary: bytes, settings: str,
                limits: CacheLimits | None = None) -> "CodeCache":
        """The cache entry of ``binary`` under ``settings`` in ``directory``, which
        is kept within ``limits`` (wasmtime's default limits when not given)."""
        digest = sha256(size=len(binary))
        for part in (_MAGIC, __version__.encode(), source_fingerprint(),
                     sys.implementation.cache_tag.encode(), settings.encode(), b"\0", binary):
            digest.update(part)
        return cls(os.path.join(directory, digest.hexdigest() + _SUFFIX), limits or CacheLimits())

    def part(self, name: str) -> "CodeCache":
        """The entry of part ``name`` of this entry's binary (a core module of
        a component), kept beside this one and named after it: the binary's
        bytes and settings fix the part's, so the part is not hashed again."""
        assert self.path is not None and self.path.endswith(_SUFFIX)
        return CodeCache(f"{self.path[:-len(_SUFFIX)]}.{name}{_SUFFIX}", self.limits)

    def _read(self) -> None:
        try:
            with open(self.path, "rb") as f:
                data = f.read()
        except OSError:
            return
        if not data.startswith(_MAGIC):
            return
        pos = len(_MAGIC)
        while pos + 4 <= len(data):
            (size,) = _LENGTH.unpack_from(data, pos)
            pos += 4
            if pos + size > len(data):
                break                       # a record cut short: ignore it and the rest
            try:
                record = marshal.loads(data[pos:pos + size])
            except (EOFError, ValueError, TypeError):
                break
            pos += size
            if record == "valid":
                self.valid = True
                try:
                    os.utime(self.path)     # used: the last to go in a clean-up
                except OSError:
                    pass
            elif isinstance(record, tuple) and len(record) == 2 and record[0] == "supported":
                self.supported = frozenset(record[1])
            elif isinstance(record, tuple) and len(record) == 4 \
                    and isinstance(record[1], types.CodeType):
                index, code, tail_calls, constants = record
                self.codes[index] = (code, bool(tail_calls), constants)

    def mark_valid(self) -> None:
        """Record that the module validated."""
        with self._lock:
            if self.valid:
                return
            self.valid = True
        self._append("valid")

    def mark_supported(self, proposals: frozenset[str]) -> None:
        """Record that the tier compiles every instruction the module uses, and
        the proposals whose helpers its code needs."""
        with self._lock:
            if self.supported is not None:
                return
            self.supported = proposals
        self._append(("supported", tuple(sorted(proposals))))

    def store(self, index: int, entry: Entry) -> None:
        """Record the code compiled for function ``index``."""
        with self._lock:
            if index in self.codes:
                return
            self.codes[index] = entry
        self._append((index, *entry))

    def _append(self, record) -> None:
        if self.path is None:
            return
        payload = marshal.dumps(record)
        with self._lock:
            self._write(payload)

    def _write(self, payload: bytes) -> None:
        try:
            os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError:
            return                          # an unwritable cache only costs speed
        try:
            prefix = _MAGIC if os.fstat(fd).st_size == 0 else b""
            os.write(fd, prefix + _LENGTH.pack(len(payload)) + payload)
        except OSError:
            pass
        finally:
            os.close(fd)
        if self.limits is not None and not self._cleaned:
            self._cleaned = True                         # once per cache entry and process
            clean_if_due(os.path.dirname(self.path), self.limits)
