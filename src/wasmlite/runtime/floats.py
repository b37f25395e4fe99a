"""How f32 and f64 values are carried, and the IEEE-754 helpers every numeric tier shares.

Representation (shared by the whole runtime):

* an f64 is a Python float; every 64-bit pattern, NaN payloads and signalling
  NaNs included, is carried exactly;
* an f32 is a Python float holding a value exactly representable in binary32.
  A NaN f32 is carried as the f64 NaN with the same sign whose mantissa is the
  23-bit f32 mantissa shifted left by 29, so signalling-ness and payload
  survive (and f64 quieting sets exactly the f32 quiet bit).

NaNs produced when no operand is a NaN are :data:`DEFAULT_NAN`: the canonical
NaN with the sign bit set, as x86-64 hardware (and so wasmtime there) produces.
Read as an f32 it is the canonical f32 NaN with the sign bit set.
"""

from __future__ import annotations

import math
import struct

__all__ = [
    "f32_from_bits", "f32_to_bits", "f64_from_bits", "f64_to_bits", "f32_round",
    "f64_quiet", "round_exact", "f32_from_int", "fused_multiply_add",
    "DEFAULT_NAN", "INF", "F32_MAX_EXP", "F64_MAX_EXP",
]

_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")
_F64 = struct.Struct("<d")
_U64 = struct.Struct("<Q")
_f32_pack = _F32.pack
_f32_unpack = _F32.unpack
_u32_pack = _U32.pack
_u32_unpack = _U32.unpack
_f64_pack = _F64.pack
_f64_unpack = _F64.unpack
_u64_pack = _U64.pack
_u64_unpack = _U64.unpack

INF = math.inf

F32_MAX_EXP = 127
F64_MAX_EXP = 1023

_F64_QUIET = 1 << 51
_F64_NAN_EXP = 0x7FF0000000000000
_F32_SHIFT = 29          # f64 mantissa bits below the f32 mantissa


def f64_from_bits(bits: int) -> float:
    """The f64 whose IEEE-754 bit pattern is ``bits`` (an unsigned 64-bit int)."""
    return _f64_unpack(_u64_pack(bits))[0]


def f64_to_bits(x: float) -> int:
    """The IEEE-754 bit pattern of the f64 ``x``, as an unsigned 64-bit int."""
    return _u64_unpack(_f64_pack(x))[0]


DEFAULT_NAN = f64_from_bits(0xFFF8000000000000)
"""The canonical NaN (sign set) produced when no operand is a NaN; valid as f32 and f64."""


def f32_from_bits(bits: int) -> float:
    """The f32 whose IEEE-754 bit pattern is ``bits`` (an unsigned 32-bit int)."""
    if bits & 0x7F800000 == 0x7F800000 and bits & 0x7FFFFF:
        return _f64_unpack(_u64_pack(
            ((bits & 0x80000000) << 32) | _F64_NAN_EXP | ((bits & 0x7FFFFF) << _F32_SHIFT)))[0]
    return _f32_unpack(_u32_pack(bits))[0]


def f32_to_bits(x: float) -> int:
    """The IEEE-754 binary32 bit pattern of the f32 ``x``, as an unsigned 32-bit int."""
    if x != x:
        bits = _u64_unpack(_f64_pack(x))[0]
        return ((bits >> 32) & 0x80000000) | 0x7F800000 | ((bits >> _F32_SHIFT) & 0x7FFFFF)
    return _u32_unpack(_f32_pack(x))[0]


def f64_quiet(x: float) -> float:
    """The NaN ``x`` with its quiet bit set (for an f32 NaN: the f32 quiet bit)."""
    return _f64_unpack(_u64_pack(_u64_unpack(_f64_pack(x))[0] | _F64_QUIET))[0]


def _f32_nan(x: float) -> float:
    """The quiet f32 NaN with the sign and top 23 mantissa bits of the NaN ``x``."""
    bits = _u64_unpack(_f64_pack(x))[0]
    return _f64_unpack(_u64_pack((bits & 0xFFFFFFFFE0000000) | _F64_QUIET))[0]


def f32_round(x: float) -> float:
    """``x`` rounded to the nearest binary32 value (ties to even, overflow to ±inf).

    A NaN becomes a quiet NaN keeping its sign and top 23 mantissa bits.
    """
    try:
        r = _f32_unpack(_f32_pack(x))[0]
    except OverflowError:
        return INF if x > 0.0 else -INF
    if r == r:
        return r
    return _f32_nan(x)


def round_exact(n: int, e: int, precision: int, max_exp: int) -> float:
    """The float nearest to ``n * 2**e`` (ties to even) in the binary format with
    ``precision`` significand bits and largest exponent ``max_exp`` (24/127 for
    binary32, 53/1023 for binary64); overflow gives ±inf."""
    if n == 0:
        return 0.0
    negative = n < 0
    m = -n if negative else n
    lowest = 2 - max_exp - precision        # exponent of the smallest subnormal
    top = e + m.bit_length() - 1
    keep = top - precision + 1
    if keep < lowest:
        keep = lowest
    shift = keep - e
    if shift > 0:
        q = m >> shift
        rest = m - (q << shift)
        half = 1 << (shift - 1)
        if rest > half or (rest == half and q & 1):
            q += 1
        m, e = q, keep
    if m.bit_length() + e > max_exp + 1:
        return -INF if negative else INF
    r = math.ldexp(float(m), e)
    return -r if negative else r


def f32_from_int(n: int) -> float:
    """The f32 nearest to the integer ``n`` (ties to even)."""
    if -0x20000000000000 <= n <= 0x20000000000000:
        return f32_round(float(n))          # exact in a double: one rounding only
    return round_exact(n, 0, 24, F32_MAX_EXP)


def _significand(x: float) -> tuple[int, int]:
    """``(m, e)`` with ``x == m * 2**e`` for a finite nonzero double."""
    frac, exp = math.frexp(x)
    return int(frac * 9007199254740992.0), exp - 53


def fused_multiply_add(a: float, b: float, c: float, single: bool) -> float:
    """``a * b + c`` rounded once, to binary32 if ``single`` else binary64."""
    if not (math.isfinite(a) and math.isfinite(b)):
        return a * b + c                    # an infinite or NaN product is exact
    if not math.isfinite(c):
        return c if c == c else f64_quiet(c)
    if a == 0.0 or b == 0.0:
        return a * b + c                    # a zero product is exact
    if c == 0.0:
        r = a * b                           # the sum is the product: one rounding
        return f32_round(r) if single else r
    ma, ea = _significand(a)
    mb, eb = _significand(b)
    mc, ec = _significand(c)
    ep = ea + eb
    low = ep if ep < ec else ec
    n = ((ma * mb) << (ep - low)) + (mc << (ec - low))
    if single:
        return round_exact(n, low, 24, F32_MAX_EXP)
    return round_exact(n, low, 53, F64_MAX_EXP)
