"""wasmlite.component against wasmtime-py's wasmtime.component: the same
components, the same calls, compared call by call.

Each case is a component (text) with host functions for its imports and a
list of calls; both runtimes instantiate it in a fresh store and make the
calls in order. Every call's outcome (its value, or the class of the error
it raised) must be the same; trap messages are compared too.
:func:`test_summary` prints the figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest

wasmtime = pytest.importorskip("wasmtime")
wasmtime_component = pytest.importorskip("wasmtime.component")

import wasmlite  # noqa: E402
import wasmlite.component  # noqa: E402

from .components import echo_component as _echo, echo_memory_component as _echo_memory  # noqa: E402


TRAPS = """
(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "unreachable") unreachable)
    (func (export "char") (result i32) i32.const 0xd800)
    (func (export "disc") (result i32) i32.const 7)
    (func (export "bool") (result i32) i32.const 2)
    (func (export "str") (result i32)
      (i32.store (i32.const 0) (i32.const 65530))
      (i32.store (i32.const 4) (i32.const 100))
      i32.const 0)
    (func (export "utf8") (result i32)
      (i32.store (i32.const 0) (i32.const 8))
      (i32.store (i32.const 4) (i32.const 1))
      (i32.store8 (i32.const 8) (i32.const 0xff))
      i32.const 0)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
  (core instance $i (instantiate $m))
  (type $e' (enum "a" "b"))
  (export $e "e" (type $e'))
  (func (export "unreachable") (canon lift (core func $i "unreachable")))
  (func (export "char") (result char) (canon lift (core func $i "char")))
  (func (export "disc") (result $e) (canon lift (core func $i "disc")))
  (func (export "bool") (result bool) (canon lift (core func $i "bool")))
  (func (export "str") (result string) (canon lift (core func $i "str")
                                          (memory (core memory $i "mem"))))
  (func (export "utf8") (result string) (canon lift (core func $i "utf8")
                                           (memory (core memory $i "mem"))))
  (func (export "add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add"))))
"""

RESOURCES = """
(component
  (type $r' (resource (rep i32)))
  (export $r "r" (type $r'))
  (core func $new (canon resource.new $r))
  (core func $rep (canon resource.rep $r))
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (import "" "rep" (func $rep (param i32) (result i32)))
    (func (export "make") (param i32) (result i32) local.get 0 call $new)
    (func (export "peek") (param i32) (result i32) local.get 0 call $rep)
    (func (export "take") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m (with "" (instance (export "new" (func $new))
                                                        (export "rep" (func $rep))))))
  (func (export "make") (param "x" u32) (result (own $r)) (canon lift (core func $i "make")))
  (func (export "peek") (param "x" (borrow $r)) (result u32) (canon lift (core func $i "peek")))
  (func (export "take") (param "x" (own $r)) (result u32) (canon lift (core func $i "take"))))
"""


@dataclass
class Case:
    """A component, its host functions (by import name) and its calls; a call is
    ``(export, args)`` or a function of (component module, store, instance)."""

    name: str
    wat: str
    calls: list[Any]
    host: dict[str, Callable[..., Any]] = field(default_factory=dict)


def _identity(_store: Any, x: Any) -> Any:
    return x


def _echo_case(name: str, ty: str, core: str, values: list[Any], memory: bool = False) -> Case:
    wat = _echo_memory(ty, core) if memory else _echo(ty, core)
    return Case(name, wat, [("f", (v,)) for v in values], {"h": _identity})


def _raises(_store: Any, x: Any) -> Any:
    raise RuntimeError("host says no")


def _resource_calls(m: Any, store: Any, inst: Any) -> list[Any]:
    make, peek, take = (inst.get_func(store, n) for n in ("make", "peek", "take"))
    r = make(store, 7)
    out = [type(r).__name__, r.owned, peek(store, r), take(store, r)]
    try:
        take(store, r)
    except Exception as e:
        out.append(type(e).__name__)
    try:
        r.drop(store)
    except Exception as e:
        out.append(type(e).__name__)
    r2 = make(store, 9)
    r2.drop(store)
    host = m.ResourceHost.own(3, 1)
    try:
        take(store, host)
    except Exception as e:
        out.append(type(e).__name__)
    return out


def _type_calls(m: Any, store: Any, inst: Any) -> list[Any]:
    f = inst.get_func(store, "add")
    ft = f.type(store)
    return [[(n, type(t).__name__) for n, t in ft.params], type(ft.result).__name__,
            inst.get_func(store, "nope") is None,
            inst.get_export_index(store, "add") is not None,
            inst.get_export_index(store, "nope") is None]


CASES = [
    _echo_case("bool", "bool", "i32", [True, False, 1, None]),
    _echo_case("u8", "u8", "i32", [0, 1, 255, 256, -1, "x", 1.5]),
    _echo_case("s8", "s8", "i32", [-128, 127, 128, -129]),
    _echo_case("u16", "u16", "i32", [0, 65535, 65536]),
    _echo_case("s16", "s16", "i32", [-32768, 32767, 40000]),
    _echo_case("u32", "u32", "i32", [0, 4294967295, 4294967296, -1]),
    _echo_case("s32", "s32", "i32", [-2147483648, 2147483647, 2147483648]),
    _echo_case("u64", "u64", "i64", [0, 2**64 - 1, 2**64, -1]),
    _echo_case("s64", "s64", "i64", [-2**63, 2**63 - 1, 2**63]),
    _echo_case("f32", "f32", "f32", [0.0, -0.0, 1.5, math.inf, math.nan, 1e40, 3]),
    _echo_case("f64", "f64", "f64", [0.0, -1.25, math.inf, math.nan, 1e300, 2]),
    _echo_case("char", "char", "i32", ["a", "\u2603", "\U0001F600", "ab", "", 65]),
    _echo_case("enum", '(enum "a" "b" "c")', "i32", ["a", "c", "d", 1]),
    _echo_case("flags", '(flags "a" "b" "c")', "i32", [set(), {"a"}, {"a", "c"}, {"d"}, ["a"]]),
    _echo_case("unit-variant", '(variant (case "a") (case "b"))', "i32", []),
    _echo_case("string", "string", "i32 i32",
               ["", "hello", "\u00e9t\u00e9 \u2603 \U0001F600", "x" * 1000, 5, b"x"], True),
    _echo_case("list-u8", "(list u8)", "i32 i32", [b"", b"abc", bytes(range(256)), "abc"], True),
    _echo_case("list-u32", "(list u32)", "i32 i32", [[], [1, 2, 3], [2**32], (1, 2)], True),
    _echo_case("list-string", "(list string)", "i32 i32", [[], ["a", "bc"]], True),
    _echo_case("tuple", "(tuple u32 bool)", "i32 i32", [(1, True), (0, False), (1,), [1, True]],
               True),
    _echo_case("option", "(option u32)", "i32 i32", [None, 0, 42], True),
    _echo_case("option-option", "(option (option u32))", "i32 i32 i32", [None], True),
    _echo_case("result", "(result u32 (error string))", "i32 i32 i32", [5], True),
    _echo_case("result-empty", "(result)", "i32", []),
    _echo_case("variant", '(variant (case "a" u32) (case "b" string))', "i32 i32 i32",
               [1, "x", 2.5], True),
    Case("host-exception", _echo("u32", "i32"), [("f", (1,)), ("f", (2,))], {"h": _raises}),
    Case("traps", TRAPS, [("add", (1, 2)), ("add", (1,)), ("add", (1, 2, 3)), ("char", ()),
                          ("disc", ()), ("bool", ()), ("str", ()), ("utf8", ()),
                          ("unreachable", ()), ("add", (1, 2))]),
    Case("resources", RESOURCES, [_resource_calls]),
    Case("types", TRAPS, [_type_calls]),
]


def _normal(x: Any) -> Any:
    """A value comparable across the two runtimes."""
    if isinstance(x, float):
        return ("nan",) if math.isnan(x) else ("float", x, math.copysign(1, x))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [_normal(y) for y in x])
    if isinstance(x, set):
        return ("set", sorted(x))
    if type(x).__name__ == "Variant":
        return ("variant", x.tag, _normal(x.payload))
    if type(x).__name__ == "Record":
        return ("record", sorted((k, _normal(v)) for k, v in vars(x).items()))
    return x


def _outcome(m: Any, store: Any, inst: Any, call: Any) -> Any:
    try:
        if callable(call):
            return ("ok", _normal(call(m, store, inst)))
        name, args = call
        return ("ok", _normal(inst.get_func(store, name)(store, *args)))
    except Exception as e:
        kind = "WasmtimeError" if isinstance(e, (wasmtime.WasmtimeError,
                                                 wasmlite.WasmtimeError)) else type(e).__name__
        return ("error", kind, str(e).strip())


def run_case(api: Any, case: Case) -> list[Any]:
    """The outcomes of ``case``'s calls under ``api`` (wasmtime or wasmlite)."""
    m = api.component
    engine = api.Engine()
    store = api.Store(engine)
    try:
        component = m.Component(engine, case.wat)
        linker = m.Linker(engine)
        with linker.root() as root:
            for name, fn in case.host.items():
                root.add_func(name, fn)
        inst = linker.instantiate(store, component)
    except Exception as e:
        return [("load error", type(e).__name__, str(e))]
    return [_outcome(m, store, inst, call) for call in case.calls]


FIGURES = {"calls": 0, "same outcome": 0, "same message": 0}


def _same(a: Any, b: Any) -> bool:
    return a[:2] == b[:2] if a[0] == "error" else a == b


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_same_outcomes(case: Case) -> None:
    import wasmtime.component  # noqa: F401
    theirs = run_case(wasmtime, case)
    ours = run_case(wasmlite, case)
    assert len(theirs) == len(ours)
    for call, a, b in zip(case.calls, theirs, ours):
        FIGURES["calls"] += 1
        if _same(a, b):
            FIGURES["same outcome"] += 1
        if a == b:
            FIGURES["same message"] += 1
    differing = [(c, a, b) for c, a, b in zip(case.calls, theirs, ours) if not _same(a, b)]
    assert not differing, "\n".join(f"{c}: wasmtime {a}, wasmlite {b}" for c, a, b in differing)


def test_summary(capsys: Any) -> None:
    with capsys.disabled():
        print(f"\ndifferential: {FIGURES}")


TRAPPING = """(component
  (core module $m
    (func $inner (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func (export "f") (param i32) (result i32) (call $inner (local.get 0))))
  (core instance $i (instantiate $m))
  (func (export "f") (param "x" u32) (result u32) (canon lift (core func $i "f"))))"""


def test_backtrace_offsets_count_from_the_component() -> None:
    """A trap in a core module of a component names the trapping instruction and
    the call at their offsets in the component's bytes, as wasmtime does."""
    messages = []
    for api in (wasmtime, wasmlite):
        engine = api.Engine()
        store = api.Store(engine)
        component = api.component.Component(engine, TRAPPING)
        func = api.component.Linker(engine).instantiate(store, component).get_func(store, "f")
        with pytest.raises(api.WasmtimeError) as raised:
            func(store, 0)
        messages.append(str(raised.value))
    assert messages[1] == messages[0]
    assert "0x2f - m!inner" in messages[1]
