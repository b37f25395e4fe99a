"""Optimizing and JIT-compiling LLVM IR with ``llvmlite.binding`` (MCJIT).

:func:`compile_object` turns IR text into an optimized object file (which a
code cache may keep); :class:`Jitted` loads one and owns the machine code
for as long as it lives; :meth:`Jitted.address` gives a symbol's address.
"""

from __future__ import annotations

import threading

import llvmlite.binding as llvm

__all__ = ["Jitted", "compile_object", "process_triple", "machine_key", "OPT_LEVELS"]

_initialized = False
_initializing = threading.Lock()


def _initialize() -> None:
    global _initialized
    with _initializing:     # the tiering sampler's thread may get here first
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


OPT_LEVELS = {"none": (0, False), "speed": (2, False), "speed_and_size": (2, True)}
"""``Config.cranelift_opt_level``'s values -> LLVM's speed level, and whether
code size counts too (no loop unrolling, and the inlining threshold of -Os)."""

SIZE_INLINING_THRESHOLD = 75


def compile_object(source: str, opt: str = "speed") -> bytes:
    """The object file of the IR text ``source``, optimized at ``opt`` (a key of
    :data:`OPT_LEVELS`)."""
    _initialize()
    speed, small = OPT_LEVELS[opt]
    module = llvm.parse_assembly(source)
    module.verify()
    tm = _target_machine(speed)
    if speed:
        pto = llvm.create_pipeline_tuning_options(speed_level=speed)
        if small:
            pto.loop_unrolling = False
            pto.inlining_threshold = SIZE_INLINING_THRESHOLD
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
