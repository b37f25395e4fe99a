"""The ``name`` custom section: decoded into ``Module.names``, never fatal,
and written back by the encoder."""

from __future__ import annotations

from wasmlite import ir
from wasmlite.binary import decode_module, encode_module

from .wasm_bytes import custom, module, name, section, u, vec


def subsection(kind: int, content: bytes) -> bytes:
    return bytes([kind]) + u(len(content)) + content


NAMES_PAYLOAD = (
    subsection(0, name("mod"))
    + subsection(1, vec(u(0) + name("start"), u(3) + name("helper")))
    + subsection(2, vec(u(3) + vec(u(0) + name("x"), u(2) + name("y")), u(4) + vec()))
    + subsection(7, vec(u(0) + name("global")))          # global names: skipped
)


def test_module_function_and_local_names() -> None:
    m = decode_module(module(custom("name", NAMES_PAYLOAD)))
    assert m.names == ir.Names("mod", {0: "start", 3: "helper"}, {3: {0: "x", 2: "y"}, 4: {}})
    assert m.customs == []


def test_malformed_name_section_keeps_what_was_read() -> None:
    payload = (subsection(0, name("mod"))
               + subsection(1, vec(u(0) + name("ok"), u(1) + b"\x02\xff\xfe")))
    m = decode_module(module(custom("name", payload)))
    assert m.names == ir.Names("mod", {0: "ok"}, {})


def test_truncated_name_section_does_not_fail_decoding() -> None:
    for cut in range(1, len(NAMES_PAYLOAD)):
        decode_module(module(custom("name", NAMES_PAYLOAD[:cut])))


def test_other_custom_sections_are_not_names() -> None:
    m = decode_module(module(custom("producers", b"\x00"), custom("names", b"\x00")))
    assert m.names == ir.Names()
    assert m.customs == [("producers", b"\x00"), ("names", b"\x00")]


def test_names_are_encoded_when_present() -> None:
    m = decode_module(module(section(1, vec(b"\x60\x00\x00")), custom("name", NAMES_PAYLOAD),
                             custom("other", b"data")))
    again = decode_module(encode_module(m))
    assert again.names == m.names
    assert again.customs == [("other", b"data")]


def test_no_name_section_without_names() -> None:
    assert b"name" not in encode_module(ir.Module())
    only_module_name = ir.Module(names=ir.Names(module=""))
    assert decode_module(encode_module(only_module_name)).names.module == ""


def test_names_are_decoded_when_first_read(monkeypatch) -> None:
    import wasmlite.binary.decoder as decoder
    decoded = []
    real = decoder.decode_names

    def counting(payload: bytes, names: ir.Names) -> None:
        decoded.append(payload)
        real(payload, names)
    monkeypatch.setattr(decoder, "decode_names", counting)
    m = decode_module(module(custom("name", NAMES_PAYLOAD),
                             custom("name", subsection(1, vec(u(5) + name("later"))))))
    assert decoded == []
    assert m.names.funcs == {0: "start", 3: "helper", 5: "later"}
    assert len(decoded) == 2
    m.names.module = "renamed"
    assert len(decoded) == 2 and m.names.module == "renamed"


def test_names_set_before_any_is_read_replace_the_decoded_ones() -> None:
    m = decode_module(module(custom("name", NAMES_PAYLOAD)))
    m.names.funcs = {1: "mine"}
    assert m.names == ir.Names("mod", {1: "mine"}, {3: {0: "x", 2: "y"}, 4: {}})
