"""Lifting and lowering of the scalar types: bool, the integers, the floats, char.

* ``bool`` lifts any non-zero value as ``True``; lowering takes only a ``bool``.
* Integers lift by truncating the core value to their width (and sign
  extending the signed ones); lowering takes any ``int`` and wraps it to the
  width, as wasmtime-py's conversion does.
* Floats lift with every NaN made the canonical NaN, and lower likewise
  (the canonical ABI's deterministic profile); an ``f32`` is rounded to
  binary32. Lowering takes only a ``float``.
* ``char`` lifts a Unicode scalar value (a code point that is not a
  surrogate) and traps on anything else; lowering takes a one-character ``str``.
"""

from __future__ import annotations

import struct
from typing import Any

from ...runtime.floats import f32_from_bits, f32_round
from ..types import Bool, Char, F32, F64, S16, S32, S64, S8, U16, U32, U64, U8, ValType
from .codec import Codec, register
from .errors import INVALID_CHAR, trap

__all__ = ["CANONICAL_NAN32", "CANONICAL_NAN64", "lift_char", "lower_char",
           "canonicalize_nan32", "canonicalize_nan64"]

CANONICAL_NAN32 = f32_from_bits(0x7FC00000)
"""The canonical f32 NaN as a raw f32 value."""
CANONICAL_NAN64 = struct.unpack("<d", struct.pack("<Q", 0x7FF8000000000000))[0]
"""The canonical f64 NaN."""



def canonicalize_nan32(f: float) -> float:
    """``f``, or the canonical f32 NaN if ``f`` is a NaN."""
    return CANONICAL_NAN32 if f != f else f


def canonicalize_nan64(f: float) -> float:
    """``f``, or the canonical f64 NaN if ``f`` is a NaN."""
    return CANONICAL_NAN64 if f != f else f


# --- bool ----------------------------------------------------------------------------------

@register(Bool)
def _bool(t: ValType) -> Codec:
    def check(v: Any) -> int:
        if v.__class__ is not bool:
            raise TypeError("expected bool for Bool type")
        return 1 if v else 0

    def load(cx: Any, ptr: int) -> bool:
        return cx.memory.view[ptr] != 0

    def store(cx: Any, v: Any, ptr: int) -> None:
        cx.memory.view[ptr] = check(v)

    def lift_flat(cx: Any, it: Any) -> bool:
        return next(it) != 0

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        out.append(check(v))

    return Codec(t, frozenset({bool}), load, store, lift_flat, lower_flat)


# --- integers ------------------------------------------------------------------------------

_INTS = {S8: (8, True, "b"), U8: (8, False, "B"), S16: (16, True, "h"), U16: (16, False, "H"),
         S32: (32, True, "i"), U32: (32, False, "I"), S64: (64, True, "q"),
         U64: (64, False, "Q")}


@register(*_INTS)
def _int(t: ValType) -> Codec:
    bits, signed, fmt = _INTS[t.__class__]
    mask = (1 << bits) - 1
    half = 1 << (bits - 1)
    core_mask = 0xFFFFFFFFFFFFFFFF if bits == 64 else 0xFFFFFFFF
    s = struct.Struct("<" + fmt)
    unpack_from, pack_into = s.unpack_from, s.pack_into
    message = f"expected int for {t.__class__.__name__} type"

    if signed:
        def wrap(v: int) -> int:
            v &= mask
            return v - (1 << bits) if v >= half else v
    else:
        def wrap(v: int) -> int:
            return v & mask

    def load(cx: Any, ptr: int) -> int:
        return unpack_from(cx.memory.view, ptr)[0]

    def store(cx: Any, v: Any, ptr: int) -> None:
        if not isinstance(v, int):
            raise TypeError(message)
        pack_into(cx.memory.view, ptr, wrap(v))

    if signed:
        def lift_flat(cx: Any, it: Any) -> int:
            v = next(it) & mask
            return v - (1 << bits) if v >= half else v
    elif bits == 32 or bits == 64:
        def lift_flat(cx: Any, it: Any) -> int:
            return next(it)  # type: ignore[no-any-return]
    else:
        def lift_flat(cx: Any, it: Any) -> int:
            return next(it) & mask  # type: ignore[no-any-return]

    if signed:
        def lower_flat(cx: Any, v: Any, out: list) -> None:
            if not isinstance(v, int):
                raise TypeError(message)
            out.append(wrap(v) & core_mask)
    else:
        def lower_flat(cx: Any, v: Any, out: list) -> None:
            if not isinstance(v, int):
                raise TypeError(message)
            out.append(v & mask)

    return Codec(t, frozenset({int}), load, store, lift_flat, lower_flat)


# --- floats --------------------------------------------------------------------------------

_f32 = struct.Struct("<f")
_f64 = struct.Struct("<d")


@register(F32)
def _float32(t: ValType) -> Codec:
    unpack_from, pack_into = _f32.unpack_from, _f32.pack_into

    def check(v: Any) -> float:
        if not isinstance(v, float):
            raise TypeError("expected float for F32 type")
        return CANONICAL_NAN32 if v != v else f32_round(v)

    def load(cx: Any, ptr: int) -> float:
        f = unpack_from(cx.memory.view, ptr)[0]
        return CANONICAL_NAN32 if f != f else f  # type: ignore[no-any-return]

    def store(cx: Any, v: Any, ptr: int) -> None:
        f = check(v)
        if f != f:
            cx.memory.view[ptr:ptr + 4] = b"\x00\x00\xc0\x7f"
        else:
            pack_into(cx.memory.view, ptr, f)

    def lift_flat(cx: Any, it: Any) -> float:
        f = next(it)
        return CANONICAL_NAN32 if f != f else f  # type: ignore[no-any-return]

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        out.append(check(v))

    return Codec(t, frozenset({float}), load, store, lift_flat, lower_flat)


@register(F64)
def _float64(t: ValType) -> Codec:
    unpack_from, pack_into = _f64.unpack_from, _f64.pack_into

    def check(v: Any) -> float:
        if not isinstance(v, float):
            raise TypeError("expected float for F64 type")
        return CANONICAL_NAN64 if v != v else v

    def load(cx: Any, ptr: int) -> float:
        f = unpack_from(cx.memory.view, ptr)[0]
        return CANONICAL_NAN64 if f != f else f  # type: ignore[no-any-return]

    def store(cx: Any, v: Any, ptr: int) -> None:
        pack_into(cx.memory.view, ptr, check(v))

    def lift_flat(cx: Any, it: Any) -> float:
        f = next(it)
        return CANONICAL_NAN64 if f != f else f  # type: ignore[no-any-return]

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        out.append(check(v))

    return Codec(t, frozenset({float}), load, store, lift_flat, lower_flat)


# --- char ----------------------------------------------------------------------------------

def lift_char(i: int) -> str:
    """The character with code point ``i``; traps unless it is a Unicode scalar value."""
    if i >= 0x110000 or 0xD800 <= i <= 0xDFFF:
        trap(INVALID_CHAR)
    return chr(i)


def lower_char(v: Any) -> int:
    """The code point of the one-character string ``v``."""
    if not isinstance(v, str) or len(v) != 1:
        raise TypeError("expected single-character string for Char type")
    i = ord(v)
    if 0xD800 <= i <= 0xDFFF:
        raise ValueError(f"{i:#x} is a surrogate, not a valid char")
    return i


_u32 = struct.Struct("<I")


@register(Char)
def _char(t: ValType) -> Codec:
    unpack_from, pack_into = _u32.unpack_from, _u32.pack_into

    def load(cx: Any, ptr: int) -> str:
        return lift_char(unpack_from(cx.memory.view, ptr)[0])

    def store(cx: Any, v: Any, ptr: int) -> None:
        pack_into(cx.memory.view, ptr, lower_char(v))

    def lift_flat(cx: Any, it: Any) -> str:
        return lift_char(next(it))

    def lower_flat(cx: Any, v: Any, out: list) -> None:
        out.append(lower_char(v))

    return Codec(t, frozenset({str}), load, store, lift_flat, lower_flat)


