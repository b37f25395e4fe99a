"""A module prepared for the portable tier, and the linking of its instances.

Functions are compiled lazily: every function instance starts with a stub
that, on its first call, compiles the function (once per module: the code
object is cached here and shared by every instance), binds it to the
instance's namespace, replaces itself there and on the function instance,
and runs the call.

A compiled module is shared by every store of its engine, and so by threads
that each run their own store: compiling, and the shared table of constants
the code names, are behind the module's lock (a function compiled by two
threads at once is compiled once). An instance belongs to one store, which
one thread uses at a time, so its namespace needs no lock.
"""

from __future__ import annotations

import _thread
import builtins
import struct
import types
from importlib import import_module

from ... import ir
from ...opcodes import SIMD_PREFIX
from ...runtime.floats import f32_round
from ...runtime.function import HostFunction, WasmFunction
from ...runtime.trap import WASM_FILENAME
from ...validate.types import DefType, canonicalize
from . import support
from ...errors import NotSupportedError
from .codegen import FunctionCompiler, unsupported_feature
from .memory_ops import STRUCTS
from .numeric_ops import HELPER_NAMES, HELPERS, simd_helpers

TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any, Callable
    from ..cache import CodeCache, Entry

__all__ = ["CompiledModule", "BASE_NAMESPACE"]

_UNSET = object()


def _base_namespace() -> dict[str, Any]:
    ns: dict[str, Any] = {"__builtins__": builtins, "__name__": "<wasm>"}
    for name, fn in HELPERS.items():
        ns[name.replace(".", "_")] = fn
    ns.update(_exported(support))
    for name, fmt in STRUCTS.items():
        s = struct.Struct(fmt)
        ns[name] = s.unpack_from if name.startswith("LD_") else s.pack_into
    ns["f32_round"] = f32_round
    ns["OSR"] = ()      # no machine code to take over a running call (see osr_points)
    return ns


def _exported(module) -> dict[str, Any]:
    return {name: getattr(module, name) for name in module.__all__}


BASE_NAMESPACE = _base_namespace()
"""Names every compiled function may use besides the per-instance ones."""

_PROPOSAL_HELPERS: dict[str, Callable[[], dict[str, Any]]] = {
    "simd": lambda: {name.replace(".", "_"): fn for name, fn in simd_helpers().items()},
    "gc": lambda: _exported(import_module("...runtime.aggregate", __package__)),
    "threads": lambda: _exported(import_module(".atomics", __package__)),
}
"""The helpers that only code of some proposal's instructions calls, by proposal:
loaded when a module that uses one of those instructions is linked."""

_proposal_namespaces: dict[str, dict[str, Any]] = {}


def _proposal_namespace(feature: str) -> dict[str, Any]:
    ns = _proposal_namespaces.get(feature)
    if ns is None:      # two threads may both build it: the first one kept is used
        ns = _proposal_namespaces.setdefault(feature, _PROPOSAL_HELPERS[feature]())
    return ns


class CompiledModule:
    """A validated module and the code compiled for it so far."""

    osr_points = False
    """Whether its loops may hand a running call to machine code (see
    ``compile.llvm.tiering``)."""

    def __init__(self, module: ir.Module, *, fuel: bool = False, epoch: bool = False,
                 cache: CodeCache | None = None, binary: bytes | None = None,
                 binary_offset: int = 0):
        """Prepare ``module``; ``fuel`` / ``epoch`` make the code consume the
        store's fuel / check its epoch deadline at function entries and loop
        headers; code is taken from and added to ``cache`` when given;
        ``binary``, the bytes ``module`` was decoded from, gives backtraces
        their instruction offsets, counted from ``binary_offset`` (where a core
        module nested in a component starts in the component's bytes)."""
        self.module = module
        self.binary = binary
        self.binary_offset = binary_offset
        self._lock = _thread.RLock()
        self._positions: dict[int, Any] = {}
        self._offsets: dict[int, list[int]] = {}
        self.cache = cache
        self.fuel = fuel
        self.epoch = epoch
        self.deftypes = canonicalize(module)
        imported = module.imported("func")
        self.n_imported_funcs = len(imported)
        self.func_types = [module.func_type(t) for t in module.func_typeidx()]
        self.global_types = module.global_types()
        self.table_types = module.table_types()
        mems = module.mem_types()
        self.page_log2 = [16 if m.limits.page_size_log2 is None else m.limits.page_size_log2
                          for m in mems]
        self.memory_addr_type = ["i64" if m.limits.is64 else "i32" for m in mems]
        self.tag_types = module.tag_types()
        self.helpers = HELPER_NAMES
        self.constants: dict[str, float] = {}
        self.codes: dict[int, tuple[types.CodeType, bool]] = {}
        proposals = cache.supported if cache is not None else None
        if proposals is None:
            proposals = _check_supported(module)
            if cache is not None:
                cache.mark_supported(proposals)
        self.proposals = proposals
        """The proposals with helpers of their own (:data:`_PROPOSAL_HELPERS`) that
        the module's code uses (as the code cache recorded it, when it has:
        finding them reads every function body)."""

    # --- compiling ----------------------------------------------------------------------

    def source(self, index: int) -> str:
        """The Python source generated for function ``index`` (a defined function)."""
        return FunctionCompiler(self, index).compile()

    def code(self, index: int) -> tuple[types.CodeType, bool]:
        """The code object of function ``index`` and whether it makes tail calls."""
        entry = self.codes.get(index)
        if entry is not None:
            return entry
        with self._lock:
            return self._code(index)

    def _code(self, index: int) -> tuple[types.CodeType, bool]:
        entry = self.codes.get(index)
        if entry is None and self.cache is not None and index in self.cache.codes:
            code, tail_calls, constants = self.cache.codes[index]
            self.constants.update(constants)
            entry = self.codes[index] = (code, tail_calls)
        if entry is None:
            compiler = FunctionCompiler(self, index)
            source = compiler.compile()
            unit = compile(source, WASM_FILENAME, "exec")
            fcode = next(c for c in unit.co_consts if isinstance(c, types.CodeType))
            label = self.module.names.funcs.get(index, str(index))
            fcode = fcode.replace(co_name=f"wasm[{index}]", co_qualname=f"wasm[{index}] {label}")
            entry = self.codes[index] = (fcode, compiler.structure.tail_calls)
            if self.cache is not None:
                self.cache.store(index, self.entry(index))
        return entry

    def entry(self, index: int) -> Entry:
        """Function ``index`` compiled, with the constants its code names: what
        a code cache keeps of it."""
        code, tail_calls = self.code(index)
        names = set(code.co_names)
        with self._lock:
            return code, tail_calls, {k: v for k, v in self.constants.items() if k in names}

    # --- backtraces -------------------------------------------------------------------

    def locate(self, index: int, code: types.CodeType, lasti: int) -> tuple[int, str] | None:
        """The instruction (index in the body of defined function ``index``) that
        ``code``, compiled from it, was running at bytecode offset ``lasti``, and
        the Python code of that instruction; ``None`` when it cannot be told.
        Worked out only when a trap asks (see :mod:`.positions`)."""
        if lasti < 0:
            return None
        lineno = col = end_col = None
        for k, position in enumerate(code.co_positions()):
            if k == lasti >> 1:
                lineno, _, col, end_col = position
                break
        if lineno is None:
            return None
        pm = self._positions.get(index, _UNSET)
        if pm is _UNSET:
            from .positions import position_map
            with self._lock:
                pm = self._positions.get(index, _UNSET)
                if pm is _UNSET:
                    pm = self._positions[index] = position_map(self, index)
        if pm is None:
            return None
        return pm.locate(lineno, col, end_col)

    def instruction_offset(self, index: int, pc: int) -> int | None:
        """The byte offset in the module binary of instruction ``pc`` of defined
        function ``index``, when the binary is known."""
        if self.binary is None:
            return None
        offsets = self._offsets.get(index)
        if offsets is None:
            from ...runtime.code_offsets import instruction_offsets
            func = self.module.funcs[index - self.n_imported_funcs]
            offsets = self._offsets[index] = instruction_offsets(
                self.binary, func.offset, len(func.body))
        return offsets[pc] if 0 <= pc < len(offsets) else None

    # --- instances ------------------------------------------------------------------------

    def function(self, inst, index: int, deftype: DefType) -> WasmFunction:
        """The function instance of defined function ``index`` in ``inst``, not yet compiled."""
        return WasmFunction(deftype, inst, index, _FirstCall(self, inst, index, 0),
                            _FirstCall(self, inst, index, 1))

    def _materialize(self, inst, index: int) -> tuple[Callable, Callable]:
        fn = inst.funcs[index]
        ns = inst.namespace
        compiled = ns["__compiled__"]
        if index in compiled:
            return fn.raw, fn.tail
        code, tail_calls = self.code(index)
        with self._lock:
            constants = list(self.constants.items())
        for key, value in constants:
            ns.setdefault(key, value)
        body = types.FunctionType(code, ns)
        raw = support.trampoline(body) if tail_calls else body
        ns[f"F{index}"] = fn.raw = raw
        ns[f"R{index}"] = fn.tail = body
        compiled.add(index)
        return raw, body

    def link(self, inst) -> None:
        """Fill ``inst.namespace`` with what the compiled code of ``inst`` refers to."""
        ns = inst.namespace
        ns.update(BASE_NAMESPACE)
        for feature in self.proposals:
            ns.update(_proposal_namespace(feature))
        ns["__wasm_instance__"] = inst
        ns["__compiled__"] = set()
        ns["STORE"] = inst.store
        for i, fn in enumerate(inst.funcs):
            ns[f"FN{i}"] = fn
            if i < self.n_imported_funcs and not _is_final(fn):
                ns[f"F{i}"] = _resolver(ns, f"F{i}", fn, "raw")
                ns[f"R{i}"] = _resolver(ns, f"R{i}", fn, "tail")
            else:
                ns[f"F{i}"] = fn.raw
                ns[f"R{i}"] = fn.tail
        for i, mem in enumerate(inst.mems):
            ns[f"M{i}"] = mem
            mem.bind(inst, f"V{i}")
        for i, table in enumerate(inst.tables):
            ns[f"T{i}"] = table
            ns[f"E{i}"] = table.elements
        for i, glob in enumerate(inst.globals):
            ns[f"G{i}"] = glob if self.global_types[i].mutable else glob.value
        for i, tag in enumerate(inst.tags):
            ns[f"TG{i}"] = tag
        for i, data in enumerate(inst.datas):
            ns[f"D{i}"] = data
        for i, elem in enumerate(inst.elems):
            ns[f"EL{i}"] = elem
        for i, deftype in enumerate(self.deftypes):
            ns[f"TY{i}"] = deftype
        with self._lock:
            ns.update(self.constants)


class _FirstCall:
    """An entry of a function not compiled yet (``entry`` 0: the ordinary one,
    1: the one tail calls jump to): calling it compiles the function for
    ``inst``, which puts the compiled entries in its place, and runs the call.
    (An object rather than a closure: a large module has two of these per
    function, and closures bring cells that the garbage collector visits too.)"""

    __slots__ = ("module", "inst", "index", "entry")

    def __init__(self, module: CompiledModule, inst, index: int, entry: int) -> None:
        self.module = module
        self.inst = inst
        self.index = index
        self.entry = entry

    def __call__(self, *args):
        return self.module._materialize(self.inst, self.index)[self.entry](*args)


def _check_supported(module: ir.Module) -> frozenset[str]:
    """Raise :class:`NotSupportedError` if some function uses an instruction
    this tier does not compile; else the proposals of :data:`_PROPOSAL_HELPERS`
    whose instructions some function uses."""
    seen = set()
    for func in module.funcs:
        for instr in func.body:
            op = instr[0]
            if op not in seen:
                seen.add(op)
                feature = unsupported_feature(op)
                if feature is not None:
                    raise NotSupportedError(feature)
    features = {"simd" if op.prefix == SIMD_PREFIX else op.feature for op in seen}
    return frozenset(features & _PROPOSAL_HELPERS.keys())


def _is_final(fn) -> bool:
    """Whether ``fn``'s entries are the ones its calls will keep using: a host
    function's are; a wasm function's once it is compiled."""
    if isinstance(fn, HostFunction):
        return True
    ns = getattr(fn.instance, "namespace", None)
    return ns is not None and fn.index in ns.get("__compiled__", ())


def _resolver(ns: dict, key: str, fn, attr: str) -> Callable:
    """A callable standing for imported function ``fn`` in ``ns[key]``: the first
    call goes through ``fn``'s current entry (compiling it if need be), then
    binds the compiled entry in its place."""
    def resolve(*args):
        result = getattr(fn, attr)(*args)
        ns[key] = getattr(fn, attr)
        return result
    return resolve
