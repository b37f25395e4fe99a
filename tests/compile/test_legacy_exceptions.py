"""Legacy exception handling (``try``/``catch``/``catch_all``/``delegate``/``rethrow``)
runs in the portable tier."""

import pytest

import wasmlite

MODULE = """
(module
  (tag $e0 (param i32))
  (tag $e1)
  (tag $e2 (param i64 f64))
  (global $log (mut i32) (i32.const 0))
  (func $note (param i32)
    (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (local.get 0))))
  (func $throw-if (param i32)
    (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $e0 (i32.const 42))))
    (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $e1)))
    (if (i32.eq (local.get 0) (i32.const 3)) (then (throw $e2 (i64.const -5) (f64.const 2.5))))
    (if (i32.eq (local.get 0) (i32.const 4)) (then unreachable)))

  (func (export "catch-by-tag") (param i32) (result i32)
    (try (result i32)
      (do (call $throw-if (local.get 0)) (i32.const 0))
      (catch $e0)
      (catch $e1 (i32.const 100))))

  (func (export "catch-two-values") (param i32) (result i64 f64)
    (try (result i64 f64)
      (do (call $throw-if (local.get 0)) (i64.const 0) (f64.const 0))
      (catch $e2)))

  (func (export "catch-all") (param i32) (result i32)
    (try (result i32)
      (do (call $throw-if (local.get 0)) (i32.const 0))
      (catch $e1 (i32.const 100))
      (catch_all (i32.const 200))))

  (func (export "only-catch-all") (param i32) (result i32)
    (try (result i32)
      (do (call $throw-if (local.get 0)) (i32.const 0))
      (catch_all (i32.const 200))))

  (func (export "no-handler") (param i32) (result i32)
    (try (result i32) (do (call $throw-if (local.get 0)) (i32.const 7))))

  (func (export "param-and-result") (param i32) (result i32)
    (i32.const 5)
    (try (param i32) (result i32)
      (do (call $throw-if (local.get 0)) (i32.const 1) (i32.add))
      (catch $e0 (i32.const 1) (i32.sub))
      (catch_all (i32.const -1))))

  (func (export "rethrow-outer") (param i32) (result i32)
    (try (result i32)
      (do
        (try
          (do (call $throw-if (local.get 0)))
          (catch $e0
            (drop)
            (try (do (throw $e1)) (catch $e1 (call $note (i32.const 1)) (rethrow 1)))))
        (i32.const 0))
      (catch $e0 (call $note (i32.const 2)))
      (catch $e1 (i32.const -1))))

  (func (export "rethrow-all") (param i32) (result i32)
    (try (result i32)
      (do (try (do (call $throw-if (local.get 0))) (catch_all (rethrow 0))) (i32.const 0))
      (catch $e1 (i32.const 1))
      (catch_all (i32.const 2))))

  (func (export "delegate-to-try") (param i32) (result i32)
    (try $t (result i32)
      (do
        (try (result i32)
          (do (try (result i32) (do (call $throw-if (local.get 0)) (i32.const 1)) (delegate $t)))
          (catch_all (i32.const 2))))
      (catch_all (i32.const 3))))

  (func (export "delegate-to-block") (param i32) (result i32)
    (try (result i32)
      (do (block (try (do (call $throw-if (local.get 0))) (delegate 0))) (i32.const 0))
      (catch_all (i32.const 1))))

  (func (export "delegate-from-catch") (param i32) (result i32)
    (try (result i32)
      (do
        (try
          (do (call $throw-if (local.get 0)))
          (catch_all (try (do (rethrow 1)) (delegate 0))))
        (i32.const 0))
      (catch_all (i32.const 1))))

  (func $delegate-to-caller (param i32)
    (try (do (try (do (call $throw-if (local.get 0))) (delegate 1))) (catch_all)))
  (func (export "caller-catches") (param i32) (result i32)
    (try (result i32)
      (do (call $delegate-to-caller (local.get 0)) (i32.const 0))
      (catch $e1 (i32.const 9))))
  (func (export "delegate-to-caller") (param i32)
    (call $delegate-to-caller (local.get 0)))

  (func (export "delegate-chain") (param i32) (result i32)
    (try $outer (result i32)
      (do
        (try $mid (result i32)
          (do
            (try (result i32)
              (do (try (do (call $throw-if (local.get 0))) (delegate $mid)) (i32.const 0))
              (catch_all (i32.const 5))))
          (delegate $outer)))
      (catch $e1 (i32.const 8))))

  (func (export "branch-out-of-catch") (param i32) (result i32)
    (local $n i32)
    (loop $again
      (try
        (do (call $throw-if (local.get 0)))
        (catch $e1
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br_if $again (i32.lt_u (local.get $n) (i32.const 3))))))
    (local.get $n))

  (func (export "traps-pass-catch-all") (param i32) (result i32)
    (try (result i32)
      (do (call $throw-if (local.get 0)) (i32.const 0))
      (catch_all (i32.const 1))))

  (func (export "log") (result i32) (global.get $log))
)
"""


def legacy_engine() -> wasmlite.Engine:
    config = wasmlite.Config()
    config.wasm_legacy_exceptions = True
    return wasmlite.Engine(config)


@pytest.fixture
def run():
    engine = legacy_engine()
    store = wasmlite.Store(engine)
    instance = wasmlite.Instance(store, wasmlite.Module(engine, MODULE), [])
    exports = instance.exports(store)
    return lambda name, *args: exports[name](store, *args)


@pytest.mark.parametrize("name,arg,expected", [
    ("catch-by-tag", 0, 0), ("catch-by-tag", 1, 42), ("catch-by-tag", 2, 100),
    ("catch-two-values", 3, [-5, 2.5]),
    ("catch-all", 1, 200), ("catch-all", 2, 100), ("catch-all", 3, 200),
    ("only-catch-all", 2, 200), ("no-handler", 0, 7),
    ("param-and-result", 0, 6), ("param-and-result", 1, 41), ("param-and-result", 2, -1),
    ("rethrow-all", 2, 1), ("rethrow-all", 1, 2),
    ("delegate-to-try", 0, 1), ("delegate-to-try", 2, 3),
    ("delegate-to-block", 2, 1), ("delegate-from-catch", 2, 1),
    ("caller-catches", 2, 9), ("delegate-chain", 2, 8),
    ("branch-out-of-catch", 2, 3), ("branch-out-of-catch", 0, 0),
])
def test_result(run, name, arg, expected):
    assert run(name, arg) == expected


def test_rethrow_names_the_outer_catch(run):
    assert run("rethrow-outer", 1) == 42
    assert run("log") == 12


@pytest.mark.parametrize("name", ["catch-by-tag", "no-handler", "delegate-to-caller"])
def test_uncaught_exception_leaves_the_call(run, name):
    with pytest.raises(wasmlite.Trap, match="thrown Wasm exception"):
        run(name, 2 if name != "catch-by-tag" else 3)


def test_catch_all_does_not_catch_traps(run):
    with pytest.raises(wasmlite.Trap, match="unreachable"):
        run("traps-pass-catch-all", 4)


def test_exception_from_a_host_function_is_caught():
    engine = legacy_engine()
    store = wasmlite.Store(engine)
    module = wasmlite.Module(engine, """
      (module
        (import "host" "call" (func $call))
        (tag $e (export "e"))
        (func (export "throw") (throw $e))
        (func (export "run") (result i32)
          (try (result i32) (do (call $call) (i32.const 0)) (catch $e (i32.const 1)))))
    """)
    exports = {}

    def host():
        exports["throw"](store)

    func = wasmlite.Func(store, wasmlite.FuncType([], []), host)
    instance = wasmlite.Instance(store, module, [func])
    exports.update(instance.exports(store))
    assert exports["run"](store) == 1


def test_legacy_instructions_need_their_switch_as_in_wasmtime():
    with pytest.raises(wasmlite.WasmtimeError,
                       match="legacy_exceptions feature required for try instruction"):
        wasmlite.Module(wasmlite.Engine(), MODULE)
