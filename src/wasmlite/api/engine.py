"""Engine: the compilation environment shared by modules and stores."""

from __future__ import annotations

from .closeable import Closeable
from .config import Config

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional


class Engine(Closeable):
    """Holds the settings of a :class:`Config` and the epoch counter for interruption."""

    __slots__ = ("config", "features", "epoch_cell", "__weakref__")

    def __init__(self, config: Optional[Config] = None):
        if config is None:
            config = Config()
        elif not isinstance(config, Config):
            raise TypeError("expected Config")
        self.config: dict = config.snapshot()
        self.features: frozenset[str] = config.features()
        # A one-element list so compiled code and stores can read the epoch without
        # holding the engine.
        self.epoch_cell: list[int] = [0]

    def increment_epoch(self) -> None:
        """Advance the epoch; wasm running in stores whose deadline is reached traps."""
        self.epoch_cell[0] += 1

    def is_pulley(self) -> bool:
        """Whether code runs on the Pulley interpreter (never, in wasmlite)."""
        return False
