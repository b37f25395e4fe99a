"""Calls from native code: to the module's own functions directly, and into Python."""

from __future__ import annotations

from llvmlite import ir

from .abi import slot_offsets
from .numeric import I32, LLVM_TYPES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence
    from ...ir import ValType
    from .function import FunctionTranslator

__all__ = ["results_of", "call_native", "call_back", "signature", "tail_call_native",
           "return_values"]


def results_of(ft: FunctionTranslator, value: ir.Value, results: Sequence[ValType]) -> list[ir.Value]:
    """The result values of a native call that returned ``value``."""
    if len(results) == 1:
        return [value]
    return [ft.b.extract_value(value, i) for i in range(len(results))]


def call_native(ft: FunctionTranslator, index: int, args: Sequence[ir.Value]) -> list[ir.Value]:
    """Call defined function ``index`` of this module directly; its results."""
    value = ft.b.call(ft.unit.functions[index], [ft.ctx, *args])
    ft.known_memory_sizes.clear()
    ft.check_status()
    return results_of(ft, value, ft.unit.func_types[index].results)


def call_back(ft: FunctionTranslator, slot: int, leading: list, args: Sequence[ir.Value],
              functype) -> list[ir.Value]:
    """Call into Python through the callable in ``slot``; its results (see :mod:`.abi`)."""
    converted = [ft.to_boundary(v, t) for v, t in zip(args, functype.params)]
    results = functype.results
    kind = None
    if len(results) == 1:
        kind = {"f32": "float", "f64": "float", "v128": "v128"}.get(results[0], "int")
    value = ft.call_python(slot, [*leading, *converted], kind)
    ft.check_status()
    if len(results) == 1:
        t = results[0]
        if t == "i32":
            value = ft.b.trunc(value, I32)
        return [ft.from_boundary(value, t)]
    spill = ft.unit.layout.spill
    return [ft.load_value(spill + at, t) for at, t in zip(slot_offsets(results), results)]


def signature(functype) -> tuple:
    """The machine signature of functions of ``functype``: functions of a subtype
    (which ``call_indirect`` and ``call_ref`` may reach) have the same one."""
    return (tuple(str(LLVM_TYPES[t]) for t in functype.params),
            tuple(str(LLVM_TYPES[t]) for t in functype.results))


def tail_call_native(ft: FunctionTranslator, index: int, args: Sequence[ir.Value]) -> None:
    """Tail-call defined function ``index`` of this module (the current block ends):
    its arguments go to the context's tail-call slots and its tail entry runs in
    place of this function's frame (``musttail``), so that chains of tail calls
    run in constant native stack."""
    unit = ft.unit
    slot = unit.layout.tail_args
    params = unit.func_types[index].params
    for at, value, t in zip(slot_offsets(params), args, params):
        ft.store_value(slot + at, value, t)
    ft.restore_depth()
    value = ft.b.call(unit.tail_functions[index], [ft.ctx], tail="musttail")
    if unit.func_types[index].results:
        ft.b.ret(value)
    else:
        ft.b.ret_void()


def return_values(ft: FunctionTranslator, values: Sequence[ir.Value]) -> None:
    """Return ``values`` (the current block ends): a tail call that could not be
    one, as of a host function."""
    ft.ret(values)
