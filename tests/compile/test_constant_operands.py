"""Instructions with a constant operand compile to specialised inline code; it
must agree with the reference semantics for every operand shape."""

import pytest

from wasmlite.runtime import numeric

SAMPLES = {
    "i32": [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x12345678, 0xDEADBEEF],
    "i64": [0, 1, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF,
            0x0123456789ABCDEF, 0xFEDCBA9876543210],
}
AMOUNTS = [0, 1, 7, 13, 31, 32, 33, 63, 64, 65, 200]


@pytest.mark.parametrize("t", ["i32", "i64"])
@pytest.mark.parametrize("op", ["rotl", "rotr"])
def test_rotation_by_constant_matches_reference(instance, t, op):
    funcs = "".join(
        f"""(func (export "local{k}") (param {t}) (result {t})
              ({t}.{op} (local.get 0) ({t}.const {k})))
            (func (export "expr{k}") (param {t}) (result {t})
              ({t}.{op} ({t}.xor (local.get 0) ({t}.const 0x5a5a)) ({t}.const {k})))
            (func (export "chain{k}") (param {t}) (result {t})
              ({t}.shr_u ({t}.{op} (local.get 0) ({t}.const {k})) ({t}.const 3)))"""
        for k in AMOUNTS)
    inst = instance(f"(module {funcs})")
    reference = getattr(numeric, f"{t}_{op}")
    for k in AMOUNTS:
        for x in SAMPLES[t]:
            assert inst.exports[f"local{k}"].call(x) == reference(x, k)
            assert inst.exports[f"expr{k}"].call(x) == reference(x ^ 0x5A5A, k)
            assert inst.exports[f"chain{k}"].call(x) == reference(x, k) >> 3
