"""Engine: the compilation environment shared by modules and stores."""

from __future__ import annotations

import _thread
import os
import weakref

from ..errors import ArgumentTypeError, WasmtimeError, closed
from .closeable import Closeable
from .config import Config

_EPOCH_LOCK = _thread.allocate_lock()

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional, Union
    from ..compile.cache import CodeCache


class Engine(Closeable):
    """Holds the settings of a :class:`Config` and the epoch counter for interruption.

    The Engine takes the Config it is made from (see :class:`Config`). After
    :meth:`close`, making stores, modules, linkers or shared memories with it
    raises ValueError; those made before keep working.
    """

    __slots__ = ("config", "features", "epoch_cell", "_closed", "_compatibility",
                 "_cache_hits", "_cache_misses", "__weakref__")

    def __init__(self, config: Optional[Config] = None):
        if config is None:
            config = Config()
        elif not isinstance(config, Config):
            raise TypeError("expected Config")
        settings, features = config._consume()
        self.config: dict[str, Any] = settings
        self.features: frozenset[str] = features
        # A one-element list so compiled code and stores can read the epoch without
        # holding the engine.
        self.epoch_cell: list[int] = [0]
        self._closed = False
        self._compatibility: bytes | None = None
        self._cache_hits = 0
        self._cache_misses = 0

    def close(self) -> None:
        """Stop using this engine to make new objects."""
        self._closed = True

    def increment_epoch(self) -> None:
        """Advance the epoch; wasm running in stores whose deadline is reached traps."""
        if self._closed:
            raise closed()
        with _EPOCH_LOCK:       # threads may tick one engine at once
            self.epoch_cell[0] += 1

    def is_pulley(self) -> bool:
        """Whether code runs on the Pulley interpreter (never, in wasmlite)."""
        if self._closed:
            raise closed()
        return False

    def weak(self) -> EngineWeak:
        """A weak handle on this engine: its ``upgrade()`` gives the engine back
        while something else keeps it alive, and ``None`` once it is gone."""
        return EngineWeak(self)

    # -- precompiled artifacts -------------------------------------------------

    def precompile_module(self, wasm: Union[str, bytes, bytearray]) -> bytes:
        """The artifact of the module ``wasm`` (binary or text) compiled by this
        engine, as :meth:`Module.serialize` writes it: an ELF file that
        :meth:`Module.deserialize` loads into a compatible engine."""
        from .module import Module
        return bytes(Module(self, wasm).serialize())

    def precompile_component(self, wasm: Union[str, bytes, bytearray]) -> bytes:
        """The artifact of the component ``wasm`` (binary or text), as
        ``Component.serialize`` writes it."""
        from ..component.api.component import Component
        return bytes(Component(self, wasm).serialize())

    @staticmethod
    def detect_precompiled(data: Union[bytes, bytearray, memoryview]) -> Optional[str]:
        """``"module"`` or ``"component"`` when ``data`` is a wasmlite artifact
        of that kind, else ``None``. Only the ELF header is looked at: whether
        the artifact is compatible with an engine is checked on loading."""
        from ..compile.artifact import detect
        return detect(bytes(data))

    @staticmethod
    def detect_precompiled_file(path: Union[str, os.PathLike]) -> Optional[str]:
        """:meth:`detect_precompiled` of the file at ``path``; a file that cannot
        be read raises WasmtimeError."""
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise WasmtimeError(f"failed to open file {os.fsdecode(path)!r}: "
                                f"{e.strerror or e}") from None
        return Engine.detect_precompiled(data)

    def _compatibility_key(self) -> bytes:
        """What :meth:`precompile_compatibility_hash` hashes (worked out once)."""
        key = self._compatibility
        if key is None:
            from ..compile.artifact.engine_section import compatibility_key
            key = self._compatibility = compatibility_key(self)
        return key

    def precompile_compatibility_hash(self) -> int:
        """A number equal for engines whose artifacts are interchangeable and
        different when anything an artifact records or is checked against
        differs (target, tier, Python version, optimization level, tunables,
        features, module-version strategy)."""
        from ..compile.cache import sha256
        return int.from_bytes(sha256(self._compatibility_key()).digest()[:8], "little")

    # -- the code cache ------------------------------------------------------------

    def cache_hits(self) -> int:
        """How many modules and components this engine found in the code cache."""
        return self._cache_hits

    def cache_misses(self) -> int:
        """How many modules and components this engine looked up in the code cache
        without finding them (and compiled)."""
        return self._cache_misses

    def _cache_entry(self, binary: bytes, kind: str) -> Optional[CodeCache]:
        """The code cache entry of ``binary`` (a ``"module"`` or ``"component"``)
        when ``Config.cache`` is on, counted as a hit or a miss; else ``None``.
        The entry is keyed by everything the compatibility hash covers."""
        setting = self.config["cache"]
        if not setting:
            return None
        from ..compile.cache import CodeCache, default_directory, read_config_file
        found = (default_directory(), None) if setting is True else read_config_file(setting)
        if found is None:
            return None
        directory, limits = found
        from ..compile.cache import sha256
        settings = kind + ":" + sha256(self._compatibility_key()).hexdigest()
        from .config import native_tier
        if native_tier(self.config) == "tiered":
            settings += ":tiered"       # its portable code has on-stack replacement points
        entry = CodeCache.on_disk(directory, binary, settings, limits)
        if entry.valid:
            self._cache_hits += 1
        else:
            self._cache_misses += 1
        return entry


class EngineWeak:
    """A weak reference to an :class:`Engine` (see :meth:`Engine.weak`)."""

    __slots__ = ("_ref",)

    def __init__(self, engine: Engine) -> None:
        self._ref = weakref.ref(engine)

    def upgrade(self) -> Optional[Engine]:
        """The engine, or ``None`` once it no longer exists."""
        return self._ref()


def open_engine(engine: object) -> Engine:
    """``engine``, which must be an Engine that is not closed."""
    if not isinstance(engine, Engine):
        raise ArgumentTypeError("expected an Engine")
    if engine._closed:
        raise closed()
    return engine
