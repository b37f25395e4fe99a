"""Evaluation of constant expressions (global, table and segment initialisers, offsets)."""

from __future__ import annotations

from typing import Any

from .. import ir
from ..errors import NotSupportedError
from .floats import f32_from_bits, f64_from_bits

__all__ = ["evaluate"]

_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF

_BINARY = {
    "i32.add": (lambda a, b: a + b, _MASK32),
    "i32.sub": (lambda a, b: a - b, _MASK32),
    "i32.mul": (lambda a, b: a * b, _MASK32),
    "i64.add": (lambda a, b: a + b, _MASK64),
    "i64.sub": (lambda a, b: a - b, _MASK64),
    "i64.mul": (lambda a, b: a * b, _MASK64),
}


def evaluate(expr: ir.Expr, instance) -> Any:
    """The raw value of constant expression ``expr`` in ``instance`` (whose
    ``globals`` and ``funcs`` it may read)."""
    stack: list[Any] = []
    push = stack.append
    for instr in expr:
        name = instr[0].name
        if name == "end":
            break
        if name == "i32.const":
            push(instr[1] & _MASK32)
        elif name == "i64.const":
            push(instr[1] & _MASK64)
        elif name == "f32.const":
            push(f32_from_bits(instr[1]))
        elif name == "f64.const":
            push(f64_from_bits(instr[1]))
        elif name == "v128.const":
            push(instr[1])
        elif name == "ref.null":
            push(None)
        elif name == "ref.func":
            push(instance.funcs[instr[1]])
        elif name == "global.get":
            push(instance.globals[instr[1]].value)
        elif name in _BINARY:
            fn, mask = _BINARY[name]
            b = stack.pop()
            a = stack.pop()
            push(fn(a, b) & mask)
        else:
            raise NotSupportedError(f"constant instruction {name}")
    return stack[-1]
