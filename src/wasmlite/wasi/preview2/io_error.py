"""``wasi:io/error``: the ``error`` resource a failed stream operation returns."""

from __future__ import annotations

from typing import Any

from .resources import rep_of
from .interface import Interface
from .results import VALUE
from .state import Preview2State


def to_debug_string(state: Preview2State, error: Any) -> str:
    """A human-readable description of the failure."""
    return str(state.get(rep_of(error)).message)


INTERFACES = {"wasi:io/error": Interface(resources=("error",), uses=(), functions={
    "[method]error.to-debug-string": (to_debug_string, VALUE),
})}
