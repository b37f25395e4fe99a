"""Optimizing and JIT-compiling LLVM IR with ``llvmlite.binding`` (MCJIT).

:func:`compile_object` turns IR text into an optimized object file (which a
code cache may keep); :class:`Jitted` loads one and owns the machine code
for as long as it lives; :meth:`Jitted.address` gives a symbol's address.
"""

from __future__ import annotations

import llvmlite.binding as llvm

__all__ = ["Jitted", "compile_object", "process_triple", "machine_key"]

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


def machine_key() -> str:
    """What an object file compiled here depends on besides its IR: LLVM's
    version and the host CPU with its features."""
    _initialize()
    return (f"{llvm.llvm_version_info}/{llvm.get_host_cpu_name()}/"
            f"{llvm.get_host_cpu_features().flatten()}")


def compile_object(source: str, opt: int = 2) -> bytes:
    """The object file of the IR text ``source``, optimized at level ``opt`` (0-3)."""
    _initialize()
    module = llvm.parse_assembly(source)
    module.verify()
    tm = _target_machine(opt)
    if opt:
        pto = llvm.create_pipeline_tuning_options(speed_level=opt)
        builder = llvm.create_pass_builder(tm, pto)
        builder.getModulePassManager().run(module, builder)
    return tm.emit_object(module)


class Jitted:
    """The machine code of object file ``obj``, loaded into this process."""

    def __init__(self, obj: bytes):
        _initialize()
        tm = _target_machine(0)
        self._engine = llvm.create_mcjit_compiler(llvm.parse_assembly(""), tm)
        self._engine.add_object_file(llvm.ObjectFileRef.from_data(obj))
        self._engine.finalize_object()
        self._tm = tm

    def address(self, name: str) -> int:
        """The address of function ``name``."""
        return self._engine.get_function_address(name)
