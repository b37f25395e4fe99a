"""Relaxed SIMD instructions make the choices wasmtime makes on x86-64."""

from __future__ import annotations

import struct

from wasmlite.runtime import simd as s

NAN = float("nan")


def v(fmt: str, *lanes) -> int:
    return int.from_bytes(struct.pack(fmt, *lanes), "little")


def lanes(fmt: str, x: int) -> tuple:
    return struct.unpack(fmt, x.to_bytes(16, "little"))


def test_relaxed_swizzle_uses_the_low_four_index_bits_unless_the_top_bit_is_set() -> None:
    a = v("<16B", *range(100, 116))
    sel = v("<16B", *[0, 17, 0x80, 0x8F, 0x7F, 31, 0x10, 0xF0] * 2)
    assert lanes("<16B", s.i8x16_relaxed_swizzle(a, sel))[:8] == (100, 101, 0, 0, 115, 115, 100, 0)


def test_signed_relaxed_truncation_gives_the_minimum_for_nan_and_out_of_range() -> None:
    assert lanes("<4I", s.i32x4_relaxed_trunc_f32x4_s(v("<4f", NAN, 3e9, -3e9, -2.5))) == \
        (0x80000000, 0x80000000, 0x80000000, 0xFFFFFFFE)
    assert lanes("<4I", s.i32x4_relaxed_trunc_f64x2_s_zero(v("<2d", NAN, 3e9))) == \
        (0x80000000, 0x80000000, 0, 0)


def test_unsigned_relaxed_truncation_saturates() -> None:
    assert lanes("<4I", s.i32x4_relaxed_trunc_f32x4_u(v("<4f", NAN, 5e9, -3e9, 3e9))) == \
        (0, 0xFFFFFFFF, 0, 3000000000)
    assert lanes("<4I", s.i32x4_relaxed_trunc_f64x2_u_zero(v("<2d", NAN, 5e9))) == (0, 0xFFFFFFFF, 0, 0)


def test_relaxed_multiply_add_is_fused() -> None:
    a, b = 1.0 + 2.0 ** -30, 1.0 - 2.0 ** -30
    assert lanes("<2d", s.f64x2_relaxed_madd(v("<2d", a, a), v("<2d", b, b), v("<2d", -1.0, 1.0))) == \
        (-(2.0 ** -60), 2.0)
    a, b = 1.0 + 2.0 ** -20, 1.0 - 2.0 ** -20
    assert lanes("<4f", s.f32x4_relaxed_nmadd(v("<4f", a, a, a, a), v("<4f", b, b, b, b),
                                              v("<4f", 1.0, 1.0, 1.0, 1.0)))[0] == 2.0 ** -40


def test_relaxed_laneselect_tests_the_top_bit_of_8_32_and_64_bit_lanes() -> None:
    a = int.from_bytes(b"\xaa" * 16, "little")
    b = int.from_bytes(b"\x55" * 16, "little")
    mask = int.from_bytes(bytes([0x80, 0x7F, 0x01, 0xFF] * 4), "little")
    assert s.i8x16_relaxed_laneselect(a, b, mask).to_bytes(16, "little") == bytes([0xAA, 0x55, 0x55, 0xAA] * 4)
    assert s.i16x8_relaxed_laneselect(a, b, mask) == (a & mask) | (b & ~mask)
    low_only = int.from_bytes(bytes([0, 0, 0, 0x80, 0, 0, 0, 0]) * 2, "little")
    assert s.i32x4_relaxed_laneselect(a, b, low_only).to_bytes(16, "little") == (b"\xaa" * 4 + b"\x55" * 4) * 2
    assert s.i64x2_relaxed_laneselect(a, b, low_only) == b


def test_relaxed_min_and_max_are_the_pseudo_operations() -> None:
    a = v("<4I", 0x7FA00001, 0x00000000, 0x80000000, 0x3F800000)
    b = v("<4I", 0x3F800000, 0x80000000, 0x00000000, 0x40000000)
    assert s.f32x4_relaxed_min(a, b) == s.f32x4_pmin(a, b)
    assert s.f32x4_relaxed_max(a, b) == s.f32x4_pmax(a, b)
    assert lanes("<4I", s.f32x4_relaxed_min(a, b)) == (0x7FA00001, 0, 0x80000000, 0x3F800000)
    assert lanes("<2d", s.f64x2_relaxed_max(v("<2d", 1.0, -0.0), v("<2d", 2.0, 0.0))) == (2.0, -0.0)


def test_relaxed_q15_multiplication_wraps_instead_of_saturating() -> None:
    x = v("<8h", -32768, -32768, 32767, *[0] * 5)
    y = v("<8h", -32768, 32767, 32767, *[0] * 5)
    assert lanes("<8h", s.i16x8_relaxed_q15mulr_s(x, y))[:3] == (-32768, -32767, 32766)


def test_relaxed_dot_products_read_the_second_operand_as_unsigned_and_saturate_pairs() -> None:
    a = v("<16B", 0x80, 0x80, 0x7F, 0x7F, 0xFF, 0x01, 3, 4, *[0] * 8)
    b = v("<16B", 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0x80, 0x85, 2, *[0] * 8)
    assert lanes("<8h", s.i16x8_relaxed_dot_i8x16_i7x16_s(a, b))[:4] == (-32768, 32767, 0, 407)
    c = v("<4i", 10, -5, 0, 1)
    assert lanes("<4i", s.i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, c)) == (9, 402, 0, 1)
    sevens = v("<16B", *[0x7F] * 16)
    ones = v("<16B", *[0xFF] * 16)
    assert lanes("<4i", s.i32x4_relaxed_dot_i8x16_i7x16_add_s(sevens, ones, 0)) == (65534,) * 4


def test_relaxed_multiply_add_propagates_nans_in_wasmtimes_operand_order() -> None:
    a = v("<4I", 0x7FA00001, 0x7FC00002, 0xFFA00003, 0x3F800000)
    b = v("<4I", 0x3F800000, 0x7FA00005, 0xFFC00006, 0x7FC00007)
    c = v("<4I", 0x7FC00009, 0x3F800000, 0x7FA0000A, 0xFF800000)
    expected = (0x7FE00001, 0x7FE00005, 0xFFC00006, 0x7FC00007)      # b, then a, then c
    assert lanes("<4I", s.f32x4_relaxed_madd(a, b, c)) == expected
    assert lanes("<4I", s.f32x4_relaxed_nmadd(a, b, c)) == expected
    inf_times_zero = s.f64x2_relaxed_madd(v("<2d", float("inf"), 1.0), v("<2d", 0.0, 1.0), v("<2d", 1.0, 1.0))
    assert lanes("<2Q", inf_times_zero) == (0xFFF8000000000000, 0x4000000000000000)
