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
from ..errors import MalformedError
from .cursor import Cursor
from .error import ParseError, position
from .lexer import tokenize
from .module import parse_module
from .wast import parse_wast

__all__ = ["ParseError", "parse_wast", "parse_wat", "source_text", "wat2wasm"]

NOT_UTF8 = "input was not valid utf-8"
"""The error for source bytes that are not UTF-8 (wasmtime's wording)."""


def source_text(source: str | bytes | bytearray | memoryview) -> str:
    """``source`` as text: a ``str`` as is, bytes decoded as UTF-8.

    Bytes that are not UTF-8 raise :class:`MalformedError` ``input was not valid
    utf-8``; a ``str`` holding a lone surrogate (no Unicode scalar value, so no
    UTF-8 encoding) raises :class:`ParseError` ``malformed UTF-8 encoding``.
    """
    if isinstance(source, str):
        if not source.isascii():
            try:
                source.encode("utf-8")
            except UnicodeEncodeError as e:
                line, column = position(source, e.start)
                raise ParseError("malformed UTF-8 encoding", line, column, source[e.start],
                                 "Unicode scalar values") from None
        return source
    try:
        return bytes(source).decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedError(NOT_UTF8) from None


def parse_wat(text: str | bytes | bytearray) -> ir.Module:
    """The module IR of a module in the text format (``(module ...)`` or bare fields)."""
    tokens = tokenize(source_text(text))
    if not tokens.kinds and not tokens.annotated:
        raise tokens.error(0, "expected at least one module field", "a module or module fields")
    return parse_module(Cursor(tokens))


def wat2wasm(text: str | bytes | bytearray) -> bytes:
    """The binary encoding of a module in the text format (a ``str``, or UTF-8 bytes)."""
    return encode_module(parse_wat(text))
