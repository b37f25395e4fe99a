"""Memory instructions as LLVM IR, with explicit bounds checks.

Each memory's base address and current size are read from the instance's
context (:mod:`.abi`); a base never changes and a size is rewritten by the
runtime whenever its memory grows, so native code always checks against the
current size. Every access checks ``address + offset + width <= size``
in 64-bit arithmetic (which cannot wrap for 32-bit addresses; for 64-bit
ones, memory64, a sum that wraps traps too) and traps with ``out of bounds
memory access`` otherwise. The operands of a 64-bit memory's instructions
(addresses, lengths, ``memory.size`` and ``memory.grow``) are i64. Loads and stores are described by
the instruction table: width from the name (:func:`natural_alignment`),
value type from the row's signature.
"""

from __future__ import annotations

from llvmlite import ir

from ...opcodes import OPS, natural_alignment
from ...runtime.trap import TrapCode
from . import abi
from .emitter import PTR
from .numeric import I32, I64, LLVM_TYPES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable
    from .function import FunctionTranslator

__all__ = ["HANDLERS"]

_BITS = {"i32": 32, "i64": 64, "f32": 32, "f64": 64}


_ALL_ONES = ir.Constant(I64, (1 << 64) - 1)


def _u64(ft: FunctionTranslator, value: ir.Value) -> ir.Value:
    """An address or length as an unsigned i64 (an i32 zero-extended)."""
    return value if value.type == I64 else ft.b.zext(value, I64)


def _address(ft: FunctionTranslator, m: int, addr: ir.Value, offset: int, width: int
             ) -> ir.Value:
    """The pointer to ``width`` bytes at ``addr + offset`` in memory ``m``, after the
    bounds check."""
    b = ft.b
    if addr.type != I64:    # a 32-bit address: the sum cannot wrap in 64 bits
        ea = b.zext(addr, I64)
        if offset:
            ea = b.add(ea, ir.Constant(I64, offset))
        end = b.add(ea, ir.Constant(I64, width))
        outside = b.icmp_unsigned(">", end, ft.memory_size(m))
        reported = ea
    else:   # a 64-bit address: addr + offset + width may wrap, and then is out of bounds too
        ea = b.add(addr, ir.Constant(I64, offset)) if offset else addr
        end = b.add(ea, ir.Constant(I64, width))
        wrapped = b.icmp_unsigned("<", end, ea)
        reported = ea
        if offset:
            wrapped_ea = b.icmp_unsigned("<", ea, addr)
            wrapped = b.or_(wrapped, wrapped_ea)
            # the address a trap reports: beyond 2**64 it is none that fits, so all ones
            # (any address past 4 GiB reports the same as the portable tier's exact one)
            reported = b.select(wrapped_ea, _ALL_ONES, ea)
        outside = b.or_(wrapped, b.icmp_unsigned(">", end, ft.memory_size(m)))
    ft.trap_if(outside, TrapCode.MEMORY_OUT_OF_BOUNDS, reported)
    return b.gep(ft.memory_bases[m], [ea], source_etype=ir.IntType(8))


def _outside(ft: FunctionTranslator, start: ir.Value, n: ir.Value, limit: ir.Value) -> ir.Value:
    """Whether ``start + n`` (unsigned, without wrapping) exceeds ``limit``."""
    b = ft.b
    may_wrap = start.type == I64 or n.type == I64
    start = _u64(ft, start)
    end = b.add(start, _u64(ft, n))
    outside = b.icmp_unsigned(">", end, limit)
    if may_wrap:
        outside = b.or_(outside, b.icmp_unsigned("<", end, start))
    return outside


def _range_check(ft: FunctionTranslator, start: ir.Value, n: ir.Value, limit: ir.Value) -> None:
    ft.trap_if(_outside(ft, start, n, limit), TrapCode.MEMORY_OUT_OF_BOUNDS)


def _load(op) -> Callable:
    result = op.results[0]
    width = 1 << natural_alignment(op)
    rt = LLVM_TYPES[result]
    signed = op.name.endswith("_s")

    def lower(ft: FunctionTranslator, instr: tuple) -> None:
        addr = ft.pop()
        ptr = _address(ft, instr[3], addr, instr[2], width)
        access = ir.IntType(width * 8) if width * 8 != _BITS[result] else rt
        value = ft.b.load(ptr, typ=access, align=1)
        value.set_metadata("tbaa", ft.tbaa.memory)
        if access is not rt:
            value = (ft.b.sext if signed else ft.b.zext)(value, rt)
        ft.push(value)
    return lower


def _store(op) -> Callable:
    operand = op.params[1]
    width = 1 << natural_alignment(op)

    def lower(ft: FunctionTranslator, instr: tuple) -> None:
        value = ft.pop()
        addr = ft.pop()
        ptr = _address(ft, instr[3], addr, instr[2], width)
        if width * 8 != _BITS[operand]:
            value = ft.b.trunc(value, ir.IntType(width * 8))
        store = ft.b.store(value, ptr, align=1)
        store.set_metadata("tbaa", ft.tbaa.memory)
    return lower


def _memory_size(ft: FunctionTranslator, instr: tuple) -> None:
    m = instr[1]
    size = ft.memory_size(m)
    pages = ft.b.lshr(size, ir.Constant(I64, ft.unit.page_log2[m]))
    ft.push(pages if ft.unit.memory_is64[m] else ft.b.trunc(pages, I32))


def _memory_grow(ft: FunctionTranslator, instr: tuple) -> None:
    delta = ft.pop()
    old = ft.call_python(abi.GROW, [ir.Constant(I64, instr[1]), _u64(ft, delta)], "int")
    ft.check_status()
    ft.push(old if ft.unit.memory_is64[instr[1]] else ft.b.trunc(old, I32))


def _memory_fill(ft: FunctionTranslator, instr: tuple) -> None:
    n = ft.pop()
    value = ft.pop()
    dst = ft.pop()
    m = instr[1]
    _range_check(ft, dst, n, ft.memory_size(m))
    ptr = ft.b.gep(ft.memory_bases[m], [_u64(ft, dst)], source_etype=ir.IntType(8))
    memset = ft.intrinsic("llvm.memset.p0.i64", ir.VoidType(),
                          [PTR, ir.IntType(8), I64, ir.IntType(1)])
    ft.b.call(memset, [ptr, ft.b.trunc(value, ir.IntType(8)), _u64(ft, n),
                       ir.Constant(ir.IntType(1), 0)])


def _memory_copy(ft: FunctionTranslator, instr: tuple) -> None:
    n = ft.pop()
    src = ft.pop()
    dst = ft.pop()
    to_mem, from_mem = instr[1], instr[2]
    b = ft.b
    outside = b.or_(_outside(ft, src, n, ft.memory_size(from_mem)),
                    _outside(ft, dst, n, ft.memory_size(to_mem)))
    ft.trap_if(outside, TrapCode.MEMORY_OUT_OF_BOUNDS)
    to = b.gep(ft.memory_bases[to_mem], [_u64(ft, dst)], source_etype=ir.IntType(8))
    frm = b.gep(ft.memory_bases[from_mem], [_u64(ft, src)], source_etype=ir.IntType(8))
    memmove = ft.intrinsic("llvm.memmove.p0.p0.i64", ir.VoidType(),
                           [PTR, PTR, I64, ir.IntType(1)])
    b.call(memmove, [to, frm, _u64(ft, n), ir.Constant(ir.IntType(1), 0)])


def _memory_init(ft: FunctionTranslator, instr: tuple) -> None:
    n = ft.pop()
    src = ft.pop()
    dst = ft.pop()
    ft.call_python(abi.MEMORY_INIT, [ir.Constant(I64, instr[1]), ir.Constant(I64, instr[2]),
                                     _u64(ft, dst), _u64(ft, src), _u64(ft, n)])
    ft.check_status()


def _data_drop(ft: FunctionTranslator, instr: tuple) -> None:
    ft.call_python(abi.DATA_DROP, [ir.Constant(I64, instr[1])])
    ft.check_status()


def _handlers() -> dict[str, Callable]:
    table: dict[str, Callable] = {
        "memory.size": _memory_size, "memory.grow": _memory_grow,
        "memory.fill": _memory_fill, "memory.copy": _memory_copy,
        "memory.init": _memory_init, "data.drop": _data_drop,
    }
    for op in OPS:
        if "memarg" in op.imm and op.feature == "core" and op.params is not None:
            table[op.name] = _load(op) if op.results else _store(op)
    return table


HANDLERS: dict[str, Callable] = _handlers()
"""Memory instruction name -> ``lower(translator, instr)``."""
