"""Module: a decoded and validated WebAssembly module, ready to instantiate."""

from __future__ import annotations

import os
import threading

from .. import ir
from ..errors import ArgumentTypeError, WasmtimeError, closed
from ..validate.types import canonicalize
from .closeable import Closeable
from .config import native_tier
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
    """The module ``binary`` holds, valid and using only the engine's features.

    When ``cache`` has seen these bytes pass both checks under the same
    settings, neither is made again, and function bodies are decoded only when
    first read (so a large module costs little for the functions it never runs).
    """
    from ..binary.decoder import decode_module
    known_valid = cache is not None and cache.valid
    module = decode_module(binary, custom_page_sizes="custom_page_sizes" in engine.features,
                           lazy_code=known_valid)
    if not known_valid:
        from ..validate.module import validate_module
        validate_module(module)
        check_features(module, engine.features)
        if cache is not None:
            cache.mark_valid()
    return module


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
        self._cache = cache if cache is not None else engine._cache_entry(binary, "module")
        self._ir: ir.Module = _decode_and_validate(engine, binary, self._cache)
        self._imports: list[ImportType] | None = None
        self._exports: list[ExportType] | None = None
        self._compiled: typing.Any = None
        self._preparing = threading.Lock()
        self._pycode: bytes | None = None

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
        """The module in the precompiled artifact ``encoded`` (from :meth:`serialize`
        or ``Engine.precompile_module``).

        The artifact must have been written by a compatible engine: every check
        of its ELF header and ``.wasmlite.engine`` section (version, target,
        flags, tunables, features) is made before anything else in it is used,
        and a failed check raises WasmtimeError with Wasmtime's message. After
        that the contents are trusted, not validated: the compiled code in the
        file is run as it is found, so deserialize only what a trusted program
        wrote."""
        engine = open_engine(engine)
        if not isinstance(encoded, (bytes, bytearray, memoryview)):
            raise TypeError("expected bytes")
        from ..compile import artifact
        from ..compile.cache import CodeCache
        loaded = artifact.load(engine, bytes(encoded), "module")
        cache = CodeCache()
        cache.valid = True
        if loaded.pycode is not None:
            cache.codes.update(artifact.decode_codes(loaded.pycode))
        cache.native_sections = loaded.native
        cache.supported = loaded.proposals
        module = cls.__new__(cls)
        module._setup(engine, loaded.binary, cache)
        module._pycode = loaded.pycode
        return module

    @classmethod
    def deserialize_file(cls, engine: Engine, path: typing.Union[str, os.PathLike]) -> "Module":
        """:meth:`deserialize` of the artifact in the file at ``path`` (trusted in
        the same way); a file that cannot be read raises WasmtimeError."""
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
        """The module's precompiled artifact: an ELF file holding the code compiled
        for every function, the module binary and this engine's settings, for
        :meth:`deserialize` in this or a later process (on an engine with
        compatible settings). The same module always gives the same bytes."""
        from ..compile import artifact
        pycode = self._pycode
        if pycode is None:
            compiled = self._prepared()
            first = compiled.n_imported_funcs
            codes = {i: compiled.entry(i) for i in range(first, first + len(self._ir.funcs))}
            pycode = self._pycode = artifact.encode_codes(codes)
        elif self._closed:
            raise closed()
        compiled = self._prepared()
        native = compiled.native_sections() if hasattr(compiled, "native_sections") else None
        return bytearray(artifact.write(self.engine, "module", self._binary, pycode, native,
                                        compiled.proposals))

    def _prepared(self) -> typing.Any:
        """The module as the runtime instantiates it (compiled once, on first use)."""
        if self._closed:
            raise closed()
        compiled = self._compiled
        if compiled is None:
            with self._preparing:   # threads instantiating it at once share one compiled module
                compiled = self._compiled
                if compiled is None:
                    compiled = self._compiled = self._compile()
        return compiled

    def _compile(self) -> typing.Any:
        config = self.engine.config
        settings = dict(fuel=config["consume_fuel"], epoch=config["epoch_interruption"],
                        cache=self._cache, binary=self._binary)
        tier = native_tier(config)
        if tier is not None:
            from ..compile import llvm
            return llvm.compile_module(self._ir, opt=config["cranelift_opt_level"],
                                       tiered=tier == "tiered", **settings)
        from ..compile import python
        return python.compile_module(self._ir, **settings)

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
