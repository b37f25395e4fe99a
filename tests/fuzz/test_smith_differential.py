"""wasm-smith modules in every feature profile behave in wasmlite as in wasmtime-py."""

import pytest

from .tools import differential_problem

problem = differential_problem()
if problem:
    pytest.skip(problem, allow_module_level=True)

from . import differential, smith  # noqa: E402

SEEDS_PER_PROFILE = 12
CASES = [(name, seed) for name in smith.PROFILES for seed in range(SEEDS_PER_PROFILE)]


@pytest.mark.parametrize("profile, seed", CASES, ids=[f"{p}-{s}" for p, s in CASES])
def test_module_behaves_as_in_wasmtime(profile, seed):
    wasm = smith.generate(smith.PROFILES[profile], seed)
    assert wasm is not None, "smith made no module with functions for this seed"
    verdict = differential.compare(wasm, seed)
    assert verdict.same, (f"profile {profile}, seed {seed} (python -m tests.fuzz --kind smith "
                          f"--seed ... saves it):\n{verdict.detail}")


def test_modules_are_exercised():
    """The comparison is not vacuous: across a profile's seeds, calls are made and
    compared, and v128 and reference functions go through the adapter."""
    calls = adapted = 0
    for seed in range(6):
        wasm = smith.generate(smith.PROFILES["simd"], seed)
        plan = differential.make_plan(wasm, seed)
        adapted += sum(call.via != "direct" for call in plan.calls)
        verdict = differential.compare(wasm, seed)
        assert verdict.same, verdict.detail
        calls += verdict.compared_calls
    assert calls >= 20
    assert adapted >= 3


def test_a_four_gibibyte_memory_is_compared_within_the_limits():
    """Seeds 8001578 (simd) and 8001907 (multi-memory) made the comparison itself
    copy whole 4 GiB memories after each call: over the child's memory limit, then
    over its time limit, though both engines ran them alike."""
    import wasmtime
    wasm = wasmtime.wat2wasm("""(module (memory (export "m") 65536)
      (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 7))))""")
    plan = differential.make_plan(bytes(wasm), 0)
    assert plan.memories and plan.calls
    verdict = differential.compare(bytes(wasm), 0)
    assert verdict.same, verdict.detail
    assert verdict.compared_calls >= len(plan.calls)
