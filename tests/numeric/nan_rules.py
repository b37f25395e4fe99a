"""The specification's NaN rules, for float results whose NaN payload may differ.

An arithmetic instruction whose result is a NaN must return a canonical NaN when
every NaN operand is canonical (or none is a NaN), and otherwise any arithmetic
(quiet) NaN. Other float results, and every non-NaN result, are compared bit
for bit.
"""

from __future__ import annotations

_ARITHMETIC = {
    "add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc", "nearest",
    "demote_f64", "promote_f32", "demote_f64x2_zero", "promote_low_f32x4",
    "relaxed_madd", "relaxed_nmadd",
}


def produces_arithmetic_nans(instruction: str) -> bool:
    """Whether the instruction's float results follow the NaN propagation rules."""
    prefix, _, operation = instruction.partition(".")
    return prefix in ("f32", "f64", "f32x4", "f64x2") and operation in _ARITHMETIC


def _parts(bits: int, width: int) -> tuple[int, int]:
    """(exponent field all ones?, mantissa) of a float bit pattern."""
    if width == 32:
        return (bits >> 23) & 0xFF == 0xFF, bits & 0x7FFFFF
    return (bits >> 52) & 0x7FF == 0x7FF, bits & 0xFFFFFFFFFFFFF


def is_nan(bits: int, width: int) -> bool:
    top, mantissa = _parts(bits, width)
    return top and mantissa != 0


def is_canonical_nan(bits: int, width: int) -> bool:
    top, mantissa = _parts(bits, width)
    return top and mantissa == 1 << (22 if width == 32 else 51)


def is_arithmetic_nan(bits: int, width: int) -> bool:
    top, mantissa = _parts(bits, width)
    return top and bool(mantissa >> (22 if width == 32 else 51))


def float_mismatch(ours: int, theirs: int, width: int, operands: list[tuple[int, int]]) -> str | None:
    """Why the arithmetic float result ``ours`` is unacceptable next to ``theirs``, or None.

    ``operands`` are the (bits, width) of the float operands producing this result.
    """
    if not (is_nan(ours, width) and is_nan(theirs, width)):
        return None if ours == theirs else f"got {ours:#x}, wasmtime {theirs:#x}"
    canonical_only = all(is_canonical_nan(b, w) for b, w in operands if is_nan(b, w))
    for who, bits in (("ours", ours), ("wasmtime's", theirs)):
        if canonical_only and not is_canonical_nan(bits, width):
            return f"{who} NaN {bits:#x} should be canonical"
        if not is_arithmetic_nan(bits, width):
            return f"{who} NaN {bits:#x} should be arithmetic"
    return None
