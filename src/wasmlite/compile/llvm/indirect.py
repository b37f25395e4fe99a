"""``call_indirect`` in native code.

The table's element list is read in place (see :mod:`.pylist`): the bounds
check uses its current length and the element's object address is looked up
in a small per-type cache of functions already checked. On a hit the
instance's own function is called directly (a ``switch`` over the functions
of that type); on a miss a callback resolves the element with the runtime's
checks (same traps, same order as the portable tier) and fills the cache;
elements that are not the instance's own functions (host functions,
functions of other instances) are called through the ``call_indirect``
callback. Without a known list layout every call goes through the callback.
"""

from __future__ import annotations

from llvmlite import ir

from ...runtime.trap import TrapCode
from . import abi
from .calls import call_back, call_native, return_values, signature, tail_call_native
from .emitter import PTR
from .numeric import I64, LLVM_TYPES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .function import FunctionTranslator

__all__ = ["call_indirect", "call_own_functions", "merge_results"]


def call_indirect(ft: FunctionTranslator, instr: tuple, tail: bool = False) -> None:
    """``call_indirect``, or with ``tail`` ``return_call_indirect`` (the instance's
    own functions tail-called, any other called and its results returned)."""
    typeidx, table = instr[1], instr[2]
    unit = ft.unit
    layout = unit.layout
    functype = unit.module.func_type(typeidx)
    index = ft.pop()
    if index.type != I64:       # an i64 for a 64-bit table
        index = ft.b.zext(index, I64)
    args = ft.popn(len(functype.params))
    slow = (layout.indirect_slot(typeidx), [ir.Constant(I64, table), index], args, functype)
    if unit.list_layout is None:
        if tail:
            return_values(ft, call_back(ft, *slow))
        else:
            ft.stack.extend(call_back(ft, *slow))
        return
    b = ft.b
    size_at, items_at = unit.list_layout
    position = layout.indirect_types.index(typeidx)
    elements = ft.load_slot(layout.tables + table, PTR, invariant=True)
    size = b.load(b.gep(elements, [ir.Constant(I64, size_at)], source_etype=ir.IntType(8)),
                  typ=I64)
    ft.trap_if(b.icmp_unsigned(">=", index, size), TrapCode.TABLE_OUT_OF_BOUNDS)
    items = b.load(b.gep(elements, [ir.Constant(I64, items_at)], source_etype=ir.IntType(8)),
                   typ=PTR)
    element = b.load(b.gep(items, [index], source_etype=I64), typ=I64)
    entry = b.and_(index, ir.Constant(I64, abi.INDIRECT_CACHE - 1))
    key_slot = b.add(ir.Constant(I64, layout.cache_slot(position)), b.shl(entry, ir.Constant(I64, 1)))
    key_address = b.gep(ft.ctx, [key_slot], source_etype=I64)
    key = b.load(key_address, typ=I64)
    key.set_metadata("tbaa", ft.tbaa.context)
    cached = b.load(b.gep(key_address, [ir.Constant(I64, 1)], source_etype=I64), typ=I64)
    cached.set_metadata("tbaa", ft.tbaa.context)
    fn = ft.fn
    hit = fn.append_basic_block("indirect_hit")
    miss = fn.append_basic_block("indirect_miss")
    join = fn.append_basic_block("indirect_done")
    incoming: list[tuple[list[ir.Value], ir.Block]] = []
    here = b.block
    b.cbranch(b.icmp_unsigned("==", key, element), hit, miss)
    b.position_at_end(miss)
    resolved = ft.call_python(abi.RESOLVE, [ir.Constant(I64, table), index,
                                            ir.Constant(I64, position)], "int")
    ft.check_status()
    through_python = fn.append_basic_block("indirect_callback")
    missed = b.block
    b.cbranch(b.icmp_signed(">=", resolved, ir.Constant(I64, 0)), hit, through_python)
    b.position_at_end(through_python)
    if tail:
        return_values(ft, call_back(ft, *slow))
    else:
        incoming.append((call_back(ft, *slow), b.block))
        b.branch(join)
    b.position_at_end(hit)
    target = b.phi(I64)
    target.add_incoming(cached, here)
    target.add_incoming(resolved, missed)
    unknown = fn.append_basic_block("indirect_unknown")
    # the resolver accepts functions of subtypes too: any with the same machine signature
    call_own_functions(ft, b.switch(target, unknown), lambda i: ir.Constant(I64, i),
                       functype, args, tail, incoming, join)
    b.position_at_end(unknown)
    b.unreachable()
    merge_results(ft, functype, incoming, join, tail)


def call_own_functions(ft: FunctionTranslator, switch: ir.SwitchInstr, case_of, functype,
                       args: list[ir.Value], tail: bool,
                       incoming: list[tuple[list[ir.Value], ir.Block]], join: ir.Block) -> None:
    """A case of ``switch`` (on ``case_of(i)``) for each of the instance's own
    functions ``i`` with ``functype``'s machine signature, calling it directly
    (tail-calling it with ``tail``); their results go to ``incoming``, then ``join``."""
    b = ft.b
    unit = ft.unit
    wanted = signature(functype)
    for i in unit.functions:
        if signature(unit.func_types[i]) != wanted:
            continue
        case = ft.fn.append_basic_block(f"call_{i}")
        switch.add_case(case_of(i), case)
        b.position_at_end(case)
        if tail:
            tail_call_native(ft, i, args)
            continue
        incoming.append((call_native(ft, i, args), b.block))
        b.branch(join)


def merge_results(ft: FunctionTranslator, functype, incoming: list[tuple[list[ir.Value], ir.Block]],
                  join: ir.Block, tail: bool) -> None:
    """Continue at ``join`` with the results of the calls in ``incoming`` on the
    stack (nothing reaches ``join`` after tail calls)."""
    b = ft.b
    b.position_at_end(join)
    if tail:
        b.unreachable()
        ft.become_dead()
        return
    for k, t in enumerate(functype.results):
        phi = b.phi(LLVM_TYPES[t])
        for values, block in incoming:
            phi.add_incoming(values[k], block)
        ft.push(phi)
