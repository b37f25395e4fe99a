"""Memory, tables and globals are read after the operands that may change them.

Compiled code reads a memory through a cached view that ``memory.grow``
replaces. An instruction whose operand grows the memory (directly, or in a
call) must see the grown memory, as must any read of a table, a global or the
memory's size placed in the same expression after such an operand.
"""

import pytest

import wasmlite

GROWERS = {
    "memory.grow": "(memory.grow (i32.const 1))",
    "a call that grows": "(call $grow)",
    "an indirect call that grows": "(call_indirect (type $grower) (i32.const 0))",
    "a call through a reference that grows": "(call_ref $grower (ref.func $grow))",
}

READERS = {
    # name: (expression with A for the growing operand, its value after growth)
    "i32.load": ("(i32.load (i32.add (A) (i32.const 65536)))", 0),
    "i64.load": ("(i32.wrap_i64 (i64.load offset=65536 (A)))", 0),
    "i32.load8_u": ("(i32.load8_u offset=65536 (A))", 0),
    "i32.load8_s": ("(i32.load8_s offset=65536 (A))", 0),
    "i32.load16_u": ("(i32.load16_u offset=65536 (A))", 0),
    "i64.load32_s": ("(i32.wrap_i64 (i64.load32_s offset=65536 (A)))", 0),
    "f32.load": ("(i32.trunc_f32_s (f32.load offset=65536 (A)))", 0),
    "f64.load": ("(i32.trunc_f64_s (f64.load offset=65536 (A)))", 0),
    "v128.load": ("(i32x4.extract_lane 0 (v128.load offset=65536 (A)))", 0),
    "v128.load8_splat": ("(i32x4.extract_lane 0 (v128.load8_splat offset=65536 (A)))", 0),
    "v128.load32_lane": (
        "(i32x4.extract_lane 1 (v128.load32_lane offset=65536 1 (A) (v128.const i32x4 1 1 1 1)))",
        0),
    "memory.size after": ("(i32.add (A) (memory.size))", 2),
    "load through a pointer loaded after": (
        "(i32.add (A) (i32.load (i32.load (i32.const 0))))", 0),
    "memory.fill of the new page": (
        "(memory.fill (i32.add (A) (i32.const 65535)) (i32.const 7) (i32.const 2))"
        " (i32.load8_u (i32.const 65536))", 7),
    "store into the new page": (
        "(i32.store offset=65536 (A) (i32.const 5)) (i32.load (i32.const 65536))", 5),
}


def module_text(reader: str, grower: str) -> str:
    return f"""
    (module
      (type $grower (func (result i32)))
      (memory 1 3)
      (table 1 funcref)
      (elem (i32.const 0) func $grow)
      (elem declare func $grow)
      (func $grow (type $grower)
        (drop (memory.grow (i32.const 1)))
        (i32.const 0))
      (func (export "run") (result i32)
        {reader.replace("(A)", grower)}))
    """


def run(wat: str):
    engine = wasmlite.Engine()
    store = wasmlite.Store(engine)
    instance = wasmlite.Instance(store, wasmlite.Module(engine, wat), [])
    return instance.exports(store)["run"](store)


CASES = [(r, g) for r in READERS for g in GROWERS]


@pytest.mark.parametrize("reader,grower", CASES, ids=[f"{r} <- {g}" for r, g in CASES])
def test_reader_sees_the_grown_memory(reader, grower):
    expression, expected = READERS[reader]
    if grower == "memory.grow":
        # memory.grow gives the old size in pages (1); make the address 0 again
        expression = expression.replace("(A)", "(i32.sub (A) (i32.const 1))")
    assert run(module_text(expression, GROWERS[grower])) == expected


def test_table_read_after_a_call_that_grows_the_table():
    wat = """
    (module
      (table $t 1 10 funcref)
      (func $grow (result i32)
        (drop (table.grow $t (ref.func $grow) (i32.const 2)))
        (i32.const 2))
      (elem declare func $grow)
      (func (export "run") (result i32 i32)
        (ref.is_null (table.get $t (call $grow)))
        (table.size $t)))
    """
    engine = wasmlite.Engine()
    store = wasmlite.Store(engine)
    instance = wasmlite.Instance(store, wasmlite.Module(engine, wat), [])
    assert instance.exports(store)["run"](store) == [0, 3]


def test_global_read_after_a_call_that_sets_it():
    wat = """
    (module
      (global $g (mut i32) (i32.const 1))
      (func $set (result i32) (global.set $g (i32.const 10)) (i32.const 100))
      (func (export "before") (result i32) (i32.add (global.get $g) (call $set)))
      (func (export "after") (result i32) (i32.add (call $set) (global.get $g))))
    """
    engine = wasmlite.Engine()
    for export, expected in (("before", 101), ("after", 110)):
        store = wasmlite.Store(engine)
        instance = wasmlite.Instance(store, wasmlite.Module(engine, wat), [])
        assert instance.exports(store)[export](store) == expected
