"""Decoding with ``lazy_code``: each function's code entry stays undecoded
until its locals or body are read, then decodes to what eager decoding gives."""

from __future__ import annotations

from testsuite_scripts import SpecFile, uses_custom_page_sizes
from wasmlite import ir, opcodes
from wasmlite.binary import decode_module
from wasmlite.errors import NotSupportedError

from .conftest import SUMMARY
from .wast_scripts import module_bytes, well_formed
from .wasm_bytes import body, module, section, u, vec

OP = opcodes.BY_NAME
END = (OP["end"],)
FUNC_VOID = b"\x60\x00\x00"


def many_functions(n: int) -> bytes:
    """A module of ``n`` functions ``() -> ()``; function ``i`` declares ``i``
    i64 locals and drops ``i32.const i``."""
    return module(
        section(1, vec(FUNC_VOID)),
        section(3, vec(*[u(0)] * n)),
        section(10, vec(*[body(b"\x41" + u(i) + b"\x1a\x0b", u(i) + b"\x7e") for i in range(n)])),
    )


def test_only_the_bodies_read_are_decoded() -> None:
    m = decode_module(many_functions(50), lazy_code=True)
    assert not any(f.decoded for f in m.funcs)
    assert m.funcs[7].body == [(OP["i32.const"], 7), (OP["drop"],), END]
    assert [i for i, f in enumerate(m.funcs) if f.decoded] == [7]
    assert m.funcs[9].locals == ["i64"] * 9
    assert [i for i, f in enumerate(m.funcs) if f.decoded] == [7, 9]


def test_undecoded_functions_know_their_type_and_offset() -> None:
    data = many_functions(3)
    eager = decode_module(data)
    lazy = decode_module(data, lazy_code=True)
    assert [(f.typeidx, f.offset) for f in lazy.funcs] == [(f.typeidx, f.offset)
                                                             for f in eager.funcs]
    assert not any(f.decoded for f in lazy.funcs)


def test_lazily_decoded_module_equals_the_eager_one() -> None:
    data = many_functions(20)
    lazy = decode_module(data, lazy_code=True)
    assert lazy == decode_module(data)
    assert all(f.decoded for f in lazy.funcs)
    assert repr(lazy.funcs[2]) == repr(decode_module(data).funcs[2])


def test_assigning_a_body_replaces_the_undecoded_one() -> None:
    m = decode_module(many_functions(2), lazy_code=True)
    m.funcs[1].body = [(OP["nop"],), END]
    assert m.funcs[1].locals == ["i64"]
    assert m.funcs[1].body == [(OP["nop"],), END]


def test_functions_built_directly_are_decoded() -> None:
    assert ir.Func(0, [], [END]).decoded


def test_spec_modules_decode_lazily_to_the_same_ir(wast: SpecFile) -> None:
    custom_page_sizes = uses_custom_page_sizes(wast.name)
    failures = []
    for case in well_formed(wast):
        try:
            data = module_bytes(case)
            eager = decode_module(data, custom_page_sizes=custom_page_sizes)
        except NotSupportedError:
            continue
        lazy = decode_module(data, custom_page_sizes=custom_page_sizes, lazy_code=True)
        if lazy != eager:
            failures.append(f"line {case.line} ({case.command})")
        else:
            SUMMARY["lazy code: identical IR"] += 1
    assert not failures, "lazily decoded modules differ:\n" + "\n".join(failures)
