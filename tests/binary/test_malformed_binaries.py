"""Malformed binaries are rejected with the spec testsuite's messages, and
binaries that are merely invalid are left to the validator."""

from __future__ import annotations

import pytest

from wasmlite.binary import decode_module
from wasmlite.errors import MalformedError, NotSupportedError

from .wasm_bytes import HEADER, body, func_module, module, name, section, u, vec

FUNC_VOID = b"\x60\x00\x00"


def rejects(data: bytes) -> str:
    """The message of the MalformedError that decoding ``data`` raises."""
    with pytest.raises(MalformedError) as info:
        decode_module(data)
    return info.value.message


@pytest.mark.parametrize("data,message", [
    (b"", "unexpected end"),
    (b"\x00as", "unexpected end"),
    (b"\x00asn\x01\x00\x00\x00", "magic header not detected"),
    (b"\x00asm\x01\x00", "unexpected end"),
    (b"\x00asm\x02\x00\x00\x00", "unknown binary version"),
    (b"\x00asm\x0d\x00\x01\x00", "unknown binary version"),   # a component
])
def test_header(data: bytes, message: str) -> None:
    assert rejects(data) == message


def test_section_ids_and_sizes() -> None:
    assert rejects(module(b"\x0e\x00")) == "malformed section id"
    assert rejects(module(b"\x01\x05\x00")) == "length out of bounds"
    assert rejects(module(section(1, vec(), b"\x00"))) == "section size mismatch"
    assert "unexpected end" in rejects(module(b"\x01"))


@pytest.mark.parametrize("ids", [(1, 1), (2, 1), (6, 13), (10, 12), (11, 10)])
def test_sections_out_of_order_or_repeated(ids: tuple[int, int]) -> None:
    data = module(*(section(i, vec()) if i != 12 else section(12, u(0)) for i in ids))
    assert rejects(data) == "unexpected content after last section"


def test_custom_section_name_longer_than_the_section() -> None:
    assert "unexpected end" in rejects(module(b"\x00\x01\x05abcde"))


def test_names_must_be_utf8() -> None:
    assert rejects(module(b"\x00\x02\x01\xff")) == "malformed UTF-8 encoding"
    data = module(section(2, vec(name("m") + b"\x01\xc0" + b"\x00\x00")))
    assert rejects(data) == "malformed UTF-8 encoding"


def test_function_and_code_counts_must_agree() -> None:
    data = module(section(1, vec(FUNC_VOID)), section(3, vec(u(0), u(0))),
                  section(10, vec(body(b"\x0b"))))
    assert rejects(data) == "function and code section have inconsistent lengths"
    assert rejects(module(section(10, vec(body(b"\x0b"))))) == \
        "function and code section have inconsistent lengths"


def test_data_count() -> None:
    data = module(section(12, u(2)), section(11, vec(u(1) + name(""))))
    assert rejects(data) == "data count and data section have inconsistent lengths"
    assert rejects(func_module(b"\xfc\x09\x00\x0b")) == "data count section required"
    assert rejects(func_module(b"\xfb\x09\x00\x00\x0b")) == "data count section required"
    decode_module(func_module(b"\xfc\x09\x00\x0b", extra=(section(12, u(0)),)))


def test_too_many_locals() -> None:
    assert rejects(func_module(b"\x0b", u(2**32 - 1) + b"\x7f", u(1) + b"\x7f")) == \
        "too many locals"
    assert rejects(func_module(b"\x0b", u(50_001) + b"\x7f")) == "too many locals"
    assert len(decode_module(func_module(b"\x0b", u(50_000) + b"\x7c")).funcs[0].locals) == 50_000


def test_function_body_size_must_match() -> None:
    data = module(section(1, vec(FUNC_VOID)), section(3, vec(u(0))),
                  section(10, vec(b"\x03\x00\x0b\x01")), )
    assert rejects(data) == "section size mismatch"


@pytest.mark.parametrize("code,message", [
    (b"\xff", "illegal opcode ff"),
    (b"\x27", "illegal opcode 27"),
    (b"\xfc\x7f", "illegal opcode fc 7f"),
    (b"\xfd\x9a\x01", "illegal opcode fd 9a"),
    (b"\x02\x40\x05\x0b\x0b", "END opcode expected"),    # else in a block
    (b"\x05\x0b", "END opcode expected"),                # else in the function
    (b"\x04\x40\x05\x05\x0b\x0b", "END opcode expected"),
    (b"\x07\x00\x0b", "END opcode expected"),            # catch outside try
    (b"\x02\x40\x18\x00\x0b", "END opcode expected"),    # delegate outside try
    (b"\x41\x00\x28\x80\x01\x00\x1a\x0b", "malformed memop flags"),
    (b"\xfe\x03\x01\x0b", "zero byte expected"),         # atomic.fence
    (b"\xfb\x18\x04\x00\x6e\x6e\x0b", "malformed br_on_cast flags"),
    (b"\x1f\x40\x01\x04\x00\x0b\x0b", "malformed catch clause"),
    (b"\xd0\x60\x0b", "malformed heap type"),
    (b"\x02\x41\x0b\x0b", "malformed reference type"),
    (b"\x1c\x01\x40\x0b", "malformed reference type"),
    (b"\x41\x80\x80\x80\x80\x80\x00\x0b", "integer representation too long"),
    (b"\x01\x01", "unexpected end"),
])
def test_instructions(code: bytes, message: str) -> None:
    assert message in rejects(func_module(code))


@pytest.mark.parametrize("types,message", [
    (b"\x40\x00\x00", "malformed definition type"),
    (b"\xe0\x7f\x00\x00", "integer representation too long"),
    (b"\x5e\x78\x02", "malformed mutability"),
    (b"\x5e\x76\x00", "malformed storage type"),
    (b"\x5f\x01\x64\x60\x00", "malformed storage type"),
    (b"\x60\x01\x76\x00", "malformed reference type"),
])
def test_types(types: bytes, message: str) -> None:
    assert rejects(module(section(1, vec(types)))) == message


@pytest.mark.parametrize("sections,message", [
    (section(2, vec(name("m") + name("x") + b"\x05\x00")), "malformed import kind"),
    (section(7, vec(name("x") + b"\x05\x00")), "malformed export kind"),
    (section(4, vec(b"\x70\x02\x00")), "malformed limits flags"),        # shared table
    (section(4, vec(b"\x70\x08\x00\x00")), "malformed limits flags"),    # page size on a table
    (section(5, vec(b"\x10\x00")), "malformed limits flags"),
    (section(5, vec(b"\x08\x00\x03")), "malformed limits flags"),    # page size, proposal off
    (section(6, vec(b"\x7f\x02\x41\x00\x0b")), "malformed mutability"),
    (section(13, vec(b"\x01\x00")), "zero byte expected"),
    (section(9, vec(u(8))), "malformed elements segment kind"),
    (section(9, vec(u(1) + b"\x01" + vec())), "malformed element kind"),
    (section(11, vec(u(3))), "malformed data segment kind"),
    (section(6, vec(b"\x7f\x00\x41\x00")), "unexpected end"),
])
def test_module_fields(sections: bytes, message: str) -> None:
    assert message in rejects(module(sections))


def test_custom_page_size_exponent_must_fit_an_address() -> None:
    with pytest.raises(MalformedError, match="invalid custom page size"):
        decode_module(module(section(5, vec(b"\x08\x00\x40"))), custom_page_sizes=True)


def test_checks_left_to_validation_are_not_decoding_errors() -> None:
    code = (b"\x41\x00\x28\x3f\x00\x1a"          # alignment 2**63
            + b"\x20\xff\xff\x03\x1a"            # local index out of range
            + b"\x10\x09"                        # unknown function
            + b"\x41\x00\x28\x00\x80\x80\x80\x80\x10\x1a"     # offset 2**32 on a 32-bit memory
            + b"\xfd\x15\x20\x1a"                # lane 32
            + b"\x0b")
    decode_module(func_module(code))
    decode_module(module(section(5, vec(b"\x01\x05\x01"))))      # min above max
    decode_module(module(section(5, vec(b"\x08\x00\x03"))), custom_page_sizes=True)  # 8 bytes
    decode_module(module(section(8, u(7))))                     # unknown start function


def test_custom_descriptors_are_not_supported() -> None:
    exact = module(section(1, vec(FUNC_VOID)),
                   section(2, vec(name("m") + name("g") + b"\x03\x64\x62\x00\x00")))
    with pytest.raises(NotSupportedError):
        decode_module(exact)
    described = module(section(1, vec(b"\x4e\x02\x4d\x01\x5f\x00\x4c\x00\x5f\x00")))
    with pytest.raises(NotSupportedError):
        decode_module(described)
    with pytest.raises(NotSupportedError):
        decode_module(func_module(b"\xfb\x22\x0b"))


def test_errors_carry_the_offset() -> None:
    data = HEADER + b"\x0e\x00"
    with pytest.raises(MalformedError) as info:
        decode_module(data)
    assert info.value.offset == 8
    assert str(info.value) == "malformed section id (at offset 0x8)"
