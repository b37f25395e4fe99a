"""Integer instructions at their edges: division, remainders, shifts, bit counts, wide arithmetic."""

from __future__ import annotations

import pytest

from wasmlite.runtime import numeric as n
from wasmlite.runtime.trap import Trap

M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF


def u32(x: int) -> int:
    return x & M32


def u64(x: int) -> int:
    return x & M64


@pytest.mark.parametrize("fn", [n.i32_div_s, n.i32_div_u, n.i32_rem_s, n.i32_rem_u,
                                n.i64_div_s, n.i64_div_u, n.i64_rem_s, n.i64_rem_u])
def test_division_by_zero_traps(fn) -> None:
    with pytest.raises(Trap) as trap:
        fn(7, 0)
    assert trap.value.message == "integer divide by zero"


def test_signed_division_of_the_minimum_by_minus_one_overflows() -> None:
    with pytest.raises(Trap, match="integer overflow"):
        n.i32_div_s(0x80000000, M32)
    with pytest.raises(Trap, match="integer overflow"):
        n.i64_div_s(0x8000000000000000, M64)


def test_signed_division_rounds_toward_zero() -> None:
    assert n.i32_div_s(u32(-7), 2) == u32(-3)
    assert n.i32_div_s(7, u32(-2)) == u32(-3)
    assert n.i32_div_s(u32(-7), u32(-2)) == 3
    assert n.i64_div_s(u64(-7), 2) == u64(-3)
    assert n.i32_div_u(u32(-7), 2) == 0x7FFFFFFC


def test_signed_remainder_takes_the_dividends_sign() -> None:
    assert n.i32_rem_s(u32(-7), 2) == u32(-1)
    assert n.i32_rem_s(7, u32(-2)) == 1
    assert n.i64_rem_s(u64(-7), u64(-2)) == u64(-1)
    assert n.i32_rem_s(0x80000000, M32) == 0
    assert n.i64_rem_s(0x8000000000000000, M64) == 0


def test_shift_counts_wrap_at_the_width() -> None:
    assert n.i32_shl(1, 33) == 2
    assert n.i64_shl(1, 65) == 2
    assert n.i32_shr_u(0x80000000, 63) == 1
    assert n.i32_shr_s(0x80000000, 31) == M32
    assert n.i32_shr_s(0x80000000, 32) == 0x80000000
    assert n.i64_shr_s(0x8000000000000000, 127) == M64
    assert n.i32_shl(0xFFFFFFFF, 31) == 0x80000000


def test_rotations() -> None:
    assert n.i32_rotl(0x80000001, 1) == 3
    assert n.i32_rotr(3, 1) == 0x80000001
    assert n.i32_rotl(0x12345678, 32) == 0x12345678
    assert n.i32_rotr(0x12345678, 36) == 0x81234567
    assert n.i64_rotl(0x8000000000000001, 65) == 3
    assert n.i64_rotr(1, 0) == 1


def test_bit_counts() -> None:
    assert (n.i32_clz(0), n.i32_ctz(0), n.i32_popcnt(0)) == (32, 32, 0)
    assert (n.i64_clz(0), n.i64_ctz(0), n.i64_popcnt(M64)) == (64, 64, 64)
    assert (n.i32_clz(1), n.i32_ctz(0x80000000)) == (31, 31)
    assert n.i64_ctz(0x8000000000000000) == 63


def test_sign_extension() -> None:
    assert n.i32_extend8_s(0x80) == 0xFFFFFF80
    assert n.i32_extend8_s(0x1234567F) == 0x7F
    assert n.i32_extend16_s(0x8000) == 0xFFFF8000
    assert n.i64_extend32_s(0x80000000) == 0xFFFFFFFF80000000
    assert n.i64_extend_i32_s(0xFFFFFFFF) == M64
    assert n.i64_extend_i32_u(0xFFFFFFFF) == 0xFFFFFFFF
    assert n.i32_wrap_i64(0x123456789) == 0x23456789


def test_signed_comparisons_order_negative_below_positive() -> None:
    assert n.i32_lt_s(0x80000000, 0) == 1 and n.i32_lt_u(0x80000000, 0) == 0
    assert n.i64_ge_s(M64, 0) == 0 and n.i64_ge_u(M64, 0) == 1


def test_wide_arithmetic_carries_between_halves() -> None:
    assert n.i64_add128(M64, 0, 1, 0) == (0, 1)
    assert n.i64_add128(M64, M64, 1, 0) == (0, 0)
    assert n.i64_sub128(0, 0, 1, 0) == (M64, M64)
    assert n.i64_mul_wide_u(M64, M64) == (1, M64 - 1)
    assert n.i64_mul_wide_s(M64, 2) == (M64 - 1, M64)          # -1 * 2 = -2
    assert n.i64_mul_wide_s(0x8000000000000000, 0x8000000000000000) == (0, 1 << 62)
