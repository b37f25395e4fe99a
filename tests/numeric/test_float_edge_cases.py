"""Float instructions at their edges: signed zeros, NaN propagation, rounding to integers,
sign-bit operations on NaN payloads, and binary32 rounding of results."""

from __future__ import annotations

import math

import pytest

from wasmlite.runtime import numeric as n
from wasmlite.runtime.floats import f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits

INF = math.inf
F32_SNAN = f32_from_bits(0x7FA00001)
F64_SNAN = f64_from_bits(0x7FF4000000000001)


def same(a: float, b: float) -> bool:
    """Equal including the sign of zero."""
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def is_arithmetic_nan64(x: float) -> bool:
    return x != x and bool(f64_to_bits(x) & (1 << 51))


@pytest.mark.parametrize("fn", [n.f32_min, n.f64_min])
def test_min_orders_negative_zero_below_positive_zero(fn) -> None:
    assert same(fn(0.0, -0.0), -0.0) and same(fn(-0.0, 0.0), -0.0)
    assert same(fn(0.0, 0.0), 0.0) and same(fn(-0.0, -0.0), -0.0)


@pytest.mark.parametrize("fn", [n.f32_max, n.f64_max])
def test_max_orders_positive_zero_above_negative_zero(fn) -> None:
    assert same(fn(0.0, -0.0), 0.0) and same(fn(-0.0, 0.0), 0.0)
    assert same(fn(-0.0, -0.0), -0.0)


@pytest.mark.parametrize("fn", [n.f64_min, n.f64_max, n.f64_add, n.f64_mul, n.f64_div, n.f64_sub])
def test_a_signalling_nan_operand_gives_an_arithmetic_nan(fn) -> None:
    assert is_arithmetic_nan64(fn(F64_SNAN, 1.0))
    assert is_arithmetic_nan64(fn(1.0, F64_SNAN))


@pytest.mark.parametrize("fn", [n.f32_min, n.f32_max, n.f32_add, n.f32_div, n.f32_sqrt, n.f32_ceil,
                                n.f32_nearest])
def test_f32_nan_results_keep_the_f32_payload_quieted(fn) -> None:
    args = (F32_SNAN,) if fn in (n.f32_sqrt, n.f32_ceil, n.f32_nearest) else (F32_SNAN, 2.0)
    assert f32_to_bits(fn(*args)) == 0x7FE00001


def test_invalid_operations_give_canonical_nans() -> None:
    for x in (n.f64_sub(INF, INF), n.f64_mul(INF, 0.0), n.f64_div(0.0, 0.0), n.f64_sqrt(-1.0)):
        assert f64_to_bits(x) & 0x7FFFFFFFFFFFFFFF == 0x7FF8000000000000
    for x in (n.f32_div(0.0, -0.0), n.f32_sqrt(-INF)):
        assert f32_to_bits(x) & 0x7FFFFFFF == 0x7FC00000


def test_division_by_zero_gives_signed_infinity() -> None:
    assert n.f64_div(1.0, 0.0) == INF and n.f64_div(1.0, -0.0) == -INF
    assert n.f64_div(-INF, 0.0) == -INF and n.f32_div(-2.0, -0.0) == INF
    assert is_arithmetic_nan64(n.f64_div(F64_SNAN, 0.0))


def test_sqrt_of_negative_zero_is_negative_zero() -> None:
    assert same(n.f64_sqrt(-0.0), -0.0) and same(n.f32_sqrt(-0.0), -0.0)


@pytest.mark.parametrize("x, expected", [
    (0.5, 0.0), (-0.5, -0.0), (1.5, 2.0), (2.5, 2.0), (-2.5, -2.0), (3.5, 4.0), (-0.0, -0.0),
    (0.49999999999999994, 0.0), (4503599627370495.5, 4503599627370496.0),
    (-4503599627370495.5, -4503599627370496.0), (2.0 ** 60, 2.0 ** 60), (-INF, -INF),
])
def test_nearest_rounds_ties_to_even_and_keeps_the_sign_of_zero(x: float, expected: float) -> None:
    assert same(n.f64_nearest(x), expected)


def test_nearest_of_f32_ties() -> None:
    assert n.f32_nearest(8388607.5) == 8388608.0
    assert n.f32_nearest(8388609.0) == 8388609.0


@pytest.mark.parametrize("fn, x, expected", [
    (n.f64_ceil, -0.5, -0.0), (n.f64_ceil, 0.5, 1.0), (n.f64_ceil, -0.0, -0.0),
    (n.f64_floor, 0.5, 0.0), (n.f64_floor, -0.5, -1.0), (n.f64_floor, -0.0, -0.0),
    (n.f64_trunc, -0.9, -0.0), (n.f64_trunc, 2.9, 2.0), (n.f64_trunc, -2.9, -2.0),
    (n.f64_ceil, 4503599627370495.5, 4503599627370496.0), (n.f64_floor, -INF, -INF),
    (n.f32_floor, -8388607.5, -8388608.0), (n.f32_ceil, 1e38, 1e38),
])
def test_rounding_to_integers_keeps_the_sign_of_zero(fn, x: float, expected: float) -> None:
    assert same(fn(x), expected)


@pytest.mark.parametrize("fn", [n.f64_ceil, n.f64_floor, n.f64_trunc, n.f64_nearest,
                                n.f64_promote_f32])
def test_rounding_a_signalling_nan_quiets_it(fn) -> None:
    assert f64_to_bits(fn(F64_SNAN)) == 0x7FFC000000000001


def test_sign_operations_leave_nan_payloads_alone() -> None:
    assert f32_to_bits(n.f32_neg(F32_SNAN)) == 0xFFA00001
    assert f32_to_bits(n.f32_abs(n.f32_neg(F32_SNAN))) == 0x7FA00001
    assert f32_to_bits(n.f32_copysign(F32_SNAN, -1.0)) == 0xFFA00001
    assert f32_to_bits(n.f32_copysign(1.0, f32_from_bits(0xFFC00000))) == 0xBF800000
    assert f64_to_bits(n.f64_neg(F64_SNAN)) == 0xFFF4000000000001
    assert f64_to_bits(n.f64_abs(f64_from_bits(0xFFF4000000000001))) == 0x7FF4000000000001
    assert f64_to_bits(n.f64_copysign(F64_SNAN, f64_from_bits(0xFFF8000000000000))) == 0xFFF4000000000001
    assert same(n.f64_neg(0.0), -0.0) and same(n.f64_copysign(2.0, -0.0), -2.0)


def test_comparisons_with_nan() -> None:
    nan = f64_from_bits(0x7FF8000000000000)
    assert (n.f64_eq(nan, nan), n.f64_ne(nan, nan), n.f64_lt(nan, 1.0), n.f64_ge(1.0, nan)) == (0, 1, 0, 0)
    assert (n.f32_eq(0.0, -0.0), n.f32_lt(-0.0, 0.0)) == (1, 0)


def test_f32_arithmetic_rounds_once_to_binary32() -> None:
    assert n.f32_add(1.0 + 2.0 ** -23, 2.0 ** -24) == 1.0 + 2.0 ** -22      # tie to even
    assert n.f32_add(1.0, 2.0 ** -24) == 1.0
    third = n.f32_div(1.0, 3.0)
    assert f32_to_bits(third) == 0x3EAAAAAB
    assert n.f32_mul(3.4028234663852886e38, 2.0) == INF
    assert n.f32_sqrt(2.0) == f32_from_bits(0x3FB504F3)
    assert n.f32_sub(2.0 ** -126, 2.0 ** -126 * 1.5) == -(2.0 ** -127)     # subnormal result


def test_the_first_nan_operand_propagates_through_arithmetic() -> None:
    a, b = f64_from_bits(0x7FF4000000000001), f64_from_bits(0xFFF8000000000002)
    for fn in (n.f64_add, n.f64_sub, n.f64_mul, n.f64_div):
        assert f64_to_bits(fn(a, b)) == 0x7FFC000000000001
        assert f64_to_bits(fn(b, a)) == 0xFFF8000000000002
    x, y = f32_from_bits(0x7FA00001), f32_from_bits(0x7FC00002)
    assert f32_to_bits(n.f32_mul(x, y)) == 0x7FE00001
    assert f32_to_bits(n.f32_add(y, x)) == 0x7FC00002


def test_min_and_max_propagate_the_second_nan_operand() -> None:
    a, b = f64_from_bits(0x7FF4000000000001), f64_from_bits(0xFFF8000000000002)
    assert f64_to_bits(n.f64_min(a, b)) == 0xFFF8000000000002
    assert f64_to_bits(n.f64_max(b, a)) == 0x7FFC000000000001
    assert f64_to_bits(n.f64_max(a, 1.0)) == 0x7FFC000000000001
