"""The start definition (Binary.md, "Start Definitions")."""

from __future__ import annotations

from ...ir import _Record


class Start(_Record):
    """``(start f (value arg)* (result (value))^r)``: call the component function
    ``func`` with the values ``args`` while instantiating, adding its ``results``
    values to the value index space."""

    __slots__ = ("func", "args", "results")

    def __init__(self, func: int, args: tuple[int, ...] = (), results: int = 0) -> None:
        self.func = func
        self.args = args
        self.results = results
