"""Results are compared by bit pattern; arguments become plain Python values."""

from __future__ import annotations

import math

import pytest

from . import script as s
from .values import (HostRef, Inexpressible, ValueCodec, f32_bits, f32_from_bits, is_f32_signalling_nan,
                     nan_matches)


class _FakeFunc:
    """Stands for the API's Func class in result matching."""


class _FakeValType:
    """Stands for the API's ValType, with v128 support."""

    @staticmethod
    def v128() -> str:
        return "v128"


class _FakeApi:
    Func = _FakeFunc
    ValType = _FakeValType


def _mismatch(expected: s.Value, got: object) -> str | None:
    return ValueCodec(_FakeApi).mismatch(expected, got)  # type: ignore[arg-type]


def _argument(value: s.Value) -> object:
    return ValueCodec(_FakeApi).argument(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("bits", [0x7FA0_0000, 0xFFA0_0000, 0x7F80_0001, 0x7FC0_0000, 0x3F80_0000,
                                  0x8000_0000, 0x0000_0001, 0x7F80_0000])
def test_f32_bit_patterns_survive_the_python_float_round_trip(bits: int) -> None:
    assert f32_bits(f32_from_bits(bits)) == bits


def test_a_double_that_is_no_f32_value_has_no_f32_bits() -> None:
    assert f32_bits(0.1) is None
    assert f32_bits(1e300) is None


def test_integers_compare_as_unsigned_bit_patterns() -> None:
    assert _mismatch(s.Num("i32", 0xFFFF_FFFF), -1) is None
    assert _mismatch(s.Num("i64", 0x8000_0000_0000_0000), -(1 << 63)) is None
    assert _mismatch(s.Num("i32", 1), 2) is not None
    assert _mismatch(s.Num("i32", 1), 1.0) is not None


def test_floats_compare_by_bits_so_signed_zeros_differ() -> None:
    assert _mismatch(s.Num("f64", 0x8000_0000_0000_0000), -0.0) is None
    assert _mismatch(s.Num("f64", 0), -0.0) is not None
    assert _mismatch(s.Num("f32", 0x3F80_0000), 1.0) is None


def test_nan_patterns() -> None:
    assert nan_matches("canonical", "f32", 0xFFC0_0000)
    assert not nan_matches("canonical", "f32", 0x7FC0_0001)
    assert nan_matches("arithmetic", "f32", 0x7FC0_0001)
    assert not nan_matches("arithmetic", "f32", 0x7FA0_0000)
    assert nan_matches("canonical", "f64", 0x7FF8_0000_0000_0000)
    assert _mismatch(s.NanPattern("f64", "canonical"), math.nan) is None
    assert _mismatch(s.NanPattern("f32", "arithmetic"), 1.0) is not None


def test_signalling_nan_detection() -> None:
    assert is_f32_signalling_nan(s.Num("f32", 0x7FA0_0000))
    assert not is_f32_signalling_nan(s.Num("f32", 0x7FC0_0000))
    assert not is_f32_signalling_nan(s.Num("f32", 0x7F80_0000))
    assert is_f32_signalling_nan(s.Either((s.Num("i32", 0), s.Num("f32", 0xFF80_0001))))


def test_reference_patterns() -> None:
    assert _mismatch(s.RefNull(None), None) is None
    assert _mismatch(s.RefNull("func"), _FakeFunc()) is not None
    assert _mismatch(s.RefNonNull("func"), _FakeFunc()) is None
    assert _mismatch(s.RefNonNull("func"), None) is not None
    assert _mismatch(s.RefExtern(3), HostRef(3)) is None
    assert _mismatch(s.RefExtern(3), HostRef(4)) is not None
    assert _mismatch(s.RefExtern(None), HostRef(4)) is None
    assert _mismatch(s.RefExtern(None), None) is not None


def test_either_matches_any_alternative() -> None:
    either = s.Either((s.Num("i32", 1), s.Num("i32", 2)))
    assert _mismatch(either, 2) is None
    assert "matches none of" in (_mismatch(either, 3) or "")


def test_v128_lanes_compare_by_lane() -> None:
    lanes = s.V128("i32", (s.Num("i32", 1), s.Num("i32", 2), s.Num("i32", 3),
                           s.NanPattern("f32", "canonical")))
    got = 1 | (2 << 32) | (3 << 64) | (0x7FC0_0000 << 96)
    assert _mismatch(lanes, got) is None
    assert _mismatch(lanes, got ^ 1) is not None


def test_arguments_are_plain_python_values() -> None:
    assert _argument(s.Num("i32", 0xFFFF_FFFF)) == -1
    assert _argument(s.Num("i64", 5)) == 5
    assert _argument(s.Num("f64", 0x3FF0_0000_0000_0000)) == 1.0
    assert f32_bits(_argument(s.Num("f32", 0x7FA0_0000))) == 0x7FA0_0000  # type: ignore[arg-type]
    assert _argument(s.RefNull("func")) is None
    assert _argument(s.RefNull("any")) is None
    assert _argument(s.RefExtern(4)) == HostRef(4)
    assert _argument(s.RefHost(2)) == HostRef(2)      # internalized by an anyref parameter
    assert _argument(s.V128("i64", (s.Num("i64", 1), s.Num("i64", 2)))) == 1 | (2 << 64)


def test_arguments_the_api_cannot_carry_are_refused() -> None:
    with pytest.raises(Inexpressible):
        _argument(s.RefNonNull("func"))
