"""Optimizing and JIT-compiling LLVM IR with ``llvmlite.binding`` (MCJIT).

:class:`Jitted` owns the machine code of one module for as long as it
lives; :meth:`Jitted.address` gives a symbol's address.
"""

from __future__ import annotations

import llvmlite.binding as llvm

__all__ = ["Jitted", "process_triple"]

_initialized = False


def _initialize() -> None:
    global _initialized
    if not _initialized:
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        _initialized = True


def process_triple() -> str:
    """The target triple of this process."""
    _initialize()
    return llvm.get_process_triple()


def _target_machine(opt: int) -> llvm.TargetMachine:
    target = llvm.Target.from_triple(llvm.get_process_triple())
    return target.create_target_machine(cpu=llvm.get_host_cpu_name(),
                                        features=llvm.get_host_cpu_features().flatten(),
                                        opt=opt, codemodel="jitdefault")


class Jitted:
    """Machine code for the IR text ``source``, optimized at level ``opt`` (0-3)."""

    def __init__(self, source: str, opt: int = 2):
        _initialize()
        module = llvm.parse_assembly(source)
        module.verify()
        tm = _target_machine(opt)
        if opt:
            pto = llvm.create_pipeline_tuning_options(speed_level=opt)
            builder = llvm.create_pass_builder(tm, pto)
            builder.getModulePassManager().run(module, builder)
        self._engine = llvm.create_mcjit_compiler(module, tm)
        self._engine.finalize_object()
        self._tm = tm

    def address(self, name: str) -> int:
        """The address of function ``name``."""
        return self._engine.get_function_address(name)
