"""Evaluation of constant expressions (global, table and segment initialisers, offsets)."""

from __future__ import annotations

from .. import ir
from ..errors import NotSupportedError
from .floats import f32_from_bits, f64_from_bits

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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


def _take(stack: list, n: int) -> list:
    if not n:
        return []
    values = stack[-n:]
    del stack[-n:]
    return values


# The GC instructions' values are made by :mod:`.aggregate`, imported by the first of them.

def _struct_new(instr, stack, types) -> None:
    from .aggregate import struct_new
    deftype = types[instr[1]]
    stack.append(struct_new(deftype, _take(stack, len(deftype.comptype.fields))))


def _struct_new_default(instr, stack, types) -> None:
    from .aggregate import default_value, struct_new
    deftype = types[instr[1]]
    stack.append(struct_new(deftype, [default_value(f.storage) for f in deftype.comptype.fields]))


def _array_new(instr, stack, types) -> None:
    from .aggregate import array_new
    value, n = _take(stack, 2)
    stack.append(array_new(types[instr[1]], value, n))


def _array_new_default(instr, stack, types) -> None:
    from .aggregate import array_new, default_value
    deftype = types[instr[1]]
    n = stack.pop()
    stack.append(array_new(deftype, default_value(deftype.comptype.element.storage), n))


def _array_new_fixed(instr, stack, types) -> None:
    from .aggregate import array_new_fixed
    stack.append(array_new_fixed(types[instr[1]], _take(stack, instr[2])))


def _any_convert_extern(instr, stack, types) -> None:
    from .aggregate import any_convert_extern
    stack.append(any_convert_extern(stack.pop()))


def _extern_convert_any(instr, stack, types) -> None:
    from .aggregate import extern_convert_any
    stack.append(extern_convert_any(stack.pop()))


_GC = {
    "struct.new": _struct_new,
    "struct.new_default": _struct_new_default,
    "array.new": _array_new,
    "array.new_default": _array_new_default,
    "array.new_fixed": _array_new_fixed,
    "ref.i31": lambda instr, stack, types: stack.append(stack.pop() & 0x7FFFFFFF),
    "any.convert_extern": _any_convert_extern,
    "extern.convert_any": _extern_convert_any,
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
        elif name in _GC:
            _GC[name](instr, stack, instance.types)
        else:
            raise NotSupportedError(f"constant instruction {name}")
    return stack[-1]
