"""The state of building one native function: its IR builder, context slots, traps and returns.

Every native function has the signature ``fastcc R f(ptr ctx, params...)``
where ``R`` is ``void``, the one result's type, or a literal struct of the
results. On entry it checks the call depth and the native stack against the
context's budget (``call stack exhausted`` otherwise); every way out
restores the depth. A trap stores its status in the context, adds the
function and the trapping instruction to the context's backtrace and returns
zero values; after every call that may trap the caller checks the status and,
when it is set, adds itself at the call to the backtrace and returns too.
Nothing of this runs unless something failed.
"""

from __future__ import annotations

from llvmlite import ir

from ...ir import ValType
from ...runtime.trap import TrapCode
from . import abi, pycall
from .numeric import F32, F64, I32, I64, LLVM_TYPES, f32_from_boundary, f32_to_boundary
from .traps import status_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence

__all__ = ["Emitter", "PTR", "return_type", "Tbaa"]

PTR = ir.PointerType()

LLVM_SCALARS = ("i32", "i64", "f32", "f64")
"""Value types held as themselves; any other (a reference) is an i64 handle."""


def return_type(results: Sequence[ValType]) -> ir.Type:
    """The LLVM return type of a native function with ``results``."""
    if not results:
        return ir.VoidType()
    if len(results) == 1:
        return LLVM_TYPES[results[0]]
    return ir.LiteralStructType([LLVM_TYPES[t] for t in results])


class Tbaa:
    """Type-based alias metadata: context slots never alias linear memory, so
    LLVM may keep a slot's value (such as the memory size) in a register
    across stores to memory."""

    def __init__(self, module: ir.Module):
        root = module.add_metadata([ir.MetaDataString(module, "wasmlite")])
        self.context = self._tag(module, root, "context")
        self.memory = self._tag(module, root, "linear memory")

    @staticmethod
    def _tag(module: ir.Module, root, name: str):
        node = module.add_metadata([ir.MetaDataString(module, name), root, ir.Constant(I64, 0)])
        return module.add_metadata([node, node, ir.Constant(I64, 0)])


class Emitter:
    """Builds the body of one native function; subclasses translate instructions."""

    def __init__(self, fn: ir.Function, results: Sequence[ValType], tbaa: Tbaa,
                 leaf: bool = False, index: int = 0):
        """Start building ``fn``, the code of wasm function ``index``. A ``leaf``
        function (one that calls nothing) skips the depth and stack checks: it
        adds one frame of bounded size below a caller that made them, and the
        stack budget leaves room for it."""
        self.fn = fn
        self.results = tuple(results)
        self.tbaa = tbaa
        self.ctx = fn.args[0]
        self.index = index
        self.pc = 0
        """The index of the instruction being translated (for backtraces)."""
        entry = fn.append_basic_block("entry")
        self.b = ir.IRBuilder(entry)
        self._traps: dict[TrapCode, tuple[ir.Block, ir.PhiInstr, ir.PhiInstr | None]] = {}
        self._propagate: tuple[ir.Block, ir.PhiInstr] | None = None
        self.known_memory_sizes: dict[int, ir.Value] = {}
        """Memory sizes as last read (by memory index), while no call or control
        merge came between."""
        self.depth = None if leaf else self._prologue()

    # --- context slots -------------------------------------------------------------

    def slot_address(self, slot: int) -> ir.Value:
        return self.b.gep(self.ctx, [ir.Constant(I64, slot)], source_etype=I64)

    def load_slot(self, slot: int, typ: ir.Type = I64, invariant: bool = False) -> ir.Value:
        value = self.b.load(self.slot_address(slot), typ=typ)
        value.set_metadata("tbaa", self.tbaa.context)
        if invariant:
            value.set_metadata("invariant.load", self.fn.module.add_metadata([]))
        return value

    def store_slot(self, slot: int, value: ir.Value) -> None:
        store = self.b.store(value, self.slot_address(slot))
        store.set_metadata("tbaa", self.tbaa.context)

    def call_python(self, slot: int, args: Sequence[ir.Value], result: str | None = None
                    ) -> ir.Value | None:
        """Call the Python callable whose object context slot ``slot`` holds, with
        ``args`` (integers and v128s as unsigned ints, doubles as floats); its
        result as an i64 (``result`` ``"int"``), a double (``"float"``), a v128
        (``"v128"``) or not at all. A failure sets the status (see :meth:`check_status`)."""
        self.known_memory_sizes.clear()
        obj = pycall.call_python(self.b, self.ctx, slot, args)
        if result is None:
            pycall.release(self.b, obj)
            return None
        if result == "int":
            return pycall.unbox_int(self.b, self.ctx, obj)
        if result == "v128":
            return pycall.unbox_v128(self.b, self.ctx, obj)
        return pycall.unbox_float(self.b, self.ctx, obj)

    def intrinsic(self, name: str, ret: ir.Type, args: Sequence[ir.Type]) -> ir.Function:
        """The LLVM intrinsic ``name``, declared on first use."""
        module = self.fn.module
        fn = module.globals.get(name)
        if fn is None:
            fn = ir.Function(module, ir.FunctionType(ret, list(args)), name)
        return fn

    # --- entry and exits -------------------------------------------------------------

    def restore_depth(self) -> None:
        """Give back the call depth this function took (on every way out)."""
        if self.depth is not None:
            self.store_slot(abi.DEPTH, self.depth)

    def _prologue(self) -> ir.Value:
        b = self.b
        depth = self.load_slot(abi.DEPTH)
        marker = b.alloca(ir.IntType(8))
        sp = b.ptrtoint(marker, I64)
        limit = self.load_slot(abi.STACK_LIMIT)
        exhausted = b.or_(b.icmp_unsigned("==", depth, ir.Constant(I64, 0)),
                          b.icmp_unsigned("<", sp, limit))
        overflow = self.fn.append_basic_block("stack_exhausted")
        body = self.fn.append_basic_block("body")
        b.cbranch(exhausted, overflow, body)
        b.position_at_end(overflow)
        self.store_slot(abi.STATUS, ir.Constant(I64, status_of(TrapCode.STACK_OVERFLOW)))
        self._trace(ir.Constant(I64, abi.NO_INSTRUCTION))
        self._ret_zeros()
        b.position_at_end(body)
        self.store_slot(abi.DEPTH, b.sub(depth, ir.Constant(I64, 1)))
        return depth

    def _ret_zeros(self) -> None:
        rt = self.fn.function_type.return_type
        if isinstance(rt, ir.VoidType):
            self.b.ret_void()
        else:
            self.b.ret(ir.Constant(rt, None))

    def ret(self, values: Sequence[ir.Value]) -> None:
        """Return ``values`` (the function's results)."""
        self.restore_depth()
        if not values:
            self.b.ret_void()
        elif len(values) == 1:
            self.b.ret(values[0])
        else:
            agg = ir.Constant(self.fn.function_type.return_type, None)
            for i, v in enumerate(values):
                agg = self.b.insert_value(agg, v, i)
            self.b.ret(agg)

    def _trace(self, pc: ir.Value) -> None:
        """Add this function at instruction ``pc`` (an i64) to the backtrace."""
        entry = self.b.or_(ir.Constant(I64, self.index << 32), pc)
        pycall.trace(self.b, self.ctx, entry)

    def _here(self) -> ir.Constant:
        return ir.Constant(I64, self.pc)

    def _trap_block(self, code: TrapCode, address: ir.Value | None) -> ir.Block:
        """The block trapping with ``code``, entered from here (at :attr:`pc`,
        for memory traps with the effective ``address``)."""
        found = self._traps.get(code)
        if found is None:
            here = self.b.block
            block = self.fn.append_basic_block(f"trap_{code.name.lower()}")
            self.b.position_at_end(block)
            pc = self.b.phi(I64)
            where = self.b.phi(I64) if code is TrapCode.MEMORY_OUT_OF_BOUNDS else None
            self.store_slot(abi.STATUS, ir.Constant(I64, status_of(code)))
            self._trace(pc)
            if where is not None:
                self.store_slot(abi.TRAP_ADDRESS, where)
            self.restore_depth()
            self._ret_zeros()
            self.b.position_at_end(here)
            found = self._traps[code] = (block, pc, where)
        block, pc, where = found
        pc.add_incoming(self._here(), self.b.block)
        if where is not None:
            where.add_incoming(address if address is not None else ir.Constant(I64, 0),
                               self.b.block)
        return block

    def trap(self, code: TrapCode) -> None:
        """Trap with ``code`` here (the current block ends)."""
        self.b.branch(self._trap_block(code, None))

    def trap_if(self, cond: ir.Value, code: TrapCode, address: ir.Value | None = None) -> None:
        """Trap with ``code`` when ``cond`` (i1) holds; continue in a new block.
        ``address``: the effective address (i64) of a memory access that would trap."""
        cont = self.fn.append_basic_block()
        branch = self.b.cbranch(cond, self._trap_block(code, address), cont)
        branch.set_weights([1, 1 << 20])
        self.b.position_at_end(cont)

    def check_status(self) -> None:
        """Return at once if a call just made left a trap status in the context
        (adding this function, at the call, to the backtrace)."""
        if self._propagate is None:
            here = self.b.block
            block = self.fn.append_basic_block("propagate")
            self.b.position_at_end(block)
            pc = self.b.phi(I64)
            self._trace(pc)
            self.restore_depth()
            self._ret_zeros()
            self.b.position_at_end(here)
            self._propagate = (block, pc)
        block, pc = self._propagate
        status = self.load_slot(abi.STATUS)
        cont = self.fn.append_basic_block()
        pc.add_incoming(self._here(), self.b.block)
        branch = self.b.cbranch(self.b.icmp_unsigned("!=", status, ir.Constant(I64, 0)),
                                block, cont)
        branch.set_weights([1, 1 << 20])
        self.b.position_at_end(cont)

    # --- values crossing into Python ---------------------------------------------------------

    def to_boundary(self, value: ir.Value, t: ValType) -> ir.Value:
        return f32_to_boundary(self, value) if t == "f32" else value

    def from_boundary(self, value: ir.Value, t: ValType) -> ir.Value:
        return f32_from_boundary(self, value) if t == "f32" else value

    def store_value(self, slot: int, value: ir.Value, t: ValType) -> None:
        """Store ``value`` in context slot ``slot`` (a v128 in it and the next, see
        :func:`~.abi.slot_width`)."""
        if t == "v128":
            for k in range(2):
                self.store_slot(slot + k, self.b.extract_element(value, ir.Constant(I32, k)))
        else:
            self.store_slot(slot, self.to_slot_bits(value, t))

    def load_value(self, slot: int, t: ValType) -> ir.Value:
        """The value of type ``t`` that :meth:`store_value` stored at ``slot``."""
        if t == "v128":
            value = ir.Constant(LLVM_TYPES["v128"], None)
            for k in range(2):
                value = self.b.insert_element(value, self.load_slot(slot + k), ir.Constant(I32, k))
            return value
        return self.from_slot_bits(self.load_slot(slot), t)

    def to_slot_bits(self, value: ir.Value, t: ValType) -> ir.Value:
        """``value`` as the 64-bit pattern a context slot holds."""
        b = self.b
        if t == "i64" or t not in LLVM_SCALARS:
            return value        # an i64, or a reference handle
        if t == "i32":
            return b.zext(value, I64)
        if t == "f64":
            return b.bitcast(value, I64)
        return b.zext(b.bitcast(value, I32), I64)

    def from_slot_bits(self, bits: ir.Value, t: ValType) -> ir.Value:
        """The value of type ``t`` a context slot's 64-bit pattern holds."""
        b = self.b
        if t == "i64" or t not in LLVM_SCALARS:
            return bits
        if t == "i32":
            return b.trunc(bits, I32)
        if t == "f64":
            return b.bitcast(bits, F64)
        return b.bitcast(b.trunc(bits, I32), F32)
