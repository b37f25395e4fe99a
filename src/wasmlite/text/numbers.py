"""Integer and floating-point literals, correctly rounded to f32 and f64.

Floats are rounded with exact integer arithmetic (round to nearest, ties to
even), except decimal literals for f64, where ``float()`` is already correctly
rounded. A literal whose value rounds to infinity is out of range.
"""

from __future__ import annotations

import re
import struct
from decimal import Decimal

from .error import LiteralError

_DEC = r"[0-9](?:_?[0-9])*"
_HEX = r"[0-9a-fA-F](?:_?[0-9a-fA-F])*"

_F64 = struct.Struct("<d")
_F64_AS_INT = struct.Struct("<Q")

_INT = re.compile(rf"([+-]?)(?:0x({_HEX})|({_DEC}))\Z")
_FLOAT = re.compile(
    rf"([+-]?)(?:"
    rf"({_DEC})(?:\.({_DEC})?)?(?:[eE]([+-]?{_DEC}))?"
    rf"|0x({_HEX})(?:\.({_HEX})?)?(?:[pP]([+-]?{_DEC}))?"
    rf"|(inf)|nan(?::0x({_HEX}))?)\Z")


class FloatFormat:
    """An IEEE-754 binary interchange format."""

    __slots__ = ("name", "mant_bits", "exp_bits", "bias", "sign", "inf", "canonical_nan",
                 "max_decimal_exp", "min_decimal_exp")

    def __init__(self, name: str, mant_bits: int, exp_bits: int, max_decimal_exp: int,
                 min_decimal_exp: int):
        self.name = name
        self.mant_bits = mant_bits
        self.exp_bits = exp_bits
        self.bias = (1 << (exp_bits - 1)) - 1
        self.sign = 1 << (mant_bits + exp_bits)
        self.inf = ((1 << exp_bits) - 1) << mant_bits
        self.canonical_nan = self.inf | (1 << (mant_bits - 1))
        self.max_decimal_exp = max_decimal_exp      # 10**this exceeds the largest finite value
        self.min_decimal_exp = min_decimal_exp      # 10**this is below half the smallest subnormal


F32 = FloatFormat("f32", 23, 8, 39, -46)
F64 = FloatFormat("f64", 52, 11, 309, -325)


def _decimal(digits: str) -> int:
    """The value of a string of decimal digits, however many (``int()`` refuses
    strings longer than ``sys.get_int_max_str_digits()``; ``Decimal`` does not)."""
    return int(digits) if len(digits) < 4000 else int(Decimal(digits))


def _out_of_range(what: str) -> LiteralError:
    return LiteralError("constant out of range", f"a {what} literal in range")


def parse_uint(text: str, bits: int) -> int:
    """An unsigned integer literal (no sign) that must fit in ``bits`` bits."""
    if text.isdigit():
        value = _decimal(text)
    else:
        m = _INT.match(text)
        if m is None or m.group(1):
            raise LiteralError("unexpected token", "an unsigned integer")
        value = int(m.group(2).replace("_", ""), 16) if m.group(2) \
            else _decimal(m.group(3).replace("_", ""))
    if value >> bits:
        raise _out_of_range(f"u{bits}")
    return value


def parse_int(text: str, bits: int) -> int:
    """An integer literal for an ``i<bits>`` value, as a signed integer.

    Accepts the signed range and the unsigned range; unsigned values above the
    signed maximum wrap to their two's-complement value.
    """
    if text.isdigit() and len(text) < 10:
        value = int(text)
        negative = False
    else:
        m = _INT.match(text)
        if m is None:
            raise LiteralError("unknown operator", f"an i{bits} literal")
        negative = m.group(1) == "-"
        value = int(m.group(2).replace("_", ""), 16) if m.group(2) \
            else _decimal(m.group(3).replace("_", ""))
    if negative:
        if value > 1 << (bits - 1):
            raise LiteralError(f"i{bits} constant out of range", f"an i{bits} literal in range")
        value = -value
    elif value >> bits:
        raise LiteralError(f"i{bits} constant out of range", f"an i{bits} literal in range")
    elif value >> (bits - 1):
        value -= 1 << bits
    return value


def round_rational(fmt: FloatFormat, negative: bool, num: int, den: int) -> int:
    """The bit pattern of ``num / den`` (num, den >= 0) rounded to ``fmt``."""
    sign = fmt.sign if negative else 0
    if num == 0:
        return sign
    precision = fmt.mant_bits + 1
    emin = 1 - fmt.bias
    e = num.bit_length() - den.bit_length()
    if (num << -e if e < 0 else num) < (den << e if e > 0 else den):
        e -= 1
    if e < emin:
        e = emin
    shift = precision - 1 - e
    if shift >= 0:
        q, r = divmod(num << shift, den)
        d2 = den
    else:
        d2 = den << -shift
        q, r = divmod(num, d2)
    r2 = r << 1
    if r2 > d2 or (r2 == d2 and q & 1):
        q += 1
    if q >> precision:
        q >>= 1
        e += 1
    if e > fmt.bias:
        raise _out_of_range(fmt.name)
    if q >> (precision - 1):
        return sign | ((e + fmt.bias) << fmt.mant_bits) | (q - (1 << (precision - 1)))
    return sign | q


def parse_float(text: str, fmt: FloatFormat) -> int:
    """The IEEE-754 bit pattern of a float literal in format ``fmt``."""
    m = _FLOAT.match(text)
    if m is None:
        raise LiteralError("unknown operator", f"an {fmt.name} literal")
    sign, dec_int, dec_frac, dec_exp, hex_int, hex_frac, hex_exp, inf, payload = m.groups()
    negative = sign == "-"
    if dec_int is not None:
        if fmt is F64:
            value = float(text.replace("_", ""))
            if value in (float("inf"), float("-inf")):
                raise _out_of_range("f64")
            return _F64_AS_INT.unpack(_F64.pack(value))[0]
        digits = dec_int.replace("_", "") + (dec_frac.replace("_", "") if dec_frac else "")
        exp10 = (_decimal(dec_exp.replace("_", "")) if dec_exp else 0) \
            - (len(dec_frac.replace("_", "")) if dec_frac else 0)
        mantissa = _decimal(digits)
        if mantissa == 0:
            return fmt.sign if negative else 0
        magnitude = len(digits.lstrip("0")) + exp10     # value < 10**magnitude
        if magnitude - 1 > fmt.max_decimal_exp:
            raise _out_of_range(fmt.name)
        if magnitude < fmt.min_decimal_exp:
            return fmt.sign if negative else 0
        if exp10 >= 0:
            return round_rational(fmt, negative, mantissa * 10 ** exp10, 1)
        return round_rational(fmt, negative, mantissa, 10 ** -exp10)
    if hex_int is not None:
        frac = hex_frac.replace("_", "") if hex_frac else ""
        mantissa = int(hex_int.replace("_", "") + frac, 16)
        exp2 = (_decimal(hex_exp.replace("_", "")) if hex_exp else 0) - 4 * len(frac)
        if mantissa == 0:
            return fmt.sign if negative else 0
        magnitude = mantissa.bit_length() + exp2         # value < 2**magnitude
        if magnitude - 1 > fmt.bias:
            raise _out_of_range(fmt.name)
        if magnitude < -fmt.bias - fmt.mant_bits - 1:
            return fmt.sign if negative else 0
        if exp2 >= 0:
            return round_rational(fmt, negative, mantissa << exp2, 1)
        return round_rational(fmt, negative, mantissa, 1 << -exp2)
    sign_bit = fmt.sign if negative else 0
    if inf is not None:
        return sign_bit | fmt.inf
    if payload is None:
        return sign_bit | fmt.canonical_nan
    bits = int(payload.replace("_", ""), 16)
    if bits == 0 or bits >> fmt.mant_bits:
        raise LiteralError("constant out of range", f"a NaN payload between 1 and 0x{(1 << fmt.mant_bits) - 1:x}")
    return sign_bit | fmt.inf | bits
