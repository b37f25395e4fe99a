"""The preview 2 face of a store's WASI state.

A store configured with ``Store.set_wasi`` holds one ``WasiContext`` (the
preview 1 state: arguments, environment, standard streams, preopened
directories). Preview 2 adds, on first use, a :class:`Preview2State` to that
same context: the table of resource objects and the seeds of the insecure
random generators. Files, clocks and randomness are those of preview 1.
"""

from __future__ import annotations

import os
import random
from typing import Any

from ...errors import WasmtimeError
from ..context import WasiContext
from .resources import ResourceTable


class Preview2State:
    """The preview 2 resources of one WASI context."""

    __slots__ = ("context", "table", "insecure", "insecure_seed")

    def __init__(self, context: WasiContext) -> None:
        self.context = context
        self.table = ResourceTable()
        seed = os.urandom(16)
        self.insecure = random.Random(seed)
        self.insecure_seed = (int.from_bytes(seed[:8], "little"),
                              int.from_bytes(seed[8:], "little"))

    def get(self, rep: int) -> Any:
        """The resource object behind representation ``rep``."""
        return self.table.get(rep)

    def close(self) -> None:
        """Release every resource still open."""
        self.table.close()


def state_of(store: Any) -> Preview2State:
    """The preview 2 state of the store a WASI function was called in."""
    context = getattr(store, "_wasi", None)
    if context is None:
        inner = getattr(store, "_store", None)
        context = getattr(inner, "_wasi", None)
    if context is None:
        raise WasmtimeError("a WASI preview 2 function was called but WASI is not "
                            "configured for this store (call Store.set_wasi first)")
    state = context.preview2
    if state is None:
        state = context.preview2 = Preview2State(context)
    return state  # type: ignore[no-any-return]
