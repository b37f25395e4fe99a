"""SIMD (v128) on the native tier gives, bit for bit, what the portable tier gives:
every SIMD instruction over operands built from lane values at the edges
(extreme integers, zeros, infinities, quiet and signalling NaNs with payloads)
and random bits, loads and stores of every kind (traps included), and v128
values crossing every boundary (exports, host functions, globals, several
results, tables, tail calls, control merges)."""

from __future__ import annotations

import random
import struct

import pytest

pytest.importorskip("llvmlite", reason="the native tier needs llvmlite (pip install 'wasmlite[native]')")

from hypothesis import given, settings, strategies as st  # noqa: E402

import wasmlite  # noqa: E402
from wasmlite.opcodes import OPS, is_simd_numeric  # noqa: E402
from wasmlite.runtime.floats import f32_from_bits, f64_from_bits  # noqa: E402

from .conftest import engine, is_native, memory_digest, outcome  # noqa: E402

from wasmlite.compile.llvm.simd import NATIVE  # noqa: E402

_F32_BITS = [0x00000000, 0x80000000, 0x3F800000, 0xBFC00000, 0x7F800000, 0xFF800000,
             0x7FC00000, 0xFFC00000, 0x7FA00001, 0xFF812345, 0x7F7FFFFF, 0x00000001,
             0x4F000000, 0xCF000000, 0x4F800000, 0x5F000000, 0xDF000001, 0x3F000000,
             0x40200000, 0x3FC00000, 0xBF000000, 0x00800000, 0x807FFFFF]
_F64_BITS = [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xC004000000000000,
             0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000,
             0x7FF4000000000001, 0xFFF0000012345678, 0x7FEFFFFFFFFFFFFF, 0x0000000000000001,
             0x41E0000000000000, 0xC1E0000000200000, 0x41F0000000000000, 0x43E0000000000000,
             0xC3E0000000000000, 0x3FE0000000000000, 0x4004000000000000, 0x3FF8000000000001]
_INT_EDGES = {8: [0, 1, 0x7F, 0x80, 0xFF, 0x81, 0x0F, 0x10],
              16: [0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x8001, 0x4000, 0x00FF],
              32: [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x80000001, 0x0000FFFF],
              64: [0, 1, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF,
                   0xFFFFFFFF, 0x80000000]}


def _from_lanes(width: int, lanes) -> int:
    v = 0
    for i, x in enumerate(lanes):
        v |= x << (i * width)
    return v


def _v128_values(n: int, seed: int) -> list[int]:
    """``n`` v128 values: lanes of one width picked from its edges, from the
    float edges, or random bits."""
    rng = random.Random(seed)
    values = [0, (1 << 128) - 1]
    while len(values) < n:
        kind = rng.randrange(5)
        if kind == 0:
            width = rng.choice((8, 16, 32, 64))
            values.append(_from_lanes(width, [rng.choice(_INT_EDGES[width])
                                              for _ in range(128 // width)]))
        elif kind == 1:
            values.append(_from_lanes(32, [rng.choice(_F32_BITS) for _ in range(4)]))
        elif kind == 2:
            values.append(_from_lanes(64, [rng.choice(_F64_BITS) for _ in range(2)]))
        else:
            values.append(rng.getrandbits(128))
    return values


_SCALARS = {
    "i32": [0, 1, 7, 8, 15, 16, 31, 33, 63, 64, 65, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF],
    "i64": [0, 1, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0x123456789A],
    "f32": [f32_from_bits(b) for b in _F32_BITS],
    "f64": [f64_from_bits(b) for b in _F64_BITS],
}

_LANES = {"i8x16": 16, "i16x8": 8, "i32x4": 4, "i64x2": 2, "f32x4": 4, "f64x2": 2}
_SHUFFLES = [tuple(range(16)), (31, 0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14),
             (5,) * 16, (16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)]


def _exports() -> list[tuple[str, object, str]]:
    """(export name, instruction row, instruction text with immediates) for every
    SIMD numeric instruction, lane instructions at their first and last lane."""
    found = []
    for op in OPS:
        if not is_simd_numeric(op):
            continue
        if op.imm == ("lane",):
            last = _LANES[op.name.partition(".")[0]] - 1
            for lane in (0, last):
                found.append((f"{op.name} {lane}", op, f"{op.name} {lane}"))
        elif op.imm == ("shuffle",):
            for k, lanes in enumerate(_SHUFFLES):
                found.append((f"{op.name} {k}", op, f"{op.name} {' '.join(map(str, lanes))}"))
        else:
            found.append((op.name, op, op.name))
    return found


EXPORTS = _exports()


def _module(exports) -> str:
    funcs = []
    for name, op, text in exports:
        params = " ".join(op.params)
        gets = " ".join(f"(local.get {i})" for i in range(len(op.params)))
        funcs.append(f'(func (export "{name}") (param {params}) (result {op.results[0]}) '
                     f"{gets} {text})")
    return "(module " + "\n".join(funcs) + ")"


_INSTANCES: dict[str, tuple] = {}


def _instance(tier: str):
    """The module of every SIMD instruction, instantiated once per tier."""
    if tier not in _INSTANCES:
        store = wasmlite.Store(engine(tier))
        module = wasmlite.Module(store.engine, _module(EXPORTS))
        assert is_native(module) == (tier == "native")
        _INSTANCES[tier] = (store, wasmlite.Instance(store, module, []).exports(store))
    return _INSTANCES[tier]


def _cases(op, rng: random.Random, values: list[int], n: int) -> list[tuple]:
    pools = [values if t == "v128" else _SCALARS[t] for t in op.params]
    return [tuple(rng.choice(pool) for pool in pools) for _ in range(n)]


def _compare(name: str, op, cases) -> None:
    results = {}
    for tier in ("native", "portable"):
        store, exports = _instance(tier)
        fn = exports[name]
        results[tier] = [outcome(lambda: fn(store, *args)) for args in cases]
    for args, native, portable in zip(cases, results["native"], results["portable"]):
        assert native == portable, (name, args)


@pytest.mark.parametrize("name, op", [(name, op) for name, op, _ in EXPORTS],
                         ids=[name for name, _, _ in EXPORTS])
def test_simd_instruction_matches_the_portable_tier(name: str, op) -> None:
    rng = random.Random(name)
    values = _v128_values(48, hash(name) & 0xFFFF)
    _compare(name, op, _cases(op, rng, values, 200))


def _float_values(shape: str, n: int, seed: int) -> list[int]:
    """``n`` v128 values of float lanes of ``shape`` picked from the edges (NaN payloads)."""
    rng = random.Random(seed)
    width, edges = (32, _F32_BITS) if shape == "f32x4" else (64, _F64_BITS)
    return [_from_lanes(width, [rng.choice(edges) for _ in range(128 // width)])
            for _ in range(n)]


_FLOAT_EXPORTS = [(name, op) for name, op, _ in EXPORTS
                  if any(shape in op.name for shape in ("f32x4", "f64x2"))]


@pytest.mark.parametrize("name, op", _FLOAT_EXPORTS, ids=[name for name, _ in _FLOAT_EXPORTS])
def test_float_lanes_match_the_portable_tier_nan_payloads_included(name: str, op) -> None:
    shape = "f32x4" if "f32x4" in op.name.split(".")[-1] or op.name.startswith("f32x4") \
        else "f64x2"
    if op.name.startswith(("f32x4.demote", "f64x2.promote")):
        shape = "f64x2" if "demote" in op.name else "f32x4"
    rng = random.Random(name)
    values = _float_values(shape, 64, len(name))
    _compare(name, op, _cases(op, rng, values, 300))


_VECTOR_IR = [(name, op) for name, op, _ in EXPORTS if op.name in NATIVE and
              all(t == "v128" for t in op.params)]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_VECTOR_IR), st.lists(st.integers(0, (1 << 128) - 1), min_size=3,
                                             max_size=3))
def test_vector_ir_matches_the_portable_tier_on_random_bits(chosen, bits) -> None:
    name, op = chosen
    _compare(name, op, [tuple(bits[:len(op.params)])])


def test_the_float_lane_choices_are_the_portable_tiers_own() -> None:
    """min/max (whose NaN lanes follow wasmtime's x86-64 sequences) and the relaxed
    instructions are computed by the portable tier's functions."""
    for stem in ("min", "max", "pmin", "pmax", "relaxed_madd", "relaxed_min"):
        assert f"f32x4.{stem}" not in NATIVE and f"f64x2.{stem}" not in NATIVE
    assert not any("relaxed" in name for name in NATIVE)


# --- memory --------------------------------------------------------------------------------

_MEMORY_OPS = {
    "v128.load": "(v128.load offset=3 (local.get 0))",
    "v128.store": "(v128.store offset=1 (local.get 0) (local.get 1))",
    "v128.load32_zero": "(v128.load32_zero offset=2 (local.get 0))",
    "v128.load64_zero": "(v128.load64_zero (local.get 0))",
}
for _bits in (8, 16, 32, 64):
    _MEMORY_OPS[f"v128.load{_bits}_splat"] = f"(v128.load{_bits}_splat offset=5 (local.get 0))"
    _MEMORY_OPS[f"v128.load{_bits}_lane"] = \
        f"(v128.load{_bits}_lane 1 (local.get 0) (local.get 1))"
    _MEMORY_OPS[f"v128.store{_bits}_lane"] = \
        f"(v128.store{_bits}_lane offset=7 {128 // _bits - 1} (local.get 0) (local.get 1))"
for _shape in ("8x8", "16x4", "32x2"):
    for _sign in "su":
        _MEMORY_OPS[f"v128.load{_shape}_{_sign}"] = \
            f"(v128.load{_shape}_{_sign} (local.get 0))"


def _memory_module() -> str:
    funcs = []
    for name, body in _MEMORY_OPS.items():
        if "store" in name:
            funcs.append(f'(func (export "{name}") (param i32 v128) {body})')
        elif "lane" in name:
            funcs.append(f'(func (export "{name}") (param i32 v128) (result v128) {body})')
        else:
            funcs.append(f'(func (export "{name}") (param i32) (result v128) {body})')
    data = bytes((7 + 37 * i) & 0xFF for i in range(136))
    escaped = "".join(f"\\{b:02x}" for b in data)
    return (f'(module (memory (export "mem") 1) (data (i32.const 65400) "{escaped}") '
            + "\n".join(funcs) + ")")


def test_simd_loads_and_stores_match_the_portable_tier() -> None:
    seen = {}
    addresses = [0, 1, 65400, 65500, 65519, 65520, 65521, 65528, 65529, 65532, 65535, 65536,
                 0xFFFFFFFF]
    values = _v128_values(4, 1)
    for tier in ("native", "portable"):
        store = wasmlite.Store(engine(tier))
        module = wasmlite.Module(store.engine, _memory_module())
        assert is_native(module) == (tier == "native")
        exports = wasmlite.Instance(store, module, []).exports(store)
        log = []
        for name in _MEMORY_OPS:
            fn = exports[name]
            for a in addresses:
                if "lane" in name or "store" in name:
                    for v in values:
                        log.append((name, a, outcome(lambda: fn(store, a, v))))
                else:
                    log.append((name, a, outcome(lambda: fn(store, a))))
            log.append(memory_digest(store, exports))
        seen[tier] = log
    assert seen["native"] == seen["portable"]


# --- values crossing boundaries ------------------------------------------------------------

BOUNDARIES = """
(module
  (type $vv (func (param v128 i32 v128) (result v128 i64 v128)))
  (import "host" "swap" (func $swap (type $vv)))
  (import "host" "one" (func $one (param v128) (result v128)))
  (global $g (export "g") (mut v128) (v128.const i64x2 0x1122334455667788 -1))
  (global $c v128 (v128.const i32x4 1 2 3 4))
  (table 2 funcref)
  (elem (i32.const 0) $local_swap $swap)
  (func $local_swap (type $vv)
    (local.get 2) (i64.extend_i32_u (local.get 1)) (local.get 0))
  (func (export "through_host") (param v128 v128) (result v128 i64 v128)
    (call $swap (call $one (local.get 0)) (i32.const 9) (local.get 1)))
  (func (export "indirect") (param v128 v128 i32) (result v128 i64 v128)
    (call_indirect (type $vv) (local.get 0) (i32.const 5) (local.get 1) (local.get 2)))
  (func (export "global_roundtrip") (param v128) (result v128)
    (global.get $g)
    (global.set $g (v128.xor (local.get 0) (global.get $c)))
    (v128.or (global.get $g)))
  (func (export "control") (param v128 v128 i32) (result v128)
    (local $acc v128)
    (local.set $acc (local.get 0))
    (i8x16.add
      (block $out (result v128)
        (local.get 0)
        (loop $l (param v128) (result v128)
          (local.set $acc (i32x4.add (local.get $acc)))
          (br_if $out (local.get $acc) (i32.eqz (local.get 2)))
          (drop)
          (local.set 2 (i32.sub (local.get 2) (i32.const 1)))
          (local.get 1)
          (br $l)))
      (select (local.get 1)
              (if (result v128) (local.get 2) (then (local.get 0)) (else (local.get 1)))
              (local.get 2))))
  (func $tail_target (param i32 v128 v128) (result v128)
    (if (result v128) (i32.eqz (local.get 0))
      (then (i8x16.sub (local.get 1) (local.get 2)))
      (else (return_call $tail_target (i32.sub (local.get 0) (i32.const 1))
                         (i16x8.add (local.get 1) (local.get 2)) (local.get 2)))))
  (func (export "tail") (param i32 v128 v128) (result v128)
    (return_call $tail_target (local.get 0) (local.get 1) (local.get 2))))
"""


def _boundary_runs(tier: str) -> list:
    store = wasmlite.Store(engine(tier))
    module = wasmlite.Module(store.engine, BOUNDARIES)
    assert is_native(module) == (tier == "native")
    vv = wasmlite.FuncType([wasmlite.ValType.v128(), wasmlite.ValType.i32(),
                            wasmlite.ValType.v128()],
                           [wasmlite.ValType.v128(), wasmlite.ValType.i64(),
                            wasmlite.ValType.v128()])
    one_type = wasmlite.FuncType([wasmlite.ValType.v128()], [wasmlite.ValType.v128()])
    seen_by_host = []

    def swap(a, n, b):
        seen_by_host.append((a, n, b))
        return b, n * 3, a

    def one(a):
        seen_by_host.append(a)
        return a ^ (1 << 127) ^ 0xFF

    imports = [wasmlite.Func(store, vv, swap), wasmlite.Func(store, one_type, one)]
    exports = wasmlite.Instance(store, module, imports).exports(store)
    log = []
    values = _v128_values(6, 7)
    for a, b in zip(values, reversed(values)):
        log.append(outcome(lambda: exports["through_host"](store, a, b)))
        for i in (0, 1, 2):
            log.append(outcome(lambda: exports["indirect"](store, a, b, i)))
        log.append(outcome(lambda: exports["global_roundtrip"](store, a)))
        log.append(exports["g"].value(store))
        exports["g"].set_value(store, b)
        log.append(outcome(lambda: exports["global_roundtrip"](store, a)))
        for n in (0, 3):
            log.append(outcome(lambda: exports["control"](store, a, b, n)))
            log.append(outcome(lambda: exports["tail"](store, n, a, b)))
    log.append(seen_by_host)
    return log


def test_v128_values_cross_every_boundary_as_on_the_portable_tier() -> None:
    native = _boundary_runs("native")
    assert native == _boundary_runs("portable")
    assert any(isinstance(entry, tuple) and entry[0] == "ok" and isinstance(entry[1], int)
               and entry[1] >> 64 for entry in native)
