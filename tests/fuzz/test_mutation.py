"""Mutated modules fail to decode or validate only with WasmtimeError, and exactly
when wasmtime rejects them."""

import pytest

from .tools import differential_problem

problem = differential_problem()
if problem:
    pytest.skip(problem, allow_module_level=True)

from . import mutate  # noqa: E402

BATCH = 50
BATCHES = 10


@pytest.fixture(scope="module")
def spec():
    return mutate.spec_modules()


@pytest.mark.parametrize("batch", range(BATCHES))
def test_mutants_are_judged_as_wasmtime_judges_them(batch, spec):
    seeds = range(batch * BATCH, (batch + 1) * BATCH)
    cases = [mutate.case(seed, spec) for seed in seeds]
    failures = [f"case {seed}: {verdict.detail}"
                for seed, verdict in zip(seeds, mutate.check_batch(cases)) if not verdict.same]
    assert not failures, "\n".join(failures)


def test_mutations_change_modules_and_some_stay_valid(spec):
    """Mutants differ from their originals, and not every mutant is rejected
    (then only the error paths would be tested)."""
    seeds = range(200)
    cases = [mutate.case(seed, spec) for seed in seeds]
    assert sum(case != mutate.seed_module(seed, spec) for seed, case in zip(seeds, cases)) >= 190
    assert sum(v.accepted for v in mutate.check_batch(cases)) >= 3


def test_section_mutation_keeps_the_framing():
    import random
    from . import wasmbin
    module = bytes.fromhex("0061736d01000000010401600000030201000a040102000b")
    rng = random.Random(1)
    for _ in range(50):
        mutant = mutate._in_section(module, rng)
        assert [sid for sid, _ in wasmbin.sections(mutant)]  # still well framed
