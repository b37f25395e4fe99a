"""``Interface``: what preview 2 defines for one WASI interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Interface:
    """One WASI interface: the resources it defines, those it uses from other
    interfaces (``use`` in WIT), and its functions by WIT import name, each an
    implementation with its result shape (see :mod:`.results`)."""

    functions: dict[str, tuple[Callable[..., Any], str]]
    resources: tuple[str, ...] = ()
    uses: tuple[str, ...] = field(default=())
