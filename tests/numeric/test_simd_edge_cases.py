"""SIMD instructions at their edges: lane access, shuffles, saturation, shifts, masks,
and float lanes that must keep or quiet their bits."""

from __future__ import annotations

import struct

from wasmlite.runtime import simd as s
from wasmlite.runtime.floats import f32_from_bits, f32_to_bits

M128 = (1 << 128) - 1


def v(fmt: str, *lanes) -> int:
    return int.from_bytes(struct.pack(fmt, *lanes), "little")


def lanes(fmt: str, x: int) -> tuple:
    return struct.unpack(fmt, x.to_bytes(16, "little"))


def test_lane_zero_is_the_lowest_bits() -> None:
    x = v("<4I", 1, 2, 3, 4)
    assert x & 0xFFFFFFFF == 1
    assert [s.i32x4_extract_lane(x, i) for i in range(4)] == [1, 2, 3, 4]
    assert s.i32x4_replace_lane(x, 9, 3) == v("<4I", 1, 2, 3, 9)


def test_narrow_lane_extraction_extends_as_asked() -> None:
    x = v("<16B", *range(0x78, 0x88))
    assert s.i8x16_extract_lane_s(x, 8) == 0xFFFFFF80
    assert s.i8x16_extract_lane_u(x, 8) == 0x80
    y = v("<8H", 0x8000, 1, 2, 3, 4, 5, 6, 0x7FFF)
    assert s.i16x8_extract_lane_s(y, 0) == 0xFFFF8000 and s.i16x8_extract_lane_u(y, 0) == 0x8000
    assert s.i8x16_replace_lane(0, 0x1FF, 15) == 0xFF << 120


def test_float_lanes_keep_signalling_nans() -> None:
    x = s.f32x4_splat(f32_from_bits(0x7FA00001))
    assert lanes("<4I", x) == (0x7FA00001,) * 4
    assert f32_to_bits(s.f32x4_extract_lane(x, 2)) == 0x7FA00001
    assert lanes("<4I", s.f32x4_neg(x)) == (0xFFA00001,) * 4
    assert lanes("<4I", s.f32x4_abs(s.f32x4_neg(x))) == (0x7FA00001,) * 4


def test_arithmetic_on_float_lanes_quiets_nans_and_rounds_to_binary32() -> None:
    x = v("<4I", 0x7FA00001, 0x3F800000, 0x7F7FFFFF, 0x3F800001)
    y = v("<4I", 0x3F800000, 0x7F800001, 0x7F7FFFFF, 0x33800000)   # 1, sNaN, max, 2**-24
    assert lanes("<4I", s.f32x4_add(x, y)) == (0x7FE00001, 0x7FC00001, 0x7F800000, 0x3F800002)


def test_pseudo_min_and_max_return_an_operand_unchanged() -> None:
    a = v("<4I", 0x7FA00001, 0x00000000, 0x80000000, 0x3F800000)
    b = v("<4I", 0x3F800000, 0x80000000, 0x00000000, 0x7FC00002)
    assert lanes("<4I", s.f32x4_pmin(a, b)) == (0x7FA00001, 0x00000000, 0x80000000, 0x3F800000)
    assert lanes("<4I", s.f32x4_pmax(b, a)) == (0x3F800000, 0x80000000, 0x00000000, 0x7FC00002)
    assert lanes("<2d", s.f64x2_pmin(v("<2d", 2.0, -0.0), v("<2d", 1.0, 0.0))) == (1.0, -0.0)


def test_shuffle_picks_from_both_operands() -> None:
    a = v("<16B", *range(16))
    b = v("<16B", *range(16, 32))
    assert lanes("<16B", s.i8x16_shuffle(a, b, tuple(range(31, 15, -1)))) == tuple(range(31, 15, -1))
    assert lanes("<16B", s.i8x16_shuffle(a, b, (0, 16) * 8)) == (0, 16) * 8


def test_swizzle_gives_zero_for_indices_past_15() -> None:
    a = v("<16B", *range(100, 116))
    sel = v("<16B", 0, 15, 16, 255, 128, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
    assert lanes("<16B", s.i8x16_swizzle(a, sel))[:6] == (100, 115, 0, 0, 0, 101)


def test_saturating_narrowing() -> None:
    a = v("<8h", -129, -128, 127, 128, 255, 256, -1, 0)
    assert lanes("<16b", s.i8x16_narrow_i16x8_s(a, 0))[:8] == (-128, -128, 127, 127, 127, 127, -1, 0)
    assert lanes("<16B", s.i8x16_narrow_i16x8_u(a, 0))[:8] == (0, 0, 127, 128, 255, 255, 0, 0)
    b = v("<4i", -40000, 40000, 70000, -1)
    assert lanes("<8H", s.i16x8_narrow_i32x4_u(0, b))[4:] == (0, 40000, 65535, 0)


def test_saturating_addition_and_q15_multiplication() -> None:
    assert lanes("<16b", s.i8x16_add_sat_s(v("<16b", 100, -100, *[0] * 14),
                                           v("<16b", 100, -100, *[0] * 14)))[:2] == (127, -128)
    assert lanes("<8H", s.i16x8_sub_sat_u(v("<8H", 1, *[0] * 7), v("<8H", 2, *[0] * 7)))[0] == 0
    x = v("<8h", -32768, -32768, 16384, *[0] * 5)
    y = v("<8h", -32768, 32767, 16384, *[0] * 5)
    assert lanes("<8h", s.i16x8_q15mulr_sat_s(x, y))[:3] == (32767, -32767, 8192)


def test_shift_counts_wrap_at_the_lane_width() -> None:
    x = v("<16b", -128, 64, *[1] * 14)
    assert lanes("<16b", s.i8x16_shr_s(x, 9))[:3] == (-64, 32, 0)
    assert lanes("<16B", s.i8x16_shl(x, 15))[:3] == (0, 0, 128)
    assert lanes("<8h", s.i16x8_shr_s(v("<8h", -32768, *[0] * 7), 15))[0] == -1
    assert lanes("<2Q", s.i64x2_shr_u(v("<2q", -1, 1), 127)) == (1, 0)
    assert lanes("<4i", s.i32x4_shr_s(v("<4i", -8, 8, -1, 0), 33)) == (-4, 4, -1, 0)


def test_masks_and_tests() -> None:
    assert s.i8x16_bitmask(v("<16B", 0x80, 0, 0xFF, *[0] * 12, 0x80)) == 0b1000000000000101
    assert s.i16x8_bitmask(v("<8h", -1, 0, 0, 0, 0, 0, 0, -32768)) == 0b10000001
    assert s.i64x2_bitmask(v("<2q", 1, -1)) == 0b10
    assert s.i8x16_all_true(v("<16B", *[1] * 15, 0)) == 0
    assert s.i32x4_all_true(v("<4I", 1, 0x100, 0x10000, 0x1000000)) == 1
    assert s.v128_any_true(1 << 127) == 1 and s.v128_any_true(0) == 0


def test_integer_lane_arithmetic_wraps() -> None:
    assert lanes("<16B", s.i8x16_add(v("<16B", 255, *[0] * 15), v("<16B", 1, *[0] * 15)))[:2] == (0, 0)
    assert lanes("<4I", s.i32x4_sub(0, v("<4I", 1, 0, 0, 0))) == (0xFFFFFFFF, 0, 0, 0)
    assert lanes("<8h", s.i16x8_abs(v("<8h", -32768, -1, *[0] * 6)))[:2] == (-32768, 1)
    assert lanes("<2q", s.i64x2_neg(v("<2q", -(1 << 63), 5))) == (-(1 << 63), -5)
    assert lanes("<4i", s.i32x4_dot_i16x8_s(v("<8h", -32768, -32768, *[0] * 6),
                                            v("<8h", -32768, -32768, *[0] * 6)))[0] == -(1 << 31)
    assert lanes("<16B", s.i8x16_avgr_u(v("<16B", 255, 1, *[0] * 14), v("<16B", 254, 2, *[0] * 14)))[:2] == (255, 2)
    assert lanes("<16B", s.i8x16_popcnt(v("<16B", 255, 0x81, *[0] * 14)))[:2] == (8, 2)


def test_conversions_between_lane_shapes() -> None:
    assert lanes("<4I", s.i32x4_trunc_sat_f32x4_s(v("<4f", float("nan"), 3e9, -3e9, -2.5))) == \
        (0, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE)
    assert lanes("<4I", s.i32x4_trunc_sat_f64x2_u_zero(v("<2d", -1.0, 5e9))) == (0, 0xFFFFFFFF, 0, 0)
    assert lanes("<4f", s.f32x4_convert_i32x4_u(v("<4I", 0xFFFFFFFF, 0x01000001, 0, 1))) == \
        (4294967296.0, 16777216.0, 0.0, 1.0)
    assert lanes("<2d", s.f64x2_convert_low_i32x4_s(v("<4i", -1, 7, 9, 9))) == (-1.0, 7.0)
    assert lanes("<4I", s.f32x4_demote_f64x2_zero(v("<2d", 1e300, 1.0 + 2.0 ** -24))) == \
        (0x7F800000, 0x3F800000, 0, 0)
    assert lanes("<2Q", s.f64x2_promote_low_f32x4(v("<4I", 0x7FA00001, 0x00000001, 0, 0))) == \
        (0x7FFC000020000000, 0x36A0000000000000)


def test_extension_and_extended_multiplication() -> None:
    x = v("<16b", *range(-8, 8))
    assert lanes("<8h", s.i16x8_extend_high_i8x16_s(x)) == tuple(range(0, 8))
    assert lanes("<8H", s.i16x8_extend_low_i8x16_u(x)) == tuple(range(248, 256))
    y = v("<4I", 0xFFFFFFFF, 2, 3, 0x80000000)
    assert lanes("<2q", s.i64x2_extmul_high_i32x4_s(y, y)) == (9, 1 << 62)
    assert lanes("<2Q", s.i64x2_extmul_low_i32x4_u(y, y)) == (0xFFFFFFFE00000001, 4)
    assert lanes("<4i", s.i32x4_extadd_pairwise_i16x8_s(v("<8h", -32768, -32768, *[1] * 6)))[:2] == (-65536, 2)


def test_bitwise_selection() -> None:
    assert s.v128_bitselect(M128, 0, 0xF0F0) == 0xF0F0
    assert s.v128_andnot(0xFF, 0x0F) == 0xF0
    assert s.v128_not(0) == M128


def test_vector_min_and_max_give_canonical_nan_lanes() -> None:
    a = v("<4I", 0x7FA00001, 0xFFC00003, 0x3F800000, 0x7FC00005)
    b = v("<4I", 0x3F800000, 0x7FC00004, 0xBF800000, 0x80000000)     # 1, NaN, -1, -0
    assert lanes("<4I", s.f32x4_min(a, b)) == (0xFFC00000, 0xFFC00000, 0xBF800000, 0xFFC00000)
    assert lanes("<4I", s.f32x4_max(a, b)) == (0x7FC00000, 0xFFC00000, 0x3F800000, 0xFFC00000)
    assert lanes("<2Q", s.f64x2_min(v("<2Q", 0x7FF4000000000001, 0), v("<2d", 1.0, -0.0))) == \
        (0xFFF8000000000000, 0x8000000000000000)
