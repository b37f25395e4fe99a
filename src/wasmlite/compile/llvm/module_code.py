"""The LLVM module of one wasm module: every defined function, and an entry for each.

A defined function ``i`` becomes ``f<i>``, internal with the fast calling
convention (see :mod:`.emitter`). A function that makes tail calls, or that
a tail call may reach, is translated into its *tail entry* ``t<i>(ctx)``
instead, which takes its arguments from the context's tail-call slots: every
tail entry of one result type has the same prototype, as ``musttail`` needs;
``f<i>`` then only stores its arguments there and calls ``t<i>``. Its *entry* ``e<i>`` is the machine code of
a Python builtin (``METH_FASTCALL``, see :mod:`.cpython`) whose ``self`` is
the context's address: it unboxes the raw arguments, sets the native stack
limit and the call depth left when it is the outermost wasm frame of its
thread, calls ``f<i>``, and boxes the
results (``None``, the value, or a tuple); when native code reported a
failure it returns what :func:`~.pycall.failed` gives instead (null, with
the exception raised).
"""

from __future__ import annotations

from llvmlite import ir

from ... import ir as wasm
from . import abi, pycall
from .cpython import declare
from .emitter import PTR, Emitter, Tbaa, return_type
from .calls import signature
from .function import FunctionTranslator
from .numeric import I64, LLVM_TYPES

__all__ = ["ModuleCode", "entry_name", "osr_entry_name", "UNOPTIMIZED_SIZE"]

UNOPTIMIZED_SIZE = 4000
"""Functions of more instructions than this are compiled without optimization
(``optnone``): LLVM's optimizer takes minutes on the largest straight-line
functions of real programs (unrolled cryptography), the code generator seconds."""


def entry_name(index: int) -> str:
    """The symbol of defined function ``index``'s entry."""
    return f"e{index}"


def osr_entry_name(index: int, pc: int) -> str:
    """The symbol of the entry that runs defined function ``index`` from the
    header of its loop at instruction ``pc`` on (see :mod:`.tiering`)."""
    return f"e{index}_{pc}"


class ModuleCode:
    """The LLVM IR of a wasm module, and what its translation needs to know."""

    def __init__(self, module: wasm.Module, layout: abi.Layout, shared_globals: frozenset[int],
                 triple: str, list_layout: tuple[int, int] | None, fuel: bool = False,
                 epoch: bool = False, osr: frozenset[int] = frozenset()):
        """``osr``: the defined functions that get on-stack replacement entries
        too, where they can (see :meth:`_osr_function`)."""
        self.module = module
        self.osr = osr
        self.fuel = fuel
        """Whether the code consumes fuel (see :mod:`.metering`)."""
        self.epoch = epoch
        """Whether the code checks the epoch deadline."""
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
        self.table_is64 = [t.limits.is64 for t in module.table_types()]
        """Whether each table has 64-bit indices."""
        self.memory_is64 = [m.limits.is64 for m in module.mem_types()]
        """Whether each memory has 64-bit addresses (memory64)."""
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
        self.tail_functions: dict[int, ir.Function] = {}
        """The tail entries ``t<i>`` of the functions in tail form, by index."""
        for index in sorted(self._tail_form()):
            fn = self.functions[index]
            tail = ir.Function(self.llvm, ir.FunctionType(fn.function_type.return_type, [PTR]),
                               f"t{index}")
            tail.linkage = "internal"
            tail.calling_convention = "fastcc"
            for attribute in ("optnone", "noinline"):
                if attribute in fn.attributes:
                    tail.attributes.add(attribute)
            self.tail_functions[index] = tail

    def _tail_form(self) -> set[int]:
        """The defined functions that make tail calls or that one may reach."""
        module = self.module
        defined = list(self.functions)
        form: set[int] = set()
        for index in defined:
            for instr in module.funcs[index - self.n_imports].body:
                name = instr[0].name
                if name == "return_call":
                    form.add(index)
                    if instr[1] >= self.n_imports:
                        form.add(instr[1])
                elif name in ("return_call_indirect", "return_call_ref"):
                    form.add(index)
                    wanted = signature(module.func_type(instr[1]))
                    form.update(i for i in defined if signature(self.func_types[i]) == wanted)
        return form

    def build(self) -> str:
        """Translate every defined function and its entry; the module's IR text."""
        for index in self.functions:
            FunctionTranslator(self, index).translate()
            if index in self.tail_functions:
                self._tail_wrapper(index)
            self._entry(index)
            osr = self._osr_function(index) if index in self.osr else None
            if osr is not None:
                translator = FunctionTranslator(self, index, osr)
                translator.translate()
                for pc in translator.finish_osr():
                    self._entry(index, osr, pc)
        return str(self.llvm)

    def local_types(self, index: int) -> list[wasm.ValType]:
        """The types of defined function ``index``'s locals, its parameters first."""
        return [*self.func_types[index].params, *self.module.funcs[index - self.n_imports].locals]

    def _osr_function(self, index: int) -> ir.Function | None:
        """The on-stack replacement entry ``o<index>(ctx, loop, locals...)`` of
        defined function ``index``, declared; ``None`` when it cannot have one:
        it is in tail form, has a local of a reference type, or the code
        meters fuel or epochs."""
        if index in self.tail_functions or self.fuel or self.epoch:
            return None
        fn = self.functions[index]
        local_types = self.local_types(index)
        if not all(t in wasm.NUM_TYPES or t in wasm.VEC_TYPES for t in local_types):
            return None
        osr = ir.Function(self.llvm, ir.FunctionType(
            fn.function_type.return_type, [PTR, I64, *(LLVM_TYPES[t] for t in local_types)]),
            f"o{index}")
        osr.linkage = "internal"
        for attribute in ("optnone", "noinline"):
            if attribute in fn.attributes:
                osr.attributes.add(attribute)
        return osr

    def _tail_wrapper(self, index: int) -> None:
        """``f<index>`` of a function in tail form: its arguments to the tail-call
        slots, then its tail entry."""
        fn = self.functions[index]
        em = _EntryEmitter(fn, self.tbaa, index)
        ft = self.func_types[index]
        for at, value, t in zip(abi.slot_offsets(ft.params), fn.args[1:], ft.params):
            em.store_value(self.layout.tail_args + at, value, t)
        value = em.b.call(self.tail_functions[index], [em.ctx])
        if ft.results:
            em.b.ret(value)
        else:
            em.b.ret_void()

    def _entry(self, index: int, osr: ir.Function | None = None, pc: int = 0) -> None:
        """The entry of defined function ``index``; with ``osr``, the entry running
        that on-stack replacement entry from the loop at instruction ``pc``,
        whose arguments are the function's locals."""
        ft = self.func_types[index]
        param_types = ft.params
        name = entry_name(index)
        if osr is not None:
            param_types = self.local_types(index)
            name = osr_entry_name(index, pc)
        fn = ir.Function(self.llvm, ir.FunctionType(PTR, [PTR, PTR, I64]), name)
        em = _EntryEmitter(fn, self.tbaa, index)
        b = em.b
        self_, argv, nargs = fn.args
        marker = b.alloca(ir.IntType(8))
        em.ctx = ctx = b.call(declare(self.llvm, "PyLong_AsVoidPtr"), [self_])
        wrong = fn.append_basic_block("wrong_arity")
        body = fn.append_basic_block("arguments")
        b.cbranch(b.icmp_unsigned("!=", nargs, ir.Constant(I64, len(param_types))), wrong, body)
        b.position_at_end(wrong)
        b.ret(pycall.arity(b, ctx, index, nargs))
        b.position_at_end(body)
        args = [em.unbox_argument(b.load(b.gep(argv, [ir.Constant(I64, k)], source_etype=PTR),
                                         typ=PTR), t)
                for k, t in enumerate(param_types)]
        failed = fn.append_basic_block("failed")
        done = fn.append_basic_block("done")
        if self.fuel or self.epoch:
            em.call_python(abi.METER_IN, [])
            run = fn.append_basic_block("run")
            b.cbranch(b.icmp_unsigned("!=", em.load_slot(abi.STATUS), ir.Constant(I64, 0)),
                      failed, run)
            b.position_at_end(run)
        limit = em.load_slot(abi.STACK_LIMIT)
        thread = em.load_slot(abi.LIMIT_THREAD)
        depth = em.load_slot(abi.DEPTH)
        me = b.ptrtoint(b.call(declare(self.llvm, "PyThreadState_Get"), []), I64)
        sp = b.ptrtoint(marker, I64)
        outermost = b.or_(b.icmp_unsigned("==", limit, ir.Constant(I64, 0)),
                          b.icmp_unsigned("!=", thread, me))
        own = b.sub(sp, em.load_slot(abi.STACK_BUDGET))
        em.store_slot(abi.STACK_LIMIT, b.select(outermost, own, limit))
        em.store_slot(abi.LIMIT_THREAD, me)
        em.store_slot(abi.DEPTH, b.select(outermost, em.load_slot(abi.FRAMES), depth))
        if osr is None:
            value = b.call(self.functions[index], [ctx, *args])
        else:
            value = b.call(osr, [ctx, ir.Constant(I64, pc), *args])
        em.store_slot(abi.STACK_LIMIT, limit)
        em.store_slot(abi.LIMIT_THREAD, thread)
        em.store_slot(abi.DEPTH, depth)
        if self.fuel:
            em.call_python(abi.METER_OUT, [])
        status = em.load_slot(abi.STATUS)
        branch = b.cbranch(b.icmp_unsigned("!=", status, ir.Constant(I64, 0)), failed, done)
        branch.set_weights([1, 1 << 20])
        b.position_at_end(failed)
        b.ret(pycall.failed(b, ctx))
        b.position_at_end(done)
        results = ft.results
        if not results:
            none = em.load_slot(abi.NONE, PTR)
            b.call(declare(self.llvm, "Py_IncRef"), [none])
            b.ret(none)
        elif len(results) == 1:
            b.ret(pycall.box(b, em.to_boundary(value, results[0])))
        else:
            b.ret(em.box_tuple([b.extract_value(value, i) for i in range(len(results))], results))


class _EntryEmitter(Emitter):
    """An emitter for entries: no depth accounting of their own."""

    def __init__(self, fn: ir.Function, tbaa: Tbaa, index: int):
        self.fn = fn
        self.results = ()
        self.tbaa = tbaa
        self.index = index
        self.pc = 0
        self.ctx = fn.args[0]
        self.b = ir.IRBuilder(fn.append_basic_block("entry"))
        self.known_memory_sizes = {}
        self.depth = None

    def unbox_argument(self, obj: ir.Value, t) -> ir.Value:
        """Raw argument ``obj`` of type ``t`` as a native value; a wrong type
        returns from the entry with the Python exception raised."""
        b = self.b
        if t == "v128":
            value, raised = pycall.as_v128(b, obj)
            error = self.fn.append_basic_block("bad_argument")
            ok = self.fn.append_basic_block()
            b.cbranch(raised, error, ok)
            b.position_at_end(error)
            b.ret(ir.Constant(PTR, None))
            b.position_at_end(ok)
            return value
        if t in ("f32", "f64"):
            value = b.call(declare(b.module, "PyFloat_AsDouble"), [obj])
            maybe = b.fcmp_ordered("==", value, ir.Constant(value.type, -1.0))
        else:
            value = b.call(declare(b.module, "PyLong_AsUnsignedLongLongMask"), [obj])
            maybe = b.icmp_unsigned("==", value, ir.Constant(I64, -1))
        check = self.fn.append_basic_block("maybe_error")
        ok = self.fn.append_basic_block()
        b.cbranch(maybe, check, ok)
        b.position_at_end(check)
        raised = b.icmp_unsigned("!=", b.call(declare(b.module, "PyErr_Occurred"), []),
                                 ir.Constant(PTR, None))
        error = self.fn.append_basic_block("bad_argument")
        b.cbranch(raised, error, ok)
        b.position_at_end(error)
        b.ret(ir.Constant(PTR, None))
        b.position_at_end(ok)
        if t == "i32":
            return b.trunc(value, LLVM_TYPES["i32"])
        return self.from_boundary(value, t)

    def box_tuple(self, values, types) -> ir.Value:
        """A new tuple of ``values`` (of value ``types``) boxed; null when out of memory."""
        b = self.b
        module = b.module
        items = [pycall.box(b, self.to_boundary(v, t)) for v, t in zip(values, types)]
        tup = b.call(declare(module, "PyTuple_New"), [ir.Constant(I64, len(items))])
        missing = b.icmp_unsigned("==", tup, ir.Constant(PTR, None))
        for item in items:
            missing = b.or_(missing, b.icmp_unsigned("==", item, ir.Constant(PTR, None)))
        fail = self.fn.append_basic_block("no_memory")
        fill = self.fn.append_basic_block("fill")
        b.cbranch(missing, fail, fill)
        b.position_at_end(fail)
        for obj in (tup, *items):
            pycall.release(b, obj)
        b.ret(ir.Constant(PTR, None))
        b.position_at_end(fill)
        for k, item in enumerate(items):
            b.call(declare(module, "PyTuple_SetItem"), [tup, ir.Constant(I64, k), item])
        return tup
