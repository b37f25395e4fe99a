"""Reference and table instructions in native code.

References are i64 handles (see :class:`~.callbacks.Handles`): ``ref.null``
is 0, ``ref.func i`` the constant ``i + 1``, ``ref.is_null`` a comparison.
Every table instruction but ``call_indirect`` calls its callback (see
:func:`~.callbacks.table_callbacks`), which works on the runtime's own table
and element segment objects with the portable tier's checks; a trap it finds
comes back as a status, so it carries a native backtrace like any other.
Operands are passed as unsigned 64-bit integers (an i32 index zero-extended,
an i64 index of a 64-bit table as it is).
"""

from __future__ import annotations

from llvmlite import ir

from ...runtime.trap import TrapCode
from . import abi
from .calls import call_back, return_values
from .indirect import call_own_functions, merge_results
from .numeric import I32, I64

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable
    from .function import FunctionTranslator

__all__ = ["HANDLERS"]


def _u64(ft: FunctionTranslator, value: ir.Value) -> ir.Value:
    return value if value.type == I64 else ft.b.zext(value, I64)


def _result(ft: FunctionTranslator, table: int, value: ir.Value) -> ir.Value:
    """A size or index result: an i64 for a 64-bit table, else an i32."""
    return value if ft.unit.table_is64[table] else ft.b.trunc(value, I32)


def _const(n: int) -> ir.Constant:
    return ir.Constant(I64, n)


def _callback(ft: FunctionTranslator, slot: int, args: list, result: str | None = None):
    value = ft.call_python(slot, [_u64(ft, a) for a in args], result)
    ft.check_status()
    return value


def _table_get(ft: FunctionTranslator, instr: tuple) -> None:
    i = ft.pop()
    ft.push(_callback(ft, abi.TABLE_GET, [_const(instr[1]), i], "int"))


def _table_set(ft: FunctionTranslator, instr: tuple) -> None:
    ref = ft.pop()
    i = ft.pop()
    _callback(ft, abi.TABLE_SET, [_const(instr[1]), i, ref])


def _table_size(ft: FunctionTranslator, instr: tuple) -> None:
    size = _callback(ft, abi.TABLE_SIZE, [_const(instr[1])], "int")
    ft.push(_result(ft, instr[1], size))


def _table_grow(ft: FunctionTranslator, instr: tuple) -> None:
    n = ft.pop()
    ref = ft.pop()
    old = _callback(ft, abi.TABLE_GROW, [_const(instr[1]), ref, n], "int")
    ft.push(_result(ft, instr[1], old))


def _table_fill(ft: FunctionTranslator, instr: tuple) -> None:
    n = ft.pop()
    ref = ft.pop()
    i = ft.pop()
    _callback(ft, abi.TABLE_FILL, [_const(instr[1]), i, ref, n])


def _table_copy(ft: FunctionTranslator, instr: tuple) -> None:
    n = ft.pop()
    s = ft.pop()
    d = ft.pop()
    _callback(ft, abi.TABLE_COPY, [_const(instr[1]), _const(instr[2]), d, s, n])


def _table_init(ft: FunctionTranslator, instr: tuple) -> None:
    n = ft.pop()
    s = ft.pop()
    d = ft.pop()
    _callback(ft, abi.TABLE_INIT, [_const(instr[1]), _const(instr[2]), d, s, n])


def _elem_drop(ft: FunctionTranslator, instr: tuple) -> None:
    _callback(ft, abi.ELEM_DROP, [_const(instr[1])])


def _ref_null(ft: FunctionTranslator, instr: tuple) -> None:
    ft.push(_const(0))


def _ref_is_null(ft: FunctionTranslator, instr: tuple) -> None:
    ref = ft.pop()
    ft.push(ft.b.zext(ft.b.icmp_unsigned("==", ref, _const(0)), I32))


def _ref_func(ft: FunctionTranslator, instr: tuple) -> None:
    ft.push(_const(instr[1] + 1))


def _ref_as_non_null(ft: FunctionTranslator, instr: tuple) -> None:
    ft.trap_if(ft.b.icmp_unsigned("==", ft.stack[-1], _const(0)), TrapCode.NULL_REFERENCE)


def _call_ref(ft: FunctionTranslator, instr: tuple, tail: bool = False) -> None:
    """``call_ref`` (with ``tail``, ``return_call_ref``): null traps; a handle of
    one of the instance's own defined functions (``index + 1``) calls it
    directly; any other function is called through the type's callback."""
    typeidx = instr[1]
    unit = ft.unit
    functype = unit.module.func_type(typeidx)
    b = ft.b
    ref = ft.pop()
    args = ft.popn(len(functype.params))
    ft.trap_if(b.icmp_unsigned("==", ref, _const(0)), TrapCode.NULL_REFERENCE)
    join = ft.fn.append_basic_block("call_ref_done")
    other = ft.fn.append_basic_block("call_ref_callback")
    incoming: list[tuple[list[ir.Value], ir.Block]] = []
    # validation makes the function's type a subtype of typeidx: the same machine signature
    call_own_functions(ft, b.switch(ref, other), lambda i: _const(i + 1), functype, args, tail,
                       incoming, join)
    b.position_at_end(other)
    values = call_back(ft, unit.layout.ref_call_slot(typeidx), [ref], args, functype)
    if tail:
        return_values(ft, values)
    else:
        incoming.append((values, b.block))
        b.branch(join)
    merge_results(ft, functype, incoming, join, tail)


HANDLERS: dict[str, Callable] = {
    "ref.as_non_null": _ref_as_non_null, "call_ref": _call_ref,
    "return_call_ref": lambda ft, instr: _call_ref(ft, instr, tail=True),
    "table.get": _table_get, "table.set": _table_set, "table.size": _table_size,
    "table.grow": _table_grow, "table.fill": _table_fill, "table.copy": _table_copy,
    "table.init": _table_init, "elem.drop": _elem_drop, "ref.null": _ref_null,
    "ref.is_null": _ref_is_null, "ref.func": _ref_func,
}
"""Reference and table instruction name -> ``lower(translator, instr)``."""
