"""Constant expressions: global initializers, table initializers, segment offsets and elements."""

from __future__ import annotations

from .. import ir, opcodes
from ..errors import InvalidError
from .code import validate_expr
from .context import ModuleContext

CONSTANT_INSTRUCTIONS = frozenset(opcodes.BY_NAME[name] for name in (
    "i32.const", "i64.const", "f32.const", "f64.const", "v128.const",
    "i32.add", "i32.sub", "i32.mul", "i64.add", "i64.sub", "i64.mul",
    "ref.null", "ref.i31", "ref.func",
    "struct.new", "struct.new_default", "array.new", "array.new_default", "array.new_fixed",
    "any.convert_extern", "extern.convert_any", "end",
))
"""Instructions allowed in a constant expression, besides ``global.get``."""

_GLOBAL_GET = opcodes.BY_NAME["global.get"]


def validate_const(ctx: ModuleContext, expr: list, result: ir.ValType) -> None:
    """Check that ``expr`` is constant and produces one value of (closed) type ``result``.

    ``global.get`` may only read immutable globals visible in ``ctx``.
    """
    for instr in expr:
        op = instr[0]
        if op in CONSTANT_INSTRUCTIONS:
            continue
        if op is _GLOBAL_GET:
            if ctx.global_(instr[1])[1]:
                raise InvalidError(f"constant expression required: global {instr[1]} is mutable")
            continue
        raise InvalidError(f"constant expression required: {op.name} is not constant")
    validate_expr(ctx, expr, result)
