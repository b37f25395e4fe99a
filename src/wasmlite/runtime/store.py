"""The store-side state the runtime needs while instances run."""

from __future__ import annotations

from .entry import WASM_STACK_FRAMES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable


__all__ = ["StoreState"]


class StoreState:
    """What the runtime keeps per store.

    * ``instances``: every module instance created in the store (kept alive
      for as long as the store is);
    * ``memory_limiter`` / ``table_limiter``: ``(current, desired, maximum) ->
      bool`` hooks consulted before memories and tables grow (``None``: no
      limit); ``instance_limit``, ``memory_limit`` and ``table_limit`` count
      how many of each may exist;
    * ``fuel``: remaining fuel when fuel metering is on, else ``None``;
    * ``epoch_deadline``: the engine epoch at which running code is
      interrupted when epoch interruption is on, else ``None``;
      ``epoch_source`` reads the engine's current epoch;
    * ``call_hook``: called with a string event (``"calling_wasm"``,
      ``"returning_from_wasm"``, ``"calling_host"``, ``"returning_from_host"``)
      when set;
    * ``stack_frames``: the Python frames wasm may use when it is entered
      from the host (see :mod:`.entry`);
    * ``data``: the embedder's data.
    """

    __slots__ = ("instances", "memory_limiter", "table_limiter", "instance_limit",
                 "memory_limit", "table_limit", "memory_count", "table_count", "fuel",
                 "epoch_deadline", "epoch_source", "call_hook", "stack_frames", "data",
                 "__weakref__")

    def __init__(self, data: Any = None):
        self.instances: list = []
        self.memory_limiter: Callable[[int, int, int | None], bool] | None = None
        self.table_limiter: Callable[[int, int, int | None], bool] | None = None
        self.instance_limit: int | None = None
        self.memory_limit: int | None = None
        self.table_limit: int | None = None
        self.memory_count = 0
        self.table_count = 0
        self.fuel: int | None = None
        self.epoch_deadline: int | None = None
        self.epoch_source: Callable[[], int] | None = None
        self.call_hook: Callable[[str], None] | None = None
        self.stack_frames = WASM_STACK_FRAMES
        self.data = data
