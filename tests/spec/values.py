"""Script values <-> plain Python values of the wasmtime-py API, and result matching.

Numbers are compared by bit pattern: i32/i64 as unsigned integers, f32/f64
by their IEEE-754 bits (NaN patterns by their quiet bit and payload). An f32
travels through the API as a Python float holding the exact widening of the
f32 value; for NaNs the 23 mantissa bits sit in the top of the double's
mantissa, quiet bit included, so signalling NaNs keep their bits.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from . import script as s

_F32 = struct.Struct("<f")
_F64 = struct.Struct("<d")
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")

MASKS = {"i8": 0xFF, "i16": 0xFFFF, "i32": 0xFFFF_FFFF, "i64": 0xFFFF_FFFF_FFFF_FFFF}
LANE_BITS = {"i8": 8, "i16": 16, "i32": 32, "i64": 64, "f32": 32, "f64": 64}
F32_CANONICAL_NAN = 0x7FC0_0000
F64_CANONICAL_NAN = 0x7FF8_0000_0000_0000


class Inexpressible(Exception):
    """The value cannot travel through the embedding API."""


@dataclass(frozen=True, slots=True)
class HostRef:
    """The host object passed for ``ref.extern n`` (and seen as ``ref.host n``)."""

    n: int


# ----------------------------------------------------------- bit patterns


def f32_from_bits(bits: int) -> float:
    """The Python float holding the f32 with IEEE bits ``bits``."""
    if bits & 0x7F80_0000 == 0x7F80_0000 and bits & 0x007F_FFFF:
        double = ((bits >> 31) << 63) | (0x7FF << 52) | ((bits & 0x007F_FFFF) << 29)
        return _F64.unpack(_U64.pack(double))[0]
    return _F32.unpack(_U32.pack(bits))[0]


def f32_bits(x: float) -> int | None:
    """The IEEE bits of the f32 that ``x`` holds; None if ``x`` is no f32 value."""
    if math.isnan(x):
        double = _U64.unpack(_F64.pack(x))[0]
        payload = (double >> 29) & 0x007F_FFFF
        return ((double >> 63) << 31) | 0x7F80_0000 | (payload or 0x0040_0000)
    try:
        packed = _F32.pack(x)
    except OverflowError:
        return None
    if _F32.unpack(packed)[0] != x:
        return None
    return _U32.unpack(packed)[0]


def f32_nearest(x: float) -> float:
    """The f32 value nearest to ``x`` (round to nearest, ties to even)."""
    return _F32.unpack(_F32.pack(x))[0]


def f64_from_bits(bits: int) -> float:
    """The Python float with IEEE bits ``bits``."""
    return _F64.unpack(_U64.pack(bits))[0]


def f64_bits(x: float) -> int:
    """The IEEE bits of the double ``x``."""
    return _U64.unpack(_F64.pack(x))[0]


def signed(bits: int, width: int) -> int:
    """The two's-complement reading of the ``width``-bit pattern ``bits``."""
    return bits - (1 << width) if bits >> (width - 1) else bits


def is_f32_signalling_nan(value: s.Value) -> bool:
    """Whether ``value`` is (or may be) an f32 NaN with its quiet bit clear."""
    if isinstance(value, s.Either):
        return any(is_f32_signalling_nan(x) for x in value.alternatives)
    return (isinstance(value, s.Num) and value.type == "f32"
            and value.bits & 0x7FC0_0000 == 0x7F80_0000 and bool(value.bits & 0x003F_FFFF))


def nan_matches(kind: str, type_: str, bits: int) -> bool:
    """Whether ``bits`` (of an f32 or f64) fits ``nan:canonical``/``nan:arithmetic``."""
    if type_ == "f32":
        quiet = F32_CANONICAL_NAN
        magnitude = bits & 0x7FFF_FFFF
    else:
        quiet = F64_CANONICAL_NAN
        magnitude = bits & 0x7FFF_FFFF_FFFF_FFFF
    if kind == "canonical":
        return magnitude == quiet
    return magnitude & quiet == quiet


def describe(value: s.Value) -> str:
    """``value`` in the script's own notation."""
    if isinstance(value, s.Num):
        if value.type in ("f32", "f64"):
            from_bits = f32_from_bits if value.type == "f32" else f64_from_bits
            width = 8 if value.type == "f32" else 16
            return f"{value.type}:0x{value.bits:0{width}x} ({from_bits(value.bits)!r})"
        return f"{value.type}:{value.bits} (0x{value.bits:x})"
    if isinstance(value, s.NanPattern):
        return f"{value.type}:nan:{value.kind}"
    if isinstance(value, s.V128):
        return f"v128 {value.lane_type} " + " ".join(describe(x).split(":", 1)[1] for x in value.lanes)
    if isinstance(value, s.RefNull):
        return f"ref.null {value.heap or ''}".rstrip()
    if isinstance(value, s.RefExtern):
        return "ref.extern" if value.n is None else f"ref.extern {value.n}"
    if isinstance(value, s.RefHost):
        return f"ref.host {value.n}"
    if isinstance(value, s.RefNonNull):
        return f"ref.{value.heap}"
    return "either(" + ", ".join(describe(x) for x in value.alternatives) + ")"


# ------------------------------------------------------- the API boundary


class ValueCodec:
    """Converts script values to arguments of one API and checks its results."""

    def __init__(self, api: ModuleType):
        self.api = api
        self.v128 = hasattr(api.ValType, "v128")

    def argument(self, value: s.Value) -> Any:
        """The plain Python value that passes ``value`` as an argument.

        Plain values (not Val objects) let the API convert them by the
        parameter's own type, which may be a subtype such as ``(ref extern)``.
        """
        if isinstance(value, s.Num):
            if value.type == "i32":
                return signed(value.bits, 32)
            if value.type == "i64":
                return signed(value.bits, 64)
            if value.type == "f32":
                return f32_from_bits(value.bits)
            return f64_from_bits(value.bits)
        if isinstance(value, s.RefNull):
            return None
        if isinstance(value, (s.RefExtern, s.RefHost)) and value.n is not None:
            return HostRef(value.n)     # an anyref parameter internalizes it
        if isinstance(value, s.V128) and self.v128:
            return _v128_bits(value)
        raise Inexpressible(f"argument {describe(value)} not expressible through the API")

    def mismatch(self, expected: s.Value, got: Any) -> str | None:
        """Why ``got`` (an API result) does not match ``expected``; None if it does."""
        if isinstance(expected, s.Either):
            reasons = [self.mismatch(x, got) for x in expected.alternatives]
            if any(r is None for r in reasons):
                return None
            return f"{_show(got)} matches none of {describe(expected)}"
        if self._matches(expected, got):
            return None
        return f"expected {describe(expected)}, got {_show(got)}"

    def _matches(self, expected: s.Value, got: Any) -> bool:
        if isinstance(expected, (s.Num, s.NanPattern)):
            bits = _number_bits(expected.type, got)
            if bits is None:
                return False
            if isinstance(expected, s.Num):
                return bits == expected.bits
            return nan_matches(expected.kind, expected.type, bits)
        if isinstance(expected, s.V128):
            return _v128_matches(expected, got)
        if isinstance(expected, s.RefNull):
            return got is None
        if isinstance(expected, s.RefExtern):
            if expected.n is None:
                return got is not None and not isinstance(got, self.api.Func)
            return got == HostRef(expected.n)
        if isinstance(expected, s.RefHost):
            return got == HostRef(expected.n)
        if isinstance(expected, s.RefNonNull):
            if expected.heap == "func":
                return isinstance(got, self.api.Func)
            return got is not None
        return False


def _number_bits(type_: str, got: Any) -> int | None:
    """The bit pattern of the result ``got`` read as a ``type_``, if it is one."""
    if type_ in ("i32", "i64"):
        if isinstance(got, int) and not isinstance(got, bool):
            return got & MASKS[type_]
        return None
    if not isinstance(got, float):
        return None
    return f32_bits(got) if type_ == "f32" else f64_bits(got)


def _v128_bits(value: s.V128) -> int:
    width = LANE_BITS[value.lane_type]
    bits = 0
    for i, lane in enumerate(value.lanes):
        if not isinstance(lane, s.Num):
            raise Inexpressible("a NaN pattern as a v128 argument lane")
        bits |= lane.bits << (i * width)
    return bits


def _v128_matches(expected: s.V128, got: Any) -> bool:
    if isinstance(got, (bytes, bytearray)) and len(got) == 16:
        got = int.from_bytes(got, "little")
    if not isinstance(got, int) or isinstance(got, bool):
        return False
    width = LANE_BITS[expected.lane_type]
    mask = (1 << width) - 1
    for i, lane in enumerate(expected.lanes):
        bits = (got >> (i * width)) & mask
        if isinstance(lane, s.Num):
            if bits != lane.bits:
                return False
        elif not nan_matches(lane.kind, lane.type, bits):
            return False
    return True


def _show(got: Any) -> str:
    """A result of the API, with its bit pattern when it is a float."""
    if isinstance(got, float):
        f64 = f64_bits(got)
        f32 = f32_bits(got)
        as_f32 = "not an f32" if f32 is None else f"f32 bits 0x{f32:08x}"
        return f"{got!r} (f64 bits 0x{f64:016x}, {as_f32})"
    if isinstance(got, int) and not isinstance(got, bool):
        return f"{got} (0x{got & 0xFFFF_FFFF_FFFF_FFFF:x})"
    return repr(got)
