"""Hypothesis strategies for numeric operands, as raw bit patterns.

Every strategy yields unsigned ints: i32/f32 values as 32-bit patterns, i64/f64
as 64-bit patterns, v128 as 128-bit ints. Special values (zeros, infinities,
NaNs with payloads, signalling NaNs, integer extremes, powers of two, values on
and next to rounding and truncation boundaries) are drawn often.
"""

from __future__ import annotations

import math
import re
import struct

from hypothesis import strategies as st

M128 = (1 << 128) - 1


def f32_bits_of(x: float) -> int:
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f64_bits_of(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def _with_neighbours64(values):
    """The doubles ``values`` and the doubles right next to them, as bit patterns."""
    out = []
    for x in values:
        out += [x, math.nextafter(x, math.inf), math.nextafter(x, -math.inf)]
    return sorted({f64_bits_of(x) for x in out})


_BOUNDARIES = [0.5, 1.0, 1.5, 2.5, 3.5, 2.0 ** 23, 2.0 ** 24, 2.0 ** 31, 2.0 ** 32,
               2.0 ** 52, 2.0 ** 53, 2.0 ** 63, 2.0 ** 64, 2.0 ** 31 + 1, 2.0 ** 32 - 1,
               4503599627370495.5, 8388607.5]

I32_SPECIAL = [0, 1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 65, 0x7F, 0x80, 0xFF, 0x100,
               0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x00FFFFFF, 0x01000000, 0x01000001,
               0x55555555, 0xAAAAAAAA, 0x7FFFFFFF, 0x80000000, 0x80000001,
               0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFF80, 0xFFFF8000]

I64_SPECIAL = I32_SPECIAL + [
    0xFFFFFFFF + 1, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0x8000000000000001,
    0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFF80000000, 0xFFFFFFFF7FFFFFFF,
    1 << 53, (1 << 53) + 1, (1 << 53) - 1, (1 << 63) + (1 << 39) + 1, (1 << 60) + (1 << 36) + 1,
    0x0020000020000001, 0x5555555555555555, 0xAAAAAAAAAAAAAAAA]

F32_SPECIAL = [
    0x00000000, 0x80000000, 0x7F800000, 0xFF800000,          # zeros, infinities
    0x7FC00000, 0xFFC00000,                                  # canonical NaNs
    0x7FC00001, 0xFFFFFFFF, 0x7FE00000,                      # quiet NaNs with payloads
    0x7F800001, 0x7FA00000, 0xFFBFFFFF,                      # signalling NaNs
    0x00000001, 0x80000001, 0x007FFFFF, 0x00800000,          # subnormals, smallest normal
    0x7F7FFFFF, 0xFF7FFFFF, 0x3F800000, 0xBF800000,          # largest finite, ±1
    0x3F000000, 0xBF000000, 0x3EFFFFFF, 0x3F000001,          # around ±0.5
    0x3FC00000, 0x40200000, 0xC0200000, 0x40600000,          # 1.5, ±2.5, 3.5
    0x4AFFFFFF, 0x4B000000, 0x4B000001, 0x4B7FFFFF,          # around 2**23, 2**24
    0x4EFFFFFF, 0x4F000000, 0xCF000000, 0xCF000001,          # around ±2**31
    0x4F7FFFFF, 0x4F800000, 0xBF7FFFFF, 0xBF800001,          # around 2**32, -1
    0x5EFFFFFF, 0x5F000000, 0xDF000000, 0xDF000001,          # around ±2**63
    0x5F7FFFFF, 0x5F800000,                                  # around 2**64
]

F64_SPECIAL = [
    0x0000000000000000, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
    0x7FF8000000000000, 0xFFF8000000000000,
    0x7FF8000000000001, 0xFFFFFFFFFFFFFFFF, 0x7FFC000000000000, 0x7FF8000020000000,
    0x7FF0000000000001, 0x7FF4000000000000, 0xFFF7FFFFFFFFFFFF, 0x7FF0000020000000,
    0x0000000000000001, 0x8000000000000001, 0x000FFFFFFFFFFFFF, 0x0010000000000000,
    0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF,
    0x47EFFFFFE0000000, 0x47EFFFFFF0000000, 0x47EFFFFFEFFFFFFF, 0x47EFFFFFF0000001,  # f32 overflow edge
    0x36A0000000000000, 0x3690000000000000, 0x3690000000000001, 0x36A8000000000000,  # f32 subnormal edges
] + _with_neighbours64(_BOUNDARIES + [-x for x in _BOUNDARIES])


def _lift(special, bits: int) -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(special), st.integers(0, (1 << bits) - 1))


def _powers_of_two(bits: int) -> st.SearchStrategy[int]:
    return st.builds(lambda k, d: ((1 << k) + d) & ((1 << bits) - 1),
                     st.integers(0, bits - 1), st.sampled_from([-1, 0, 1]))


def _halfway_ints(bits: int, precision: int) -> st.SearchStrategy[int]:
    """Integers on and next to the midpoint of two floats of ``precision`` bits."""
    return st.builds(
        lambda m, k, d: ((m << k) + (1 << (k - 1)) + d) & ((1 << bits) - 1),
        st.integers(1 << (precision - 1), (1 << precision) - 1),
        st.integers(1, bits - precision), st.sampled_from([-1, 0, 1]))


def _f32_midpoints() -> st.SearchStrategy[int]:
    """Doubles on and next to the midpoint of two adjacent f32 values."""
    def midpoint(bits: int, d: int) -> int:
        lo = struct.unpack("<f", struct.pack("<I", bits))[0]
        hi = struct.unpack("<f", struct.pack("<I", bits + 1))[0]
        mid = (lo + hi) / 2
        if d:
            mid = math.nextafter(mid, math.inf * d)
        return f64_bits_of(mid)
    return st.builds(midpoint, st.integers(0, 0x7F7FFFFE) | st.integers(0x80000000, 0xFF7FFFFE),
                     st.sampled_from([-1, 0, 1]))


def i32_bits() -> st.SearchStrategy[int]:
    return st.one_of(_lift(I32_SPECIAL, 32), _powers_of_two(32), _halfway_ints(32, 24))


def i64_bits() -> st.SearchStrategy[int]:
    return st.one_of(_lift(I64_SPECIAL, 64), _powers_of_two(64),
                     _halfway_ints(64, 24), _halfway_ints(64, 53))


def f32_bits() -> st.SearchStrategy[int]:
    return st.one_of(
        _lift(F32_SPECIAL, 32),
        st.floats(width=32, allow_nan=False).map(f32_bits_of),
        st.integers(-(1 << 25), 1 << 25).map(lambda n: f32_bits_of(n / 2)),
    )


def f64_bits() -> st.SearchStrategy[int]:
    return st.one_of(
        _lift(F64_SPECIAL, 64),
        st.floats(allow_nan=False).map(f64_bits_of),
        st.integers(-(1 << 54), 1 << 54).map(lambda n: f64_bits_of(n / 2)),
        _f32_midpoints(),
    )


SCALAR = {"i32": i32_bits, "i64": i64_bits, "f32": f32_bits, "f64": f64_bits}
"""Value type -> strategy of its bit patterns."""


# --- v128 ----------------------------------------------------------------------------

_LANE_STRATEGIES = {
    "i8x16": (8, lambda: _lift([0, 1, 0x7F, 0x80, 0x81, 0xFE, 0xFF], 8)),
    "i16x8": (16, lambda: _lift([0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0x4000, 0xFF, 0x80], 16)),
    "i32x4": (32, i32_bits),
    "i64x2": (64, i64_bits),
    "f32x4": (32, f32_bits),
    "f64x2": (64, f64_bits),
}

_SHAPE = re.compile(r"[if](?:8x16|16x8|32x4|64x2)")


def _lanes_of(shape: str) -> st.SearchStrategy[int]:
    width, lane = _LANE_STRATEGIES[shape]
    return st.lists(lane(), min_size=128 // width, max_size=128 // width).map(
        lambda lanes: sum(x << (i * width) for i, x in enumerate(lanes)))


def operand_shape(instruction: str) -> str | None:
    """The lane shape a SIMD instruction reads its v128 operands as (None: bits only)."""
    prefix, _, rest = instruction.partition(".")
    found = _SHAPE.search(rest)
    if found:
        return found.group(0)
    return prefix if prefix in _LANE_STRATEGIES else None


def v128_bits(shape: str | None) -> st.SearchStrategy[int]:
    """v128 values, mostly with lanes of ``shape`` drawn from its special values."""
    mixed = st.one_of([_lanes_of(s) for s in _LANE_STRATEGIES])
    random = st.integers(0, M128)
    if shape is None:
        return st.one_of(mixed, random)
    own = _lanes_of(shape)
    return st.one_of(own, own, mixed, random)


# --- NaN-heavy operands ------------------------------------------------------------------

def _nans(width: int) -> st.SearchStrategy[int]:
    """NaNs of both signs, quiet and signalling, with small and random payloads."""
    exp_bits, mantissa_bits = (8, 23) if width == 32 else (11, 52)
    exponent = ((1 << exp_bits) - 1) << mantissa_bits
    quiet = 1 << (mantissa_bits - 1)
    payload = st.one_of(st.integers(1, 7), st.integers(1, quiet - 1),
                        st.integers(1, 7).map(lambda p: p << (mantissa_bits - 23)))
    return st.builds(lambda sign, q, p: (sign << (width - 1)) | exponent | q | p,
                     st.integers(0, 1), st.sampled_from([0, quiet]), payload)


def nan_heavy_bits(width: int) -> st.SearchStrategy[int]:
    """Float bit patterns that are mostly NaNs, else zeros, infinities and ±1."""
    specials = ([0, 0x80000000, 0x7F800000, 0xFF800000, 0x3F800000, 0xBF800000] if width == 32 else
                [0, 1 << 63, 0x7FF0000000000000, 0xFFF0000000000000,
                 0x3FF0000000000000, 0xBFF0000000000000])
    return st.one_of(_nans(width), _nans(width), st.sampled_from(specials))


def nan_heavy_v128(width: int) -> st.SearchStrategy[int]:
    """v128 values whose float lanes of ``width`` bits are mostly NaNs."""
    return st.lists(nan_heavy_bits(width), min_size=128 // width, max_size=128 // width).map(
        lambda lanes: sum(x << (i * width) for i, x in enumerate(lanes)))
