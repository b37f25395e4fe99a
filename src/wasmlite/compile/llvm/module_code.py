"""The LLVM module of one wasm module: every defined function, and an entry for each.

A defined function ``i`` becomes ``f<i>``, internal with the fast calling
convention (see :mod:`.emitter`). Its *entry* ``e<i>`` has the C calling
convention and :mod:`.abi`'s boundary types, so that Python calls it through
``ctypes``: it sets the native stack limit when it is the outermost wasm
frame, converts f32 values, and stores several results in the spill slots.
"""

from __future__ import annotations

from llvmlite import ir

from ... import ir as wasm
from . import abi
from .emitter import PTR, Emitter, Tbaa, boundary_type, return_type
from .function import FunctionTranslator
from .numeric import I32, I64, LLVM_TYPES

__all__ = ["ModuleCode", "entry_name", "UNOPTIMIZED_SIZE"]

UNOPTIMIZED_SIZE = 4000
"""Functions of more instructions than this are compiled without optimization
(``optnone``): LLVM's optimizer takes minutes on the largest straight-line
functions of real programs (unrolled cryptography), the code generator seconds."""


def entry_name(index: int) -> str:
    """The symbol of defined function ``index``'s entry."""
    return f"e{index}"


class ModuleCode:
    """The LLVM IR of a wasm module, and what its translation needs to know."""

    def __init__(self, module: wasm.Module, layout: abi.Layout, shared_globals: frozenset[int],
                 triple: str, list_layout: tuple[int, int] | None):
        self.module = module
        self.list_layout = list_layout
        """Where a list object keeps its length and items (:mod:`.pylist`), if known."""
        self.layout = layout
        self.shared_globals = shared_globals
        self.llvm = ir.Module(name="wasm")
        self.llvm.triple = triple
        self.tbaa = Tbaa(self.llvm)
        self.func_types = [module.func_type(t) for t in module.func_typeidx()]
        self.n_imports = len(module.imported("func"))
        self.global_types = module.global_types()
        self.page_log2 = [16 if m.limits.page_size_log2 is None else m.limits.page_size_log2
                          for m in module.mem_types()]
        """log2 of each memory's page size."""
        self.functions: dict[int, ir.Function] = {}
        for index in range(self.n_imports, len(self.func_types)):
            ft = self.func_types[index]
            fnty = ir.FunctionType(return_type(ft.results),
                                   [PTR, *(LLVM_TYPES[t] for t in ft.params)])
            fn = ir.Function(self.llvm, fnty, f"f{index}")
            fn.linkage = "internal"
            fn.calling_convention = "fastcc"
            if len(module.funcs[index - self.n_imports].body) > UNOPTIMIZED_SIZE:
                fn.attributes.add("optnone")
                fn.attributes.add("noinline")
            self.functions[index] = fn

    def callback_type(self, functype: wasm.FuncType) -> ir.FunctionType:
        """The C type of the callback that calls a function of ``functype`` in Python."""
        return ir.FunctionType(self._boundary_return(functype.results),
                               [boundary_type(t) for t in functype.params])

    def indirect_type(self, functype: wasm.FuncType) -> ir.FunctionType:
        """The C type of the ``call_indirect`` callback for ``functype``:
        ``(table, element index, arguments...)``."""
        return ir.FunctionType(self._boundary_return(functype.results),
                               [I32, I64, *(boundary_type(t) for t in functype.params)])

    @staticmethod
    def _boundary_return(results) -> ir.Type:
        return boundary_type(results[0]) if len(results) == 1 else ir.VoidType()

    def build(self) -> str:
        """Translate every defined function and its entry; the module's IR text."""
        for index in self.functions:
            FunctionTranslator(self, index).translate()
            self._entry(index)
        return str(self.llvm)

    def _entry(self, index: int) -> None:
        ft = self.func_types[index]
        fnty = ir.FunctionType(self._boundary_return(ft.results),
                               [PTR, *(boundary_type(t) for t in ft.params)])
        fn = ir.Function(self.llvm, fnty, entry_name(index))
        em = _EntryEmitter(fn, self.tbaa)
        b = em.b
        limit = em.load_slot(abi.STACK_LIMIT)
        marker = b.alloca(ir.IntType(8))
        sp = b.ptrtoint(marker, I64)
        outermost = b.icmp_unsigned("==", limit, ir.Constant(I64, 0))
        own = b.sub(sp, em.load_slot(abi.STACK_BUDGET))
        em.store_slot(abi.STACK_LIMIT, b.select(outermost, own, limit))
        args = [em.from_boundary(a, t) for a, t in zip(fn.args[1:], ft.params)]
        value = b.call(self.functions[index], [fn.args[0], *args])
        em.store_slot(abi.STACK_LIMIT, limit)
        if not ft.results:
            b.ret_void()
        elif len(ft.results) == 1:
            b.ret(em.to_boundary(value, ft.results[0]))
        else:
            for i, t in enumerate(ft.results):
                em.store_slot(self.layout.spill + i, em.to_slot_bits(b.extract_value(value, i), t))
            b.ret_void()


class _EntryEmitter(Emitter):
    """An emitter for entries: no depth accounting of their own."""

    def __init__(self, fn: ir.Function, tbaa: Tbaa):
        self.fn = fn
        self.results = ()
        self.tbaa = tbaa
        self.ctx = fn.args[0]
        self.b = ir.IRBuilder(fn.append_basic_block("entry"))
