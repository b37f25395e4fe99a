"""One wasm function translated to LLVM IR.

Locals live in stack slots (``alloca``; LLVM promotes them to registers),
operand stack entries are SSA values, and structured control becomes basic
blocks: a ``block`` or ``if`` gets a block after its ``end`` whose phis
receive the values every branch carries there, a ``loop`` a header block
whose phis receive the values of the branches back to it. Code after an
unconditional branch is skipped up to its enclosing ``else`` or ``end``.

Instructions are dispatched by name (:data:`HANDLED`): numeric ones to
:mod:`.numeric`, memory ones to :mod:`.memory`, reference and table ones to
:mod:`.refs`, SIMD ones to :mod:`.simd`, the rest here.

Fuel and epochs are metered as the portable tier meters them (see
``wasmlite.compile.python.codegen``): entering a function costs 1 and every
instruction but :data:`FREE` ones 1 more; the fuel of a stretch of
straight-line code is charged right before the instruction that ends it
(:data:`STRETCH_ENDS`), so a callee sees what its caller used and a stretch
that traps is not charged; the fuel left and the epoch deadline are checked
at function entries and loop headers.
"""

from __future__ import annotations

from llvmlite import ir

from ...ir import ValType
from ...runtime.trap import TrapCode
from . import abi, memory, numeric, refs, simd
from .calls import call_back, call_native, return_values, tail_call_native
from .indirect import call_indirect
from .emitter import PTR, Emitter
from .numeric import I32, I64, LLVM_TYPES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Sequence
    from .module_code import ModuleCode

__all__ = ["FunctionTranslator", "HANDLED"]


class Label:
    """A construct that branches may target: ``block``, ``loop``, ``if``, or the function."""

    __slots__ = ("kind", "params", "results", "after", "header", "phis", "otherwise",
                 "incoming", "height", "args", "has_else")

    def __init__(self, kind: str, params: Sequence[ValType], results: Sequence[ValType],
                 height: int):
        self.kind = kind
        self.params = tuple(params)
        self.results = tuple(results)
        self.height = height
        self.after: ir.Block | None = None          # where execution continues after ``end``
        self.header: ir.Block | None = None         # a loop's header
        self.phis: list[ir.PhiInstr] = []           # a loop header's phis
        self.otherwise: ir.Block | None = None      # an if's else branch
        self.incoming: list[tuple[list[ir.Value], ir.Block]] = []
        self.args: list[ir.Value] = []              # an if's parameters
        self.has_else = False

    @property
    def arity(self) -> tuple[ValType, ...]:
        """The types of the values a branch to this label carries."""
        return self.params if self.kind == "loop" else self.results


class FunctionTranslator(Emitter):
    """Translates defined function ``index`` of ``unit`` into its LLVM function."""

    def __init__(self, unit: ModuleCode, index: int, osr: ir.Function | None = None):
        """With ``osr``, translate into that function instead: the function's
        *on-stack replacement* entry, which takes the context, the index of a
        ``loop`` and every local, and runs the function from that loop's header
        on (see :meth:`finish_osr`)."""
        self.unit = unit
        self.index = index
        functype = unit.func_types[index]
        tail_form = index in unit.tail_functions and osr is None
        fn = osr if osr is not None else \
            unit.tail_functions[index] if tail_form else unit.functions[index]
        func = unit.module.funcs[index - unit.n_imports]
        leaf = not any(instr[0].name in _CALLING for instr in func.body)
        super().__init__(fn, functype.results, unit.tbaa, leaf, index)
        self.func = func
        self.stack: list[ir.Value] = []
        self.labels: list[Label] = []
        self.dead = False
        self.dead_depth = 0
        b = self.b
        self.local_types = unit.local_types(index)
        self.locals = []
        entry_block = fn.blocks[0]
        here = b.block
        b.position_at_start(entry_block)
        for t in self.local_types:
            self.locals.append(b.alloca(LLVM_TYPES[t]))
        b.position_at_end(here)
        n_params = len(functype.params)
        offsets = abi.slot_offsets(functype.params)
        for i, t in enumerate(self.local_types):
            if osr is not None:
                value = fn.args[2 + i]
            elif i >= n_params:
                value = ir.Constant(LLVM_TYPES[t], None)
            elif tail_form:     # arguments come in the tail-call slots
                value = self.load_value(unit.layout.tail_args + offsets[i], t)
            else:
                value = fn.args[1 + i]
            b.store(value, self.locals[i])
        self.memory_bases = [self.load_slot(unit.layout.memory_base(m), PTR, invariant=True)
                             for m in range(unit.layout.n_mems)]
        """Each memory's base address, read once: it never changes."""
        self.fuel_due = 1
        """Fuel of the straight-line code translated since it was last charged
        (entering the function costs 1)."""
        self.branched_loops: frozenset[int] = frozenset()
        """The ``loop`` instructions (by index) that some branch targets: only
        those are loops (with metered headers) for the portable tier."""
        if unit.fuel or unit.epoch:
            from ..python.structure import Structure
            self.branched_loops = frozenset(Structure(func.body).targeted)
        self.osr_dispatch: ir.Block | None = None
        """The block that picks the loop an on-stack replacement entry starts at."""
        self.osr_loops: dict[int, ir.Block] = {}
        """The loops it may start at (those entered with an empty operand stack
        and no parameters), by instruction index: their headers."""
        if osr is not None:
            self.osr_dispatch = self.b.block
            self.b.position_at_end(fn.append_basic_block("before_the_loops"))

    # --- metering ---------------------------------------------------------------------

    def meter(self) -> None:
        """The checks of a function entry or loop header: fuel left, epoch deadline."""
        b = self.b
        if self.unit.fuel:
            fuel = self.load_slot(abi.FUEL)
            self.trap_if(b.icmp_signed("<", fuel, ir.Constant(I64, 0)), TrapCode.OUT_OF_FUEL)
        if self.unit.epoch:
            left = b.sub(self.load_slot(abi.EPOCH), ir.Constant(I64, 1))
            self.store_slot(abi.EPOCH, left)
            look = self.fn.append_basic_block("epoch_look")
            cont = self.fn.append_basic_block()
            branch = b.cbranch(b.icmp_signed("<", left, ir.Constant(I64, 0)), look, cont)
            branch.set_weights([1, 1 << 20])
            b.position_at_end(look)
            known = dict(self.known_memory_sizes)   # read before the look: still valid after it
            reached = self.call_python(abi.EPOCH_CHECK, [], "int")
            self.check_status()
            self.trap_if(b.icmp_unsigned("!=", reached, ir.Constant(I64, 0)), TrapCode.INTERRUPT)
            b.branch(cont)
            b.position_at_end(cont)
            self.known_memory_sizes = known

    def charge_fuel(self, name: str) -> None:
        """Count instruction ``name``'s fuel; charge what is due before it ends a stretch."""
        if name not in FREE:
            self.fuel_due += 1
        if name in STRETCH_ENDS and self.fuel_due:
            fuel = self.load_slot(abi.FUEL)
            self.store_slot(abi.FUEL, self.b.sub(fuel, ir.Constant(I64, self.fuel_due)))
            self.fuel_due = 0

    # --- operand stack ----------------------------------------------------------------

    def push(self, value: ir.Value) -> None:
        self.stack.append(value)

    def pop(self) -> ir.Value:
        return self.stack.pop()

    def popn(self, n: int) -> list[ir.Value]:
        if n == 0:
            return []
        values = self.stack[-n:]
        del self.stack[-n:]
        return values

    def memory_size(self, m: int) -> ir.Value:
        """Memory ``m``'s current size in bytes (i64)."""
        size = self.known_memory_sizes.get(m)
        if size is None:
            size = self.known_memory_sizes[m] = self.load_slot(self.unit.layout.memory_size(m))
        return size

    # --- translation -------------------------------------------------------------------------

    def translate(self) -> None:
        """Fill in the function's body."""
        self.labels.append(Label("function", (), self.results, 0))
        self.labels[0].after = self.fn.append_basic_block("return")
        self.pc = abi.AT_ENTRY
        self.meter()
        fuel = self.unit.fuel
        for pc, instr in enumerate(self.func.body):
            self.pc = pc
            name = instr[0].name
            if self.dead:
                if name in ("block", "loop", "if"):
                    self.dead_depth += 1
                    continue
                if name == "end" and self.dead_depth:
                    self.dead_depth -= 1
                    continue
                if name not in ("end", "else") or self.dead_depth:
                    continue
            if name not in _STRAIGHT:
                self.known_memory_sizes.clear()
            if fuel:
                self.charge_fuel(name)
            _HANDLERS[name](self, instr)

    def finish_osr(self) -> list[int]:
        """End the dispatch of an on-stack replacement entry (after
        :meth:`translate`); the loops it may start at. Code before those loops
        is left unreached, and LLVM drops it."""
        assert self.osr_dispatch is not None
        b = self.b
        unknown = self.fn.append_basic_block("unknown_loop")
        b.position_at_end(self.osr_dispatch)
        switch = b.switch(self.fn.args[1], unknown)
        for pc, header in self.osr_loops.items():
            switch.add_case(ir.Constant(I64, pc), header)
        b.position_at_end(unknown)
        self.pc = abi.AT_ENTRY
        self.trap_if(ir.Constant(ir.IntType(1), 1), TrapCode.UNREACHABLE)
        b.unreachable()
        return list(self.osr_loops)

    def blocktype(self, bt) -> tuple[tuple[ValType, ...], tuple[ValType, ...]]:
        if bt is None:
            return (), ()
        if isinstance(bt, int):
            ft = self.unit.module.func_type(bt)
            return tuple(ft.params), tuple(ft.results)
        return (), (bt,)

    def branch_to(self, label: Label, values: Sequence[ir.Value]) -> None:
        """End the current block with a branch to ``label`` carrying ``values``."""
        here = self.b.block
        if label.kind == "loop":
            for phi, v in zip(label.phis, values):
                phi.add_incoming(v, here)
            self.b.branch(label.header)
        else:
            label.incoming.append((list(values), here))
            self.b.branch(label.after)

    def label_at(self, depth: int) -> Label:
        return self.labels[-1 - depth]

    def become_dead(self) -> None:
        self.dead = True
        self.dead_depth = 0


# --- control ---------------------------------------------------------------------------

def _block(ft: FunctionTranslator, instr: tuple) -> None:
    params, results = ft.blocktype(instr[1])
    label = Label("block", params, results, len(ft.stack) - len(params))
    label.after = ft.fn.append_basic_block("after")
    ft.labels.append(label)


def _loop(ft: FunctionTranslator, instr: tuple) -> None:
    params, results = ft.blocktype(instr[1])
    label = Label("loop", params, results, len(ft.stack) - len(params))
    label.header = ft.fn.append_basic_block("loop")
    label.after = ft.fn.append_basic_block("after")
    args = ft.popn(len(params))
    here = ft.b.block
    ft.b.branch(label.header)
    ft.b.position_at_end(label.header)
    if ft.osr_dispatch is not None and not params and not ft.stack:
        ft.osr_loops[ft.pc] = label.header
    for t, v in zip(params, args):
        phi = ft.b.phi(LLVM_TYPES[t])
        phi.add_incoming(v, here)
        label.phis.append(phi)
        ft.push(phi)
    ft.labels.append(label)
    if ft.pc in ft.branched_loops:
        ft.meter()


def _if(ft: FunctionTranslator, instr: tuple) -> None:
    params, results = ft.blocktype(instr[1])
    cond = ft.pop()
    label = Label("if", params, results, len(ft.stack) - len(params))
    label.args = ft.stack[len(ft.stack) - len(params):]
    then = ft.fn.append_basic_block("then")
    label.otherwise = ft.fn.append_basic_block("else")
    label.after = ft.fn.append_basic_block("after")
    ft.b.cbranch(ft.b.icmp_unsigned("!=", cond, ir.Constant(I32, 0)), then, label.otherwise)
    ft.b.position_at_end(then)
    ft.labels.append(label)


def _else(ft: FunctionTranslator, instr: tuple) -> None:
    label = ft.labels[-1]
    if not ft.dead:
        ft.branch_to(label, ft.popn(len(label.results)))
    label.has_else = True
    ft.b.position_at_end(label.otherwise)
    del ft.stack[label.height:]
    ft.stack.extend(label.args)
    ft.dead = False


def _end(ft: FunctionTranslator, instr: tuple) -> None:
    label = ft.labels.pop()
    if not ft.dead:
        if label.kind == "loop":
            label.incoming.append((ft.popn(len(label.results)), ft.b.block))
            ft.b.branch(label.after)
        else:
            ft.branch_to(label, ft.popn(len(label.results)))
    if label.kind == "if" and not label.has_else:
        ft.b.position_at_end(label.otherwise)
        ft.branch_to(label, label.args)
    del ft.stack[label.height:]
    ft.b.position_at_end(label.after)
    ft.dead = False
    if not label.incoming:
        ft.b.unreachable()
        ft.become_dead()
        if label.kind == "function":
            return
        return
    for i, t in enumerate(label.results):
        if len(label.incoming) == 1:
            ft.push(label.incoming[0][0][i])
            continue
        phi = ft.b.phi(LLVM_TYPES[t])
        for values, block in label.incoming:
            phi.add_incoming(values[i], block)
        ft.push(phi)
    if label.kind == "function":
        ft.ret(ft.popn(len(label.results)))


def _br(ft: FunctionTranslator, instr: tuple) -> None:
    label = ft.label_at(instr[1])
    ft.branch_to(label, ft.stack[len(ft.stack) - len(label.arity):])
    ft.become_dead()


def _branch_when(ft: FunctionTranslator, depth: int, taken_if: ir.Value, name: str) -> None:
    """Branch to the label ``depth`` out, with its values from the stack, when
    ``taken_if`` holds; else go on."""
    label = ft.label_at(depth)
    taken = ft.fn.append_basic_block(name)
    cont = ft.fn.append_basic_block()
    ft.b.cbranch(taken_if, taken, cont)
    ft.b.position_at_end(taken)
    ft.branch_to(label, ft.stack[len(ft.stack) - len(label.arity):])
    ft.b.position_at_end(cont)


def _br_if(ft: FunctionTranslator, instr: tuple) -> None:
    cond = ft.pop()
    _branch_when(ft, instr[1], ft.b.icmp_unsigned("!=", cond, ir.Constant(I32, 0)), "br_if")


def _br_table(ft: FunctionTranslator, instr: tuple) -> None:
    index = ft.pop()
    targets, default = instr[1], instr[2]
    edges: dict[int, ir.Block] = {}
    here = ft.b.block

    def edge(depth: int) -> ir.Block:
        block = edges.get(depth)
        if block is None:
            block = edges[depth] = ft.fn.append_basic_block(f"br_table_{depth}")
            ft.b.position_at_end(block)
            label = ft.label_at(depth)
            ft.branch_to(label, ft.stack[len(ft.stack) - len(label.arity):])
        return block

    default_block = edge(default)
    case_blocks = [edge(d) for d in targets]
    ft.b.position_at_end(here)
    switch = ft.b.switch(index, default_block)
    for i, block in enumerate(case_blocks):
        switch.add_case(ir.Constant(I32, i), block)
    ft.become_dead()


def _br_on_null(ft: FunctionTranslator, instr: tuple) -> None:
    ref = ft.pop()
    _branch_when(ft, instr[1], ft.b.icmp_unsigned("==", ref, ir.Constant(I64, 0)), "br_on_null")
    ft.push(ref)


def _br_on_non_null(ft: FunctionTranslator, instr: tuple) -> None:
    ref = ft.stack[-1]
    _branch_when(ft, instr[1], ft.b.icmp_unsigned("!=", ref, ir.Constant(I64, 0)), "br_on_non_null")
    ft.pop()


def _return(ft: FunctionTranslator, instr: tuple) -> None:
    ft.ret(ft.stack[len(ft.stack) - len(ft.results):])
    ft.become_dead()


def _unreachable(ft: FunctionTranslator, instr: tuple) -> None:
    ft.trap(TrapCode.UNREACHABLE)
    ft.become_dead()


def _nop(ft: FunctionTranslator, instr: tuple) -> None:
    pass


# --- calls -------------------------------------------------------------------------------

def _call(ft: FunctionTranslator, instr: tuple) -> None:
    index = instr[1]
    unit = ft.unit
    functype = unit.func_types[index]
    args = ft.popn(len(functype.params))
    if index >= unit.n_imports:
        ft.stack.extend(call_native(ft, index, args))
    else:
        ft.stack.extend(call_back(ft, unit.layout.imports + index, [], args, functype))


def _return_call(ft: FunctionTranslator, instr: tuple) -> None:
    index = instr[1]
    unit = ft.unit
    functype = unit.func_types[index]
    args = ft.popn(len(functype.params))
    if index >= unit.n_imports:
        tail_call_native(ft, index, args)
    else:   # a host function or another instance's: called, its results returned
        return_values(ft, call_back(ft, unit.layout.imports + index, [], args, functype))
    ft.become_dead()


def _return_call_indirect(ft: FunctionTranslator, instr: tuple) -> None:
    call_indirect(ft, instr, tail=True)
    ft.become_dead()


# --- values ------------------------------------------------------------------------------

def _drop(ft: FunctionTranslator, instr: tuple) -> None:
    ft.pop()


def _select(ft: FunctionTranslator, instr: tuple) -> None:
    cond = ft.pop()
    b_value = ft.pop()
    a_value = ft.pop()
    ft.push(ft.b.select(ft.b.icmp_unsigned("!=", cond, ir.Constant(I32, 0)), a_value, b_value))


def _local_get(ft: FunctionTranslator, instr: tuple) -> None:
    i = instr[1]
    ft.push(ft.b.load(ft.locals[i], typ=LLVM_TYPES[ft.local_types[i]]))


def _local_set(ft: FunctionTranslator, instr: tuple) -> None:
    ft.b.store(ft.pop(), ft.locals[instr[1]])


def _local_tee(ft: FunctionTranslator, instr: tuple) -> None:
    ft.b.store(ft.stack[-1], ft.locals[instr[1]])


def _global_get(ft: FunctionTranslator, instr: tuple) -> None:
    g = instr[1]
    t = ft.unit.global_types[g].valtype
    if t == "v128":     # always shared (see ``NativeModule``)
        ft.push(ft.call_python(abi.GLOBAL_GET, [ir.Constant(I64, g)], "v128"))
        ft.check_status()
        return
    if g in ft.unit.shared_globals:
        bits = ft.call_python(abi.GLOBAL_GET, [ir.Constant(I64, g)], "int")
        ft.check_status()
    else:
        bits = ft.load_slot(ft.unit.layout.globals + g)
    ft.push(ft.from_slot_bits(bits, t))


def _global_set(ft: FunctionTranslator, instr: tuple) -> None:
    g = instr[1]
    t = ft.unit.global_types[g].valtype
    if t == "v128":
        ft.call_python(abi.GLOBAL_SET, [ir.Constant(I64, g), ft.pop()])
        ft.check_status()
        return
    bits = ft.to_slot_bits(ft.pop(), t)
    if g in ft.unit.shared_globals:
        ft.call_python(abi.GLOBAL_SET, [ir.Constant(I64, g), bits])
        ft.check_status()
    else:
        ft.store_slot(ft.unit.layout.globals + g, bits)


def _const(t: str) -> Callable:
    width = 32 if t in ("i32", "f32") else 64
    it = ir.IntType(width)

    def lower(ft: FunctionTranslator, instr: tuple) -> None:
        bits = ir.Constant(it, instr[1] & ((1 << width) - 1))
        ft.push(bits if t[0] == "i" else bits.bitcast(LLVM_TYPES[t]))
    return lower


def _numeric(lower: Callable) -> Callable:
    def handle(ft: FunctionTranslator, instr: tuple) -> None:
        op = instr[0]
        args = ft.popn(len(op.params))
        ft.push(lower(ft, *args))
    return handle


_HANDLERS: dict[str, Callable] = {
    "block": _block, "loop": _loop, "if": _if, "else": _else, "end": _end, "br": _br,
    "br_if": _br_if, "br_table": _br_table, "br_on_null": _br_on_null,
    "br_on_non_null": _br_on_non_null, "return": _return, "unreachable": _unreachable,
    "nop": _nop, "call": _call, "call_indirect": call_indirect, "return_call": _return_call,
    "return_call_indirect": _return_call_indirect, "drop": _drop,
    "select": _select, "select t": _select, "local.get": _local_get, "local.set": _local_set,
    "local.tee": _local_tee, "global.get": _global_get, "global.set": _global_set,
    **{f"{t}.const": _const(t) for t in abi.NUMERIC_TYPES},
    **{name: _numeric(lower) for name, lower in numeric.HANDLERS.items()},
    **memory.HANDLERS,
    **refs.HANDLERS,
    **simd.HANDLERS,
}

HANDLED: frozenset[str] = frozenset(_HANDLERS)
"""The names of the instructions the native tier compiles."""

FREE = frozenset({"nop", "drop", "block", "loop", "end", "else", "unreachable", "return"})
"""Instructions that consume no fuel."""

STRETCH_ENDS = frozenset({"block", "loop", "if", "else", "end", "br", "br_if", "br_table",
                          "br_on_null", "br_on_non_null", "return", "unreachable", "call",
                          "call_indirect", "call_ref", "return_call", "return_call_indirect",
                          "return_call_ref"})
"""The instructions this tier compiles that end a stretch of straight-line code."""

_CALLING = frozenset({"call", "call_indirect", "call_ref", "return_call", "return_call_indirect",
                      "return_call_ref", "memory.grow", "memory.init", "table.grow"})
"""Instructions that may run other wasm code (directly, or through the host)."""

_STRAIGHT: frozenset[str] = frozenset(
    name for name in _HANDLERS
    if name in numeric.HANDLERS
    or (name in memory.HANDLERS and name.partition(".")[2].startswith(("load", "store")))
    or name in simd.HANDLERS
    or name in ("drop", "select", "select t", "local.get", "local.set", "local.tee", "global.get",
                "global.set", "nop") or name.endswith(".const"))
"""Instructions that neither branch, merge control nor call: memory 0's size
read before them stays valid after them."""
