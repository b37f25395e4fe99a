"""Structured control flow compiled to Python statements."""

import pytest

from wasmlite.errors import NotSupportedError


def test_recursive_fibonacci(instance):
    inst = instance("""(module (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2))))))))""")
    assert [inst.exports["fib"].call(n) for n in range(10)] == [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]


def test_loop_with_exit_and_continue(instance):
    inst = instance("""(module (func (export "sum") (param $n i32) (result i64)
        (local $i i32) (local $acc i64)
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (local.get $acc)))""")
    assert inst.exports["sum"].call(100_000) == sum(range(100_000))


SWITCH = """(module (func (export "switch") (param i32) (result i32) (local $r i32)
    (block $exit (block $d (block $c (block $b (block $a
      (br_table $a $b $c $d (local.get 0)))
      (local.set $r (i32.const 10)) (br $exit))
      (local.set $r (i32.const 20)) (br $exit))
      (local.set $r (i32.const 30)))
      (local.set $r (i32.add (local.get $r) (i32.const 1))))
    (local.get $r)))"""


@pytest.mark.parametrize("index, expected", [(0, 10), (1, 20), (2, 31), (3, 1), (99, 1)])
def test_br_table_switch_with_fallthrough(instance, index, expected):
    assert instance(SWITCH).exports["switch"].call(index) == expected


def test_br_table_to_loop_and_block(instance):
    inst = instance("""(module (func (export "f") (param i32) (result i32) (local $n i32)
        (block $out (loop $again
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br_table $out $again (i32.ne (local.get 0) (i32.const 0)))))
        (local.get $n)))""")
    assert inst.exports["f"].call(5) == 5


def test_multi_value_blocks_and_results(instance):
    inst = instance("""(module (func (export "swap") (param i32 i64) (result i64 i32)
        (local.get 0) (local.get 1)
        (block $b (param i32 i64) (result i64 i32)
          (local.set 1) (local.set 0) (local.get 1) (local.get 0)
          (br_if $b (i32.eqz (local.get 0)))
          (drop) (drop) (i64.const 7) (i32.const 8))))""")
    assert inst.exports["swap"].call(0, 2) == (2, 0)
    assert inst.exports["swap"].call(1, 2) == (7, 8)


def test_branch_out_of_nested_loops(instance):
    inst = instance("""(module (func (export "find") (param $target i32) (result i32)
        (local $i i32) (local $j i32)
        (block $found
          (loop $outer
            (local.set $j (i32.const 0))
            (loop $inner
              (br_if $found (i32.eq (i32.add (i32.mul (local.get $i) (i32.const 10))
                                             (local.get $j)) (local.get $target)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $inner (i32.lt_u (local.get $j) (i32.const 10))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $outer (i32.lt_u (local.get $i) (i32.const 10))))
          (return (i32.const -1)))
        (i32.add (i32.mul (local.get $i) (i32.const 100)) (local.get $j))))""")
    assert inst.exports["find"].call(47) == 407
    assert inst.exports["find"].call(100) == 0xFFFFFFFF


def test_deeply_nested_blocks_with_br_table(instance):
    depth = 60
    blocks = "".join("(block " for _ in range(depth))
    body = "(br_table " + " ".join(str(i) for i in range(depth)) + " (local.get 0))"
    tails = "".join(f"(local.set 1 (i32.add (local.get 1) (i32.const {i}))))"
                    for i in range(depth))
    inst = instance(f"""(module (func (export "f") (param i32) (result i32) (local i32)
        {blocks}{body}{tails} (local.get 1)))""")
    # a branch to the end of the k-th block runs the tails of blocks k+1 .. depth-1
    assert inst.exports["f"].call(0) == sum(range(1, depth))
    assert inst.exports["f"].call(50) == sum(range(51, depth))
    assert inst.exports["f"].call(1000) == 0


def test_too_many_nested_loops_is_not_supported(instance):
    depth = 25
    loops = "".join(f"(loop $l{i} " for i in range(depth))
    inner = " ".join(f"(br_if $l{i} (local.get 0))" for i in range(depth))
    inst = instance(f"""(module (func (export "f") (param i32)
        {loops}{inner}{')' * depth}))""")
    with pytest.raises(NotSupportedError):
        inst.exports["f"].call(0)


def test_select_evaluates_both_operands(instance):
    inst = instance("""(module (global $g (mut i32) (i32.const 0))
        (func $bump (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1)))
          (global.get $g))
        (func (export "f") (param i32) (result i32)
          (drop (select (call $bump) (call $bump) (local.get 0)))
          (global.get $g)))""")
    assert inst.exports["f"].call(1) == 2


def test_effects_keep_their_order(instance):
    inst = instance("""(module (memory 1)
        (func (export "f") (result i32) (local $x i32)
          (i32.store (i32.const 0) (i32.const 5))
          (local.set $x (i32.load (i32.const 0)))
          (i32.store (i32.const 0) (i32.const 9))
          (i32.add (i32.load (i32.const 0)) (i32.mul (local.get $x) (i32.const 100)))))""")
    assert inst.exports["f"].call() == 509


@pytest.mark.parametrize("depth", [10, 120])
def test_deeply_nested_ifs(instance, depth):
    opens = "".join(f"(if (result i32) (i32.ge_u (local.get 0) (i32.const {i})) (then "
                    for i in range(depth))
    closes = "".join(f") (else (i32.const {i})))" for i in reversed(range(depth)))
    inst = instance(f"""(module (func (export "f") (param i32) (result i32)
        {opens}(i32.const {depth}){closes}))""")
    f = inst.exports["f"]
    for n in (0, 1, depth // 2, depth - 1, depth, depth + 5):
        assert f.call(n) == min(n + 1, depth)


def test_deeply_nested_ifs_without_else_and_branches(instance):
    depth = 100
    opens = "".join("(if (i32.and (local.get 0) (i32.const 1)) (then "
                    "(local.set 1 (i32.add (local.get 1) (i32.const 1))) "
                    "(br_if $out (i32.eq (local.get 1) (i32.const 70))) "
                    for _ in range(depth))
    inst = instance(f"""(module (func (export "f") (param i32) (result i32) (local i32)
        (block $out {opens}{"))" * depth}) (local.get 1)))""")
    assert inst.exports["f"].call(1) == 70
    assert inst.exports["f"].call(0) == 0


def test_operand_stored_inside_a_block_is_not_evaluated_again(instance):
    inst = instance("""(module (global $g (mut i32) (i32.const 0))
        (func $bump (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1)))
          (global.get $g))
        (func (export "f") (param i32) (result i32)
          (call $bump)
          (block (loop (if (local.get 0) (then))))
          (i32.add (global.get $g))))""")
    assert inst.exports["f"].call(1) == 2


def _switch_with_inner_exit() -> str:
    """br_table over 16 nested blocks t0..t15; a block $x sits between t7 and t8,
    and the case after t2 branches to it."""
    opens = ["(block $exit", *[f"(block $t{i}" for i in range(15, 7, -1)], "(block $x",
             *[f"(block $t{i}" for i in range(7, -1, -1)]]
    table = "(br_table " + " ".join(f"$t{i}" for i in range(16)) + " $exit (local.get 0))"
    tails = []
    for i in range(8):
        extra = " (br $x)" if i == 2 else ""
        tails.append(f") (local.set 1 (i32.add (local.get 1) (i32.const {1 << i}))){extra}")
    tails.append(") (local.set 1 (i32.add (local.get 1) (i32.const 1000)))")
    for i in range(8, 16):
        tails.append(f") (local.set 1 (i32.add (local.get 1) (i32.const {1 << i})))")
    tails.append(")")
    return f"""(module (func (export "f") (param i32) (result i32) (local i32)
        {" ".join(opens)} {table} {"".join(tails)} (local.get 1)))"""


def _switch_expected(k: int) -> int:
    if k >= 16:
        return 0
    if k <= 2:
        return sum(1 << i for i in range(k, 3)) + 1000 + sum(1 << i for i in range(8, 16))
    if k <= 7:
        return sum(1 << i for i in range(k, 8)) + 1000 + sum(1 << i for i in range(8, 16))
    return sum(1 << i for i in range(k, 16))


def test_wide_br_table_with_a_block_between_its_targets(instance):
    f = instance(_switch_with_inner_exit()).exports["f"]
    for k in range(18):
        assert f.call(k) == _switch_expected(k), k
