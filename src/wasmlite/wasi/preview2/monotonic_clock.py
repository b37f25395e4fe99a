"""``wasi:clocks/monotonic-clock``: nanoseconds that never go back, and waiting."""

from __future__ import annotations

from ...component.values import ResourceHost
from ..clocks import clock_now, clock_resolution
from ..enums import Clockid
from .pollables import Deadline
from .resources import own
from .interface import Interface
from .results import VALUE
from .state import Preview2State


_U64 = (1 << 64) - 1


def now(state: Preview2State) -> int:
    """The current instant."""
    return clock_now(Clockid.MONOTONIC)


def resolution(state: Preview2State) -> int:
    """The clock's resolution in nanoseconds."""
    return clock_resolution(Clockid.MONOTONIC)


def subscribe_instant(state: Preview2State, when: int) -> ResourceHost:
    """A pollable ready once the clock reaches ``when``."""
    return own(state.table, "pollable", Deadline(when))


def subscribe_duration(state: Preview2State, when: int) -> ResourceHost:
    """A pollable ready ``when`` nanoseconds from now."""
    return own(state.table, "pollable", Deadline(min(_U64, now(state) + when)))


INTERFACES = {"wasi:clocks/monotonic-clock": Interface(resources=(), uses=("pollable",), functions={
    "now": (now, VALUE),
    "resolution": (resolution, VALUE),
    "subscribe-instant": (subscribe_instant, VALUE),
    "subscribe-duration": (subscribe_duration, VALUE),
})}
