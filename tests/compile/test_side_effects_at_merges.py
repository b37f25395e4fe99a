"""A value with side effects is computed exactly once, whichever way it reaches a label.

Each case places a producer (an expression whose evaluation has one side effect:
a call, an indirect call, a call through a reference, ``memory.grow`` or
``table.grow``) where its value travels to a label: a branch, a conditional
branch, a branch table, a block's, an ``if`` arm's or the function's end, a
loop's parameter, a ``try_table``'s end or catch clause, out of Python loops
and out of constructs compiled flat. The side effects are counted afterwards;
where wasmtime is installed, its results must match too.
"""

import pytest

import wasmlite

PRODUCERS = {
    "call": "(call $tick)",
    "call_indirect": "(call_indirect (type $ticker) (i32.const 0))",
    "call_ref": "(call_ref $ticker (ref.func $tick))",
    "memory.grow": "(memory.grow (i32.const 1))",
    "table.grow": "(table.grow $grown (ref.null func) (i32.const 1))",
}

SHAPES = {
    # name: (body of $inner with P for the producer, times P runs)
    "br": ("(block (result i32) P (br 0))", 1),
    "br out of two blocks": ("(block (result i32) (block (result i32) P (br 1)))", 1),
    "br_if taken": ("(block (result i32) P (br_if 0 (i32.const 1)))", 1),
    "br_if not taken": ("(block (result i32) P (br_if 0 (i32.const 0)))", 1),
    "br_if with a computed condition": (
        "(block (result i32) P (br_if 0 (i32.eqz (global.get $zero))))", 1),
    "br_table": ("(block (result i32) (block (result i32) P (br_table 0 1 (i32.const 1))))", 1),
    "br_table default": ("(block (result i32) (block (result i32) P (br_table 0 1 (i32.const 7))))", 1),
    "br_table to one label": ("(block (result i32) P (br_table 0 0 (i32.const 0)))", 1),
    "block end": ("(block (result i32) P)", 1),
    "targeted block end": (
        "(block (result i32) (br_if 0 (i32.const 5) (global.get $zero)) (drop) P)", 1),
    "if then arm": ("(if (result i32) (i32.const 1) (then P) (else (i32.const 0)))", 1),
    "if else arm": ("(if (result i32) (global.get $zero) (then (i32.const 0)) (else P))", 1),
    "if with a parameter and no else": (
        "P (if (param i32) (result i32) (global.get $zero) (then (drop) (i32.const 3)))", 1),
    "if arm returning at the function's end": (
        "(if (result i32) (i32.const 1) (then P) (else (i32.const 2)))", 1),
    "return": ("(return P)", 1),
    "return from a block": ("(block (result i32) (return P))", 1),
    "function end": ("P", 1),
    "loop parameter": ("P (loop (param i32) (result i32))", 1),
    "loop parameter carried back": (
        "(local $n i32) P (loop $l (param i32) (result i32)"
        " (local.set $n (i32.add (local.get $n) (i32.const 1)))"
        " (br_if $l (i32.lt_u (local.get $n) (i32.const 3))))", 1),
    "br out of a loop": ("(block (result i32) (loop (result i32) P (br 1)))", 1),
    "br_if out of a loop": (
        "(block (result i32) (loop (result i32) P (br_if 1 (i32.const 1)) (drop) (i32.const 7)))",
        1),
    "br out of a loop in a loop": (
        "(block (result i32) (loop (result i32) (loop (result i32) P (br 2))))", 1),
    "br out of a block left by several branches": (
        "(block $b (result i32)"
        " (if (global.get $zero) (then (br $b (i32.const 5))))"
        " (if (i32.const 1) (then P (br $b)))"
        " (i32.const 9))", 1),
    "br_table out of a loop": (
        "(block (result i32) (block (result i32) (loop (result i32)"
        " P (br_table 1 2 (i32.const 0)))))", 1),
    "try_table end": ("(try_table (result i32) P)", 1),
    "br out of a try_table": ("(block (result i32) (try_table (result i32) P (br 1)))", 1),
    "catch payload": (
        "(block $h (result i32) (try_table (catch $e $h) (throw $e P)) (i32.const 0))", 1),
    "two values by br": (
        "(block (result i32 i32) P P (br 0)) (drop)", 2),
    "two values by br_if": (
        "(block (result i32 i32) P P (br_if 0 (i32.const 1))) (drop)", 2),
    "value under a branch's operands": (
        "(block (result i32) P (block (result i32) P (br 1)) (drop))", 2),
    "three values by br_table": (
        "(block (result i32 i32 i32) P P P (br_table 0 0 (i32.const 1))) (drop) (drop)", 3),
    "two values by an if's arms": (
        "(if (result i32 i32) (i32.const 1) (then P P) (else (i32.const 1) (i32.const 2)))"
        " (drop)", 2),
    "select of two producers": ("(select P P (global.get $zero))", 2),
    "select of two producers by br": (
        "(block (result i32) (select P P (i32.const 1)) (br 0))", 2),
    "producer as a select's condition": (
        "(select (i32.const 4) (i32.const 5) P)", 1),
    "value carried past a pending operand": (
        "(i32.add P (block (result i32) P (br 0)))", 2),
    "value carried past a pending operand out of a loop": (
        "(i32.sub P (block (result i32) (loop (result i32) P (br_if 1 (i32.const 1)))))", 2),
}

FLAT_IFS = 60
"""``if``s nested deeper than the compiler writes Python ``if`` statements."""


def nested_in_ifs(body: str, depth: int) -> str:
    for _ in range(depth):
        body = f"(if (result i32) (i32.const 1) (then {body}) (else (i32.const 0)))"
    return body


SHAPES.update({
    f"{name}, deep in nested ifs": (nested_in_ifs(f"(block (result i32) {body})", FLAT_IFS), n)
    for name, (body, n) in list(SHAPES.items())
    if "(local" not in body and "return" not in name
})


def module_text(shape: str, producer: str) -> str:
    """A module whose ``run`` returns what ``shape`` gives, with ``P`` replaced by
    ``producer``, and how many side effects it had."""
    return f"""
    (module
      (type $ticker (func (result i32)))
      (global $calls (mut i32) (i32.const 0))
      (global $zero (mut i32) (i32.const 0))
      (memory 1 1000)
      (table $callees 1 funcref)
      (table $grown 1 1000 funcref)
      (tag $e (param i32))
      (elem (table $callees) (i32.const 0) func $tick)
      (elem declare func $tick)
      (func $tick (type $ticker)
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        (global.get $calls))
      (func $inner (result i32)
        {shape.replace("P", producer)})
      (func $effects (result i32)
        (i32.add (global.get $calls)
          (i32.add (i32.sub (memory.size) (i32.const 1))
                   (i32.sub (table.size $grown) (i32.const 1)))))
      (func (export "run") (result i32 i32)
        (call $inner)
        (call $effects)))
    """


def run(api, wat: str):
    config = api.Config()
    for feature in ("wasm_exceptions", "wasm_function_references", "wasm_reference_types",
                    "wasm_multi_value"):
        if hasattr(config, feature):
            setattr(config, feature, True)
    engine = api.Engine(config)
    store = api.Store(engine)
    instance = api.Instance(store, api.Module(engine, wat), [])
    return list(instance.exports(store)["run"](store))


CASES = [(shape, producer) for shape in SHAPES for producer in PRODUCERS]


@pytest.mark.parametrize("shape,producer", CASES, ids=[f"{s} <- {p}" for s, p in CASES])
def test_side_effect_runs_once_per_evaluation(shape, producer):
    body, times = SHAPES[shape]
    wat = module_text(body, PRODUCERS[producer])
    _, effects = run(wasmlite, wat)
    assert effects == times


wasmtime = None
try:
    import wasmtime
except ImportError:
    pass


@pytest.mark.skipif(wasmtime is None, reason="the wasmtime package (the reference) is not installed")
@pytest.mark.parametrize("shape", list(SHAPES))
def test_values_reaching_labels_match_wasmtime(shape):
    body, _ = SHAPES[shape]
    for producer in PRODUCERS.values():
        wat = module_text(body, producer)
        assert run(wasmlite, wat) == run(wasmtime, wat), (shape, producer)
