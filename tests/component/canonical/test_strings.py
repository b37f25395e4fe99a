"""Strings in the three encodings: lifting, traps, and the allocation strategy of
every source/destination pair."""

from __future__ import annotations

import pytest

from wasmlite.component.canonical import (
    CallContext, EncodedStr, LiftLowerContext, UTF16_TAG, load_string_from_range,
    store_string_into_range,
)
from wasmlite.component.canonical.strings import store_str
from wasmlite.runtime.trap import Trap

SAMPLES = ["", "ascii", "caf\u00e9 \u00ff", "\u4e16\u754c", "\U0001f600 x", "a\u0100b"]


def cx_of(env, encoding):
    return LiftLowerContext(env.opts(encoding), CallContext())


@pytest.mark.parametrize("encoding", ["utf8", "utf16", "latin1+utf16"])
@pytest.mark.parametrize("s", SAMPLES)
def test_host_string_roundtrip(env, encoding, s):
    cx = cx_of(env, encoding)
    ptr, n = store_str(cx, s)
    assert load_string_from_range(cx, ptr, n) == s


def test_encoded_bytes(env):
    cx = cx_of(env, "utf16")
    ptr, n = store_str(cx, "h\u00e9\U0001f600")
    assert n == 4 and env.read(ptr, 8) == "h\u00e9\U0001f600".encode("utf-16-le")
    cx = cx_of(env, "latin1+utf16")
    ptr, n = store_str(cx, "h\u00e9")
    assert n == 2 and env.read(ptr, 2) == b"h\xe9"
    ptr, n = store_str(cx, "h\u0100")
    assert n == 2 | UTF16_TAG and env.read(ptr, 4) == "h\u0100".encode("utf-16-le")


def test_allocation_strategy_from_host(env):
    # utf8: one exact allocation of alignment 1
    store_str(cx_of(env, "utf8"), "caf\u00e9")
    assert env.reallocs == [(0, 0, 1, 5)]
    # utf16: twice the UTF-8 length, then shrunk to the code units
    env.reallocs.clear()
    ptr, n = store_str(cx_of(env, "utf16"), "caf\u00e9")
    first = env.reallocs[0]
    assert first[:4] == (0, 0, 2, 10)
    assert env.reallocs[1] == (first_ptr := env.reallocs[1][0], 10, 2, 8) and first_ptr
    # latin1+utf16, Latin-1 string: the UTF-8 length, shrunk to the bytes
    env.reallocs.clear()
    store_str(cx_of(env, "latin1+utf16"), "caf\u00e9")
    assert env.reallocs[0] == (0, 0, 2, 5)
    assert env.reallocs[1][1:] == (5, 2, 4)
    # latin1+utf16 needing UTF-16: grown to twice the UTF-8 length, then shrunk
    env.reallocs.clear()
    store_str(cx_of(env, "latin1+utf16"), "a\u0100")
    assert [r[1:] for r in env.reallocs] == [(0, 2, 3), (3, 2, 6), (6, 2, 4)]
    # ASCII into latin1+utf16 needs no second call
    env.reallocs.clear()
    store_str(cx_of(env, "latin1+utf16"), "abc")
    assert env.reallocs == [(0, 0, 2, 3)]


PAIRS = [(a, b) for a in ("utf8", "utf16", "latin1+utf16")
         for b in ("utf8", "utf16", "latin1+utf16")]


@pytest.mark.parametrize("src,dst", PAIRS)
@pytest.mark.parametrize("s", SAMPLES)
def test_transcoding_between_components(env, src, dst, s):
    # lift from a component using `src`, lower into one using `dst`
    source = LiftLowerContext(env.opts(src), CallContext(), keep_encoding=True)
    ptr, n = store_str(source, s)
    lifted = load_string_from_range(source, ptr, n)
    tagged = EncodedStr(lifted)
    tagged.encoding, tagged.tagged_code_units = src, n
    dest = cx_of(env, dst)
    env.reallocs.clear()
    p2, n2 = store_str(dest, tagged)
    assert load_string_from_range(dest, p2, n2) == s
    # the first allocation follows the source's length in code units
    units = n & ~UTF16_TAG if src == "latin1+utf16" else n
    first = env.reallocs[0]
    if dst == "utf16" and src != "utf8":
        assert first[2:] == (2, 2 * units)
    elif dst == "utf8" and src == "utf8":
        assert first[2:] == (1, units)
    elif dst == "utf8":
        assert first[2:] == (1, units)
    assert all(r[2] in (1, 2) for r in env.reallocs)


def test_utf16_to_utf8_worst_case(env):
    source = cx_of(env, "utf16")
    ptr, n = store_str(source, "\u4e16a")
    s = EncodedStr(load_string_from_range(source, ptr, n))
    s.encoding, s.tagged_code_units = "utf16", n
    env.reallocs.clear()
    store_string_into_range(cx_of(env, "utf8"), s, "utf16", n)
    assert [r[1:] for r in env.reallocs] == [(0, 1, 2), (2, 1, 6), (6, 1, 4)]


def trap_message(f, *args):
    with pytest.raises(Trap) as info:
        f(*args)
    return info.value.message


def test_lift_traps(env):
    utf8, utf16, compact = (cx_of(env, e) for e in ("utf8", "utf16", "latin1+utf16"))
    size = env.memory.size_bytes
    assert trap_message(load_string_from_range, utf8, size - 1, 2) == \
        "string pointer/length out of bounds of memory"
    assert trap_message(load_string_from_range, utf16, 101, 1) == \
        "string pointer not aligned to 2"
    assert trap_message(load_string_from_range, compact, 101, 1) == \
        "string pointer not aligned to 2"
    assert trap_message(load_string_from_range, utf16, size - 2, 2) == \
        "string pointer/length out of bounds of memory"
    assert trap_message(load_string_from_range, compact, size - 2, 2 | UTF16_TAG) == \
        "string pointer/length out of bounds of memory"
    env.write(100, b"ab\xffc")
    assert trap_message(load_string_from_range, utf8, 100, 4) == \
        "invalid utf-8 sequence of 1 bytes from index 2"
    env.write(100, b"ab\xe4\xb8")
    assert trap_message(load_string_from_range, utf8, 100, 4) == \
        "incomplete utf-8 byte sequence from index 2"
    env.write(100, b"\xed\xa0\x80")   # an encoded surrogate
    assert trap_message(load_string_from_range, utf8, 100, 3).startswith(
        "invalid utf-8 sequence")
    env.write(100, "a".encode("utf-16-le") + b"\x00\xd8" + "b".encode("utf-16-le"))
    assert trap_message(load_string_from_range, utf16, 100, 3) == \
        "unpaired surrogate found: d800"
    env.write(100, b"\x00\xdc")
    assert trap_message(load_string_from_range, compact, 100, 1 | UTF16_TAG) == \
        "unpaired surrogate found: dc00"
    env.write(100, b"\x3d\xd8")   # a high surrogate at the end
    assert trap_message(load_string_from_range, utf16, 100, 1) == \
        "unpaired surrogate found: d83d"


def test_latin1_lifts_every_byte(env):
    cx = cx_of(env, "latin1+utf16")
    env.write(100, bytes(range(256)))
    assert load_string_from_range(cx, 100, 256) == "".join(map(chr, range(256)))
