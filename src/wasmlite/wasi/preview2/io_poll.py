"""``wasi:io/poll``: the ``pollable`` resource and waiting on several of them."""

from __future__ import annotations

from typing import Any

from ...runtime.trap import Trap
from .pollables import wait
from .resources import rep_of
from .interface import Interface
from .results import VALUE
from .state import Preview2State


MAX_POLLABLES = 0xFFFFFFFF
"""``poll`` takes fewer pollables than this (their indices are ``u32``)."""


def ready(state: Preview2State, pollable: Any) -> bool:
    """Whether the pollable's event has happened, without waiting."""
    return bool(state.get(rep_of(pollable)).ready())


def block(state: Preview2State, pollable: Any) -> None:
    """Wait until the pollable is ready."""
    wait([state.get(rep_of(pollable))])


def poll(state: Preview2State, pollables: list[Any]) -> list[int]:
    """Wait until at least one of ``pollables`` is ready; the indices of the ready ones."""
    if not pollables:
        raise Trap("empty poll list")
    if len(pollables) >= MAX_POLLABLES:
        raise Trap("poll list too long")
    return wait([state.get(rep_of(p)) for p in pollables])


INTERFACES = {"wasi:io/poll": Interface(resources=("pollable",), uses=(), functions={
    "[method]pollable.ready": (ready, VALUE),
    "[method]pollable.block": (block, VALUE),
    "poll": (poll, VALUE),
})}
