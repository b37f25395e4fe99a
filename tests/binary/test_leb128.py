"""LEB128 integers and the other primitive values of the binary format."""

from __future__ import annotations

import pytest

from wasmlite.binary.reader import (Reader, read_len32, read_name, read_s32, read_s33,
                                    read_s64, read_u32, read_u64)
from wasmlite.errors import MalformedError


@pytest.mark.parametrize("encoded,value", [
    ("00", 0),
    ("7f", 127),
    ("8001", 128),
    ("e58e26", 624485),
    ("ffffffff0f", 0xFFFF_FFFF),
    ("8080808000", 0),                 # padded to the full five bytes
    ("ff80808000", 127),
])
def test_u32_decodes(encoded: str, value: int) -> None:
    data = bytes.fromhex(encoded)
    assert read_u32(data, 0) == (value, len(data))


@pytest.mark.parametrize("encoded,message", [
    ("808080808000", "integer representation too long"),
    ("ffffffff1f", "integer too large"),
    ("ffffffff7f", "integer too large"),
    ("8080808010", "integer too large"),
    ("", "unexpected end"),
    ("80", "unexpected end"),
    ("ffffff", "unexpected end"),
])
def test_u32_rejects(encoded: str, message: str) -> None:
    with pytest.raises(MalformedError) as info:
        read_u32(bytes.fromhex(encoded), 0)
    assert message in info.value.message


@pytest.mark.parametrize("encoded,value", [
    ("00", 0), ("3f", 63), ("40", -64), ("7f", -1), ("c000", 64), ("bf7f", -65),
    ("ffffffff07", 2**31 - 1), ("8080808078", -2**31),
    ("ffffffff7f", -1),                # padded -1
    ("8080808000", 0),
])
def test_s32_decodes(encoded: str, value: int) -> None:
    data = bytes.fromhex(encoded)
    assert read_s32(data, 0) == (value, len(data))


@pytest.mark.parametrize("encoded,message", [
    ("ffffffff0f", "integer too large"),     # 2**32 - 1 is not an s32
    ("8080808070", "integer too large"),
    ("8080808040", "integer too large"),
    ("ffffffffff7f", "integer representation too long"),
    ("808080808000", "integer representation too long"),
])
def test_s32_rejects(encoded: str, message: str) -> None:
    with pytest.raises(MalformedError) as info:
        read_s32(bytes.fromhex(encoded), 0)
    assert message in info.value.message


@pytest.mark.parametrize("encoded,value", [
    ("ffffffff0f", 2**32 - 1), ("8080808070", -2**32), ("40", -64),
])
def test_s33_covers_every_u32_and_negatives(encoded: str, value: int) -> None:
    assert read_s33(bytes.fromhex(encoded), 0)[0] == value


def test_s33_rejects_bits_beyond_33() -> None:
    with pytest.raises(MalformedError, match="integer too large"):
        read_s33(bytes.fromhex("ffffffff1f"), 0)


@pytest.mark.parametrize("encoded,value", [
    ("ffffffffffffffff7f", 2**63 - 1),
    ("80808080808080808001", 2**63),
    ("ffffffffffffffffff01", 2**64 - 1),
])
def test_u64_decodes(encoded: str, value: int) -> None:
    assert read_u64(bytes.fromhex(encoded), 0)[0] == value


@pytest.mark.parametrize("encoded,message", [
    ("ffffffffffffffffff02", "integer too large"),
    ("8080808080808080808000", "integer representation too long"),
])
def test_u64_rejects(encoded: str, message: str) -> None:
    with pytest.raises(MalformedError, match=message):
        read_u64(bytes.fromhex(encoded), 0)


@pytest.mark.parametrize("encoded,value", [
    ("ffffffffffffffffff00", 2**63 - 1),
    ("8080808080808080807f", -2**63),
    ("ffffffffffffffffff7f", -1),
])
def test_s64_decodes(encoded: str, value: int) -> None:
    assert read_s64(bytes.fromhex(encoded), 0)[0] == value


@pytest.mark.parametrize("encoded,message", [
    ("ffffffffffffffffff01", "integer too large"),
    ("8080808080808080807e", "integer too large"),
    ("ffffffffffffffffffff7f", "integer representation too long"),
])
def test_s64_rejects(encoded: str, message: str) -> None:
    with pytest.raises(MalformedError, match=message):
        read_s64(bytes.fromhex(encoded), 0)


def test_leb128_reads_from_the_middle_of_the_data() -> None:
    data = bytes.fromhex("aa e58e26 bb")
    assert read_u32(data, 1) == (624485, 4)


def test_length_cannot_exceed_the_remaining_bytes() -> None:
    assert read_len32(b"\x03abc", 0) == (3, 1)
    with pytest.raises(MalformedError, match="length out of bounds"):
        read_len32(b"\x05abc", 0)


def test_names_are_utf8() -> None:
    assert read_name(b"\x03\xc3\xa9!", 0) == ("é!", 4)
    for invalid in (b"\x01\x80", b"\x02\xc0\x80", b"\x03\xed\xa0\x80", b"\x04\xf4\x90\x80\x80"):
        with pytest.raises(MalformedError, match="malformed UTF-8 encoding"):
            read_name(invalid, 0)


def test_reader_tracks_its_position() -> None:
    r = Reader(bytes.fromhex("7f e58e26 02 6869 00"))
    assert r.s32() == -1
    assert r.u32() == 624485
    assert r.name() == "hi"
    r.expect_zero()
    assert r.at_end()
    with pytest.raises(MalformedError, match="unexpected end"):
        r.byte()


def test_reader_rejects_a_nonzero_reserved_byte() -> None:
    with pytest.raises(MalformedError, match="zero byte expected"):
        Reader(b"\x01").expect_zero()


def test_reader_reads_every_integer_kind() -> None:
    r = Reader(bytes.fromhex("ffffffffffffffffff01 8080808070 8080808080808080807f 0102"))
    assert r.u64() == 2**64 - 1
    assert r.s33() == -2**32
    assert r.s64() == -2**63
    assert r.peek() == 1
    assert r.raw(2) == b"\x01\x02"
    with pytest.raises(MalformedError, match="unexpected end"):
        r.raw(1)
