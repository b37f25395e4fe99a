"""Integer results whose operands are known to be small need no mask: the compiled
code leaves it out, and keeps it wherever control flow or arithmetic could take
the value out of range."""

import random

import pytest

import wasmlite
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


# --- random integer code, against wasmtime ---------------------------------------------

CONSTS32 = [0, 1, 2, 3, 7, 31, 63, 0xFF, 0x100, 0xFFFF, 0x7FFFFFFF, 0x80000000,
            0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFF00, 0xFFFF0000, 139968, 3877]
CONSTS64 = [0, 1, 63, 0xFF, 0xFFFFFFFF, 0x100000000, 0x7FFFFFFFFFFFFFFF,
            0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF00000000]
BIN = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_u", "shr_s", "rotl"]
CMP = ["eq", "ne", "lt_u", "lt_s", "gt_u", "ge_s", "le_u"]
I32_LOCALS = [0, 1, 3, 4, 5, 6]
I64_LOCALS = [2, 7, 8]


def const(rng, t):
    pool = CONSTS32 if t == "i32" else CONSTS64
    c = rng.choice(pool) if rng.random() < 0.8 else rng.getrandbits(32 if t == "i32" else 64)
    return f"({t}.const {c})"


def expr(rng, t, depth):
    if depth <= 0 or rng.random() < 0.2:
        r = rng.random()
        if r < 0.5:
            return f"(local.get {rng.choice(I32_LOCALS if t == 'i32' else I64_LOCALS)})"
        if r < 0.8:
            return const(rng, t)
        width = rng.choice(["8", "16"] + (["32"] if t == "i64" else []))
        sign = rng.choice(["_u", "_u", "_s"])
        return f"({t}.load{width}{sign} (i32.and {expr(rng, 'i32', 1)} (i32.const 0xfff)))"
    r = rng.random()
    if r < 0.55:
        op = rng.choice(BIN)
        return f"({t}.{op} {expr(rng, t, depth - 1)} {expr(rng, t, depth - 1)})"
    if r < 0.65:
        op = rng.choice(["rem_u", "div_u"])
        divisor = rng.choice([1, 3, 6, 10, 256, 139968])
        return f"({t}.{op} {expr(rng, t, depth - 1)} ({t}.const {divisor}))"
    if r < 0.72:
        mask = rng.choice([1, 3, 63, 0xFF, 0xFFFF, 0xFFFFFFFF])
        return f"({t}.and {expr(rng, t, depth - 1)} ({t}.const {mask}))"
    if r < 0.78:
        return f"({t}.{rng.choice(['clz', 'ctz', 'popcnt'])} {expr(rng, t, depth - 1)})"
    if r < 0.84:
        a, b, c = expr(rng, t, depth - 1), expr(rng, t, depth - 1), expr(rng, "i32", depth - 1)
        return f"(select {a} {b} {c})"
    if r < 0.92:
        if t == "i32":
            u = rng.choice(["i32", "i64"])
            return f"({u}.{rng.choice(CMP)} {expr(rng, u, depth - 1)} {expr(rng, u, depth - 1)})"
        return f"(i64.extend_i32_{rng.choice('us')} {expr(rng, 'i32', depth - 1)})"
    if t == "i32":
        return f"(i32.wrap_i64 {expr(rng, 'i64', depth - 1)})"
    return f"(i64.extend32_s {expr(rng, 'i64', depth - 1)})"


def statement(rng, depth):
    r = rng.random()
    x = rng.choice(I32_LOCALS[2:] + I64_LOCALS[1:])
    t = "i32" if x in I32_LOCALS else "i64"
    if r < 0.6 or depth <= 0:
        return f"(local.set {x} {expr(rng, t, 4)})"
    if r < 0.7:
        st, width = rng.choice([("i32", "8"), ("i32", "16"), ("i32", ""), ("i64", "8"),
                                ("i64", "16"), ("i64", "32"), ("i64", "")])
        address = f"(i32.and {expr(rng, 'i32', 1)} (i32.const 0xff8))"
        return f"({st}.store{width} {address} {expr(rng, st, 3)})"
    if r < 0.85:
        return (f"(if {expr(rng, 'i32', 2)} (then {block(rng, depth - 1)}) "
                f"(else {block(rng, depth - 1)}))")
    if r < 0.92:
        return (f"(block $b {statement(rng, depth - 1)} (br_if $b {expr(rng, 'i32', 2)}) "
                f"{block(rng, depth - 1)})")
    n = rng.randint(1, 4)
    c = 9 + depth          # a loop runs n times, with one counter local per nesting depth
    return (f"(local.set {c} (i32.const 0)) (loop $l {block(rng, depth - 1)} "
            f"(local.set {c} (i32.add (local.get {c}) (i32.const 1))) "
            f"(br_if $l (i32.lt_u (local.get {c}) (i32.const {n}))))")


def block(rng, depth):
    return " ".join(statement(rng, depth) for _ in range(rng.randint(1, 4)))


def random_function(seed: int) -> str:
    """A module exporting ``f``: random integer code over locals, memory, ``if``,
    ``block`` and counted loops; ``f`` returns a digest of its locals and memory."""
    rng = random.Random(seed)
    body = block(rng, 3) + " " + block(rng, 3)
    result = ("(i64.xor (i64.xor (i64.extend_i32_u (local.get 3)) "
              "(i64.shl (i64.extend_i32_u (local.get 4)) (i64.const 32))) "
              "(i64.xor (i64.xor (local.get 7) (local.get 8)) "
              "(i64.extend_i32_u (i32.xor (local.get 5) (local.get 6)))))")
    return f"""(module (memory 1) (data (i32.const 0) "\\01\\80\\ff\\7f\\fe\\00\\10\\c3\\aa\\55")
  (func (export "f") (param i32 i32 i64) (result i64 i64)
        (local i32 i32 i32 i32 i64 i64 i32 i32 i32 i32)
    {body}
    {result} (i64.load (i32.const 8))))"""

ARGS = [(0, 0, 0), (1, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF), (0x80000000, 0x7FFFFFFF, 1 << 63),
        (0xFF, 0x12345678, 0x0123456789ABCDEF), (139967, 3, 0xFFFFFFFF)]


def outcomes(api, wat: str) -> list:
    engine = api.Engine()
    store = api.Store(engine)
    f = api.Instance(store, api.Module(engine, wat), []).exports(store)["f"]
    seen = []
    for args in ARGS:
        try:
            seen.append(tuple(v & 0xFFFFFFFFFFFFFFFF for v in f(store, *args)))
        except api.Trap:
            seen.append("trap")
    return seen


@pytest.mark.parametrize("first", range(0, 300, 30))
def test_random_integer_code_matches_wasmtime(first):
    wasmtime = pytest.importorskip("wasmtime")
    for seed in range(first, first + 30):
        wat = random_function(seed)
        assert outcomes(wasmlite, wat) == outcomes(wasmtime, wat), wat
