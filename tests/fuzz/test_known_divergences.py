"""Minimal reproducers of divergences the fuzzers found, each run in both engines.

Fixed ones stay as regression tests. Open ones are ``xfail(strict=True)`` with
the reason: they start failing the suite (XPASS) once fixed, and then lose the
mark.
"""

import struct

import pytest

from .tools import differential_problem

problem = differential_problem()
if problem:
    pytest.skip(problem, allow_module_level=True)

import wasmtime  # noqa: E402

import wasmlite  # noqa: E402

from . import differential, isolate  # noqa: E402

OPEN = "open divergence found by tests/fuzz"


def both(wat_or_bytes, export, *args):
    """``export(*args)`` of the module in each engine (all proposals on, fuel), as
    ``(wasmtime's, wasmlite's)`` observations: the result or trap, then the exported globals."""
    seen = []
    for api in (wasmtime, wasmlite):
        eng = differential.engine(api)
        store = api.Store(eng)
        store.set_fuel(10**6)
        instance = api.Instance(store, api.Module(eng, wat_or_bytes), [])
        exports = instance.exports(store)
        outcome = differential._outcome(api, lambda: exports[export](store, *args))
        globals_ = [(e.name, differential._value(exports[e.name].value(store)))
                    for e in api.Module(eng, wat_or_bytes).exports if isinstance(exports[e.name], api.Global)]
        seen.append((outcome, globals_))
    return seen


# --- fixed: the defects that compiled C found ----------------------------------------------

BR_CARRYING_A_CALL = """(module
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (func $count (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1))) (global.get $calls))
  (func (export "br") (result i32) (block $b (result i32) (br $b (call $count))))
  (func (export "br_if") (param i32) (result i32)
    (block $b (result i32) (drop (br_if $b (call $count) (local.get 0))) (i32.const -1)))
  (func (export "br_table") (param i32) (result i32)
    (block $a (result i32) (block $b (result i32) (br_table $a $b (call $count) (local.get 0))))))"""


@pytest.mark.parametrize("export, args", [("br", ()), ("br_if", (1,)), ("br_if", (0,)),
                                          ("br_table", (0,)), ("br_table", (1,))])
def test_value_carried_by_a_branch_is_evaluated_once(export, args):
    expected, actual = both(BR_CARRYING_A_CALL, export, *args)
    assert actual == expected
    assert dict(actual[1])["calls"] == 1


LOAD_AFTER_GROW = """(module (memory 1)
  (func (export "f") (result i32)
    (i32.store (i32.const 65532) (i32.const 0x01020304))
    (i32.load (i32.add (i32.const 65536) (i32.mul (i32.const 0) (memory.grow (i32.const 1)))))))"""


def test_load_whose_address_grows_memory_reads_the_grown_memory():
    expected, actual = both(LOAD_AFTER_GROW, "f")
    assert expected[0] == ("ok", 0)
    assert actual == expected


# --- open ------------------------------------------------------------------------------------

SIGNALING_NAN_F32 = """(module
  (global (export "g") f32 (f32.const nan:0x200000))
  (func (export "f") (result f32) (f32.const nan:0x200000)))"""


@pytest.mark.parametrize("export", ["f", "g"])
def test_f32_signaling_nan_keeps_its_bits_where_wasmtime_py_quiets_it(export):
    """A deliberate difference: wasmtime-py widens f32 values to Python floats
    with a C cast, which sets the quiet bit of a signalling NaN; wasmlite hands
    over the exact value (the spec tests check those bits). The fuzzers compare
    NaNs up to that bit (``differential._value``)."""
    seen = []
    for api in (wasmtime, wasmlite):
        store = api.Store()
        exports = api.Instance(store, api.Module(store.engine, SIGNALING_NAN_F32), []).exports(store)
        value = exports["f"](store) if export == "f" else exports["g"].value(store)
        seen.append(struct.unpack("<Q", struct.pack("<d", value))[0])
    quiet_bit = 1 << 51
    assert seen[1] & quiet_bit == 0
    assert seen[1] | quiet_bit == seen[0]
    assert differential._value(struct.unpack("<d", struct.pack("<Q", seen[1]))[0]) \
        == differential._value(struct.unpack("<d", struct.pack("<Q", seen[0]))[0])


LEGACY_TRY = bytes.fromhex("0061736d01000000010401600000030201000a0701050006400b0b")
"""(module (func try end)): the legacy exception-handling ``try``."""


def test_legacy_try_is_rejected_as_by_wasmtime():
    judged = []
    for api in (wasmtime, wasmlite):
        try:
            api.Module.validate(differential.engine(api), LEGACY_TRY)
            judged.append("accepted")
        except api.WasmtimeError:
            judged.append("rejected")
    assert judged == ["rejected", "rejected"]


@pytest.mark.parametrize("text", ["", "  \n", ";; a comment", "(; a block comment ;)",
                                  ";; (@custom \"x\" \"y\")", "(@custom \"x\" \"y\")",
                                  "(@unknown annotation)"])
def test_text_without_module_fields_is_judged_as_by_wasmtime(text):
    """Blank text is no module (mutate seeds 7019596, 7026124); annotations alone are one."""
    judged = []
    for api in (wasmtime, wasmlite):
        try:
            api.wat2wasm(text)
            judged.append("accepted")
        except api.WasmtimeError as e:
            judged.append("rejected: " + ("no module field" if "at least one module field" in str(e)
                                          else str(e)))
    assert judged[1] == judged[0]


TABLE_GROW = """(module (table 0 funcref)
  (func (export "grow") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0))))"""


def test_table_growth_past_the_limit_fails_without_taking_the_host_down():
    """Deliberate difference (smith seed 13002320): wasmlite's tables are Python
    lists, allocated in full, so growth past ``runtime.table.MAX_ELEMENTS`` fails
    with -1, as the spec allows; wasmtime reserves the space lazily, grows a
    table by 2**31 elements, and stops with an out-of-memory error at 2**32 - 1
    (which the smith fuzzer counts as a host limit, not a divergence)."""
    from wasmlite.runtime.table import MAX_ELEMENTS
    store = wasmlite.Store()
    grow = wasmlite.Instance(store, wasmlite.Module(store.engine, TABLE_GROW), []).exports(store)["grow"]
    assert [grow(store, n) for n in (2**32 - 1, 2**31, MAX_ELEMENTS + 1, 3)] == [-1, -1, -1, 0]
    reference = wasmtime.Store()
    grow = wasmtime.Instance(reference, wasmtime.Module(reference.engine, TABLE_GROW),
                             []).exports(reference)["grow"]
    with pytest.raises(wasmtime.WasmtimeError, match="out of memory"):
        grow(reference, 2**32 - 1)
    with pytest.raises(wasmlite.WasmtimeError, match="exceeds wasmlite's limit"):
        wasmlite.Instance(store, wasmlite.Module(store.engine, f"(module (table {MAX_ELEMENTS + 1} funcref))"), [])


def test_a_64_bit_memory_past_its_reservation_fails_to_grow():
    """Deliberate difference (smith seed 13004298, memory64): a 64-bit memory
    without a maximum has ``RESERVE_MEMORY64`` bytes of address space reserved,
    and its base address never moves, so growth past that gives -1, as the spec
    allows; wasmtime moves the memory and grows on. The smith fuzzer stops
    comparing where wasmtime's memory passes that size."""
    from wasmlite.runtime.memory import RESERVE_MEMORY64
    pages = RESERVE_MEMORY64 >> 16
    text = """(module (memory i64 0)
      (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))"""
    store = wasmlite.Store()
    grow = wasmlite.Instance(store, wasmlite.Module(store.engine, text), []).exports(store)["grow"]
    assert [grow(store, pages + 1), grow(store, pages), grow(store, 1)] == [-1, 0, -1]


NULL_AGGREGATES = """(module (type $a (array (mut i64))) (type $s (struct (field i32)))
  (func (export "array.len") (result i32) (array.len (ref.null array)))
  (func (export "struct.get") (result i32) (struct.get $s 0 (ref.null $s)))
  (func (export "array.get") (result i64) (array.get $a (ref.null $a) (i32.const 0))))"""


@pytest.mark.parametrize("export", ["array.len", "struct.get", "array.get"])
def test_null_aggregate_trap_message(export):
    expected, actual = both(NULL_AGGREGATES, export)
    assert expected[0] == ("trap", "NULL_REFERENCE", "null reference")
    assert actual == expected


NULL_CALL_REF = """(module (type $t (func))
  (func (export "call_ref") (call_ref $t (ref.null $t)))
  (func (export "return_call_ref") (return_call_ref $t (ref.null $t))))"""


@pytest.mark.parametrize("export", ["call_ref", "return_call_ref"])
def test_null_call_ref_trap_message(export):
    expected, actual = both(NULL_CALL_REF, export)
    assert expected[0] == ("trap", "NULL_REFERENCE", "null reference")
    assert actual == expected


HUGE_ARRAY = """(module (type $a (array (mut i64)))
  (func (export "f") (result i32) (array.len (array.new_default $a (i32.const 0x7fffffff)))))"""


def _huge_array(api):
    eng = differential.engine(api)
    store = api.Store(eng)
    store.set_fuel(10**6)
    exports = api.Instance(store, api.Module(eng, HUGE_ARRAY), []).exports(store)
    return differential._outcome(api, lambda: exports["f"](store))


def test_too_large_array_traps():
    reference = _huge_array(wasmtime)
    assert reference == ("trap", "ALLOCATION_TOO_LARGE", "allocation size too large")
    got = isolate.run(_huge_array, wasmlite, timeout=20, max_rss=256 << 20)
    assert (got.status, got.value) == ("ok", reference)


FUEL_BODIES = [
    "", "return", "nop nop", "i32.const 0 drop", "call $g", "call $returns", "unreachable",
    "(if (i32.const 1) (then nop) (else nop))", "(if (i32.const 0) (then (drop (i32.const 1))))",
    "(if (i32.const 1) (then call $traps))", "(block (br_if 0 (i32.const 0)) (drop (i32.const 1)))",
    "(block (br_table 0 0 (i32.const 0)))", "(loop (br 1))", "(try_table (nop))",
    "(local i32) (loop $l (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))"
    " (i32.const 3))))",
    "(drop (select (i32.const 1) (i32.const 2) (i32.const 0)))",
    "(drop (i32.add (call $five) (call $divides_by_zero)))",
    "(drop (i32.load (i32.const 70000)))",
]
"""Function bodies whose fuel, charged as wasmtime charges it (entering a function
costs 1; what a stretch of straight-line code used is charged before control
leaves it, so not when it traps), must be the same."""


@pytest.mark.parametrize("body", FUEL_BODIES)
def test_fuel_consumed_as_in_wasmtime(body):
    wat = f"""(module (memory 1)
      (func $g) (func $returns return) (func $traps (if (i32.const 1) (then unreachable)))
      (func $five (result i32) (i32.const 5))
      (func $divides_by_zero (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
      (func (export "f") {body}))"""
    used = []
    for api in (wasmtime, wasmlite):
        config = api.Config()
        config.consume_fuel = True
        store = api.Store(api.Engine(config))
        store.set_fuel(10_000)
        try:
            api.Instance(store, api.Module(store.engine, wat), []).exports(store)["f"](store)
        except api.Trap:
            pass
        used.append(10_000 - store.get_fuel())
    assert used[1] == used[0]
