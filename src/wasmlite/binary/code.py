"""Entries of the code section: one function's locals and body.

A code entry is ``size:u32`` followed by that many bytes of contents: a vector
of local declarations ``(n:u32, t:valtype)``, then the body expression. The
decoder either decodes an entry at once (:func:`decode_func_code`) or, for a
binary known to be well-formed, leaves it to be decoded when the function's
locals or body are first read (by the callable :func:`code_decoder` gives).
"""

from __future__ import annotations

from functools import partial

from .. import ir
from ..errors import MalformedError
from .instructions import decode_expr
from .reader import read_len32, read_u32
from .types import decode_valtype

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

MAX_LOCALS = 50_000
"""Locals a function may declare (as wasmtime); the format itself allows 2**32 - 1."""


def decode_func_code(data: bytes, start: int, end: int) -> tuple[list[ir.ValType], ir.Expr, bool]:
    """Decode the contents ``data[start:end]`` of a code entry: the declared
    locals (expanded), the body, and whether the body names a data segment
    (which requires the data count section). Raises :class:`MalformedError`."""
    count, pos = read_len32(data, start)
    declared = []
    total = 0
    for _ in range(count):
        n, pos = read_u32(data, pos)
        valtype, pos = decode_valtype(data, pos)
        declared.append((n, valtype))
        total += n
    if total >= 1 << 32 or total > MAX_LOCALS:
        raise MalformedError("too many locals", start)
    locals_: list[ir.ValType] = []
    for n, valtype in declared:
        locals_ += [valtype] * n
    body, pos, uses_data = decode_expr(data, pos)
    if pos != end:
        raise MalformedError("section size mismatch", start)
    return locals_, body, uses_data


def _locals_and_body(data: bytes, start: int, end: int) -> tuple[list[ir.ValType], ir.Expr]:
    locals_, body, _ = decode_func_code(data, start, end)
    return locals_, body


def code_decoder(data: bytes) -> Callable[[int, int], tuple[list[ir.ValType], ir.Expr]]:
    """What decodes the code entry whose contents run from ``start`` to ``end``
    in ``data``, called as ``decode(start, end)``: the locals and body of an
    undecoded :class:`ir.Func` (one serves all the functions of a binary)."""
    return partial(_locals_and_body, data)
