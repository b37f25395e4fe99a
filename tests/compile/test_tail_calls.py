"""Tail calls run in constant Python stack depth."""

WAT = """
(module
  (type $t (func (param i64) (result i64)))
  (table funcref (elem $even $odd))
  (func $even (export "even") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 0))
      (else (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1))
                                            (i32.const 0)))))
  (func $count (export "count") (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (return_call $count (i64.sub (local.get 0) (i64.const 1))
                                (i64.add (local.get 1) (i64.const 2)))))))
"""


def test_million_deep_self_tail_recursion(instance):
    assert instance(WAT).exports["count"].call(1_000_000, 0) == 2_000_000


def test_mutual_tail_recursion_through_a_table(instance):
    inst = instance(WAT)
    assert inst.exports["even"].call(300_001) == 0
    assert inst.exports["even"].call(300_000) == 1
