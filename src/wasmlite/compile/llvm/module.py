"""A module compiled by the native tier, and the linking of its instances.

:class:`NativeModule` is a portable-tier module (it inherits backtraces,
serialization and the rest) whose function instances run machine code: the
LLVM module is built and JIT-compiled once, on the first instantiation, and
shared by every instance; each instance gets its own context (:mod:`.abi`)
and callbacks (:mod:`.callbacks`). A function instance's raw callable is a
builtin running the function's entry (:mod:`.cpython`), which raises the
trap or host exception native code reported (:mod:`.traps`); the embedding
API calls it as it is (:attr:`NativeModule.invoke`), without the portable
tier's entry, which budgets Python frames.
"""

from __future__ import annotations

import threading

from ... import ir
from ...errors import WasmtimeError
from ...runtime.function import WasmFunction
from ...runtime.trap import WASM_FILENAME
from ..python.module import CompiledModule
from . import abi
from .callbacks import (TO_BITS, Handles, NativeState, global_callbacks, import_callback,
                        indirect_callback, is_reference, memory_callbacks, meters, resolver,
                        ref_callback, table_callbacks, with_references)
from .cpython import NativeContext, make_builtin, register
from .objects import NATIVE_SECTION, object_key, object_path, read_file, stored_object, write_file
from .simd import simd_callback
from .traps import failure, wrong_arity

TYPE_CHECKING = False
if TYPE_CHECKING:
    import types
    from typing import Any, Callable
    from ...validate.types import DefType
    from ..cache import CodeCache
    from .jit import Jitted

__all__ = ["NativeModule", "STACK_BYTES_PER_FRAME", "MAX_STACK_BUDGET"]

STACK_BYTES_PER_FRAME = 64
"""Native stack bytes granted per frame of the store's frame budget."""

MAX_STACK_BUDGET = 4 << 20
"""The most native stack (bytes) wasm may use below its outermost entry; the
rest of a thread's stack (8 MiB by default) is left for host code and for the
last frames, which check nothing when they call nothing."""


def _layout(module: ir.Module) -> abi.Layout:
    indirect = []
    ref_calls = []
    for func in module.funcs:
        for instr in func.body:
            if instr[0].name in ("call_indirect", "return_call_indirect") \
                    and instr[1] not in indirect:
                indirect.append(instr[1])
            elif instr[0].name in ("call_ref", "return_call_ref") and instr[1] not in ref_calls:
                ref_calls.append(instr[1])
    spill = 0
    params = 0
    for sub in module.types:
        if isinstance(sub.comptype, ir.FuncType):
            spill = max(spill, sum(map(abi.slot_width, sub.comptype.results)))
            params = max(params, sum(map(abi.slot_width, sub.comptype.params)))
    tails = any(instr[0].name.startswith("return_call") for func in module.funcs
                for instr in func.body)
    return abi.Layout(len(module.mem_types()), len(module.imported("func")), tuple(indirect), len(module.table_types()),
                      len(module.global_types()), spill, tuple(ref_calls),
                      params if tails else 0)


def _shared_globals(module: ir.Module) -> frozenset[int]:
    """Globals read through callbacks: mutable ones that code outside the
    instance may see, and every global of a reference type (native code holds
    references as handles, which only the Python side turns into objects), and
    every v128 global (wider than a slot)."""
    exported = {e.index for e in module.exports if e.kind == "global"}
    n_imported = len(module.imported("global"))
    return frozenset(i for i, gt in enumerate(module.global_types())
                     if (gt.mutable and (i < n_imported or i in exported))
                     or is_reference(gt.valtype) or gt.valtype == "v128")


class NativeModule(CompiledModule):
    """A validated module whose functions run as machine code."""

    def __init__(self, module: ir.Module, *, binary: bytes | None = None, opt: str = "speed",
                 cache: CodeCache | None = None, fuel: bool = False, epoch: bool = False):
        """Prepare ``module``; its machine code is optimized at ``opt`` (one of
        ``Config.cranelift_opt_level``'s values: see :func:`.jit.compile_object`) and,
        with a ``cache`` on disk, kept beside the cache's file for later processes;
        ``fuel`` / ``epoch`` make it consume the store's fuel / check its epoch
        deadline as the portable tier's code does."""
        super().__init__(module, binary=binary, cache=cache, fuel=fuel, epoch=epoch)
        self.layout = _layout(module)
        self.shared_globals = _shared_globals(module)
        self.opt = opt
        self._jitted: Jitted | None = None
        self._object: bytes | None = None
        self._lock: Any = threading.RLock()     # re-entered: the portable methods take it too
        self._site_codes: dict[int, types.CodeType] = {}

    @property
    def metered(self) -> bool:
        """Whether the code consumes fuel or checks the epoch deadline."""
        return bool(self.fuel or self.epoch)

    @staticmethod
    def invoke(raw, args: tuple, frames: int):
        """How the embedding API calls a function of this module: its raw
        callable as it is (native code budgets its own stack)."""
        return raw(*args)

    def osr_entries(self, inst, functions) -> dict[tuple[int, int], Callable]:
        """The on-stack replacement entries of linked instance ``inst`` for the
        defined functions ``functions``, by (function index, loop instruction
        index): each takes the function's locals and runs it from that loop on."""
        from .module_code import osr_entry_name
        jitted = self.machine_code()
        context = inst.namespace["__native__"].entry_context
        found = {}
        for index in functions:
            body = self.module.funcs[index - self.n_imported_funcs].body
            for pc, instr in enumerate(body):
                if instr[0].name == "loop":
                    address = jitted.address(osr_entry_name(index, pc))
                    if address:
                        found[index, pc] = make_builtin(address, f"wasm[{index}]", context,
                                                        context.owner.keep)
        return found

    def take_object(self, obj: bytes) -> None:
        """Use object file ``obj`` (compiled elsewhere for this module and these
        settings) as the module's machine code."""
        with self._lock:
            if self._object is None:
                self._object = obj

    def machine_code(self) -> Jitted:
        """The module's machine code, compiled on first use (or taken from the
        precompiled artifact or the code cache entry this module came with)."""
        with self._lock:
            if self._jitted is None:
                from .jit import Jitted
                register()
                self._jitted = Jitted(self.object_code())
            return self._jitted

    def object_code(self) -> bytes:
        """The object file of the module's machine code: the artifact's, the
        code cache's, or compiled now (and then kept in the cache)."""
        with self._lock:
            if self._object is None:
                self._object = self._artifact_object() or self._compile_object()
            return self._object

    def native_sections(self) -> dict[str, bytes]:
        """The artifact sections holding this module's machine code: its object
        file, after the key of what it was compiled for."""
        key = object_key(self.opt, self.fuel, self.epoch)
        return {NATIVE_SECTION: key.encode() + b"\n" + self.object_code()}

    def _artifact_object(self) -> bytes | None:
        return stored_object(self.cache, self.opt, self.fuel, self.epoch, on_disk=False)

    def _compile_object(self) -> bytes:
        path = self.object_path()
        obj = read_file(path) if path is not None else None
        if obj is None:
            from . import compile_announced
            n = len(self.module.funcs)
            with compile_announced(f"{n} function{'s' if n != 1 else ''}"):
                obj = self.compile_now()
            if path is not None:
                write_file(path, obj)
        return obj

    def compile_now(self, osr: frozenset[int] = frozenset()) -> bytes:
        """The object file of the module's machine code, compiled in this process
        now; the defined functions ``osr`` get on-stack replacement entries too
        where they can (see :mod:`.tiering`)."""
        from .jit import compile_object, process_triple
        from .module_code import ModuleCode
        from .pylist import layout
        code = ModuleCode(self.module, self.layout, self.shared_globals,
                          process_triple(), layout(), self.fuel, self.epoch, osr)
        return compile_object(code.build(), self.opt)

    def object_path(self) -> str | None:
        """Where the code cache keeps this module's object file, if it is on disk."""
        return object_path(self.cache, self.opt, self.fuel, self.epoch)

    # --- backtraces ------------------------------------------------------------------

    def site_code(self, index: int) -> types.CodeType:
        """The code object standing for native function ``index`` in a trap's
        backtrace sites (see :meth:`~wasmlite.runtime.trap.Trap.capture`): its
        ``lasti`` is the instruction index itself."""
        code = self._site_codes.get(index)
        if code is None:
            label = self.module.names.funcs.get(index, str(index))
            code = compile("None", WASM_FILENAME, "eval").replace(
                co_name=f"wasm[{index}]", co_qualname=f"wasm[{index}] {label}")
            code = self._site_codes.setdefault(index, code)
        return code

    def locate(self, index: int, code, lasti: int) -> tuple[int, str] | None:
        if code is self._site_codes.get(index):
            if lasti == abi.AT_ENTRY:
                return None     # before the first instruction, as the portable tier says
            # a call_indirect whose callee exhausted the stack names it "callee"
            # (see traps.native_sites)
            return lasti, "callee.raw("
        return super().locate(index, code, lasti)

    # --- instances --------------------------------------------------------------------

    def function(self, inst, index: int, deftype: DefType) -> WasmFunction:
        """The function instance of defined function ``index``; callable once linked."""
        def unlinked(*args):
            raise WasmtimeError("function called before its instance was linked")
        return WasmFunction(deftype, inst, index, unlinked, unlinked)

    def link(self, inst) -> None:
        """Give ``inst`` its context and callbacks and its functions their entries."""
        for index, raw in self.native_entries(inst).items():
            fn = inst.funcs[index]
            fn.raw = fn.tail = raw

    def native_entries(self, inst) -> dict[int, Callable]:
        """Give ``inst`` its context and callbacks; the raw callables of its
        defined functions, by function index."""
        from .module_code import entry_name
        jitted = self.machine_code()
        layout = self.layout
        state = NativeState(layout.size)
        ctx = state.context
        inst.namespace["__wasm_instance__"] = inst
        inst.namespace["__native__"] = state
        state.handles = Handles(inst.funcs)
        ctx[abi.DEPTH] = ctx[abi.FRAMES] = inst.store.stack_frames
        ctx[abi.STACK_BUDGET] = min(inst.store.stack_frames * STACK_BYTES_PER_FRAME,
                                    MAX_STACK_BUDGET)
        state.install(abi.FAIL, failure(state, inst, self))
        state.install(abi.ARITY, wrong_arity(self.func_types))
        state.install(abi.NONE, None)
        if self.fuel or self.epoch:
            meter_in, meter_out, epoch_check = meters(state, inst.store, self.fuel, self.epoch)
            state.install(abi.METER_IN, meter_in)
            state.install(abi.METER_OUT, meter_out)
            state.install(abi.EPOCH_CHECK, epoch_check)
        for m, mem in enumerate(inst.mems):
            _bind_memory(state, mem, layout, m)
        grow, init, drop = memory_callbacks(state, inst)
        state.install(abi.SIMD, simd_callback(state))
        state.install(abi.GROW, grow)
        state.install(abi.MEMORY_INIT, init)
        state.install(abi.DATA_DROP, drop)
        get, set_ = global_callbacks(state, inst)
        state.install(abi.GLOBAL_GET, get)
        state.install(abi.GLOBAL_SET, set_)
        for g, glob in enumerate(inst.globals):
            if g not in self.shared_globals:
                ctx[layout.globals + g] = TO_BITS[glob.type.valtype](glob.value)
        for t, table in enumerate(inst.tables):
            ctx[layout.tables + t] = id(table.elements)
        for slot, callback in table_callbacks(state, inst).items():
            state.install(slot, callback)
        state.install(abi.RESOLVE, resolver(state, inst, layout, self.n_imported_funcs))
        for index in range(layout.n_imports):
            state.install(layout.imports + index,
                          import_callback(state, inst, index, layout.spill, self.metered))
        for typeidx in layout.indirect_types:
            state.install(layout.indirect_slot(typeidx),
                          indirect_callback(state, inst, typeidx, layout.spill, self.metered))
        for typeidx in layout.ref_call_types:
            state.install(layout.ref_call_slot(typeidx),
                          ref_callback(state, inst, typeidx, layout.spill, self.metered))
        state.keep.append(jitted)
        context = NativeContext(state.address)
        context.owner = state
        state.entry_context = context
        entries = {}
        for index in range(layout.n_imports, len(inst.funcs)):
            raw = make_builtin(jitted.address(entry_name(index)), f"wasm[{index}]", context,
                               state.keep)
            functype = self.func_types[index]
            if any(is_reference(t) for t in (*functype.params, *functype.results)):
                raw = with_references(raw, functype, state.handles)
            entries[index] = raw
        return entries


def _bind_memory(state: NativeState, mem, layout: abi.Layout, m: int) -> None:
    cell = _SizedCell(state.context, layout.memory_size(m))
    state.keep.append(cell)
    state.context[layout.memory_base(m)] = mem.address
    mem.bind(cell, "size")


class _SizedCell:
    """Keeps a context's memory-size slot equal to the memory's size: the
    runtime stores each new view of the memory here as it grows (see
    :meth:`~wasmlite.runtime.memory.MemoryInstance.bind`)."""

    __slots__ = ("context", "slot", "__weakref__")

    def __init__(self, context, slot: int):
        self.context = context
        self.slot = slot

    @property
    def namespace(self) -> "_SizedCell":
        return self

    def __setitem__(self, name: str, view: memoryview) -> None:
        self.context[self.slot] = len(view)
