"""C programs built natively and for wasm32-wasi print the same under wasmlite:
csmith's random programs, and our own programs under programs/."""

from pathlib import Path

import pytest

from .tools import csmith_include, csmith_problem, wasm_c_compiler_problem, wasm_opt

from . import compiled_c, csmith_gen  # noqa: E402

PROGRAMS = sorted((Path(__file__).parent / "programs").glob("*.c"))
CSMITH_SEEDS = range(20)


def _check(result, what):
    if result.native_status == "slow":
        pytest.skip(f"{what} runs longer than {compiled_c.NATIVE_TIMEOUT} s natively")
    assert result.native_status == "ok", f"{what} does not build natively: {result.native_output}"
    built = [r for r in result.levels if r.status != "build-failed"]
    assert built, f"{what} builds at no level: {[r.detail for r in result.levels]}"
    wrong = [f"{r.level}: {r.detail}" for r in result.divergences]
    assert not wrong, f"{what} differs from its native build:\n" + "\n".join(wrong)


@pytest.mark.parametrize("level", (*compiled_c.OPT_LEVELS, compiled_c.WASM_OPT_LEVEL))
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program_prints_its_native_output(program, level, tmp_path):
    problem = wasm_c_compiler_problem()
    if problem:
        pytest.skip(problem)
    if level == compiled_c.WASM_OPT_LEVEL and wasm_opt() is None:
        pytest.skip("wasm-opt (binaryen) is not installed")
    result = compiled_c.check_program(program, tmp_path, levels=(level,))
    _check(result, program.name)
    assert [r.status for r in result.levels] == ["same"], result.levels
    assert result.native_output.rstrip().endswith("ok"), "the program's own checks failed natively"


@pytest.mark.parametrize("seed", CSMITH_SEEDS)
def test_csmith_program_prints_its_native_checksum(seed, tmp_path):
    problem = csmith_problem()
    if problem:
        pytest.skip(problem)
    source = csmith_gen.generate(seed, tmp_path / f"csmith{seed}.c")
    result = compiled_c.check_program(source, tmp_path, include=[csmith_include()])
    _check(result, f"csmith seed {seed}")
    assert "checksum = " in result.native_output
