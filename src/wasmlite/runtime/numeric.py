"""Reference semantics of every scalar numeric instruction.

One function per instruction, named after it with ``.`` replaced by ``_``
(``i32.div_s`` -> :func:`i32_div_s`); operands in stack order, results as a
value or, for multi-result instructions, a tuple. :data:`SEMANTICS` maps each
instruction name to its function. Compiled code calls these by name for the
instructions it does not inline.

Values: i32/i64 are unsigned Python ints; f32/f64 are Python floats as
described in :mod:`wasmlite.runtime.floats`. Comparisons return 1 or 0.
Traps raise :class:`~wasmlite.runtime.trap.Trap` with wasmtime's messages.
"""

from __future__ import annotations

import math

from ..opcodes import OPS
from .floats import (
    DEFAULT_NAN, INF, f32_from_bits, f32_from_int, f32_round, f32_to_bits,
    f64_from_bits, f64_quiet, f64_to_bits,
)
from .trap import Trap

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

_copysign = math.copysign
_sqrt = math.sqrt
_floor = math.floor
_ceil = math.ceil

_M32 = 0xFFFFFFFF
_S32 = 0x80000000
_M64 = 0xFFFFFFFFFFFFFFFF
_S64 = 0x8000000000000000
_M128 = (1 << 128) - 1

_TWO52 = 4503599627370496.0     # doubles of this magnitude or more are integers

_F32_SIGN = 0x80000000
_F64_SIGN = 0x8000000000000000

DIVIDE_BY_ZERO = "integer divide by zero"
INTEGER_OVERFLOW = "integer overflow"
INVALID_CONVERSION = "invalid conversion to integer"


# --- i32 ------------------------------------------------------------------------

def i32_eqz(a: int) -> int:
    """``a == 0``."""
    return 1 if a == 0 else 0


def i32_eq(a: int, b: int) -> int:
    """``a == b``."""
    return 1 if a == b else 0


def i32_ne(a: int, b: int) -> int:
    """``a != b``."""
    return 1 if a != b else 0


def i32_lt_s(a: int, b: int) -> int:
    """Signed ``a < b``."""
    return 1 if (a ^ _S32) < (b ^ _S32) else 0


def i32_lt_u(a: int, b: int) -> int:
    """Unsigned ``a < b``."""
    return 1 if a < b else 0


def i32_gt_s(a: int, b: int) -> int:
    """Signed ``a > b``."""
    return 1 if (a ^ _S32) > (b ^ _S32) else 0


def i32_gt_u(a: int, b: int) -> int:
    """Unsigned ``a > b``."""
    return 1 if a > b else 0


def i32_le_s(a: int, b: int) -> int:
    """Signed ``a <= b``."""
    return 1 if (a ^ _S32) <= (b ^ _S32) else 0


def i32_le_u(a: int, b: int) -> int:
    """Unsigned ``a <= b``."""
    return 1 if a <= b else 0


def i32_ge_s(a: int, b: int) -> int:
    """Signed ``a >= b``."""
    return 1 if (a ^ _S32) >= (b ^ _S32) else 0


def i32_ge_u(a: int, b: int) -> int:
    """Unsigned ``a >= b``."""
    return 1 if a >= b else 0


def i32_clz(a: int) -> int:
    """Number of leading zero bits."""
    return 32 - a.bit_length()


def i32_ctz(a: int) -> int:
    """Number of trailing zero bits (32 for zero)."""
    return (a & -a).bit_length() - 1 if a else 32


def i32_popcnt(a: int) -> int:
    """Number of one bits."""
    return a.bit_count()


def i32_add(a: int, b: int) -> int:
    """``a + b`` modulo 2**32."""
    return (a + b) & _M32


def i32_sub(a: int, b: int) -> int:
    """``a - b`` modulo 2**32."""
    return (a - b) & _M32


def i32_mul(a: int, b: int) -> int:
    """``a * b`` modulo 2**32."""
    return (a * b) & _M32


def i32_div_s(a: int, b: int) -> int:
    """Signed division rounding toward zero; traps on zero divisor and on overflow."""
    if b == 0:
        raise Trap(DIVIDE_BY_ZERO)
    if not (a | b) & _S32:
        return a // b
    if a == _S32 and b == _M32:
        raise Trap(INTEGER_OVERFLOW)
    sa = (a ^ _S32) - _S32
    sb = (b ^ _S32) - _S32
    q = abs(sa) // abs(sb)
    return (-q if (sa < 0) != (sb < 0) else q) & _M32


def i32_div_u(a: int, b: int) -> int:
    """Unsigned division; traps on zero divisor."""
    if b == 0:
        raise Trap(DIVIDE_BY_ZERO)
    return a // b


def i32_rem_s(a: int, b: int) -> int:
    """Signed remainder with the sign of the dividend; traps on zero divisor."""
    if b == 0:
        raise Trap(DIVIDE_BY_ZERO)
    if not (a | b) & _S32:
        return a % b
    sa = (a ^ _S32) - _S32
    sb = (b ^ _S32) - _S32
    r = abs(sa) % abs(sb)
    return (-r if sa < 0 else r) & _M32


def i32_rem_u(a: int, b: int) -> int:
    """Unsigned remainder; traps on zero divisor."""
    if b == 0:
        raise Trap(DIVIDE_BY_ZERO)
    return a % b


def i32_and(a: int, b: int) -> int:
    """Bitwise and."""
    return a & b


def i32_or(a: int, b: int) -> int:
    """Bitwise or."""
    return a | b


def i32_xor(a: int, b: int) -> int:
    """Bitwise exclusive or."""
    return a ^ b


def i32_shl(a: int, b: int) -> int:
    """Shift left by ``b`` modulo 32."""
    return (a << (b & 31)) & _M32


def i32_shr_s(a: int, b: int) -> int:
    """Arithmetic shift right by ``b`` modulo 32."""
    return (((a ^ _S32) - _S32) >> (b & 31)) & _M32


def i32_shr_u(a: int, b: int) -> int:
    """Logical shift right by ``b`` modulo 32."""
    return a >> (b & 31)


def i32_rotl(a: int, b: int) -> int:
    """Rotate left by ``b`` modulo 32."""
    k = b & 31
    return ((a << k) | (a >> (32 - k))) & _M32


def i32_rotr(a: int, b: int) -> int:
    """Rotate right by ``b`` modulo 32."""
    k = b & 31
    return ((a >> k) | (a << (32 - k))) & _M32


def i32_extend8_s(a: int) -> int:
    """Sign-extend the low 8 bits."""
    return (((a & 0xFF) ^ 0x80) - 0x80) & _M32


def i32_extend16_s(a: int) -> int:
    """Sign-extend the low 16 bits."""
    return (((a & 0xFFFF) ^ 0x8000) - 0x8000) & _M32


def i32_wrap_i64(a: int) -> int:
    """The low 32 bits of an i64."""
    return a & _M32


# --- i64 ------------------------------------------------------------------------

def i64_eqz(a: int) -> int:
    """``a == 0``."""
    return 1 if a == 0 else 0


def i64_eq(a: int, b: int) -> int:
    """``a == b``."""
    return 1 if a == b else 0


def i64_ne(a: int, b: int) -> int:
    """``a != b``."""
    return 1 if a != b else 0


def i64_lt_s(a: int, b: int) -> int:
    """Signed ``a < b``."""
    return 1 if (a ^ _S64) < (b ^ _S64) else 0


def i64_lt_u(a: int, b: int) -> int:
    """Unsigned ``a < b``."""
    return 1 if a < b else 0


def i64_gt_s(a: int, b: int) -> int:
    """Signed ``a > b``."""
    return 1 if (a ^ _S64) > (b ^ _S64) else 0


def i64_gt_u(a: int, b: int) -> int:
    """Unsigned ``a > b``."""
    return 1 if a > b else 0


def i64_le_s(a: int, b: int) -> int:
    """Signed ``a <= b``."""
    return 1 if (a ^ _S64) <= (b ^ _S64) else 0


def i64_le_u(a: int, b: int) -> int:
    """Unsigned ``a <= b``."""
    return 1 if a <= b else 0


def i64_ge_s(a: int, b: int) -> int:
    """Signed ``a >= b``."""
    return 1 if (a ^ _S64) >= (b ^ _S64) else 0


def i64_ge_u(a: int, b: int) -> int:
    """Unsigned ``a >= b``."""
    return 1 if a >= b else 0


def i64_clz(a: int) -> int:
    """Number of leading zero bits."""
    return 64 - a.bit_length()


def i64_ctz(a: int) -> int:
    """Number of trailing zero bits (64 for zero)."""
    return (a & -a).bit_length() - 1 if a else 64


def i64_popcnt(a: int) -> int:
    """Number of one bits."""
    return a.bit_count()


def i64_add(a: int, b: int) -> int:
    """``a + b`` modulo 2**64."""
    return (a + b) & _M64


def i64_sub(a: int, b: int) -> int:
    """``a - b`` modulo 2**64."""
    return (a - b) & _M64


def i64_mul(a: int, b: int) -> int:
    """``a * b`` modulo 2**64."""
    return (a * b) & _M64


def i64_div_s(a: int, b: int) -> int:
    """Signed division rounding toward zero; traps on zero divisor and on overflow."""
    if b == 0:
        raise Trap(DIVIDE_BY_ZERO)
    if not (a | b) & _S64:
        return a // b
    if a == _S64 and b == _M64:
        raise Trap(INTEGER_OVERFLOW)
    sa = (a ^ _S64) - _S64
    sb = (b ^ _S64) - _S64
    q = abs(sa) // abs(sb)
    return (-q if (sa < 0) != (sb < 0) else q) & _M64


def i64_div_u(a: int, b: int) -> int:
    """Unsigned division; traps on zero divisor."""
    if b == 0:
        raise Trap(DIVIDE_BY_ZERO)
    return a // b


def i64_rem_s(a: int, b: int) -> int:
    """Signed remainder with the sign of the dividend; traps on zero divisor."""
    if b == 0:
        raise Trap(DIVIDE_BY_ZERO)
    if not (a | b) & _S64:
        return a % b
    sa = (a ^ _S64) - _S64
    sb = (b ^ _S64) - _S64
    r = abs(sa) % abs(sb)
    return (-r if sa < 0 else r) & _M64


def i64_rem_u(a: int, b: int) -> int:
    """Unsigned remainder; traps on zero divisor."""
    if b == 0:
        raise Trap(DIVIDE_BY_ZERO)
    return a % b


def i64_and(a: int, b: int) -> int:
    """Bitwise and."""
    return a & b


def i64_or(a: int, b: int) -> int:
    """Bitwise or."""
    return a | b


def i64_xor(a: int, b: int) -> int:
    """Bitwise exclusive or."""
    return a ^ b


def i64_shl(a: int, b: int) -> int:
    """Shift left by ``b`` modulo 64."""
    return (a << (b & 63)) & _M64


def i64_shr_s(a: int, b: int) -> int:
    """Arithmetic shift right by ``b`` modulo 64."""
    return (((a ^ _S64) - _S64) >> (b & 63)) & _M64


def i64_shr_u(a: int, b: int) -> int:
    """Logical shift right by ``b`` modulo 64."""
    return a >> (b & 63)


def i64_rotl(a: int, b: int) -> int:
    """Rotate left by ``b`` modulo 64."""
    k = b & 63
    return ((a << k) | (a >> (64 - k))) & _M64


def i64_rotr(a: int, b: int) -> int:
    """Rotate right by ``b`` modulo 64."""
    k = b & 63
    return ((a >> k) | (a << (64 - k))) & _M64


def i64_extend8_s(a: int) -> int:
    """Sign-extend the low 8 bits."""
    return (((a & 0xFF) ^ 0x80) - 0x80) & _M64


def i64_extend16_s(a: int) -> int:
    """Sign-extend the low 16 bits."""
    return (((a & 0xFFFF) ^ 0x8000) - 0x8000) & _M64


def i64_extend32_s(a: int) -> int:
    """Sign-extend the low 32 bits."""
    return (((a & _M32) ^ _S32) - _S32) & _M64


def i64_extend_i32_s(a: int) -> int:
    """Sign-extend an i32 to i64."""
    return ((a ^ _S32) - _S32) & _M64


def i64_extend_i32_u(a: int) -> int:
    """Zero-extend an i32 to i64."""
    return a


# --- wide arithmetic ---------------------------------------------------------------

def i64_add128(a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> tuple[int, int]:
    """128-bit ``a + b`` modulo 2**128, as (low, high) halves."""
    r = ((a_hi << 64 | a_lo) + (b_hi << 64 | b_lo)) & _M128
    return r & _M64, r >> 64


def i64_sub128(a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> tuple[int, int]:
    """128-bit ``a - b`` modulo 2**128, as (low, high) halves."""
    r = ((a_hi << 64 | a_lo) - (b_hi << 64 | b_lo)) & _M128
    return r & _M64, r >> 64


def i64_mul_wide_s(a: int, b: int) -> tuple[int, int]:
    """The full signed 128-bit product, as (low, high) halves."""
    r = (((a ^ _S64) - _S64) * ((b ^ _S64) - _S64)) & _M128
    return r & _M64, r >> 64


def i64_mul_wide_u(a: int, b: int) -> tuple[int, int]:
    """The full unsigned 128-bit product, as (low, high) halves."""
    r = a * b
    return r & _M64, r >> 64


# --- floating point: sign-bit operations (never touch NaN payloads) ---------------------

def f32_abs(x: float) -> float:
    """``x`` with the sign bit cleared."""
    if x == x:
        return abs(x)
    return f32_from_bits(f32_to_bits(x) & ~_F32_SIGN)


def f32_neg(x: float) -> float:
    """``x`` with the sign bit flipped."""
    if x == x:
        return -x
    return f32_from_bits(f32_to_bits(x) ^ _F32_SIGN)


def f32_copysign(a: float, b: float) -> float:
    """``a`` with the sign bit of ``b``."""
    if a == a and b == b:
        return _copysign(a, b)
    return f32_from_bits((f32_to_bits(a) & ~_F32_SIGN) | (f32_to_bits(b) & _F32_SIGN))


def f64_abs(x: float) -> float:
    """``x`` with the sign bit cleared."""
    if x == x:
        return abs(x)
    return f64_from_bits(f64_to_bits(x) & ~_F64_SIGN)


def f64_neg(x: float) -> float:
    """``x`` with the sign bit flipped."""
    if x == x:
        return -x
    return f64_from_bits(f64_to_bits(x) ^ _F64_SIGN)


def f64_copysign(a: float, b: float) -> float:
    """``a`` with the sign bit of ``b``."""
    if a == a and b == b:
        return _copysign(a, b)
    return f64_from_bits((f64_to_bits(a) & ~_F64_SIGN) | (f64_to_bits(b) & _F64_SIGN))


# --- floating point: comparisons ----------------------------------------------------------

def f64_eq(a: float, b: float) -> int:
    """IEEE ``a == b`` (false with a NaN)."""
    return 1 if a == b else 0


def f64_ne(a: float, b: float) -> int:
    """IEEE ``a != b`` (true with a NaN)."""
    return 1 if a != b else 0


def f64_lt(a: float, b: float) -> int:
    """IEEE ``a < b``."""
    return 1 if a < b else 0


def f64_gt(a: float, b: float) -> int:
    """IEEE ``a > b``."""
    return 1 if a > b else 0


def f64_le(a: float, b: float) -> int:
    """IEEE ``a <= b``."""
    return 1 if a <= b else 0


def f64_ge(a: float, b: float) -> int:
    """IEEE ``a >= b``."""
    return 1 if a >= b else 0


# f32 values are exact doubles, so double comparison is f32 comparison.
f32_eq = f64_eq
f32_ne = f64_ne
f32_lt = f64_lt
f32_gt = f64_gt
f32_le = f64_le
f32_ge = f64_ge


# --- floating point: arithmetic -------------------------------------------------------------
# A NaN result is the one x86-64 hardware (and so wasmtime there) produces: the
# first NaN operand, quieted (for min and max: the second), or DEFAULT_NAN when
# no operand is a NaN. Quieting an f32 NaN sets exactly the f32 quiet bit.
# Computing an f32 operation in double then rounding once to binary32 is exact
# for + - * / sqrt.

def first_nan(a: float, b: float) -> float:
    """The NaN result of an arithmetic operation on ``a`` and ``b``: the first NaN
    operand quieted, else :data:`DEFAULT_NAN`."""
    if a != a:
        return f64_quiet(a)
    if b != b:
        return f64_quiet(b)
    return DEFAULT_NAN


def f64_add(a: float, b: float) -> float:
    """IEEE ``a + b``."""
    r = a + b
    return r if r == r else first_nan(a, b)


def f64_sub(a: float, b: float) -> float:
    """IEEE ``a - b``."""
    r = a - b
    return r if r == r else first_nan(a, b)


def f64_mul(a: float, b: float) -> float:
    """IEEE ``a * b``."""
    r = a * b
    return r if r == r else first_nan(a, b)


def f64_div(a: float, b: float) -> float:
    """IEEE ``a / b`` (division by zero gives ±inf, 0/0 a NaN)."""
    if b:
        r = a / b
        return r if r == r else first_nan(a, b)
    if a != a or a == 0.0:
        return first_nan(a, b)
    return INF if (_copysign(1.0, a) == _copysign(1.0, b)) else -INF


def f64_sqrt(x: float) -> float:
    """IEEE square root (NaN for negative operands, ``sqrt(-0) == -0``)."""
    if x >= 0.0:
        return _sqrt(x)
    if x != x:
        return f64_quiet(x)
    return DEFAULT_NAN


def f64_min(a: float, b: float) -> float:
    """Minimum: a NaN operand gives a NaN, and -0 is less than +0."""
    if a < b:
        return a
    if b < a:
        return b
    if a == b:
        return -(-a - b) if a == 0.0 else a     # -(-a - b) is -0 unless both are +0
    return f64_quiet(b if b != b else a)


def f64_max(a: float, b: float) -> float:
    """Maximum: a NaN operand gives a NaN, and +0 is greater than -0."""
    if a > b:
        return a
    if b > a:
        return b
    if a == b:
        return a + b if a == 0.0 else a         # a + b is +0 unless both are -0
    return f64_quiet(b if b != b else a)


def f64_ceil(x: float) -> float:
    """Round toward +inf, keeping the sign of zero."""
    if -_TWO52 < x < _TWO52:
        return _copysign(float(_ceil(x)), x)
    return x if x == x else f64_quiet(x)


def f64_floor(x: float) -> float:
    """Round toward -inf, keeping the sign of zero."""
    if -_TWO52 < x < _TWO52:
        return _copysign(float(_floor(x)), x)
    return x if x == x else f64_quiet(x)


def f64_trunc(x: float) -> float:
    """Round toward zero, keeping the sign of zero."""
    if -_TWO52 < x < _TWO52:
        return _copysign(float(int(x)), x)
    return x if x == x else f64_quiet(x)


def f64_nearest(x: float) -> float:
    """Round to the nearest integer, ties to even, keeping the sign of zero."""
    if 0.0 < x < _TWO52:
        return (x + _TWO52) - _TWO52
    if -_TWO52 < x < 0.0:
        return -((_TWO52 - x) - _TWO52)
    return x if x == x else f64_quiet(x)


def f32_add(a: float, b: float) -> float:
    """IEEE binary32 ``a + b``."""
    r = a + b
    return f32_round(r) if r == r else first_nan(a, b)


def f32_sub(a: float, b: float) -> float:
    """IEEE binary32 ``a - b``."""
    r = a - b
    return f32_round(r) if r == r else first_nan(a, b)


def f32_mul(a: float, b: float) -> float:
    """IEEE binary32 ``a * b``."""
    r = a * b
    return f32_round(r) if r == r else first_nan(a, b)


def f32_div(a: float, b: float) -> float:
    """IEEE binary32 ``a / b``."""
    return f32_round(f64_div(a, b))


def f32_sqrt(x: float) -> float:
    """IEEE binary32 square root."""
    return f32_round(f64_sqrt(x))


# These results are exact binary32 values (or an operand's NaN, quieted).
f32_min = f64_min
f32_max = f64_max
f32_ceil = f64_ceil
f32_floor = f64_floor
f32_trunc = f64_trunc
f32_nearest = f64_nearest


# --- conversions -----------------------------------------------------------------------

def _trunc_failure(x: float) -> Trap:
    """The trap for truncating ``x``, which is NaN or out of range."""
    return Trap(INVALID_CONVERSION if x != x else INTEGER_OVERFLOW)


def _trunc_sat(x: float, low: float, high: float, lowest: int, highest: int, mask: int) -> int:
    """``x`` truncated toward zero, saturating outside ``(low, high)``; NaN gives 0."""
    if low < x < high:
        return int(x) & mask
    if x != x:
        return 0
    return (lowest if x < 0.0 else highest) & mask


# Exclusive bounds: the largest doubles that truncate out of range on each side.
_I32_LOW, _I32_HIGH = -2147483649.0, 2147483648.0
_U32_LOW, _U32_HIGH = -1.0, 4294967296.0
_I64_LOW, _I64_HIGH = -9223372036854777856.0, 9223372036854775808.0
_U64_LOW, _U64_HIGH = -1.0, 18446744073709551616.0


def i32_trunc_f32_s(x: float) -> int:
    """Truncate to a signed i32; traps on NaN and out-of-range values."""
    if _I32_LOW < x < _I32_HIGH:
        return int(x) & _M32
    raise _trunc_failure(x)


def i32_trunc_f32_u(x: float) -> int:
    """Truncate to an unsigned i32; traps on NaN and out-of-range values."""
    if _U32_LOW < x < _U32_HIGH:
        return int(x)
    raise _trunc_failure(x)


def i64_trunc_f32_s(x: float) -> int:
    """Truncate to a signed i64; traps on NaN and out-of-range values."""
    if _I64_LOW < x < _I64_HIGH:
        return int(x) & _M64
    raise _trunc_failure(x)


def i64_trunc_f32_u(x: float) -> int:
    """Truncate to an unsigned i64; traps on NaN and out-of-range values."""
    if _U64_LOW < x < _U64_HIGH:
        return int(x)
    raise _trunc_failure(x)


i32_trunc_f64_s = i32_trunc_f32_s
i32_trunc_f64_u = i32_trunc_f32_u
i64_trunc_f64_s = i64_trunc_f32_s
i64_trunc_f64_u = i64_trunc_f32_u


def i32_trunc_sat_f32_s(x: float) -> int:
    """Truncate to a signed i32, saturating; NaN gives 0."""
    return _trunc_sat(x, _I32_LOW, _I32_HIGH, -0x80000000, 0x7FFFFFFF, _M32)


def i32_trunc_sat_f32_u(x: float) -> int:
    """Truncate to an unsigned i32, saturating; NaN gives 0."""
    return _trunc_sat(x, _U32_LOW, _U32_HIGH, 0, _M32, _M32)


def i64_trunc_sat_f32_s(x: float) -> int:
    """Truncate to a signed i64, saturating; NaN gives 0."""
    return _trunc_sat(x, _I64_LOW, _I64_HIGH, -_S64, _S64 - 1, _M64)


def i64_trunc_sat_f32_u(x: float) -> int:
    """Truncate to an unsigned i64, saturating; NaN gives 0."""
    return _trunc_sat(x, _U64_LOW, _U64_HIGH, 0, _M64, _M64)


i32_trunc_sat_f64_s = i32_trunc_sat_f32_s
i32_trunc_sat_f64_u = i32_trunc_sat_f32_u
i64_trunc_sat_f64_s = i64_trunc_sat_f32_s
i64_trunc_sat_f64_u = i64_trunc_sat_f32_u


def f32_convert_i32_s(a: int) -> float:
    """The f32 nearest to the signed i32 ``a``."""
    return f32_round(float((a ^ _S32) - _S32))


def f32_convert_i32_u(a: int) -> float:
    """The f32 nearest to the unsigned i32 ``a``."""
    return f32_round(float(a))


def f32_convert_i64_s(a: int) -> float:
    """The f32 nearest to the signed i64 ``a`` (one rounding)."""
    return f32_from_int((a ^ _S64) - _S64)


def f32_convert_i64_u(a: int) -> float:
    """The f32 nearest to the unsigned i64 ``a`` (one rounding)."""
    return f32_from_int(a)


def f64_convert_i32_s(a: int) -> float:
    """The signed i32 ``a`` as an f64 (exact)."""
    return float((a ^ _S32) - _S32)


def f64_convert_i32_u(a: int) -> float:
    """The unsigned i32 ``a`` as an f64 (exact)."""
    return float(a)


def f64_convert_i64_s(a: int) -> float:
    """The f64 nearest to the signed i64 ``a``."""
    return float((a ^ _S64) - _S64)


def f64_convert_i64_u(a: int) -> float:
    """The f64 nearest to the unsigned i64 ``a``."""
    return float(a)


def f32_demote_f64(x: float) -> float:
    """The f32 nearest to ``x``; a NaN stays a (quiet) NaN."""
    return f32_round(x)


def f64_promote_f32(x: float) -> float:
    """``x`` as an f64 (exact); a NaN is quieted."""
    return x if x == x else f64_quiet(x)


i32_reinterpret_f32 = f32_to_bits
f32_reinterpret_i32 = f32_from_bits
i64_reinterpret_f64 = f64_to_bits
f64_reinterpret_i64 = f64_from_bits


# --- the table -------------------------------------------------------------------------------

def is_scalar_numeric(op) -> bool:
    """Whether the instruction-table row ``op`` is a scalar numeric instruction."""
    return (op.name[:4] in ("i32.", "i64.", "f32.", "f64.") and op.params is not None
            and "memarg" not in op.imm and not op.name.endswith(".const"))


def _semantics() -> dict[str, Callable]:
    table = {}
    missing = []
    for op in OPS:
        if is_scalar_numeric(op):
            fn = globals().get(op.name.replace(".", "_"))
            if fn is None:
                missing.append(op.name)
            table[op.name] = fn
    if missing:
        raise ImportError(f"no semantics for scalar numeric instructions: {', '.join(missing)}")
    return table


SEMANTICS: dict[str, Callable] = _semantics()
"""Scalar numeric instruction name -> its function."""
