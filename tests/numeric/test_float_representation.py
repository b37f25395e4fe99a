"""f32/f64 values keep their exact bit patterns, and rounding to binary32 is correct."""

from __future__ import annotations

import math
import struct

import pytest

from wasmlite.runtime.floats import (
    DEFAULT_NAN, f32_from_bits, f32_from_int, f32_round, f32_to_bits, f64_from_bits,
    f64_to_bits, fused_multiply_add, round_exact,
)


def bits64(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


F32_MAX = struct.unpack("<f", struct.pack("<I", 0x7F7FFFFF))[0]


@pytest.mark.parametrize("bits", [0, 0x80000000, 0x3F800000, 0x00000001, 0x7F800000, 0xFF800000,
                                  0x7FC00000, 0xFFC00000, 0x7FA00000, 0x7F800001, 0xFFBFFFFF,
                                  0x7FC00001, 0xFFFFFFFF])
def test_f32_bit_patterns_round_trip(bits: int) -> None:
    assert f32_to_bits(f32_from_bits(bits)) == bits


def test_f32_nan_is_carried_as_the_f64_nan_with_the_mantissa_shifted_by_29() -> None:
    assert bits64(f32_from_bits(0x7FA00001)) == 0x7FF4000020000000
    assert bits64(f32_from_bits(0xFF800001)) == 0xFFF0000020000000


@pytest.mark.parametrize("bits", [0, 0x8000000000000000, 0x7FF0000000000001, 0x7FF4000000000000,
                                  0xFFF8000000000001, 0x0000000000000001, 0x7FEFFFFFFFFFFFFF])
def test_f64_bit_patterns_round_trip(bits: int) -> None:
    assert f64_to_bits(f64_from_bits(bits)) == bits


def test_default_nan_is_canonical_with_the_sign_set_in_both_widths() -> None:
    assert f64_to_bits(DEFAULT_NAN) == 0xFFF8000000000000
    assert f32_to_bits(DEFAULT_NAN) == 0xFFC00000


@pytest.mark.parametrize("x, expected", [
    (1.0 + 2.0 ** -24, 1.0),                                   # tie: to even
    (1.0 + 3 * 2.0 ** -24, 1.0 + 2.0 ** -22),                  # tie: to even, upward
    (1.0 + 2.0 ** -24 + 2.0 ** -50, 1.0 + 2.0 ** -23),         # above the tie
    (F32_MAX + 2.0 ** 103, math.inf),                          # tie past the largest finite
    (F32_MAX + 2.0 ** 103 - 2.0 ** 76, F32_MAX),
    (-(F32_MAX + 2.0 ** 104), -math.inf),
    (1e300, math.inf),
    (2.0 ** -150, 0.0),                                        # tie below the smallest subnormal
    (2.0 ** -150 + 2.0 ** -170, 2.0 ** -149),
    (3 * 2.0 ** -150, 2.0 ** -148),
    (-(2.0 ** -151), -0.0),
])
def test_f32_round_is_correctly_rounded(x: float, expected: float) -> None:
    got = f32_round(x)
    assert got == expected and math.copysign(1.0, got) == math.copysign(1.0, expected)


@pytest.mark.parametrize("bits, expected", [
    (0x7FF0000000000001, 0x7FC00000),     # payload below the f32 mantissa: quiet, empty payload
    (0xFFF4000020000000, 0xFFE00001),     # signalling: quieted, payload kept
    (0x7FF8000000000000, 0x7FC00000),
])
def test_f32_round_of_a_nan_is_a_quiet_f32_nan(bits: int, expected: int) -> None:
    assert f32_to_bits(f32_round(f64_from_bits(bits))) == expected


def test_f32_from_int_rounds_once() -> None:
    n = (1 << 60) + (1 << 36) + 1         # rounding via a double first would give 2**60
    assert f32_from_int(n) == 2.0 ** 60 + 2.0 ** 37
    assert f32_from_int(-n) == -(2.0 ** 60 + 2.0 ** 37)
    assert f32_from_int((1 << 24) + 1) == 2.0 ** 24
    assert f32_from_int((1 << 24) + 3) == 2.0 ** 24 + 4


def test_round_exact_handles_subnormals_and_overflow() -> None:
    assert round_exact(3, -1076, 53, 1023) == 2.0 ** -1074    # 0.75 of the smallest: up
    assert round_exact(1, -1075, 53, 1023) == 0.0             # tie: to even (zero)
    assert round_exact(3, -1075, 53, 1023) == 2.0 ** -1073    # tie: to even (two)
    assert round_exact(1, 1024, 53, 1023) == math.inf
    assert round_exact(-1, 128, 24, 127) == -math.inf
    assert round_exact((1 << 24) - 1, 104, 24, 127) == F32_MAX


def test_fused_multiply_add_rounds_once() -> None:
    a, b = 1.0 + 2.0 ** -30, 1.0 - 2.0 ** -30
    assert fused_multiply_add(a, b, -1.0, False) == -(2.0 ** -60)
    assert a * b - 1.0 == 0.0
    a, b = 1.0 + 2.0 ** -20, 1.0 - 2.0 ** -20
    assert fused_multiply_add(a, b, -1.0, True) == -(2.0 ** -40)
    # binary32: the exact sum lies just below a tie that a double would round onto
    a, b, c = 1.0 + 2.0 ** -23, 2.0 ** -24 * (1.0 - 2.0 ** -23), 1.0 + 2.0 ** -23
    assert fused_multiply_add(a, b, c, True) == 1.0 + 2.0 ** -23
    assert f32_round(fused_multiply_add(a, b, c, False)) == 1.0 + 2.0 ** -22


def test_fused_multiply_add_special_values() -> None:
    assert fused_multiply_add(1e308, 10.0, -math.inf, False) == -math.inf
    assert fused_multiply_add(1e308, 10.0, -1e308, False) == math.inf
    assert math.isnan(fused_multiply_add(math.inf, 0.0, 1.0, False))
    zero = fused_multiply_add(-1e-200, 1e-200, 0.0, False)     # exact product is negative
    assert zero == 0.0 and math.copysign(1.0, zero) == -1.0
    zero = fused_multiply_add(2.0, 3.0, -6.0, False)
    assert zero == 0.0 and math.copysign(1.0, zero) == 1.0
    zero = fused_multiply_add(-0.0, 3.0, -0.0, True)
    assert zero == 0.0 and math.copysign(1.0, zero) == -1.0
