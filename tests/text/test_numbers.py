"""Integer and float literals: syntax, ranges, and correct rounding to f32/f64."""

import struct
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from wasmlite.text.error import LiteralError
from wasmlite.text.numbers import F32, F64, parse_float, parse_int, parse_uint


def f32_bits(x: float) -> int:
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f64_bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


@pytest.mark.parametrize("text, bits, value", [
    ("0", 32, 0),
    ("42", 32, 42),
    ("1_000_000", 32, 1000000),
    ("0x7fff_ffff", 32, 0x7FFFFFFF),
    ("0xffffffff", 32, -1),
    ("4294967295", 32, -1),
    ("-2147483648", 32, -2147483648),
    ("-0x8000_0000", 32, -2147483648),
    ("+7", 32, 7),
    ("0xFFFFFFFFFFFFFFFF", 64, -1),
    ("-9223372036854775808", 64, -(1 << 63)),
    ("-0", 32, 0),
])
def test_integer_literals_denote_signed_values(text, bits, value):
    assert parse_int(text, bits) == value


@pytest.mark.parametrize("text, bits", [
    ("4294967296", 32), ("0x1_0000_0000", 32), ("-2147483649", 32),
    ("18446744073709551616", 64), ("-0x8000000000000001", 64), ("256", 8),
])
def test_integer_literals_out_of_range_are_rejected(text, bits):
    with pytest.raises(LiteralError, match="constant out of range"):
        parse_int(text, bits)


@pytest.mark.parametrize("text", ["1__0", "_1", "1_", "0x_1", "0x", "1x", "0x1g", "--1", "1.0", ""])
def test_malformed_integer_literals_are_rejected(text):
    with pytest.raises(LiteralError):
        parse_int(text, 32)


def test_unsigned_literals_take_no_sign():
    assert parse_uint("0x10", 32) == 16
    with pytest.raises(LiteralError):
        parse_uint("+1", 32)
    with pytest.raises(LiteralError, match="out of range"):
        parse_uint("0x1_0000_0000", 32)


@pytest.mark.parametrize("text, bits", [
    ("0", 0x00000000), ("-0", 0x80000000), ("1", 0x3F800000), ("1.5", 0x3FC00000),
    ("-1.5e1", 0xC1700000), ("0x1p-149", 0x00000001), ("0x1p-126", 0x00800000),
    ("0x1.fffffep127", 0x7F7FFFFF), ("3.4028235e38", 0x7F7FFFFF), ("1e-46", 0x00000000),
    ("inf", 0x7F800000), ("-inf", 0xFF800000), ("nan", 0x7FC00000), ("-nan", 0xFFC00000),
    ("nan:0x1", 0x7F800001), ("nan:0x7f_ffff", 0x7FFFFFFF), ("+nan:0x200000", 0x7FA00000),
    ("0x1.8p1", 0x40400000), ("0x.8p1", None), ("1.", 0x3F800000), ("1.e1", 0x41200000),
    ("0x1.p1", 0x40000000), ("1_000.000_1", f32_bits(1000.0001)),
])
def test_f32_literals(text, bits):
    if bits is None:
        with pytest.raises(LiteralError):
            parse_float(text, F32)
    else:
        assert parse_float(text, F32) == bits


@pytest.mark.parametrize("text, bits", [
    # ties round to even, in hex and in decimal
    ("0x1.000001p0", 0x3F800000),           # exactly half an ulp above 1: down to even
    ("0x1.000003p0", 0x3F800002),           # half an ulp above an odd mantissa: up to even
    ("0x1.0000010000000000001p0", 0x3F800001),   # just above half: up
    ("16777217", 0x4B800000),                # 2**24 + 1 ties to 2**24
    ("16777219", 0x4B800002),
    ("0x1p-150", 0x00000000),               # half the smallest subnormal: to even (zero)
    ("0x1.000002p-150", 0x00000001),        # just above: up
    ("0x1.fffffefffffffp127", 0x7F7FFFFF),  # just below the overflow threshold
    ("1.00000005960464477539062499", 0x3F800000),
    ("1.00000005960464477539062501", 0x3F800001),
])
def test_f32_rounding_is_to_nearest_even(text, bits):
    assert parse_float(text, F32) == bits


@pytest.mark.parametrize("text", ["0x1.ffffffp127", "3.4028236e38", "1e39", "0x1p128", "nan:0x0",
                                  "nan:0x80_0000"])
def test_f32_literals_out_of_range_are_rejected(text):
    with pytest.raises(LiteralError, match="constant out of range"):
        parse_float(text, F32)


@pytest.mark.parametrize("text, bits", [
    ("0x1p-1074", 0x0000000000000001), ("0x1p-1075", 0), ("0x1.8p-1074", 0x0000000000000002),
    ("0x1.fffffffffffffp1023", 0x7FEFFFFFFFFFFFFF), ("1e308", f64_bits(1e308)),
    ("nan", 0x7FF8000000000000), ("nan:0x1", 0x7FF0000000000001), ("-inf", 0xFFF0000000000000),
    ("0x1.00000000000008p0", 0x3FF0000000000000), ("0x1.00000000000018p0", 0x3FF0000000000002),
    ("2.2250738585072011e-308", f64_bits(2.2250738585072011e-308)),
])
def test_f64_literals(text, bits):
    assert parse_float(text, F64) == bits


@pytest.mark.parametrize("text", ["0x1.fffffffffffff8p1023", "1e309", "0x1p1024", "nan:0x10_0000_0000_0000"])
def test_f64_literals_out_of_range_are_rejected(text):
    with pytest.raises(LiteralError, match="constant out of range"):
        parse_float(text, F64)


def _nearest_f32(value: Fraction) -> int:
    """Reference rounding: compare the candidates' distances exactly."""
    below = f32_bits(float(value))  # a nearby f32, then search neighbours exactly
    best = None
    for bits in range(max(below - 2, 0), below + 3):
        if bits >= 0x7F800000:
            continue
        candidate = Fraction(struct.unpack("<f", struct.pack("<I", bits))[0])
        key = (abs(candidate - value), bits & 1)
        if best is None or key < best[0]:
            best = (key, bits)
    return best[1]


@given(st.integers(min_value=1, max_value=10 ** 30), st.integers(min_value=-50, max_value=30))
def test_decimal_f32_literals_round_like_exact_arithmetic(mantissa, exponent):
    value = Fraction(mantissa) * Fraction(10) ** exponent
    if value >= Fraction(2) ** 128 * 0.99 or value < Fraction(2) ** -126:
        return
    text = f"{mantissa}e{exponent}"
    assert parse_float(text, F32) == _nearest_f32(value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_hex_f64_literals_round_trip_python_hex(x):
    assert parse_float(x.hex(), F64) == f64_bits(x)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_decimal_f64_literals_round_trip_repr(x):
    assert parse_float(repr(x), F64) == f64_bits(x)
