"""Component validation on components written for these tests: the result's
types, and messages for rules the reference scripts reach only in part."""

from __future__ import annotations

import pytest

from wasmlite.component import types as public
from wasmlite.component.binary import decode_component
from wasmlite.component.text import component_wat2wasm
from wasmlite.component.validate import ValidatedComponent, validate_component
from wasmlite.errors import InvalidError

LIB = """
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
    (func (export "two") (param i32 i32) (result i32) unreachable)
    (func (export "none")))
  (core instance $i (instantiate $m))
"""


def validate(text: str) -> ValidatedComponent:
    return validate_component(decode_component(component_wat2wasm(text)))


def invalid(text: str, message: str) -> None:
    with pytest.raises(InvalidError) as e:
        validate(text)
    assert message in str(e.value)


def test_component_type_lists_imports_and_exports_with_public_types() -> None:
    v = validate(f"""(component
      (import "r" (type $r (sub resource)))
      (import "make" (func (param "n" u32) (result (own $r))))
      {LIB}
      (type $pair (record (field "a" u8) (field "b" string)))
      (export $pair' "pair" (type $pair))
      (func (export "f") (param "x" u32) (param "y" u32) (result u32)
        (canon lift (core func $i "two"))))""")
    t = v.public_type
    names = [n for n, _ in t.imports]
    assert names == ["r", "make"]
    r = dict(t.imports)["r"]
    assert isinstance(r, public.ResourceType)
    assert dict(t.imports)["make"] == public.FuncType([("n", public.U32())], public.Own(r))
    exports = dict(t.exports)
    assert exports["pair"] == public.Record([("a", public.U8()), ("b", public.String())])
    assert exports["f"] == public.FuncType([("x", public.U32()), ("y", public.U32())],
                                           public.U32())


def test_lift_and_lower_record_their_flattened_signature() -> None:
    v = validate(f"""(component
      (import "g" (func $g (param "s" string) (result string)))
      {LIB}
      (core func (canon lower (func $g) (memory (core memory $i "mem"))
        (realloc (core func $i "realloc"))))
      (func (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "two"))))""")
    lower, lift = v.canons
    assert (lower.kind, lower.signature.params, lower.signature.results) == \
        ("lower", ("i32", "i32", "i32"), ())
    assert (lift.kind, lift.signature.params, lift.signature.results) == \
        ("lift", ("i32", "i32"), ("i32",))


def test_lift_of_a_core_function_of_another_type_names_both() -> None:
    invalid(f"""(component {LIB}
      (func (param "a" u64) (canon lift (core func $i "none"))))""",
            "lowered parameter types `[I64]` do not match parameter types `[]`")


def test_each_instantiation_of_a_component_defines_new_resources() -> None:
    v = validate("""(component
      (component $c (type $r (resource (rep i32))) (export "r" (type $r)))
      (instance $a (instantiate $c))
      (instance $b (instantiate $c))
      (export "a" (instance $a))
      (export "b" (instance $b)))""")
    ra = v.type.exports["a"].type.exports["r"].type.resource
    rb = v.type.exports["b"].type.exports["r"].type.resource
    assert ra is not rb


def test_instantiation_argument_of_the_wrong_record_field_type() -> None:
    invalid("""(component
      (component $c
        (type $t (record (field "x" u32)))
        (import "t" (type (eq $t))))
      (type $x (record (field "x" string)))
      (instance (instantiate $c (with "t" (type $x)))))""",
            "type mismatch for import `t`: type mismatch in record field `x`: "
            "expected primitive `u32` found primitive `string`")


def test_names_compare_case_insensitively_and_methods_need_self() -> None:
    invalid("""(component (import "a" (func)) (import "A" (func)))""",
            "import name `A` conflicts with previous name `a`")
    invalid("""(component
      (import "r" (type $r (sub resource)))
      (import "[method]r.go" (func (param "other" (borrow $r)))))""",
            "function should have a first argument called `self`")


def test_string_results_of_a_lowered_function_need_realloc() -> None:
    invalid(f"""(component
      (import "g" (func $g (result string)))
      {LIB}
      (core func (canon lower (func $g) (memory (core memory $i "mem")))))""",
            "canonical option `realloc` is required")
