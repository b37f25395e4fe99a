"""Long fuzzing campaigns: run many cases of one kind, save every divergence.

Each divergence is saved in the output folder as the input that shows it (a
``.wasm`` module, with its text form as ``.wat`` where wasm-tools can print it,
or a ``.c`` program) and a ``.txt`` description beside it: the kind, the seed,
how to run the case again, and what each side did.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import tools

KINDS = ("smith", "mutate", "csmith", "programs")


@dataclass
class Tally:
    kind: str
    total: int
    done: int = 0
    divergences: int = 0
    slow: int = 0
    inconclusive: int = 0      # fuel ran out, or the native program was too slow
    calls: int = 0
    platform: int = 0          # wasm builds that differ from native as they do under wasmtime
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        extra = f", {self.calls} calls compared" if self.kind == "smith" else ""
        if self.kind in ("csmith", "programs"):
            extra = f", {self.platform} builds differing from native as under wasmtime"
        return (f"[{self.kind}] {self.done}/{self.total} cases, {self.divergences} divergent, "
                f"{self.slow} slow, {self.inconclusive} inconclusive{extra}, {rate:.2f} cases/s")


class Campaign:
    def __init__(self, kind: str, cases: int, seed: int, out: Path, quiet: bool = False,
                 profile: str | None = None):
        self.kind, self.cases, self.seed, self.out = kind, cases, seed, out
        self.quiet = quiet
        self.profile = profile
        self.tally = Tally(kind, cases)
        self._printed = 0.0

    # --- reporting -------------------------------------------------------------------

    def progress(self) -> None:
        """The progress line: rewritten in place on a terminal, else printed at most
        every ten seconds."""
        if self.quiet:
            return
        if sys.stderr.isatty():
            print("\r" + self.tally.line(), end="", file=sys.stderr, flush=True)
        elif time.monotonic() - self._printed >= 10 or self.tally.done == self.tally.total:
            print(self.tally.line(), file=sys.stderr, flush=True)
            self._printed = time.monotonic()

    def save(self, name: str, data: bytes | None, suffix: str, description: str,
             source: Path | None = None) -> Path:
        self.out.mkdir(parents=True, exist_ok=True)
        target = self.out / f"{name}{suffix}"
        if source is not None:
            shutil.copyfile(source, target)
        elif data is not None:
            target.write_bytes(data)
        if suffix == ".wasm" and tools.wasm_tools():
            printed = subprocess.run([tools.wasm_tools(), "print", str(target)],
                                     capture_output=True, text=True)
            if printed.returncode == 0:
                (self.out / f"{name}.wat").write_text(printed.stdout)
        (self.out / f"{name}.txt").write_text(description.rstrip() + "\n")
        self.tally.divergences += 1
        if not self.quiet:
            print(f"\ndivergence saved: {target}", file=sys.stderr, flush=True)
        return target

    # --- kinds --------------------------------------------------------------------------

    def run(self) -> Tally:
        getattr(self, "_" + self.kind)()
        if not self.quiet and sys.stderr.isatty():
            print(file=sys.stderr)
        return self.tally

    def _smith(self) -> None:
        problem = tools.differential_problem()
        if problem:
            raise SystemExit(f"cannot compare wasm-smith modules: {problem}")
        from . import differential, smith
        for seed in range(self.seed, self.seed + self.cases):
            profile = smith.PROFILES[self.profile] if self.profile else smith.profile_for(seed)
            wasm = smith.generate(profile, seed)
            if wasm is None:
                self.tally.inconclusive += 1
            else:
                verdict = differential.compare(wasm, seed)
                self.tally.calls += verdict.compared_calls
                self.tally.inconclusive += verdict.fuel_stop
                if not verdict.same:
                    self.save(f"smith-{profile.name}-{seed}", wasm, ".wasm",
                              f"kind: smith (wasm-tools smith, profile {profile.name})\n"
                              f"seed: {seed}\nsmith options: {' '.join(profile.flags())}\n"
                              f"again: python -m tests.fuzz --kind smith --profile {profile.name} "
                              f"--seed {seed} --cases 1\n\n{verdict.detail}")
            self.tally.done += 1
            self.progress()

    def _mutate(self) -> None:
        problem = tools.differential_problem()
        if problem:
            raise SystemExit(f"cannot check mutated modules: {problem}")
        from . import mutate
        spec = mutate.spec_modules()
        batch = 50
        for start in range(self.seed, self.seed + self.cases, batch):
            seeds = range(start, min(start + batch, self.seed + self.cases))
            cases = [mutate.case(s, spec) for s in seeds]
            for seed, data, verdict in zip(seeds, cases, mutate.check_batch(cases)):
                if not verdict.same:
                    self.save(f"mutate-{seed}", data, ".wasm",
                              f"kind: mutate\nseed: {seed}\n"
                              f"again: python -m tests.fuzz --kind mutate --seed {seed} --cases 1\n"
                              f"wasmtime: {'accepts' if verdict.accepted else 'rejects'}\n\n"
                              f"{verdict.detail}")
                self.tally.done += 1
            self.progress()

    def _c_result(self, name: str, source: Path, result, header: str) -> None:
        from .compiled_c import ProgramResult
        assert isinstance(result, ProgramResult)
        if result.native_status != "ok":
            self.tally.inconclusive += 1
            return
        self.tally.slow += sum(r.status == "slow" for r in result.levels)
        self.tally.platform += sum(r.status == "platform" for r in result.levels)
        if result.divergences:
            lines = [header, f"native output (gcc -O1): {result.native_output[-400:]!r}", ""]
            lines += [f"{r.level}: {r.status}\n{r.detail}\n" for r in result.levels]
            self.save(name, None, ".c", "\n".join(lines), source=source)

    def _csmith(self) -> None:
        problem = tools.csmith_problem()
        if problem:
            raise SystemExit(f"cannot run csmith cases: {problem}")
        from . import compiled_c, csmith_gen
        for seed in range(self.seed, self.seed + self.cases):
            with compiled_c.scratch() as tmp:
                work = Path(tmp)
                source = csmith_gen.generate(seed, work / f"csmith-{seed}.c")
                result = compiled_c.check_program(source, work, include=[tools.csmith_include()])
                self._c_result(f"csmith-{seed}", source, result,
                               f"kind: csmith\nseed: {seed}\n"
                               f"csmith options: {' '.join(csmith_gen.options(seed))}\n"
                               f"again: python -m tests.fuzz --kind csmith --seed {seed} --cases 1\n"
                               f"build: gcc -O1 -w -I{tools.csmith_include()} / clang "
                               f"--target=wasm32-wasi --sysroot={tools.WASI_SYSROOT} -w "
                               f"-I{tools.csmith_include()} at each level")
            self.tally.done += 1
            self.progress()

    def _programs(self) -> None:
        problem = tools.wasm_c_compiler_problem()
        if problem:
            raise SystemExit(f"cannot build C programs: {problem}")
        from . import compiled_c
        programs = sorted((Path(__file__).parent / "programs").glob("*.c"))
        self.tally.total = min(self.cases, len(programs))
        for source in programs[:self.cases]:
            with compiled_c.scratch() as tmp:
                result = compiled_c.check_program(source, Path(tmp))
                self._c_result(f"program-{source.stem}", source, result,
                               f"kind: programs\nprogram: tests/fuzz/programs/{source.name}\n"
                               f"again: python -m tests.fuzz --kind programs")
            self.tally.done += 1
            self.progress()
