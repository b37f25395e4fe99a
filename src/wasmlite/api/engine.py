"""Engine: the compilation environment shared by modules and stores."""

from __future__ import annotations

import _thread

from ..errors import ArgumentTypeError, closed
from .closeable import Closeable
from .config import Config

_EPOCH_LOCK = _thread.allocate_lock()

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional


class Engine(Closeable):
    """Holds the settings of a :class:`Config` and the epoch counter for interruption.

    The Engine takes the Config it is made from (see :class:`Config`). After
    :meth:`close`, making stores, modules, linkers or shared memories with it
    raises ValueError; those made before keep working.
    """

    __slots__ = ("config", "features", "epoch_cell", "_closed", "__weakref__")

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


def open_engine(engine: object) -> Engine:
    """``engine``, which must be an Engine that is not closed."""
    if not isinstance(engine, Engine):
        raise ArgumentTypeError("expected an Engine")
    if engine._closed:
        raise closed()
    return engine
