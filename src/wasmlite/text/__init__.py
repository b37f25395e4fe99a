"""The WebAssembly text formats: WAT modules and WAST scripts."""

from __future__ import annotations

from .. import ir
from .cursor import Cursor
from .error import ParseError
from .lexer import tokenize
from .module import parse_module

__all__ = ["ParseError", "parse_wat", "wat2wasm"]


def parse_wat(text: str) -> ir.Module:
    """The module IR of a module in the text format (``(module ...)`` or bare fields)."""
    return parse_module(Cursor(tokenize(text)))


def wat2wasm(text: str) -> bytes:
    """The binary encoding of a module in the text format.

    Raises :class:`ParseError` (a :class:`~wasmlite.errors.MalformedError`)
    when the text is malformed.
    """
    from ..binary.encoder import encode_module
    return encode_module(parse_wat(text))
