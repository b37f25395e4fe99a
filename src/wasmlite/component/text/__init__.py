"""The component text format: components written as text into their binary
encoding, and the component commands of WAST scripts.

``component_wat2wasm`` encodes ``(component ...)`` (or bare component fields)
the way ``wasm-tools parse`` does: inline type uses, inline exports,
instantiation arguments and alias sugar are expanded into definitions of
their own, identifiers are resolved per index space (outer identifiers
through outer aliases), and identifiers are kept in a ``component-name``
section. Malformed text raises :class:`~wasmlite.text.ParseError`.

:func:`wasmlite.text.parse_wast` reads the component commands of scripts
(see :mod:`.script` for the commands and component values it produces).
"""

from __future__ import annotations

from ...text import source_text
from ...text.cursor import Cursor
from ...text.lexer import tokenize
from .component import parse_component

__all__ = ["component_wat2wasm"]


def component_wat2wasm(text: str | bytes) -> bytes:
    """The binary encoding of a component in the text format (a ``str``, or UTF-8 bytes)."""
    return parse_component(Cursor(tokenize(source_text(text))))
