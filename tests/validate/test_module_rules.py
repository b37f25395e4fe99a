"""Module-level rules: exports, start function, declared function references, tags."""

import pytest

from wasmlite import ir
from wasmlite.errors import InvalidError
from wasmlite.validate import validate_module

from .builders import FUNCREF, I32, expr, func_module, functype, op


def invalid(module) -> str:
    with pytest.raises(InvalidError) as info:
        validate_module(module)
    return str(info.value)


def test_export_names_are_unique():
    m = func_module(exports=[ir.Export("a", "func", 0), ir.Export("a", "func", 0)])
    assert invalid(m) == 'duplicate export name "a"'


def test_exports_name_existing_items():
    assert invalid(func_module(exports=[ir.Export("a", "func", 1)])) == "unknown function 1"
    assert invalid(func_module(exports=[ir.Export("a", "global", 0)])) == "unknown global 0"
    assert invalid(func_module(exports=[ir.Export("a", "memory", 0)])) == "unknown memory 0"


def test_start_function_takes_and_returns_nothing():
    validate_module(func_module(start=0))
    m = func_module([op("i32.const", 0)], results=[I32], start=0)
    assert "start function" in invalid(m)
    assert invalid(func_module(start=1)) == "unknown function 1"


def test_ref_func_needs_a_declaration_outside_function_bodies():
    body = [op("ref.func", 0), op("drop")]
    assert invalid(func_module(body)) == "undeclared function reference 0"
    validate_module(func_module(body, exports=[ir.Export("f", "func", 0)]))
    declare = ir.Elem("declarative", FUNCREF, [expr(op("ref.func", 0))])
    validate_module(func_module(body, elems=[declare]))
    glob = ir.Global(ir.GlobalType(FUNCREF, False), expr(op("ref.func", 0)))
    validate_module(func_module(body, globals=[glob]))


def test_tags_have_no_results():
    m = func_module(types=[functype([I32], [I32])], tags=[ir.TagType(1)])
    assert "non-empty tag result type" in invalid(m)
    validate_module(func_module(types=[functype([I32], [])], tags=[ir.TagType(1)]))


def test_function_type_index_must_exist():
    m = func_module()
    m.funcs.append(ir.Func(7, [], expr()))
    assert invalid(m) == "unknown type 7"


def test_imports_are_checked_and_come_first():
    imp = ir.Import("m", "f", "func", 1)
    m = func_module([op("call", 0), op("drop")], types=[functype([], [I32])], imports=[imp])
    validate_module(m)
    assert invalid(func_module(imports=[ir.Import("m", "f", "func", 9)])) == "unknown type 9"
