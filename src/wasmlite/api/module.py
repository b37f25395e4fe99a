"""Module: a decoded and validated WebAssembly module, ready to instantiate."""

from __future__ import annotations

import os

from .. import ir
from ..errors import ArgumentTypeError, WasmtimeError, closed
from ..validate.types import canonicalize
from .closeable import Closeable
from .engine import Engine, open_engine
from .features import check_features
from .types import ExportType, ImportType, extern_type
from .wat import to_binary

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing
    from ..compile.cache import CodeCache


def _decode_and_validate(engine: Engine, binary: bytes,
                         cache: typing.Optional[CodeCache] = None) -> ir.Module:
    """The module ``binary`` holds; validation is skipped when ``cache`` has
    seen these bytes validate under the same settings."""
    from ..binary.decoder import decode_module
    module = decode_module(binary, custom_page_sizes="custom_page_sizes" in engine.features)
    if cache is None or not cache.valid:
        from ..validate.module import validate_module
        validate_module(module)
        if cache is not None:
            cache.mark_valid()
    check_features(module, engine.features)
    return module


def _settings(engine: Engine) -> str:
    """The engine settings that validation and compiled code depend on."""
    config = engine.config
    return repr((sorted(engine.features), config["consume_fuel"], config["epoch_interruption"]))


def _code_cache(engine: Engine, binary: bytes) -> typing.Optional[CodeCache]:
    """The on-disk code cache for ``binary`` when ``Config.cache`` is on, else ``None``."""
    setting = engine.config["cache"]
    if not setting:
        return None
    from ..compile.cache import CodeCache, default_directory, read_config_file
    found = (default_directory(), None) if setting is True else read_config_file(setting)
    if found is None:
        return None
    directory, limits = found
    return CodeCache.on_disk(directory, binary, _settings(engine), limits)


class Module(Closeable):
    """A compiled module; created from binary or text, usable in any store of its engine.

    Input that is not a valid module (malformed or invalid binary, text that does
    not parse, bytes that are neither a binary nor UTF-8 text) raises
    WasmtimeError; input that is not a ``str`` or bytes raises TypeError. After
    :meth:`close`, using the module raises ValueError (instances made from it
    keep working).
    """

    def __init__(self, engine: Engine, wasm: typing.Union[str, bytes, bytearray]):
        engine = open_engine(engine)
        self._setup(engine, to_binary(wasm))

    def _setup(self, engine: Engine, binary: bytes, cache: typing.Optional[CodeCache] = None) -> None:
        self._closed = False
        self.engine = engine
        self._binary = binary
        self._cache = cache if cache is not None else _code_cache(engine, binary)
        self._ir: ir.Module = _decode_and_validate(engine, binary, self._cache)
        self._imports: list[ImportType] | None = None
        self._exports: list[ExportType] | None = None
        self._compiled: typing.Any = None

    @classmethod
    def from_file(cls, engine: Engine, path: typing.Union[str, bytes, os.PathLike]) -> "Module":
        """Read a ``.wasm`` or ``.wat`` file and compile it."""
        with open(path, "rb") as f:
            contents = f.read()
        return cls(engine, contents)

    @classmethod
    def validate(cls, engine: Engine, wasm: typing.Union[bytes, bytearray]) -> None:
        """Raise a WasmtimeError if ``wasm`` is not a valid module binary for ``engine``
        (the text format is not accepted here)."""
        engine = open_engine(engine)
        if not isinstance(wasm, (bytes, bytearray)):
            raise TypeError("expected wasm bytes")
        _decode_and_validate(engine, bytes(wasm))

    @classmethod
    def deserialize(cls, engine: Engine, encoded: typing.Union[bytes, bytearray]) -> "Module":
        """Recreate a module from :meth:`serialize` output, made by this wasmlite
        under the same engine settings. The data is trusted, not validated:
        deserialize only what a trusted program serialized. Data that is not such
        output raises WasmtimeError."""
        engine = open_engine(engine)
        if not isinstance(encoded, (bytes, bytearray)):
            raise TypeError("expected bytes")
        from ..compile import artifact
        from ..compile.cache import CodeCache
        binary, codes = artifact.load(bytes(encoded), _settings(engine))
        if not isinstance(binary, bytes) or not isinstance(codes, dict):
            raise WasmtimeError("serialized module is damaged")
        cache = CodeCache()
        cache.valid = True
        cache.codes.update(codes)
        module = cls.__new__(cls)
        module._setup(engine, binary, cache)
        return module

    @classmethod
    def deserialize_file(cls, engine: Engine, path: typing.Union[str, os.PathLike]) -> "Module":
        """Recreate a module from a file holding :meth:`serialize` output; a file that
        cannot be read raises WasmtimeError."""
        engine = open_engine(engine)
        if not isinstance(path, (str, os.PathLike)):
            raise ArgumentTypeError(f"expected a str path, found {type(path).__name__}")
        try:
            with open(path, "rb") as f:
                encoded = f.read()
        except OSError as e:
            raise WasmtimeError(f"failed to open file {os.fsdecode(path)!r}: "
                                f"{e.strerror or e}") from None
        return cls.deserialize(engine, encoded)

    def close(self) -> None:
        """Stop using this module: its methods raise ValueError from now on."""
        self._closed = True

    def _ir_open(self) -> ir.Module:
        if self._closed:
            raise closed()
        return self._ir

    def serialize(self) -> bytearray:
        """The module with code compiled for all its functions, for
        :meth:`deserialize` in a later process."""
        from ..compile import artifact
        compiled = self._prepared()
        first = compiled.n_imported_funcs
        codes = {i: compiled.entry(i) for i in range(first, first + len(self._ir.funcs))}
        return bytearray(artifact.dump(self._binary, _settings(self.engine), codes))

    def _prepared(self) -> typing.Any:
        """The module as the runtime instantiates it (compiled once, on first use)."""
        if self._closed:
            raise closed()
        compiled = self._compiled
        if compiled is None:
            config = self.engine.config
            if config["strategy"] == "native":
                from ..compile.llvm import compile_module
            else:
                from ..compile.python import compile_module
            compiled = self._compiled = compile_module(
                self._ir, fuel=config["consume_fuel"], epoch=config["epoch_interruption"],
                cache=self._cache, binary=self._binary)
        return compiled

    @property
    def name(self) -> typing.Optional[str]:
        """The module name from the ``name`` custom section, if any."""
        return self._ir_open().names.module

    @property
    def imports(self) -> list[ImportType]:
        """The module's imports, in order."""
        m = self._ir_open()
        if self._imports is None:
            deftypes = canonicalize(m)
            self._imports = [ImportType(i.module, i.name, extern_type(deftypes, i.kind, i.desc))
                             for i in m.imports]
        return list(self._imports)

    @property
    def exports(self) -> list[ExportType]:
        """The module's exports, in order."""
        m = self._ir_open()
        if self._exports is None:
            spaces: dict[str, list] = {
                "func": m.func_typeidx(), "table": m.table_types(), "memory": m.mem_types(),
                "global": m.global_types(), "tag": m.tag_types(),
            }
            deftypes = canonicalize(m)
            self._exports = [ExportType(e.name, extern_type(deftypes, e.kind, spaces[e.kind][e.index]))
                             for e in m.exports]
        return list(self._exports)
