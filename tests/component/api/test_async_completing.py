"""Async lifts and lowers whose calls complete without waiting: async exports
called from Python and from another component, task.return and its traps,
and what still needs calls to wait (not supported)."""

from __future__ import annotations

import pytest

from wasmlite import Engine, Store, WasmtimeError
from wasmlite.component import Component, Linker
from wasmlite.errors import NotSupportedError

NOT_SUPPORTED = "not supported: component-model async"

CALLEE = """
(component
  (core module $Mem
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "ret-u32" (func $ret-u32 (param i32)))
    (import "" "ret-u64" (func $ret-u64 (param i64)))
    (import "" "ret-str" (func $ret-str (param i32 i32)))
    (import "" "ret-wide" (func $ret-wide (param i32)))
    (data (i32.const 64) "hello")
    (func (export "add") (param i32 i32)
      (call $ret-u32 (i32.add (local.get 0) (local.get 1))))
    (func (export "twice") (param i32 i32)
      (call $ret-u32 (local.get 0))
      (call $ret-u32 (local.get 1)))
    (func (export "never") (param i32 i32))
    (func (export "wrong-type") (param i32 i32)
      (call $ret-u64 (i64.const 1)))
    (func (export "sync-returns") (param i32 i32) (result i32)
      (call $ret-u32 (local.get 0))
      (local.get 1))
    (func (export "greet") (call $ret-str (i32.const 64) (i32.const 5)))
    ;; 17 u32 parameters arrive in memory, at the pointer
    (func (export "sum17") (param $p i32)
      (local $i i32) (local $s i32)
      (loop $l
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 17))))
      (call $ret-u32 (local.get $s)))
    ;; a result of 17 u32s goes to task.return through memory
    (func (export "wide")
      (local $i i32)
      (loop $l
        (i32.store (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 2)))
                   (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 17))))
      (call $ret-wide (i32.const 256)))
    (func (export "cb-exit") (param i32 i32) (result i32)
      (call $ret-u32 (i32.mul (local.get 0) (local.get 1)))
      (i32.const 0 (; EXIT ;)))
    (func (export "cb-wait") (param i32 i32) (result i32)
      (i32.const 2 (; WAIT ;)))
    (func (export "cb-bad") (param i32 i32) (result i32)
      (call $ret-u32 (i32.const 0))
      (i32.const 3))
    (func (export "cb") (param i32 i32 i32) (result i32) unreachable)
  )
  (type $wide (tuple u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32 u32))
  (canon task.return (result u32) (core func $ret-u32))
  (canon task.return (result u64) (core func $ret-u64))
  (canon task.return (result string) (memory (core memory $mem "mem")) (core func $ret-str))
  (canon task.return (result $wide) (memory (core memory $mem "mem")) (core func $ret-wide))
  (core instance $i (instantiate $M (with "" (instance
    (export "mem" (memory $mem "mem"))
    (export "ret-u32" (func $ret-u32))
    (export "ret-u64" (func $ret-u64))
    (export "ret-str" (func $ret-str))
    (export "ret-wide" (func $ret-wide))))))
  (type $binop (func async (param "a" u32) (param "b" u32) (result u32)))
  (func (export "add") (type $binop) (canon lift (core func $i "add") async))
  (func (export "twice") (type $binop) (canon lift (core func $i "twice") async))
  (func (export "never") (type $binop) (canon lift (core func $i "never") async))
  (func (export "wrong-type") (type $binop) (canon lift (core func $i "wrong-type") async))
  (func (export "sync-returns") (type $binop) (canon lift (core func $i "sync-returns")))
  (func (export "greet") async (result string)
    (canon lift (core func $i "greet") async (memory (core memory $mem "mem"))))
  (func (export "sum17") async
    (param "a" u32) (param "b" u32) (param "c" u32) (param "d" u32) (param "e" u32)
    (param "f" u32) (param "g" u32) (param "h" u32) (param "i" u32) (param "j" u32)
    (param "k" u32) (param "l" u32) (param "m" u32) (param "n" u32) (param "o" u32)
    (param "p" u32) (param "q" u32) (result u32)
    (canon lift (core func $i "sum17") async (memory (core memory $mem "mem"))
      (realloc (core func $mem "realloc"))))
  (func (export "wide") async (result $wide)
    (canon lift (core func $i "wide") async (memory (core memory $mem "mem"))))
  (func (export "cb-exit") (type $binop)
    (canon lift (core func $i "cb-exit") async (callback (core func $i "cb"))))
  (func (export "cb-wait") (type $binop)
    (canon lift (core func $i "cb-wait") async (callback (core func $i "cb"))))
  (func (export "cb-bad") (type $binop)
    (canon lift (core func $i "cb-bad") async (callback (core func $i "cb"))))
)
"""


def _instance(text: str = CALLEE, define=None):
    engine = Engine()
    store = Store(engine)
    linker = Linker(engine)
    if define is not None:
        with linker.root() as root:
            define(root)
    return store, linker.instantiate(store, Component(engine, text))


def _call(name: str, *args, text: str = CALLEE):
    store, instance = _instance(text)
    return instance.get_func(store, name)(store, *args)


def test_stackful_export_returns_through_task_return() -> None:
    store, instance = _instance()
    add = instance.get_func(store, "add")
    assert add(store, 2, 40) == 42
    assert add(store, 0xFFFFFFFF, 2) == 1      # may be called again
    assert _call("greet") == "hello"


def test_parameters_in_memory_and_result_through_memory() -> None:
    assert _call("sum17", *range(1, 18)) == sum(range(1, 18))
    assert _call("wide") == tuple(range(17))


def test_callback_that_exits_at_once() -> None:
    assert _call("cb-exit", 6, 7) == 42


def test_callback_that_waits_is_not_supported() -> None:
    with pytest.raises(NotSupportedError, match=NOT_SUPPORTED):
        _call("cb-wait", 1, 2)


def test_callback_code_above_wait_traps() -> None:
    with pytest.raises(WasmtimeError, match="unsupported callback code"):
        _call("cb-bad", 1, 2)


def test_task_return_twice_traps_and_poisons_the_instance() -> None:
    store, instance = _instance()
    with pytest.raises(WasmtimeError, match="`task.return` or `task.cancel` called more "
                                            "than once for current task"):
        instance.get_func(store, "twice")(store, 1, 2)
    with pytest.raises(WasmtimeError, match="cannot enter component instance"):
        instance.get_func(store, "add")(store, 1, 2)


def test_task_return_never_called_traps() -> None:
    with pytest.raises(WasmtimeError, match="async-lifted export failed to produce a result"):
        _call("never", 1, 2)


@pytest.mark.parametrize("name", ["wrong-type", "sync-returns"])
def test_task_return_for_another_type_or_a_sync_lift_traps(name: str) -> None:
    with pytest.raises(WasmtimeError, match="invalid `task.return` signature and/or options "
                                            "for current task"):
        _call(name, 1, 2)


CALLER = """
(component
  (import "c" (instance $c
    (export "add" (func async (param "a" u32) (param "b" u32) (result u32)))
    (export "sum5" (func async (param "a" u32) (param "b" u32) (param "c" u32)
                               (param "d" u32) (param "e" u32) (result u32)))
    (export "greet" (func async (result string)))))
  (core module $Mem
    (memory (export "mem") 1)
    (global $next (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (core func $add (canon lower (func $c "add") async (memory (core memory $mem "mem"))))
  (core func $add-sync (canon lower (func $c "add")))
  (core func $sum5 (canon lower (func $c "sum5") async (memory (core memory $mem "mem"))))
  (core func $greet (canon lower (func $c "greet") async (memory (core memory $mem "mem"))
    (realloc (core func $mem "realloc"))))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "add" (func $add (param i32 i32 i32) (result i32)))
    (import "" "add-sync" (func $add-sync (param i32 i32) (result i32)))
    (import "" "sum5" (func $sum5 (param i32 i32) (result i32)))
    (import "" "greet" (func $greet (param i32) (result i32)))
    ;; status in the low 16 bits, result above
    (func (export "call-add") (param i32 i32) (result i32)
      (i32.or (call $add (local.get 0) (local.get 1) (i32.const 16))
              (i32.shl (i32.load (i32.const 16)) (i32.const 16))))
    ;; five parameters go through memory, at the first pointer
    (func (export "call-sum5") (result i32)
      (i32.store (i32.const 32) (i32.const 1))
      (i32.store (i32.const 36) (i32.const 2))
      (i32.store (i32.const 40) (i32.const 3))
      (i32.store (i32.const 44) (i32.const 4))
      (i32.store (i32.const 48) (i32.const 5))
      (i32.or (call $sum5 (i32.const 32) (i32.const 64))
              (i32.shl (i32.load (i32.const 64)) (i32.const 16))))
    ;; status, then the string's length
    (func (export "call-greet") (result i32)
      (i32.or (call $greet (i32.const 128))
              (i32.shl (i32.load (i32.const 132)) (i32.const 16))))
    (func (export "call-add-sync") (param i32 i32) (result i32)
      (call $add-sync (local.get 0) (local.get 1)))
    (func (export "misaligned") (result i32)
      (call $add (i32.const 1) (i32.const 2) (i32.const 17)))
  )
  (core instance $i (instantiate $M (with "" (instance
    (export "mem" (memory $mem "mem"))
    (export "add" (func $add))
    (export "add-sync" (func $add-sync))
    (export "sum5" (func $sum5))
    (export "greet" (func $greet))))))
  (func (export "call-add") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "call-add")))
  (func (export "call-sum5") (result u32) (canon lift (core func $i "call-sum5")))
  (func (export "call-greet") (result u32) (canon lift (core func $i "call-greet")))
  (func (export "call-add-sync") (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "call-add-sync")))
  (func (export "call-add-sync-async") async (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "call-add-sync")))
  (func (export "misaligned") (result u32) (canon lift (core func $i "misaligned")))
)
"""

RETURNED = 2


def _caller_of_host():
    def add(store, a: int, b: int) -> int:
        return a + b

    def sum5(store, *args: int) -> int:
        return sum(args)

    def define(root) -> None:
        with root.add_instance("c") as c:
            c.add_func("add", add)
            c.add_func("sum5", sum5)
            c.add_func("greet", lambda store: "hi!")
    return _instance(CALLER, define)


def test_async_lowering_of_host_functions_returns_at_once() -> None:
    store, instance = _caller_of_host()
    assert instance.get_func(store, "call-add")(store, 3, 4) == RETURNED | (7 << 16)
    assert instance.get_func(store, "call-sum5")(store) == RETURNED | (15 << 16)
    assert instance.get_func(store, "call-greet")(store) == RETURNED | (3 << 16)


def test_async_lowering_checks_the_out_pointer() -> None:
    store, instance = _caller_of_host()
    with pytest.raises(WasmtimeError, match="pointer not aligned"):
        instance.get_func(store, "misaligned")(store)


BOTH = """
(component
  (component $Callee
    (core module $M
      (import "" "ret" (func $ret (param i32)))
      (func (export "add") (param i32 i32) (call $ret (i32.add (local.get 0) (local.get 1))))
      (func (export "sum5") (param i32 i32 i32 i32 i32)
        (call $ret (i32.add (local.get 0) (i32.add (local.get 1) (i32.add (local.get 2)
          (i32.add (local.get 3) (local.get 4))))))))
    (canon task.return (result u32) (core func $ret))
    (core instance $i (instantiate $M (with "" (instance (export "ret" (func $ret))))))
    (core module $S
      (memory (export "mem") 1)
      (data (i32.const 8) "hi!")
      (func (export "greet") (result i32)
        (i32.store (i32.const 0) (i32.const 8))
        (i32.store (i32.const 4) (i32.const 3))
        (i32.const 0)))
    (core instance $s (instantiate $S))
    (func (export "add") async (param "a" u32) (param "b" u32) (result u32)
      (canon lift (core func $i "add") async))
    (func (export "sum5") async (param "a" u32) (param "b" u32) (param "c" u32)
                                (param "d" u32) (param "e" u32) (result u32)
      (canon lift (core func $i "sum5") async))
    ;; an async function lifted synchronously completes without waiting too
    (func (export "greet") async (result string)
      (canon lift (core func $s "greet") (memory (core memory $s "mem")))))
  (component $Caller
""" + CALLER.split("(component", 1)[1] + """
  (instance $callee (instantiate $Callee))
  (instance $caller (instantiate $Caller (with "c" (instance $callee))))
  (export "call-add" (func $caller "call-add"))
  (export "call-sum5" (func $caller "call-sum5"))
  (export "call-greet" (func $caller "call-greet"))
  (export "call-add-sync" (func $caller "call-add-sync"))
  (export "call-add-sync-async" (func $caller "call-add-sync-async"))
)
"""


def test_async_lowering_of_a_component_that_completes() -> None:
    store, instance = _instance(BOTH)
    assert instance.get_func(store, "call-add")(store, 40, 2) == RETURNED | (42 << 16)
    assert instance.get_func(store, "call-sum5")(store) == RETURNED | (15 << 16)
    assert instance.get_func(store, "call-greet")(store) == RETURNED | (3 << 16)


def test_sync_lowering_of_an_async_component_function() -> None:
    store, instance = _instance(BOTH)
    # an async function's call may wait, so it may call another one synchronously
    assert instance.get_func(store, "call-add-sync-async")(store, 40, 2) == 42
    store, instance = _instance(BOTH)
    # a synchronous function's call may not
    with pytest.raises(WasmtimeError, match="cannot block a synchronous task before returning"):
        instance.get_func(store, "call-add-sync")(store, 40, 2)


def test_stream_values_are_not_supported() -> None:
    store, instance = _instance("""
      (component
        (core module $M (func (export "f") (param i32)))
        (core instance $i (instantiate $M))
        (type $s (stream u8))
        (func (export "f") (param "s" $s) (canon lift (core func $i "f"))))
    """)
    with pytest.raises(NotSupportedError, match=NOT_SUPPORTED):
        instance.get_func(store, "f")(store, None)

