"""What the native tier compiles, decided per module before compiling anything.

A module the native tier cannot compile in full runs on the portable tier
instead: :func:`unsupported` names the first reason, or returns ``None``.
"""

from __future__ import annotations

from ... import ir
from . import cpython
from .abi import NUMERIC_TYPES
from .function import HANDLED

__all__ = ["unsupported", "value_ok"]


_FUNC_AND_EXTERN = frozenset({"func", "nofunc", "extern", "noextern"})
"""The abstract heap types of the references the native tier compiles."""


def value_ok(module: ir.Module, t) -> bool:
    """Whether the native tier compiles values of type ``t``: numbers, v128s, and
    references to functions (``funcref``, typed function references) or
    external objects, which it holds as handles."""
    if t in NUMERIC_TYPES or t == "v128":
        return True
    if not isinstance(t, ir.RefType):
        return False
    heap = t.heap
    if isinstance(heap, int):
        return isinstance(module.types[heap].comptype, ir.FuncType)
    return heap in _FUNC_AND_EXTERN


def _blocktype_ok(module: ir.Module, bt) -> bool:
    if bt is None:
        return True
    if isinstance(bt, int):
        return _functype_ok(module, bt)
    return value_ok(module, bt)


def _functype_ok(module: ir.Module, typeidx: int) -> bool:
    ct = module.types[typeidx].comptype
    return isinstance(ct, ir.FuncType) and all(
        value_ok(module, t) for t in (*ct.params, *ct.results))


def unsupported(module: ir.Module, *, fuel: bool = False, epoch: bool = False) -> str | None:
    """Why the native tier does not compile ``module`` (``None``: it does); it
    compiles fuel metering and epoch interruption alike (``fuel``, ``epoch``)."""
    if not cpython.available():
        return "an interpreter without CPython's C API"
    for mem in module.mem_types():
        if mem.limits.shared:
            return "threads (shared memory)"
    for table in module.table_types():
        if not value_ok(module, table.element):
            return "tables of references to other than functions or external objects"
    if module.tag_types():
        return "exception handling (tags)"
    for gt in module.global_types():
        if not value_ok(module, gt.valtype):
            return f"globals of type {gt.valtype}"
    for typeidx in module.func_typeidx():
        if not _functype_ok(module, typeidx):
            return "functions with parameters or results other than numbers"
    for func in module.funcs:
        if not all(value_ok(module, t) for t in func.locals):
            return "locals other than numbers"
        for instr in func.body:
            op = instr[0]
            if op.name not in HANDLED:
                return f"instruction {op.name}"
            if op.name in ("block", "loop", "if") and not _blocktype_ok(module, instr[1]):
                return "block types other than numbers"
            if op.name == "call_indirect" and not _functype_ok(module, instr[1]):
                return "call_indirect of a type other than numbers"
            if op.name in ("call_ref", "return_call_ref") and not _functype_ok(module, instr[1]):
                return "call_ref of a type other than numbers"
            if op.name == "return_call_indirect" and not _functype_ok(module, instr[1]):
                return "call_indirect of a type other than numbers"
            if op.name == "select t" and not all(value_ok(module, t) for t in instr[1]):
                return "typed select of references"
    return None
