"""Conversions at their edges: truncation bounds and traps, saturation, integer-to-float
rounding, demotion and promotion."""

from __future__ import annotations

import math

import pytest

from wasmlite.runtime import numeric as n
from wasmlite.runtime.floats import f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits
from wasmlite.runtime.trap import Trap

INF = math.inf
NAN = f64_from_bits(0x7FF8000000000000)
M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF
F32_BELOW_MINUS_2_31 = f32_from_bits(0xCF000001)


@pytest.mark.parametrize("fn, x, expected", [
    (n.i32_trunc_f32_s, -2147483648.0, 0x80000000),
    (n.i32_trunc_f32_s, f32_from_bits(0x4EFFFFFF), 0x7FFFFF80),
    (n.i32_trunc_f64_s, -2147483648.9, 0x80000000),
    (n.i32_trunc_f64_s, 2147483647.9, 0x7FFFFFFF),
    (n.i32_trunc_f64_s, -0.9, 0),
    (n.i32_trunc_f32_u, -0.9, 0),
    (n.i32_trunc_f64_u, 4294967295.9, M32),
    (n.i64_trunc_f64_s, -9223372036854775808.0, 0x8000000000000000),
    (n.i64_trunc_f64_s, 9223372036854774784.0, 0x7FFFFFFFFFFFFC00),
    (n.i64_trunc_f64_u, 18446744073709549568.0, 0xFFFFFFFFFFFFF800),
    (n.i64_trunc_f32_u, f32_from_bits(0x5F7FFFFF), 0xFFFFFF0000000000),
])
def test_truncation_just_inside_the_range(fn, x: float, expected: int) -> None:
    assert fn(x) == expected


@pytest.mark.parametrize("fn, x", [
    (n.i32_trunc_f32_s, 2147483648.0), (n.i32_trunc_f32_s, F32_BELOW_MINUS_2_31),
    (n.i32_trunc_f64_s, -2147483649.0), (n.i32_trunc_f64_s, 2147483648.0),
    (n.i32_trunc_f32_u, -1.0), (n.i32_trunc_f64_u, 4294967296.0),
    (n.i64_trunc_f64_s, 9223372036854775808.0),
    (n.i64_trunc_f64_s, math.nextafter(-9223372036854775808.0, -INF)),
    (n.i64_trunc_f64_u, 18446744073709551616.0), (n.i64_trunc_f32_u, -1.0),
    (n.i32_trunc_f32_s, INF), (n.i64_trunc_f64_u, -INF),
])
def test_truncation_out_of_range_traps_with_integer_overflow(fn, x: float) -> None:
    with pytest.raises(Trap) as trap:
        fn(x)
    assert trap.value.message == "integer overflow"


@pytest.mark.parametrize("fn", [n.i32_trunc_f32_s, n.i32_trunc_f64_u, n.i64_trunc_f32_s,
                                n.i64_trunc_f64_u])
def test_truncating_a_nan_is_an_invalid_conversion(fn) -> None:
    with pytest.raises(Trap) as trap:
        fn(f64_from_bits(0xFFF4000000000000))
    assert trap.value.message == "invalid conversion to integer"


def test_saturating_truncation() -> None:
    assert n.i32_trunc_sat_f32_s(NAN) == 0 and n.i64_trunc_sat_f64_u(NAN) == 0
    assert n.i32_trunc_sat_f64_s(-INF) == 0x80000000
    assert n.i32_trunc_sat_f64_s(3e9) == 0x7FFFFFFF
    assert n.i32_trunc_sat_f32_u(-5.0) == 0 and n.i32_trunc_sat_f64_u(5e9) == M32
    assert n.i64_trunc_sat_f64_s(1e19) == 0x7FFFFFFFFFFFFFFF
    assert n.i64_trunc_sat_f32_s(-1e19) == 0x8000000000000000
    assert n.i64_trunc_sat_f64_u(INF) == M64
    assert n.i64_trunc_sat_f64_s(-2.5) == M64 - 1


def test_integer_to_f32_rounds_once() -> None:
    assert n.f32_convert_i64_u((1 << 60) + (1 << 36) + 1) == 2.0 ** 60 + 2.0 ** 37
    assert n.f32_convert_i64_s(((1 << 64) - (1 << 60) - (1 << 36) - 1) & M64) == -(2.0 ** 60 + 2.0 ** 37)
    assert n.f32_convert_i64_u(M64) == 2.0 ** 64
    assert n.f32_convert_i32_u(0x01000001) == 16777216.0
    assert n.f32_convert_i32_u(0x01000003) == 16777220.0
    assert n.f32_convert_i32_s(0x80000000) == -2147483648.0
    assert n.f32_convert_i64_u(0x0020000020000001) == f32_from_bits(0x5A000001)


def test_integer_to_f64() -> None:
    assert n.f64_convert_i64_u(M64) == 2.0 ** 64
    assert n.f64_convert_i64_s((1 << 53) + 1) == 2.0 ** 53
    assert n.f64_convert_i64_s((1 << 53) + 3) == 2.0 ** 53 + 4
    assert n.f64_convert_i64_s(0x8000000000000000) == -(2.0 ** 63)
    assert n.f64_convert_i32_s(M32) == -1.0 and n.f64_convert_i32_u(M32) == 4294967295.0


def test_demotion_rounds_to_nearest_even_and_overflows_to_infinity() -> None:
    assert n.f32_demote_f64(1.0 + 2.0 ** -24) == 1.0
    assert n.f32_demote_f64(math.nextafter(1.0 + 2.0 ** -24, INF)) == 1.0 + 2.0 ** -23
    assert n.f32_demote_f64(f64_from_bits(0x47EFFFFFEFFFFFFF)) == f32_from_bits(0x7F7FFFFF)
    assert n.f32_demote_f64(f64_from_bits(0x47EFFFFFF0000000)) == INF
    assert n.f32_demote_f64(-1e300) == -INF
    assert n.f32_demote_f64(2.0 ** -150) == 0.0
    assert n.f32_demote_f64(f64_from_bits(0x3690000000000001)) == 2.0 ** -149


def test_demotion_keeps_a_nan_quiet_and_its_payload_top_bits() -> None:
    assert f32_to_bits(n.f32_demote_f64(f64_from_bits(0xFFF8000000000000))) == 0xFFC00000
    assert f32_to_bits(n.f32_demote_f64(f64_from_bits(0x7FF4000020000000))) == 0x7FE00001
    assert f32_to_bits(n.f32_demote_f64(f64_from_bits(0x7FF0000000000001))) == 0x7FC00000


def test_promotion_is_exact_and_quiets_nans() -> None:
    assert n.f64_promote_f32(f32_from_bits(0x00000001)) == 2.0 ** -149
    assert f64_to_bits(n.f64_promote_f32(f32_from_bits(0x7FA00001))) == 0x7FFC000020000000


def test_reinterpretation_is_bit_exact() -> None:
    for bits in (0x7FA00001, 0xFFC00000, 0x80000000, 0x00000001):
        assert n.i32_reinterpret_f32(n.f32_reinterpret_i32(bits)) == bits
    for bits in (0x7FF4000000000001, 0xFFF8000000000000, 0x8000000000000000):
        assert n.i64_reinterpret_f64(n.f64_reinterpret_i64(bits)) == bits
