"""The component text format: components written as text into their binary
encoding, and the component commands of WAST scripts."""

from __future__ import annotations

from ...text import source_text
from ...text.cursor import Cursor
from ...text.lexer import tokenize
from .component import parse_component

__all__ = ["component_wat2wasm"]


def component_wat2wasm(text: str | bytes) -> bytes:
    """The binary encoding of a component in the text format."""
    return parse_component(Cursor(tokenize(source_text(text))))
