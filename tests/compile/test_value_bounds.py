"""Integer results whose operands are known to be small need no mask: the compiled
code leaves it out, and keeps it wherever control flow or arithmetic could take
the value out of range."""

import pytest

from wasmlite.binary.decoder import decode_module
from wasmlite.compile.python.module import CompiledModule
from wasmlite.text import wat2wasm

M32 = 0xFFFFFFFF
SAMPLES = [0, 1, 2, 0x3F, 0x40, 0xFF, 0x100, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, M32]


def source_of(wat: str, index: int = 0) -> str:
    return CompiledModule(decode_module(wat2wasm(wat))).source(index)


def test_sum_of_small_local_and_constant_is_not_masked():
    src = source_of("""(module (func (param i32) (result i32) (local i32)
        (local.set 1 (i32.and (local.get 0) (i32.const 63)))
        (i32.shr_u (i32.add (local.get 1) (i32.const 0xffe6)) (i32.const 8))))""")
    assert "0xffffffff" not in src


def test_narrow_store_of_small_value_is_not_masked():
    src = source_of("""(module (memory 1) (func (param i32) (local i32)
        (local.set 1 (i32.and (local.get 0) (i32.const 63)))
        (i32.store8 (i32.const 0) (i32.add (local.get 1) (i32.const 65)))))""")
    assert "& 0xff" not in src.replace("& 0xffffffff", "")


def test_narrow_stores_keep_the_low_bits(instance):
    inst = instance("""(module (memory 1)
      (func (export "f") (param i32) (result i64)
        (i32.store8 (i32.const 0) (i32.add (i32.and (local.get 0) (i32.const 0xff))
                                           (i32.const 0xff)))
        (i32.store16 (i32.const 2) (i32.shl (i32.and (local.get 0) (i32.const 0xff))
                                            (i32.const 4)))
        (i64.store32 (i32.const 4) (i64.add (i64.extend_i32_u (local.get 0))
                                            (i64.const 0xffffffff)))
        (i64.load (i32.const 0))))""")
    for x in SAMPLES:
        b = x & 0xFF
        expect = ((b + 0xFF) & 0xFF) | ((b << 4) & 0xFFFF) << 16 | ((x + M32) & M32) << 32
        assert inst.exports["f"].call(x) == expect


def test_sum_that_can_overflow_is_masked():
    src = source_of("""(module (func (param i32) (result i32) (local i32)
        (local.set 1 (i32.and (local.get 0) (i32.const 63)))
        (i32.add (local.get 1) (i32.const 0xffffffe6))))""")
    assert "0xffffffff" in src


def test_bound_is_forgotten_at_loop_header(instance):
    # l1 is small when the loop is entered, but the back edge brings a large value.
    inst = instance("""(module (func (export "f") (param i32) (result i32) (local i32 i32 i32)
        (local.set 1 (i32.and (local.get 0) (i32.const 1)))
        (loop $top
          (local.set 3 (i32.add (local.get 3) (i32.shr_u (local.get 1) (i32.const 28))))
          (local.set 1 (i32.add (local.get 1) (i32.const 0x7fffffff)))
          (local.set 2 (i32.add (local.get 2) (i32.const 1)))
          (br_if $top (i32.lt_u (local.get 2) (i32.const 4))))
        (local.get 3)))""")
    for x in SAMPLES:
        one, total = x & 1, 0
        for _ in range(4):
            total += one >> 28
            one = (one + 0x7FFFFFFF) & M32
        assert inst.exports["f"].call(x) == total


def test_bound_is_forgotten_at_block_end(instance):
    # the branch leaves with the large value, the fall-through with a small one.
    inst = instance("""(module (func (export "f") (param i32) (result i32) (local i32)
        (local.set 1 (local.get 0))
        (block $out
          (br_if $out (i32.gt_u (local.get 0) (i32.const 0xff)))
          (local.set 1 (i32.and (local.get 0) (i32.const 0xf))))
        (i32.add (local.get 1) (i32.const 0xffffff00))))""")
    for x in SAMPLES:
        expect = (x if x > 0xFF else x & 0xF) + 0xFFFFFF00
        assert inst.exports["f"].call(x) == expect & M32


def test_bound_is_forgotten_at_else(instance):
    inst = instance("""(module (func (export "f") (param i32 i32) (result i32) (local i32)
        (local.set 2 (local.get 1))
        (if (local.get 0)
          (then (local.set 2 (i32.and (local.get 1) (i32.const 3))))
          (else (local.set 2 (i32.add (local.get 2) (i32.const 0xfffffff0)))))
        (i32.shr_u (local.get 2) (i32.const 4))))""")
    for c in (0, 1):
        for x in SAMPLES:
            two = x & 3 if c else (x + 0xFFFFFFF0) & M32
            assert inst.exports["f"].call(c, x) == two >> 4


@pytest.mark.parametrize("expr, reference", [
    ("(i32.shl (i32.and (local.get 0) (i32.const 0xffff)) (i32.const 20))",
     lambda x: ((x & 0xFFFF) << 20) & M32),
    ("(i32.mul (i32.and (local.get 0) (i32.const 0xffff)) (i32.const 0x20001))",
     lambda x: ((x & 0xFFFF) * 0x20001) & M32),
    ("(i32.add (i32.load8_u (i32.const 0)) (i32.const 0xffffff01))",
     lambda x: (0xAB + 0xFFFFFF01) & M32),
    ("(i32.add (i32.load16_u (i32.const 0)) (i32.const 0xffff1000))",
     lambda x: (0xCDAB + 0xFFFF1000) & M32),
    ("(i32.xor (i32.add (i32.and (local.get 0) (i32.const 0xff)) (i32.const 0xffffff80)) "
     "(i32.const 0xffffffff))",
     lambda x: (((x & 0xFF) + 0xFFFFFF80) & M32) ^ M32),
    ("(i32.add (i32.div_u (local.get 0) (i32.const 6)) (i32.const 0xd5555556))",
     lambda x: (x // 6 + 0xD5555556) & M32),
    ("(i32.add (i32.rem_u (local.get 0) (i32.const 1000)) (i32.const 0xfffffc19))",
     lambda x: (x % 1000 + 0xFFFFFC19) & M32),
    ("(i32.add (i32.shr_u (local.get 0) (i32.const 4)) (i32.const 0xf0000000))",
     lambda x: ((x >> 4) + 0xF0000000) & M32),
    ("(i32.add (i32.clz (local.get 0)) (i32.const 0xffffffe0))",
     lambda x: (32 - x.bit_length() + 0xFFFFFFE0) & M32),
    ("(i32.add (select (i32.const 7) (i32.and (local.get 0) (i32.const 0xf)) (local.get 0)) "
     "(i32.const 0xfffffff8))",
     lambda x: ((7 if x else 0) + 0xFFFFFFF8) & M32),
    ("(i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.const 0xffffffff)))",
     lambda x: (x + M32) & M32),
])
def test_results_near_the_type_limit_wrap(instance, expr, reference):
    inst = instance(f"""(module (memory 1) (data (i32.const 0) "\\ab\\cd")
        (func (export "f") (param i32) (result i32) {expr}))""")
    for x in SAMPLES:
        assert inst.exports["f"].call(x) == reference(x), hex(x)


def test_i64_sum_of_small_values_wraps_only_when_it_must(instance):
    inst = instance("""(module (func (export "f") (param i64) (result i64) (local i64)
        (local.set 1 (i64.and (local.get 0) (i64.const 0xffffffff)))
        (i64.add (i64.mul (local.get 1) (local.get 1)) (i64.const 0xfffffffe00000002))))""")
    for x in (0, 1, 2, 0xFFFFFFFF, 0x1_0000_0000, 0xFFFFFFFFFFFFFFFF):
        y = x & 0xFFFFFFFF
        assert inst.exports["f"].call(x) == (y * y + 0xFFFFFFFE00000002) & 0xFFFFFFFFFFFFFFFF
