"""Reference semantics of every SIMD instruction that does not touch memory.

One function per instruction, named after it with ``.`` replaced by ``_``
(``i8x16.add_sat_s`` -> :func:`i8x16_add_sat_s`). Arguments are the stack
operands in order, then the immediates: ``i32x4_extract_lane(v, lane)``,
``i32x4_replace_lane(v, x, lane)``, ``i8x16_shuffle(a, b, lanes)``.
:data:`SEMANTICS` maps each instruction name to its function.

A v128 is an unsigned Python int below 2**128, lane 0 in the lowest bits.
Floating-point lanes follow the scalar rules of :mod:`wasmlite.runtime.numeric`,
NaN results included, except that ``min`` lanes that are NaN are
:data:`~wasmlite.runtime.floats.DEFAULT_NAN` and ``max`` lanes that are NaN are
the canonical NaN with the sign set when either operand's sign is, as
wasmtime's x86-64 code computes them.

Relaxed SIMD instructions behave as wasmtime compiles them for x86-64 with
SSE4.1 and FMA: ``relaxed_swizzle`` is ``pshufb``; the signed relaxed
truncations give 0x80000000 for NaN and out-of-range lanes (``cvttps2dq``)
while the unsigned ones saturate; ``relaxed_madd``/``relaxed_nmadd`` are
fused; ``relaxed_laneselect`` tests the top bit of each mask lane for 8-, 32-
and 64-bit lanes and is a bitwise select for 16-bit lanes; ``relaxed_min``/
``relaxed_max`` are ``pmin``/``pmax``; ``relaxed_q15mulr_s`` wraps instead of
saturating; the relaxed dot products treat the second operand's bytes as
unsigned and saturate the 16-bit pair sums.
"""

from __future__ import annotations

import math
import operator
import struct

from ..opcodes import OPS, is_simd_numeric
from .floats import (
    DEFAULT_NAN, f32_from_bits, f32_round, f32_to_bits, f64_from_bits, f64_quiet,
    f64_to_bits, fused_multiply_add,
)
from .numeric import (
    f64_ceil, f64_div, f64_floor, f64_max, f64_min, f64_nearest, f64_promote_f32,
    f64_sqrt, f64_trunc, first_nan, i32_trunc_sat_f32_s, i32_trunc_sat_f32_u,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

_from_bytes = int.from_bytes
_copysign = math.copysign
_POSITIVE_NAN = f64_from_bits(0x7FF8000000000000)

_M128 = (1 << 128) - 1
_M64 = 0xFFFFFFFFFFFFFFFF
_M32 = 0xFFFFFFFF

# Every lane's lowest bit set, and every lane's top bit set, per lane width.
_ONES8 = _M128 // 0xFF
_ONES16 = _M128 // 0xFFFF
_ONES32 = _M128 // _M32
_ONES64 = _M128 // _M64
_TOP8 = _ONES8 << 7
_TOP16 = _ONES16 << 15
_TOP32 = _ONES32 << 31
_TOP64 = _ONES64 << 63

_U8 = struct.Struct("<16B")
_S8 = struct.Struct("<16b")
_U16 = struct.Struct("<8H")
_S16 = struct.Struct("<8h")
_U32 = struct.Struct("<4I")
_S32 = struct.Struct("<4i")
_U64 = struct.Struct("<2Q")
_S64 = struct.Struct("<2q")
_F32 = struct.Struct("<4f")
_F64 = struct.Struct("<2d")

# Tail padding that makes a byte-translation table 256 bytes long.
_ZEROS128 = bytes(128)
_ZEROS224 = bytes(224)
_ZEROS240 = bytes(240)


def _lanes(fmt: struct.Struct, v: int) -> tuple:
    """The lanes of ``v`` read with ``fmt``."""
    return fmt.unpack(v.to_bytes(16, "little"))


def _v128(fmt: struct.Struct, lanes) -> int:
    """The v128 whose lanes, written with ``fmt``, are ``lanes``."""
    return _from_bytes(fmt.pack(*lanes), "little")


def _f32x4(lanes: list) -> int:
    """The v128 of four f32 lanes given as doubles, each rounded to binary32."""
    try:
        return _from_bytes(_F32.pack(*lanes), "little")
    except OverflowError:
        return _from_bytes(_F32.pack(*map(f32_round, lanes)), "little")


def _f64x2(lanes: list) -> int:
    """The v128 of two f64 lanes."""
    return _from_bytes(_F64.pack(*lanes), "little")


# --- lane access -----------------------------------------------------------------------

def i8x16_splat(x: int) -> int:
    """Every i8 lane set to the low 8 bits of ``x``."""
    return (x & 0xFF) * _ONES8


def i16x8_splat(x: int) -> int:
    """Every i16 lane set to the low 16 bits of ``x``."""
    return (x & 0xFFFF) * _ONES16


def i32x4_splat(x: int) -> int:
    """Every i32 lane set to ``x``."""
    return x * _ONES32


def i64x2_splat(x: int) -> int:
    """Every i64 lane set to ``x``."""
    return x * _ONES64


def f32x4_splat(x: float) -> int:
    """Every f32 lane set to ``x``."""
    return f32_to_bits(x) * _ONES32


def f64x2_splat(x: float) -> int:
    """Every f64 lane set to ``x``."""
    return f64_to_bits(x) * _ONES64


def i8x16_extract_lane_s(v: int, lane: int) -> int:
    """i8 lane ``lane``, sign-extended to i32."""
    return ((((v >> (lane << 3)) & 0xFF) ^ 0x80) - 0x80) & _M32


def i8x16_extract_lane_u(v: int, lane: int) -> int:
    """i8 lane ``lane``, zero-extended to i32."""
    return (v >> (lane << 3)) & 0xFF


def i16x8_extract_lane_s(v: int, lane: int) -> int:
    """i16 lane ``lane``, sign-extended to i32."""
    return ((((v >> (lane << 4)) & 0xFFFF) ^ 0x8000) - 0x8000) & _M32


def i16x8_extract_lane_u(v: int, lane: int) -> int:
    """i16 lane ``lane``, zero-extended to i32."""
    return (v >> (lane << 4)) & 0xFFFF


def i32x4_extract_lane(v: int, lane: int) -> int:
    """i32 lane ``lane``."""
    return (v >> (lane << 5)) & _M32


def i64x2_extract_lane(v: int, lane: int) -> int:
    """i64 lane ``lane``."""
    return (v >> (lane << 6)) & _M64


def f32x4_extract_lane(v: int, lane: int) -> float:
    """f32 lane ``lane``."""
    return f32_from_bits((v >> (lane << 5)) & _M32)


def f64x2_extract_lane(v: int, lane: int) -> float:
    """f64 lane ``lane``."""
    return f64_from_bits((v >> (lane << 6)) & _M64)


def i8x16_replace_lane(v: int, x: int, lane: int) -> int:
    """``v`` with i8 lane ``lane`` set to the low 8 bits of ``x``."""
    shift = lane << 3
    return (v & ~(0xFF << shift)) | ((x & 0xFF) << shift)


def i16x8_replace_lane(v: int, x: int, lane: int) -> int:
    """``v`` with i16 lane ``lane`` set to the low 16 bits of ``x``."""
    shift = lane << 4
    return (v & ~(0xFFFF << shift)) | ((x & 0xFFFF) << shift)


def i32x4_replace_lane(v: int, x: int, lane: int) -> int:
    """``v`` with i32 lane ``lane`` set to ``x``."""
    shift = lane << 5
    return (v & ~(_M32 << shift)) | (x << shift)


def i64x2_replace_lane(v: int, x: int, lane: int) -> int:
    """``v`` with i64 lane ``lane`` set to ``x``."""
    shift = lane << 6
    return (v & ~(_M64 << shift)) | (x << shift)


def f32x4_replace_lane(v: int, x: float, lane: int) -> int:
    """``v`` with f32 lane ``lane`` set to ``x``."""
    shift = lane << 5
    return (v & ~(_M32 << shift)) | (f32_to_bits(x) << shift)


def f64x2_replace_lane(v: int, x: float, lane: int) -> int:
    """``v`` with f64 lane ``lane`` set to ``x``."""
    shift = lane << 6
    return (v & ~(_M64 << shift)) | (f64_to_bits(x) << shift)


def i8x16_shuffle(a: int, b: int, lanes: tuple[int, ...]) -> int:
    """Bytes picked from the 32 bytes of ``a`` then ``b`` by the 16 indices ``lanes``."""
    table = a.to_bytes(16, "little") + b.to_bytes(16, "little") + _ZEROS224
    return _from_bytes(bytes(lanes).translate(table), "little")


def i8x16_swizzle(a: int, s: int) -> int:
    """Bytes of ``a`` picked by the bytes of ``s``; indices past 15 give 0."""
    return _from_bytes(s.to_bytes(16, "little").translate(a.to_bytes(16, "little") + _ZEROS240),
                       "little")


def i8x16_relaxed_swizzle(a: int, s: int) -> int:
    """Bytes of ``a`` picked by the low 4 bits of the bytes of ``s``; indices with the
    top bit set give 0 (``pshufb``)."""
    return _from_bytes(s.to_bytes(16, "little").translate(a.to_bytes(16, "little") * 8 + _ZEROS128),
                       "little")


# --- bitwise ------------------------------------------------------------------------------

def v128_not(a: int) -> int:
    """Bitwise not."""
    return a ^ _M128


def v128_and(a: int, b: int) -> int:
    """Bitwise and."""
    return a & b


def v128_andnot(a: int, b: int) -> int:
    """``a`` and not ``b``."""
    return a & (b ^ _M128)


def v128_or(a: int, b: int) -> int:
    """Bitwise or."""
    return a | b


def v128_xor(a: int, b: int) -> int:
    """Bitwise exclusive or."""
    return a ^ b


def v128_bitselect(a: int, b: int, c: int) -> int:
    """Bits of ``a`` where ``c`` has ones, bits of ``b`` elsewhere."""
    return (a & c) | (b & (c ^ _M128))


def v128_any_true(a: int) -> int:
    """Whether any bit is set."""
    return 1 if a else 0


def _top_bit_select(a: int, b: int, c: int, top: int, width: int) -> int:
    """Lanes of ``a`` where the lane of ``c`` has its top bit set, of ``b`` elsewhere."""
    mask = ((c & top) >> (width - 1)) * ((1 << width) - 1)
    return (a & mask) | (b & (mask ^ _M128))


def i8x16_relaxed_laneselect(a: int, b: int, c: int) -> int:
    """Bytes of ``a`` where the byte of ``c`` has its top bit set, else of ``b``."""
    return _top_bit_select(a, b, c, _TOP8, 8)


def i16x8_relaxed_laneselect(a: int, b: int, c: int) -> int:
    """Bitwise select, as :func:`v128_bitselect`."""
    return (a & c) | (b & (c ^ _M128))


def i32x4_relaxed_laneselect(a: int, b: int, c: int) -> int:
    """i32 lanes of ``a`` where the lane of ``c`` has its top bit set, else of ``b``."""
    return _top_bit_select(a, b, c, _TOP32, 32)


def i64x2_relaxed_laneselect(a: int, b: int, c: int) -> int:
    """i64 lanes of ``a`` where the lane of ``c`` has its top bit set, else of ``b``."""
    return _top_bit_select(a, b, c, _TOP64, 64)


# --- integer lane-wise families ---------------------------------------------------------------
# The families below are built by small factories; each resulting function is
# given its instruction's name when SEMANTICS is built.

def _adder(top: int) -> Callable[[int, int], int]:
    low = top ^ _M128

    def add(a: int, b: int) -> int:
        """Lane-wise wrapping addition."""
        return ((a & low) + (b & low)) ^ ((a ^ b) & top)
    return add


def _subtracter(top: int) -> Callable[[int, int], int]:
    low = top ^ _M128

    def sub(a: int, b: int) -> int:
        """Lane-wise wrapping subtraction."""
        return ((a | top) - (b & low)) ^ ((a ^ b ^ _M128) & top)
    return sub


def _negater(top: int) -> Callable[[int], int]:
    sub = _subtracter(top)

    def neg(a: int) -> int:
        """Lane-wise wrapping negation."""
        return sub(0, a)
    return neg


def _shifts(width: int) -> tuple[Callable, Callable, Callable]:
    lane = (1 << width) - 1
    ones = _M128 // lane
    left = [((lane << k) & lane) * ones for k in range(width)]
    right = [(lane >> k) * ones for k in range(width)]
    fill = [(((1 << k) - 1) << (width - k)) for k in range(width)]
    top = ones << (width - 1)
    count = width - 1

    def shl(v: int, n: int) -> int:
        """Lane-wise shift left by ``n`` modulo the lane width."""
        k = n & count
        return (v << k) & left[k]

    def shr_u(v: int, n: int) -> int:
        """Lane-wise logical shift right by ``n`` modulo the lane width."""
        k = n & count
        return (v >> k) & right[k]

    def shr_s(v: int, n: int) -> int:
        """Lane-wise arithmetic shift right by ``n`` modulo the lane width."""
        k = n & count
        return ((v >> k) & right[k]) | (((v & top) >> count) * fill[k])
    return shl, shr_s, shr_u


def _equality(width: int) -> tuple[Callable, Callable]:
    lane = (1 << width) - 1
    top = (_M128 // lane) << (width - 1)
    low = top ^ _M128
    shift = width - 1

    def eq(a: int, b: int) -> int:
        """Lane-wise equality: all-ones lanes where equal, zero elsewhere."""
        x = a ^ b
        nonzero = (((x & low) + low) | x) & top
        return ((nonzero ^ top) >> shift) * lane

    def ne(a: int, b: int) -> int:
        """Lane-wise inequality: all-ones lanes where different, zero elsewhere."""
        x = a ^ b
        nonzero = (((x & low) + low) | x) & top
        return (nonzero >> shift) * lane
    return eq, ne


def _below(width: int) -> Callable[[int, int], int]:
    top = (_M128 // ((1 << width) - 1)) << (width - 1)
    low = top ^ _M128

    def below(x: int, y: int) -> int:
        """The top bit of every lane where ``x < y`` unsigned (the borrow out of ``x - y``)."""
        same = (x ^ y ^ _M128) & top
        difference = ((x | top) - (y & low)) ^ same
        return ((y & ~x) | (same & difference)) & top
    return below


def _ordering(width: int, signed: bool) -> tuple[Callable, Callable, Callable, Callable]:
    lane = (1 << width) - 1
    top = (_M128 // lane) << (width - 1)
    flip = top if signed else 0          # flipping sign bits maps signed order to unsigned
    shift = width - 1
    below = _below(width)

    def lt(a: int, b: int) -> int:
        """Lane-wise ``a < b``: all-ones lanes where it holds, zero elsewhere."""
        return (below(a ^ flip, b ^ flip) >> shift) * lane

    def gt(a: int, b: int) -> int:
        """Lane-wise ``a > b``: all-ones lanes where it holds, zero elsewhere."""
        return (below(b ^ flip, a ^ flip) >> shift) * lane

    def le(a: int, b: int) -> int:
        """Lane-wise ``a <= b``: all-ones lanes where it holds, zero elsewhere."""
        return ((below(b ^ flip, a ^ flip) ^ top) >> shift) * lane

    def ge(a: int, b: int) -> int:
        """Lane-wise ``a >= b``: all-ones lanes where it holds, zero elsewhere."""
        return ((below(a ^ flip, b ^ flip) ^ top) >> shift) * lane
    return lt, gt, le, ge


def _extrema(width: int, signed: bool) -> tuple[Callable, Callable]:
    lane = (1 << width) - 1
    top = (_M128 // lane) << (width - 1)
    flip = top if signed else 0
    shift = width - 1
    below = _below(width)

    def minimum(a: int, b: int) -> int:
        """Lane-wise minimum."""
        take_b = (below(b ^ flip, a ^ flip) >> shift) * lane
        return (b & take_b) | (a & (take_b ^ _M128))

    def maximum(a: int, b: int) -> int:
        """Lane-wise maximum."""
        take_b = (below(a ^ flip, b ^ flip) >> shift) * lane
        return (b & take_b) | (a & (take_b ^ _M128))
    return minimum, maximum


def _rounding_average(width: int) -> Callable[[int, int], int]:
    lane = (1 << width) - 1
    halves = (lane >> 1) * (_M128 // lane)      # every lane's bits below its top bit

    def avgr_u(a: int, b: int) -> int:
        """Lane-wise unsigned ``(a + b + 1) >> 1``."""
        return (a | b) - (((a ^ b) >> 1) & halves)
    return avgr_u


def _compare(fmt: struct.Struct, out: struct.Struct, ones: int,
             test: Callable) -> Callable[[int, int], int]:
    def compare(a: int, b: int) -> int:
        """Lane-wise comparison: all-ones lanes where it holds, zero elsewhere."""
        return _from_bytes(out.pack(*[ones if t else 0 for t in map(
            test, fmt.unpack(a.to_bytes(16, "little")), fmt.unpack(b.to_bytes(16, "little")))]),
            "little")
    return compare


def _binary(fmt: struct.Struct, out: struct.Struct, fn: Callable) -> Callable[[int, int], int]:
    def binary(a: int, b: int) -> int:
        """Lane-wise binary operation."""
        return _from_bytes(out.pack(*map(
            fn, fmt.unpack(a.to_bytes(16, "little")), fmt.unpack(b.to_bytes(16, "little")))),
            "little")
    return binary


def _unary(fmt: struct.Struct, out: struct.Struct, fn: Callable) -> Callable[[int], int]:
    def unary(a: int) -> int:
        """Lane-wise unary operation."""
        return _from_bytes(out.pack(*map(fn, fmt.unpack(a.to_bytes(16, "little")))), "little")
    return unary


def _bytewise(table: bytes) -> Callable[[int], int]:
    def bytewise(a: int) -> int:
        """Lane-wise unary operation on bytes."""
        return _from_bytes(a.to_bytes(16, "little").translate(table), "little")
    return bytewise


def _all_true(fmt: struct.Struct) -> Callable[[int], int]:
    def all_true(a: int) -> int:
        """Whether every lane is nonzero."""
        return 0 if 0 in fmt.unpack(a.to_bytes(16, "little")) else 1
    return all_true


def _bitmask(fmt: struct.Struct) -> Callable[[int], int]:
    def bitmask(a: int) -> int:
        """The lanes' sign bits, lane 0 in bit 0."""
        r = 0
        for i, x in enumerate(fmt.unpack(a.to_bytes(16, "little"))):
            if x < 0:
                r |= 1 << i
        return r
    return bitmask


def _saturate(low: int, high: int) -> Callable[[int], int]:
    def saturate(x: int) -> int:
        return low if x < low else high if x > high else x
    return saturate


_sat_s8 = _saturate(-0x80, 0x7F)
_sat_u8 = _saturate(0, 0xFF)
_sat_s16 = _saturate(-0x8000, 0x7FFF)
_sat_u16 = _saturate(0, 0xFFFF)


# i8x16
i8x16_add = _adder(_TOP8)
i8x16_sub = _subtracter(_TOP8)
i8x16_neg = _bytewise(bytes((-x) & 0xFF for x in range(256)))
i8x16_abs = _bytewise(bytes(x if x < 0x80 else (0x100 - x) & 0xFF for x in range(256)))
i8x16_popcnt = _bytewise(bytes(x.bit_count() for x in range(256)))
i8x16_shl, i8x16_shr_s, i8x16_shr_u = _shifts(8)
i8x16_add_sat_s = _binary(_S8, _S8, lambda x, y: _sat_s8(x + y))
i8x16_add_sat_u = _binary(_U8, _U8, lambda x, y: _sat_u8(x + y))
i8x16_sub_sat_s = _binary(_S8, _S8, lambda x, y: _sat_s8(x - y))
i8x16_sub_sat_u = _binary(_U8, _U8, lambda x, y: _sat_u8(x - y))
i8x16_eq, i8x16_ne = _equality(8)
i8x16_lt_s, i8x16_gt_s, i8x16_le_s, i8x16_ge_s = _ordering(8, True)
i8x16_lt_u, i8x16_gt_u, i8x16_le_u, i8x16_ge_u = _ordering(8, False)
i8x16_min_s, i8x16_max_s = _extrema(8, True)
i8x16_min_u, i8x16_max_u = _extrema(8, False)
i8x16_avgr_u = _rounding_average(8)
i8x16_all_true = _all_true(_U8)

_SIGN_DIGITS = bytes(0x31 if x & 0x80 else 0x30 for x in range(256))   # b"1" / b"0"


def i8x16_bitmask(a: int) -> int:
    """The bytes' sign bits, lane 0 in bit 0."""
    return int(a.to_bytes(16, "big").translate(_SIGN_DIGITS), 2)


def i8x16_narrow_i16x8_s(a: int, b: int) -> int:
    """The i16 lanes of ``a`` then ``b``, saturated to signed i8."""
    return _v128(_S8, map(_sat_s8, _lanes(_S16, a) + _lanes(_S16, b)))


def i8x16_narrow_i16x8_u(a: int, b: int) -> int:
    """The signed i16 lanes of ``a`` then ``b``, saturated to unsigned i8."""
    return _v128(_U8, map(_sat_u8, _lanes(_S16, a) + _lanes(_S16, b)))


# i16x8
i16x8_add = _adder(_TOP16)
i16x8_sub = _subtracter(_TOP16)
i16x8_neg = _negater(_TOP16)
i16x8_abs = _unary(_S16, _U16, lambda x: -x if x < 0 else x)
i16x8_shl, i16x8_shr_s, i16x8_shr_u = _shifts(16)
i16x8_add_sat_s = _binary(_S16, _S16, lambda x, y: _sat_s16(x + y))
i16x8_add_sat_u = _binary(_U16, _U16, lambda x, y: _sat_u16(x + y))
i16x8_sub_sat_s = _binary(_S16, _S16, lambda x, y: _sat_s16(x - y))
i16x8_sub_sat_u = _binary(_U16, _U16, lambda x, y: _sat_u16(x - y))
i16x8_mul = _binary(_U16, _U16, lambda x, y: (x * y) & 0xFFFF)
i16x8_eq, i16x8_ne = _equality(16)
i16x8_lt_s, i16x8_gt_s, i16x8_le_s, i16x8_ge_s = _ordering(16, True)
i16x8_lt_u, i16x8_gt_u, i16x8_le_u, i16x8_ge_u = _ordering(16, False)
i16x8_min_s, i16x8_max_s = _extrema(16, True)
i16x8_min_u, i16x8_max_u = _extrema(16, False)
i16x8_avgr_u = _rounding_average(16)
i16x8_q15mulr_sat_s = _binary(_S16, _S16, lambda x, y: _sat_s16((x * y + 0x4000) >> 15))
i16x8_relaxed_q15mulr_s = _binary(_S16, _U16, lambda x, y: ((x * y + 0x4000) >> 15) & 0xFFFF)
i16x8_all_true = _all_true(_U16)
i16x8_bitmask = _bitmask(_S16)


def i16x8_narrow_i32x4_s(a: int, b: int) -> int:
    """The i32 lanes of ``a`` then ``b``, saturated to signed i16."""
    return _v128(_S16, map(_sat_s16, _lanes(_S32, a) + _lanes(_S32, b)))


def i16x8_narrow_i32x4_u(a: int, b: int) -> int:
    """The signed i32 lanes of ``a`` then ``b``, saturated to unsigned i16."""
    return _v128(_U16, map(_sat_u16, _lanes(_S32, a) + _lanes(_S32, b)))


# i32x4
i32x4_add = _adder(_TOP32)
i32x4_sub = _subtracter(_TOP32)
i32x4_neg = _negater(_TOP32)
i32x4_abs = _unary(_S32, _U32, lambda x: -x if x < 0 else x)
i32x4_shl, i32x4_shr_s, i32x4_shr_u = _shifts(32)
i32x4_mul = _binary(_U32, _U32, lambda x, y: (x * y) & _M32)
i32x4_eq, i32x4_ne = _equality(32)
i32x4_lt_s, i32x4_gt_s, i32x4_le_s, i32x4_ge_s = _ordering(32, True)
i32x4_lt_u, i32x4_gt_u, i32x4_le_u, i32x4_ge_u = _ordering(32, False)
i32x4_min_s, i32x4_max_s = _extrema(32, True)
i32x4_min_u, i32x4_max_u = _extrema(32, False)
i32x4_all_true = _all_true(_U32)
i32x4_bitmask = _bitmask(_S32)

# i64x2
i64x2_add = _adder(_TOP64)
i64x2_sub = _subtracter(_TOP64)
i64x2_neg = _negater(_TOP64)
i64x2_abs = _unary(_S64, _U64, lambda x: -x if x < 0 else x)
i64x2_shl, i64x2_shr_s, i64x2_shr_u = _shifts(64)
i64x2_mul = _binary(_U64, _U64, lambda x, y: (x * y) & _M64)
i64x2_eq, i64x2_ne = _equality(64)
i64x2_lt_s, i64x2_gt_s, i64x2_le_s, i64x2_ge_s = _ordering(64, True)
i64x2_all_true = _all_true(_U64)
i64x2_bitmask = _bitmask(_S64)


f32x4_eq = _compare(_F32, _U32, _M32, operator.eq)
f32x4_ne = _compare(_F32, _U32, _M32, operator.ne)
f32x4_lt = _compare(_F32, _U32, _M32, operator.lt)
f32x4_gt = _compare(_F32, _U32, _M32, operator.gt)
f32x4_le = _compare(_F32, _U32, _M32, operator.le)
f32x4_ge = _compare(_F32, _U32, _M32, operator.ge)
f64x2_eq = _compare(_F64, _U64, _M64, operator.eq)
f64x2_ne = _compare(_F64, _U64, _M64, operator.ne)
f64x2_lt = _compare(_F64, _U64, _M64, operator.lt)
f64x2_gt = _compare(_F64, _U64, _M64, operator.gt)
f64x2_le = _compare(_F64, _U64, _M64, operator.le)
f64x2_ge = _compare(_F64, _U64, _M64, operator.ge)


# --- widening, pairwise and dot products --------------------------------------------------------

def _extend(fmt: struct.Struct, out: struct.Struct, high: bool) -> Callable[[int], int]:
    start = 8 if high else 0

    def extend(a: int) -> int:
        """The low or high half of the lanes, widened to twice the width."""
        return _from_bytes(out.pack(*fmt.unpack_from(a.to_bytes(16, "little"), start)), "little")
    return extend


def _extmul(fmt: struct.Struct, out: struct.Struct, high: bool) -> Callable[[int, int], int]:
    start = 8 if high else 0

    def extmul(a: int, b: int) -> int:
        """Products of the low or high half of the lanes, at twice the width."""
        return _from_bytes(out.pack(*map(
            operator.mul, fmt.unpack_from(a.to_bytes(16, "little"), start),
            fmt.unpack_from(b.to_bytes(16, "little"), start))), "little")
    return extmul


def _extadd_pairwise(fmt: struct.Struct, out: struct.Struct) -> Callable[[int], int]:
    def extadd_pairwise(a: int) -> int:
        """Sums of adjacent lane pairs, at twice the width."""
        x = fmt.unpack(a.to_bytes(16, "little"))
        return _from_bytes(out.pack(*map(operator.add, x[0::2], x[1::2])), "little")
    return extadd_pairwise


_S8_HALF = struct.Struct("<8b")
_U8_HALF = struct.Struct("<8B")
_S16_HALF = struct.Struct("<4h")
_U16_HALF = struct.Struct("<4H")
_S32_HALF = struct.Struct("<2i")
_U32_HALF = struct.Struct("<2I")

i16x8_extend_low_i8x16_s = _extend(_S8_HALF, _S16, False)
i16x8_extend_high_i8x16_s = _extend(_S8_HALF, _S16, True)
i16x8_extend_low_i8x16_u = _extend(_U8_HALF, _U16, False)
i16x8_extend_high_i8x16_u = _extend(_U8_HALF, _U16, True)
i32x4_extend_low_i16x8_s = _extend(_S16_HALF, _S32, False)
i32x4_extend_high_i16x8_s = _extend(_S16_HALF, _S32, True)
i32x4_extend_low_i16x8_u = _extend(_U16_HALF, _U32, False)
i32x4_extend_high_i16x8_u = _extend(_U16_HALF, _U32, True)
i64x2_extend_low_i32x4_s = _extend(_S32_HALF, _S64, False)
i64x2_extend_high_i32x4_s = _extend(_S32_HALF, _S64, True)
i64x2_extend_low_i32x4_u = _extend(_U32_HALF, _U64, False)
i64x2_extend_high_i32x4_u = _extend(_U32_HALF, _U64, True)

i16x8_extmul_low_i8x16_s = _extmul(_S8_HALF, _S16, False)
i16x8_extmul_high_i8x16_s = _extmul(_S8_HALF, _S16, True)
i16x8_extmul_low_i8x16_u = _extmul(_U8_HALF, _U16, False)
i16x8_extmul_high_i8x16_u = _extmul(_U8_HALF, _U16, True)
i32x4_extmul_low_i16x8_s = _extmul(_S16_HALF, _S32, False)
i32x4_extmul_high_i16x8_s = _extmul(_S16_HALF, _S32, True)
i32x4_extmul_low_i16x8_u = _extmul(_U16_HALF, _U32, False)
i32x4_extmul_high_i16x8_u = _extmul(_U16_HALF, _U32, True)
i64x2_extmul_low_i32x4_s = _extmul(_S32_HALF, _S64, False)
i64x2_extmul_high_i32x4_s = _extmul(_S32_HALF, _S64, True)
i64x2_extmul_low_i32x4_u = _extmul(_U32_HALF, _U64, False)
i64x2_extmul_high_i32x4_u = _extmul(_U32_HALF, _U64, True)

i16x8_extadd_pairwise_i8x16_s = _extadd_pairwise(_S8, _S16)
i16x8_extadd_pairwise_i8x16_u = _extadd_pairwise(_U8, _U16)
i32x4_extadd_pairwise_i16x8_s = _extadd_pairwise(_S16, _S32)
i32x4_extadd_pairwise_i16x8_u = _extadd_pairwise(_U16, _U32)


def i32x4_dot_i16x8_s(a: int, b: int) -> int:
    """Sums of adjacent signed i16 lane products, wrapped to i32."""
    p = list(map(operator.mul, _lanes(_S16, a), _lanes(_S16, b)))
    return _v128(_U32, [(x + y) & _M32 for x, y in zip(p[0::2], p[1::2])])


def _dot_i8x16_i7x16(a: int, b: int) -> list[int]:
    """Sums of adjacent products of signed ``a`` bytes and unsigned ``b`` bytes,
    saturated to i16 (``pmaddubsw``)."""
    p = list(map(operator.mul, _lanes(_S8, a), _lanes(_U8, b)))
    return [_sat_s16(x + y) for x, y in zip(p[0::2], p[1::2])]


def i16x8_relaxed_dot_i8x16_i7x16_s(a: int, b: int) -> int:
    """Sums of adjacent byte products, saturated to i16."""
    return _v128(_S16, _dot_i8x16_i7x16(a, b))


def i32x4_relaxed_dot_i8x16_i7x16_add_s(a: int, b: int, c: int) -> int:
    """Sums of four adjacent byte products (pairs saturated to i16) plus the i32 lanes of ``c``."""
    d = _dot_i8x16_i7x16(a, b)
    return _v128(_U32, [(x + y + z) & _M32
                        for x, y, z in zip(d[0::2], d[1::2], _lanes(_S32, c))])


# --- floating point ---------------------------------------------------------------------------

def f32x4_abs(a: int) -> int:
    """Lane-wise sign bit cleared."""
    return a & (_TOP32 ^ _M128)


def f32x4_neg(a: int) -> int:
    """Lane-wise sign bit flipped."""
    return a ^ _TOP32


def f64x2_abs(a: int) -> int:
    """Lane-wise sign bit cleared."""
    return a & (_TOP64 ^ _M128)


def f64x2_neg(a: int) -> int:
    """Lane-wise sign bit flipped."""
    return a ^ _TOP64


def _float_arithmetic(fmt: struct.Struct, pack: Callable[[list], int],
                      fn: Callable[[float, float], float]) -> Callable[[int, int], int]:
    def arithmetic(a: int, b: int) -> int:
        """Lane-wise IEEE arithmetic; a NaN lane is the first NaN operand, quieted."""
        x = fmt.unpack(a.to_bytes(16, "little"))
        y = fmt.unpack(b.to_bytes(16, "little"))
        r = list(map(fn, x, y))
        total = sum(r)
        if total != total:                  # some lane may be a NaN
            r = [z if z == z else first_nan(p, q) for z, p, q in zip(r, x, y)]
        return pack(r)
    return arithmetic


def _float_unary(fmt: struct.Struct, pack: Callable[[list], int],
                 fn: Callable[[float], float]) -> Callable[[int], int]:
    def unary(a: int) -> int:
        """Lane-wise float operation."""
        return pack(list(map(fn, fmt.unpack(a.to_bytes(16, "little")))))
    return unary


def _float_binary(fmt: struct.Struct, pack: Callable[[list], int],
                  fn: Callable[[float, float], float]) -> Callable[[int, int], int]:
    def binary(a: int, b: int) -> int:
        """Lane-wise float operation."""
        return pack(list(map(fn, fmt.unpack(a.to_bytes(16, "little")),
                             fmt.unpack(b.to_bytes(16, "little")))))
    return binary


def _float_ternary(fmt: struct.Struct, pack: Callable[[list], int],
                   fn: Callable[[float, float, float], float]) -> Callable[[int, int, int], int]:
    def ternary(a: int, b: int, c: int) -> int:
        """Lane-wise float operation."""
        return pack(list(map(fn, fmt.unpack(a.to_bytes(16, "little")),
                             fmt.unpack(b.to_bytes(16, "little")),
                             fmt.unpack(c.to_bytes(16, "little")))))
    return ternary


def _vector_min(a: float, b: float) -> float:
    """Lane minimum as wasmtime's x86-64 sequence computes it: NaN lanes are DEFAULT_NAN."""
    r = f64_min(a, b)
    return r if r == r else DEFAULT_NAN


def _vector_max(a: float, b: float) -> float:
    """Lane maximum as wasmtime's x86-64 sequence computes it: NaN lanes are the
    canonical NaN whose sign is set if either operand's sign is."""
    r = f64_max(a, b)
    if r == r:
        return r
    return DEFAULT_NAN if _copysign(1.0, a) < 0.0 or _copysign(1.0, b) < 0.0 else _POSITIVE_NAN


f32x4_add = _float_arithmetic(_F32, _f32x4, operator.add)
f32x4_sub = _float_arithmetic(_F32, _f32x4, operator.sub)
f32x4_mul = _float_arithmetic(_F32, _f32x4, operator.mul)
f32x4_div = _float_arithmetic(_F32, _f32x4, f64_div)
f32x4_min = _float_binary(_F32, _f32x4, _vector_min)
f32x4_max = _float_binary(_F32, _f32x4, _vector_max)
f32x4_sqrt = _float_unary(_F32, _f32x4, f64_sqrt)
f32x4_ceil = _float_unary(_F32, _f32x4, f64_ceil)
f32x4_floor = _float_unary(_F32, _f32x4, f64_floor)
f32x4_trunc = _float_unary(_F32, _f32x4, f64_trunc)
f32x4_nearest = _float_unary(_F32, _f32x4, f64_nearest)

f64x2_add = _float_arithmetic(_F64, _f64x2, operator.add)
f64x2_sub = _float_arithmetic(_F64, _f64x2, operator.sub)
f64x2_mul = _float_arithmetic(_F64, _f64x2, operator.mul)
f64x2_div = _float_arithmetic(_F64, _f64x2, f64_div)
f64x2_min = _float_binary(_F64, _f64x2, _vector_min)
f64x2_max = _float_binary(_F64, _f64x2, _vector_max)
f64x2_sqrt = _float_unary(_F64, _f64x2, f64_sqrt)
f64x2_ceil = _float_unary(_F64, _f64x2, f64_ceil)
f64x2_floor = _float_unary(_F64, _f64x2, f64_floor)
f64x2_trunc = _float_unary(_F64, _f64x2, f64_trunc)
f64x2_nearest = _float_unary(_F64, _f64x2, f64_nearest)


def f32x4_pmin(a: int, b: int) -> int:
    """Lane-wise ``b < a ? b : a``, returning the chosen lane's bits unchanged."""
    fa, fb = _lanes(_F32, a), _lanes(_F32, b)
    ua, ub = _lanes(_U32, a), _lanes(_U32, b)
    return _v128(_U32, [ub[i] if fb[i] < fa[i] else ua[i] for i in range(4)])


def f32x4_pmax(a: int, b: int) -> int:
    """Lane-wise ``a < b ? b : a``, returning the chosen lane's bits unchanged."""
    fa, fb = _lanes(_F32, a), _lanes(_F32, b)
    ua, ub = _lanes(_U32, a), _lanes(_U32, b)
    return _v128(_U32, [ub[i] if fa[i] < fb[i] else ua[i] for i in range(4)])


def f64x2_pmin(a: int, b: int) -> int:
    """Lane-wise ``b < a ? b : a``, returning the chosen lane's bits unchanged."""
    fa, fb = _lanes(_F64, a), _lanes(_F64, b)
    return _v128(_F64, [y if y < x else x for x, y in zip(fa, fb)])


def f64x2_pmax(a: int, b: int) -> int:
    """Lane-wise ``a < b ? b : a``, returning the chosen lane's bits unchanged."""
    fa, fb = _lanes(_F64, a), _lanes(_F64, b)
    return _v128(_F64, [y if x < y else x for x, y in zip(fa, fb)])


f32x4_relaxed_min = f32x4_pmin
f32x4_relaxed_max = f32x4_pmax
f64x2_relaxed_min = f64x2_pmin
f64x2_relaxed_max = f64x2_pmax


def _fused_lane(single: bool, negate: bool) -> Callable[[float, float, float], float]:
    def fused(a: float, b: float, c: float) -> float:
        """Fused ``±(a * b) + c``; a NaN operand is returned quieted, ``b`` first,
        then ``a``, then ``c`` (the operand order of wasmtime's x86-64 FMA)."""
        if b != b:
            return f64_quiet(b)
        if a != a:
            return f64_quiet(a)
        if c != c:
            return f64_quiet(c)
        r = fused_multiply_add(-a if negate else a, b, c, single)
        return r if r == r else DEFAULT_NAN
    return fused


f32x4_relaxed_madd = _float_ternary(_F32, _f32x4, _fused_lane(True, False))
f32x4_relaxed_nmadd = _float_ternary(_F32, _f32x4, _fused_lane(True, True))
f64x2_relaxed_madd = _float_ternary(_F64, _f64x2, _fused_lane(False, False))
f64x2_relaxed_nmadd = _float_ternary(_F64, _f64x2, _fused_lane(False, True))


# --- conversions ------------------------------------------------------------------------------

def f32x4_demote_f64x2_zero(a: int) -> int:
    """The two f64 lanes rounded to f32, then two zero lanes."""
    x, y = _lanes(_F64, a)
    return _v128(_U32, (f32_to_bits(f32_round(x)), f32_to_bits(f32_round(y)), 0, 0))


def f64x2_promote_low_f32x4(a: int) -> int:
    """The two low f32 lanes as f64."""
    v = a & 0xFFFFFFFFFFFFFFFF
    return _v128(_F64, (f64_promote_f32(f32_from_bits(v & _M32)),
                        f64_promote_f32(f32_from_bits(v >> 32))))


i32x4_trunc_sat_f32x4_s = _unary(_F32, _U32, i32_trunc_sat_f32_s)
i32x4_trunc_sat_f32x4_u = _unary(_F32, _U32, i32_trunc_sat_f32_u)


def i32x4_trunc_sat_f64x2_s_zero(a: int) -> int:
    """The two f64 lanes truncated to signed i32 with saturation, then two zero lanes."""
    x, y = _lanes(_F64, a)
    return i32_trunc_sat_f32_s(x) | i32_trunc_sat_f32_s(y) << 32


def i32x4_trunc_sat_f64x2_u_zero(a: int) -> int:
    """The two f64 lanes truncated to unsigned i32 with saturation, then two zero lanes."""
    x, y = _lanes(_F64, a)
    return i32_trunc_sat_f32_u(x) | i32_trunc_sat_f32_u(y) << 32


def f32x4_convert_i32x4_s(a: int) -> int:
    """The signed i32 lanes rounded to f32."""
    return _v128(_F32, map(float, _lanes(_S32, a)))


def f32x4_convert_i32x4_u(a: int) -> int:
    """The unsigned i32 lanes rounded to f32."""
    return _v128(_F32, map(float, _lanes(_U32, a)))


def f64x2_convert_low_i32x4_s(a: int) -> int:
    """The two low signed i32 lanes as f64."""
    return _v128(_F64, map(float, _S32_HALF.unpack_from(a.to_bytes(16, "little"))))


def f64x2_convert_low_i32x4_u(a: int) -> int:
    """The two low unsigned i32 lanes as f64."""
    return _v128(_F64, map(float, _U32_HALF.unpack_from(a.to_bytes(16, "little"))))


def _cvtt(x: float) -> int:
    """Truncation as ``cvttps2dq``/``cvttpd2dq``: 0x80000000 for NaN and out-of-range."""
    if -2147483649.0 < x < 2147483648.0:
        return int(x) & _M32
    return 0x80000000


i32x4_relaxed_trunc_f32x4_s = _unary(_F32, _U32, _cvtt)
i32x4_relaxed_trunc_f32x4_u = i32x4_trunc_sat_f32x4_u
i32x4_relaxed_trunc_f64x2_u_zero = i32x4_trunc_sat_f64x2_u_zero


def i32x4_relaxed_trunc_f64x2_s_zero(a: int) -> int:
    """The two f64 lanes truncated as ``cvttpd2dq``, then two zero lanes."""
    x, y = _lanes(_F64, a)
    return _cvtt(x) | _cvtt(y) << 32


# --- the table ---------------------------------------------------------------------------------

def _semantics() -> dict[str, Callable]:
    table = {}
    missing = []
    for op in OPS:
        if is_simd_numeric(op):
            name = op.name.replace(".", "_")
            fn = globals().get(name)
            if fn is None:
                missing.append(op.name)
                continue
            if fn.__name__ != name and fn.__module__ == __name__ and fn.__qualname__.startswith("_"):
                fn.__name__ = fn.__qualname__ = name     # a factory-built function
            table[op.name] = fn
    if missing:
        raise ImportError(f"no semantics for SIMD instructions: {', '.join(missing)}")
    return table


SEMANTICS: dict[str, Callable] = _semantics()
"""SIMD instruction name -> its function."""
