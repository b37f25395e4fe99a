"""The WebAssembly text formats: WAT modules and WAST scripts.

``wat2wasm`` turns a module in the text format into its binary encoding;
``parse_wat`` gives its module IR; ``parse_wast`` reads a script into command
objects (see :mod:`wasmlite.text.script`). Malformed text raises
:class:`ParseError`, a :class:`~wasmlite.errors.MalformedError` that says
where (``line:column``), what was found and what was expected.
"""

from __future__ import annotations

from .. import ir
from ..binary.encoder import encode_module
from .cursor import Cursor
from .error import ParseError
from .lexer import tokenize
from .module import parse_module
from .wast import parse_wast

__all__ = ["ParseError", "parse_wast", "parse_wat", "wat2wasm"]


def parse_wat(text: str) -> ir.Module:
    """The module IR of a module in the text format (``(module ...)`` or bare fields)."""
    return parse_module(Cursor(tokenize(text)))


def wat2wasm(text: str) -> bytes:
    """The binary encoding of a module in the text format."""
    return encode_module(parse_wat(text))
