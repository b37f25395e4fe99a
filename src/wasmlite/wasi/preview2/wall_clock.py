"""``wasi:clocks/wall-clock``: the time of day as a ``datetime`` record."""

from __future__ import annotations

from ...component.values import Record
from ..clocks import clock_now, clock_resolution
from ..enums import Clockid
from .interface import Interface
from .results import VALUE
from .state import Preview2State


def datetime(nanoseconds: int) -> Record:
    """The ``datetime`` record of a time in nanoseconds since the epoch."""
    seconds, rest = divmod(max(0, nanoseconds), 1_000_000_000)
    return Record(seconds=seconds, nanoseconds=rest)


def now(state: Preview2State) -> Record:
    """The current time since the Unix epoch."""
    return datetime(clock_now(Clockid.REALTIME))


def resolution(state: Preview2State) -> Record:
    """The clock's resolution."""
    return datetime(clock_resolution(Clockid.REALTIME))


INTERFACES = {"wasi:clocks/wall-clock": Interface(resources=(), uses=(), functions={
    "now": (now, VALUE),
    "resolution": (resolution, VALUE),
})}
