"""Strings in linear memory: loading, storing and transcoding.

A string travels as a pointer and a length in code units of the string
encoding of the canonical options: ``utf8`` (bytes, alignment 1), ``utf16``
(little-endian 16-bit units, alignment 2) or ``latin1+utf16`` (alignment 2:
Latin-1 bytes, or UTF-16 units when the length has its top bit
:data:`UTF16_TAG` set).

Lifting checks alignment and bounds and decodes, trapping on invalid UTF-8
or unpaired surrogates with Rust's wording, as Wasmtime reports them.

Lowering allocates with the guest's ``realloc`` following the canonical
ABI's strategy for the source and destination encodings (see
:func:`store_string_into_range`): a host ``str`` is a UTF-8 source, as in
Wasmtime, and a string lifted from another component keeps its encoding and
length (:class:`EncodedStr`) so that a component-to-component call transcodes
as the specification says.
"""

from __future__ import annotations

from typing import Any

from ..types import String, ValType
from .codec import Codec, range_codec, register
from .errors import (
    STRING_OUT_OF_BOUNDS, invalid_utf16, invalid_utf8, string_not_aligned, trap,
)

__all__ = ["UTF16_TAG", "MAX_STRING_BYTE_LENGTH", "EncodedStr", "load_string_from_range",
           "store_string_into_range", "store_str"]

UTF16_TAG = 1 << 31
"""The length bit that marks a ``latin1+utf16`` string as UTF-16."""

MAX_STRING_BYTE_LENGTH = (1 << 31) - 1
"""The longest string, in bytes, that lowering copies into a memory."""


class EncodedStr(str):
    """A string lifted from a component, with the encoding (``"utf8"``, ``"utf16"``
    or ``"latin1+utf16"``) and the tagged length in code units it had there."""

    __slots__ = ("encoding", "tagged_code_units")

    encoding: str
    tagged_code_units: int


def _decode_utf16(data: Any) -> str:
    try:
        return str(data, "utf-16-le")
    except UnicodeDecodeError as e:
        raw = bytes(data)
        start = e.start & ~1
        invalid_utf16(int.from_bytes(raw[start:start + 2], "little"))


def load_string_from_range(cx: Any, ptr: int, tagged_code_units: int) -> str:
    """The string of ``tagged_code_units`` code units at ``ptr`` in the options'
    encoding; traps if it is misaligned, out of bounds or badly encoded."""
    encoding = cx.encoding
    mem = cx.memory
    if encoding == "utf8":
        end = ptr + tagged_code_units
        if end > mem.size_bytes:
            trap(STRING_OUT_OF_BOUNDS)
        data = mem.view[ptr:end]
        try:
            return str(data, "utf-8")
        except UnicodeDecodeError as e:
            invalid_utf8(bytes(data), e)
    if ptr & 1:
        string_not_aligned(2)
    if encoding == "utf16" or tagged_code_units & UTF16_TAG:
        units = tagged_code_units if encoding == "utf16" else tagged_code_units ^ UTF16_TAG
        end = ptr + 2 * units
        if end > mem.size_bytes:
            trap(STRING_OUT_OF_BOUNDS)
        return _decode_utf16(mem.view[ptr:end])
    end = ptr + tagged_code_units
    if end > mem.size_bytes:
        trap(STRING_OUT_OF_BOUNDS)
    return str(mem.view[ptr:end], "latin-1")


def _too_long(n: int) -> None:
    raise ValueError(f"string length of {n} too large to copy into wasm")


def _write(cx: Any, ptr: int, data: bytes) -> None:
    cx.memory.view[ptr:ptr + len(data)] = data


def store_string_into_range(cx: Any, src: str, src_encoding: str = "utf8",
                            src_tagged_code_units: int | None = None) -> tuple[int, int]:
    """Copy ``src`` into memory allocated with ``realloc``; its pointer and tagged
    length in the options' encoding.

    ``src_encoding`` and ``src_tagged_code_units`` describe where the string
    comes from (a host ``str`` is UTF-8 with its UTF-8 length); they decide
    the first allocation and when it is grown or shrunk.
    """
    if src_encoding == "latin1+utf16":
        assert src_tagged_code_units is not None
        if src_tagged_code_units & UTF16_TAG:
            simple, units = "utf16", src_tagged_code_units ^ UTF16_TAG
        else:
            simple, units = "latin1", src_tagged_code_units
    else:
        simple = src_encoding
        units = src_tagged_code_units
    dst = cx.encoding
    if dst == "utf8":
        if simple == "utf8":
            data = src.encode("utf-8")
            if len(data) > MAX_STRING_BYTE_LENGTH:
                _too_long(len(data))
            ptr = cx.allocate(1, len(data))
            _write(cx, ptr, data)
            return ptr, len(data)
        assert units is not None
        worst = units * (3 if simple == "utf16" else 2)
        return _store_string_to_utf8(cx, src, units, worst)
    if dst == "utf16":
        if simple == "utf8":
            return _store_utf8_to_utf16(cx, src)
        assert units is not None
        data = src.encode("utf-16-le")
        ptr = cx.allocate(2, 2 * units)
        _write(cx, ptr, data)
        return ptr, units
    # latin1+utf16
    if src_encoding == "latin1+utf16":
        assert units is not None
        if simple == "latin1":
            ptr = cx.allocate(2, units)
            _write(cx, ptr, src.encode("latin-1"))
            return ptr, units
        return _store_probably_utf16_to_latin1_or_utf16(cx, src, units)
    if units is None:
        units = len(src.encode("utf-8"))
    return _store_string_to_latin1_or_utf16(cx, src, units)


def _store_string_to_utf8(cx: Any, src: str, units: int, worst: int) -> tuple[int, int]:
    ptr = cx.allocate(1, units)
    try:
        data = src.encode("ascii")
    except UnicodeEncodeError:
        data = src.encode("utf-8")
        ptr = cx.reallocate(ptr, units, 1, worst)
        _write(cx, ptr, data)
        if worst > len(data):
            ptr = cx.reallocate(ptr, worst, 1, len(data))
        return ptr, len(data)
    _write(cx, ptr, data)
    return ptr, units


def _store_utf8_to_utf16(cx: Any, src: str) -> tuple[int, int]:
    n = len(src.encode("utf-8")) if not src.isascii() else len(src)
    worst = 2 * n
    if worst > MAX_STRING_BYTE_LENGTH:
        _too_long(n)
    ptr = cx.allocate(2, worst)
    data = src.encode("utf-16-le")
    _write(cx, ptr, data)
    if len(data) < worst:
        ptr = cx.reallocate(ptr, worst, 2, len(data))
    return ptr, len(data) // 2


def _store_string_to_latin1_or_utf16(cx: Any, src: str, units: int) -> tuple[int, int]:
    ptr = cx.allocate(2, units)
    try:
        data = src.encode("latin-1")
    except UnicodeEncodeError:
        worst = 2 * units
        if worst > MAX_STRING_BYTE_LENGTH:
            raise ValueError("byte length too large") from None
        ptr = cx.reallocate(ptr, units, 2, worst)
        data = src.encode("utf-16-le")
        _write(cx, ptr, data)
        if worst > len(data):
            ptr = cx.reallocate(ptr, worst, 2, len(data))
        return ptr, (len(data) // 2) | UTF16_TAG
    _write(cx, ptr, data)
    if len(data) < units:
        ptr = cx.reallocate(ptr, units, 2, len(data))
    return ptr, len(data)


def _store_probably_utf16_to_latin1_or_utf16(cx: Any, src: str, units: int
                                             ) -> tuple[int, int]:
    size = 2 * units
    ptr = cx.allocate(2, size)
    data = src.encode("utf-16-le")
    _write(cx, ptr, data)
    try:
        latin1 = src.encode("latin-1")
    except UnicodeEncodeError:
        return ptr, (len(data) // 2) | UTF16_TAG
    _write(cx, ptr, latin1)
    ptr = cx.reallocate(ptr, size, 1, len(latin1))
    return ptr, len(latin1)


def store_str(cx: Any, v: Any) -> tuple[int, int]:
    """Lower the Python string ``v``: its pointer and tagged length."""
    if v.__class__ is EncodedStr:
        return store_string_into_range(cx, v, v.encoding, v.tagged_code_units)
    if not isinstance(v, str):
        raise TypeError("expected string type")
    if cx.encoding == "utf8":
        data = v.encode("utf-8")
        n = len(data)
        if n > MAX_STRING_BYTE_LENGTH:
            _too_long(n)
        ptr = cx.allocate(1, n)
        cx.memory.view[ptr:ptr + n] = data
        return ptr, n
    return store_string_into_range(cx, v)


def _lift(cx: Any, ptr: int, tagged: int) -> str:
    s = load_string_from_range(cx, ptr, tagged)
    if cx.keep_encoding:
        s = EncodedStr(s)
        s.encoding = cx.encoding
        s.tagged_code_units = tagged
    return s


@register(String)
def _string(t: ValType) -> Codec:
    return range_codec(t, frozenset({str}), _lift, store_str)
