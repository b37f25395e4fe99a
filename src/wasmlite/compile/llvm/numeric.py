"""Scalar numeric instructions as LLVM IR, bit for bit as the portable tier computes them.

One lowering per instruction of the table that :func:`is_scalar_numeric`
selects, found from the instruction's name and typed by its row
(:data:`HANDLERS`). Floating-point results follow the rules of
:mod:`wasmlite.runtime.numeric` explicitly rather than leaving NaN payloads
to LLVM: a NaN result is the first NaN operand quieted (for min and max the
second), or the default NaN when no operand is a NaN.
"""

from __future__ import annotations

from llvmlite import ir

from ...ir import RefType as _RefType
from ...ir import ValType
from ...opcodes import OPS
from ...runtime.numeric import is_scalar_numeric
from ...runtime.trap import TrapCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable
    from .emitter import Emitter

__all__ = ["HANDLERS", "LLVM_TYPES", "is_nan", "to_bits", "from_bits", "f32_to_boundary",
           "f32_from_boundary"]

I32 = ir.IntType(32)
I64 = ir.IntType(64)
F32 = ir.FloatType()
F64 = ir.DoubleType()
V128 = ir.VectorType(I64, 2)
"""A v128 value: two i64 halves, lane bits of the low half first (as memory holds them)."""


class _LlvmTypes(dict):
    """Numeric value types map to their own LLVM types; every reference type to
    i64, the width of a reference handle (see :class:`~.callbacks.Handles`)."""

    def __missing__(self, t):
        if t.__class__ is _RefType:
            return I64
        raise KeyError(t)


LLVM_TYPES: dict[ValType, ir.Type] = _LlvmTypes(
    {"i32": I32, "i64": I64, "f32": F32, "f64": F64, "v128": V128})
"""The LLVM type of each value type the native tier compiles."""

_BITS = {"f32": I32, "f64": I64}
_SIGN = {"f32": 0x80000000, "f64": 0x8000000000000000}
_QUIET = {"f32": 0x00400000, "f64": 0x0008000000000000}
_DEFAULT_NAN = {"f32": 0xFFC00000, "f64": 0xFFF8000000000000}
_WIDTH = {"i32": 32, "i64": 64}


def _float_kind(value: ir.Value) -> str:
    return "f32" if value.type == F32 else "f64"


def to_bits(em: Emitter, x: ir.Value) -> ir.Value:
    """The bit pattern of float ``x`` as an integer of its width."""
    return em.b.bitcast(x, _BITS[_float_kind(x)])


def from_bits(em: Emitter, bits: ir.Value, t: str) -> ir.Value:
    """The float of type ``t`` whose bit pattern is ``bits``."""
    return em.b.bitcast(bits, LLVM_TYPES[t])


def is_nan(em: Emitter, x: ir.Value) -> ir.Value:
    return em.b.fcmp_unordered("uno", x, x)


def _const_float(t: str, bits: int) -> ir.Constant:
    return ir.Constant(_BITS[t], bits).bitcast(LLVM_TYPES[t])


def _quiet(em: Emitter, x: ir.Value) -> ir.Value:
    t = _float_kind(x)
    return from_bits(em, em.b.or_(to_bits(em, x), ir.Constant(_BITS[t], _QUIET[t])), t)


def _nan_result(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
    """The NaN an arithmetic operation on ``a`` and ``b`` produces."""
    t = _float_kind(a)
    bld = em.b
    second = bld.select(is_nan(em, b), _quiet(em, b), _const_float(t, _DEFAULT_NAN[t]))
    return bld.select(is_nan(em, a), _quiet(em, a), second)


def _arith(op: str) -> Callable:
    def lower(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
        r = getattr(em.b, op)(a, b)
        return em.b.select(is_nan(em, r), _nan_result(em, a, b), r)
    return lower


def _min_max(is_min: bool) -> Callable:
    def lower(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
        bld = em.b
        t = _float_kind(a)
        first = bld.fcmp_ordered("<" if is_min else ">", a, b)
        second = bld.fcmp_ordered("<" if is_min else ">", b, a)
        equal = bld.fcmp_ordered("==", a, b)
        ab, bb = to_bits(em, a), to_bits(em, b)
        zeros = from_bits(em, bld.or_(ab, bb) if is_min else bld.and_(ab, bb), t)
        nan = _quiet(em, bld.select(is_nan(em, b), b, a))
        return bld.select(first, a, bld.select(second, b, bld.select(equal, zeros, nan)))
    return lower


def _sign_op(kind: str) -> Callable:
    def lower(em: Emitter, x: ir.Value) -> ir.Value:
        t = _float_kind(x)
        bits = to_bits(em, x)
        sign = ir.Constant(_BITS[t], _SIGN[t])
        if kind == "abs":
            bits = em.b.and_(bits, ir.Constant(_BITS[t], ~_SIGN[t] & ((1 << _bits(t)) - 1)))
        else:
            bits = em.b.xor(bits, sign)
        return from_bits(em, bits, t)
    return lower


def _bits(t: str) -> int:
    return 32 if t == "f32" else 64


def _copysign(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
    t = _float_kind(a)
    sign = _SIGN[t]
    mask = (1 << _bits(t)) - 1
    bits = em.b.or_(em.b.and_(to_bits(em, a), ir.Constant(_BITS[t], ~sign & mask)),
                    em.b.and_(to_bits(em, b), ir.Constant(_BITS[t], sign)))
    return from_bits(em, bits, t)


def _rounding(intrinsic: str) -> Callable:
    def lower(em: Emitter, x: ir.Value) -> ir.Value:
        t = _float_kind(x)
        r = em.b.call(em.intrinsic(f"llvm.{intrinsic}.{t}", x.type, [x.type]), [x])
        return em.b.select(is_nan(em, x), _quiet(em, x), r)
    return lower


def _sqrt(em: Emitter, x: ir.Value) -> ir.Value:
    t = _float_kind(x)
    r = em.b.call(em.intrinsic(f"llvm.sqrt.{t}", x.type, [x.type]), [x])
    negative = em.b.fcmp_ordered("<", x, ir.Constant(x.type, 0.0))
    r = em.b.select(negative, _const_float(t, _DEFAULT_NAN[t]), r)
    return em.b.select(is_nan(em, x), _quiet(em, x), r)


def _float_compare(cmp: str) -> Callable:
    def lower(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
        if cmp == "!=":
            c = em.b.fcmp_unordered("!=", a, b)
        else:
            c = em.b.fcmp_ordered(cmp, a, b)
        return em.b.zext(c, I32)
    return lower


# --- integers ------------------------------------------------------------------------

def _int_compare(cmp: str, signed: bool) -> Callable:
    def lower(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
        c = (em.b.icmp_signed if signed else em.b.icmp_unsigned)(cmp, a, b)
        return em.b.zext(c, I32)
    return lower


def _eqz(em: Emitter, a: ir.Value) -> ir.Value:
    return em.b.zext(em.b.icmp_unsigned("==", a, ir.Constant(a.type, 0)), I32)


def _shift(op: str) -> Callable:
    def lower(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
        count = em.b.and_(b, ir.Constant(b.type, b.type.width - 1))
        return getattr(em.b, op)(a, count)
    return lower


def _rotate(intrinsic: str) -> Callable:
    def lower(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
        t = a.type
        fn = em.intrinsic(f"llvm.{intrinsic}.i{t.width}", t, [t, t, t])
        return em.b.call(fn, [a, a, b])
    return lower


def _count(intrinsic: str) -> Callable:
    def lower(em: Emitter, a: ir.Value) -> ir.Value:
        t = a.type
        if intrinsic == "ctpop":
            return em.b.call(em.intrinsic(f"llvm.ctpop.i{t.width}", t, [t]), [a])
        fn = em.intrinsic(f"llvm.{intrinsic}.i{t.width}", t, [t, ir.IntType(1)])
        return em.b.call(fn, [a, ir.Constant(ir.IntType(1), 0)])
    return lower


def _division(op: str) -> Callable:
    signed = op.endswith("_s")

    def lower(em: Emitter, a: ir.Value, b: ir.Value) -> ir.Value:
        bld = em.b
        t = a.type
        zero = ir.Constant(t, 0)
        em.trap_if(bld.icmp_unsigned("==", b, zero), TrapCode.INTEGER_DIVISION_BY_ZERO)
        if not signed:
            return (bld.udiv if op == "div_u" else bld.urem)(a, b)
        minus_one = ir.Constant(t, -1)
        overflow = bld.and_(bld.icmp_unsigned("==", a, ir.Constant(t, 1 << (t.width - 1))),
                            bld.icmp_unsigned("==", b, minus_one))
        if op == "div_s":
            em.trap_if(overflow, TrapCode.INTEGER_OVERFLOW)
            return bld.sdiv(a, b)
        # INT_MIN rem -1 is 0; divide by 1 instead so that the hardware does not fault
        safe = bld.select(overflow, ir.Constant(t, 1), b)
        return bld.srem(a, safe)
    return lower


def _sign_extend(bits: int) -> Callable:
    def lower(em: Emitter, a: ir.Value) -> ir.Value:
        return em.b.sext(em.b.trunc(a, ir.IntType(bits)), a.type)
    return lower


# --- conversions ---------------------------------------------------------------------

# Exclusive bounds (doubles) of the values that truncate into range, as the portable tier has them.
_TRUNC_BOUNDS = {("i32", True): (-2147483649.0, 2147483648.0), ("i32", False): (-1.0, 4294967296.0),
                 ("i64", True): (-9223372036854777856.0, 9223372036854775808.0),
                 ("i64", False): (-1.0, 18446744073709551616.0)}


def _truncate(result: str, signed: bool, saturating: bool) -> Callable:
    rt = LLVM_TYPES[result]

    def lower(em: Emitter, x: ir.Value) -> ir.Value:
        bld = em.b
        if saturating:
            name = f"llvm.fpto{'s' if signed else 'u'}i.sat.{result}.{_float_kind(x)}"
            return bld.call(em.intrinsic(name, rt, [x.type]), [x])
        wide = x if x.type == F64 else bld.fpext(x, F64)
        low, high = _TRUNC_BOUNDS[(result, signed)]
        inside = bld.and_(bld.fcmp_ordered(">", wide, ir.Constant(F64, low)),
                          bld.fcmp_ordered("<", wide, ir.Constant(F64, high)))
        em.trap_if(is_nan(em, x), TrapCode.BAD_CONVERSION_TO_INTEGER)
        em.trap_if(bld.not_(inside), TrapCode.INTEGER_OVERFLOW)
        return (bld.fptosi if signed else bld.fptoui)(x, rt)
    return lower


def _convert(result: str, signed: bool) -> Callable:
    def lower(em: Emitter, a: ir.Value) -> ir.Value:
        return (em.b.sitofp if signed else em.b.uitofp)(a, LLVM_TYPES[result])
    return lower


def _demote(em: Emitter, x: ir.Value) -> ir.Value:
    bld = em.b
    bits = to_bits(em, x)
    sign = bld.and_(bld.trunc(bld.lshr(bits, ir.Constant(I64, 32)), I32),
                    ir.Constant(I32, 0x80000000))
    mantissa = bld.and_(bld.trunc(bld.lshr(bits, ir.Constant(I64, 29)), I32),
                        ir.Constant(I32, 0x7FFFFF))
    nan = from_bits(em, bld.or_(bld.or_(sign, ir.Constant(I32, 0x7FC00000)), mantissa), "f32")
    return bld.select(is_nan(em, x), nan, bld.fptrunc(x, F32))


def _promote(em: Emitter, x: ir.Value) -> ir.Value:
    return em.b.select(is_nan(em, x), f32_to_boundary(em, x, quiet=True), em.b.fpext(x, F64))


def f32_to_boundary(em: Emitter, x: ir.Value, quiet: bool = False) -> ir.Value:
    """The f32 ``x`` as a double in the runtime's f32 representation (a NaN's
    mantissa shifted left by 29; with ``quiet``, also quieted)."""
    bld = em.b
    bits = bld.zext(to_bits(em, x), I64)
    sign = bld.shl(bld.and_(bits, ir.Constant(I64, 0x80000000)), ir.Constant(I64, 32))
    mantissa = bld.shl(bld.and_(bits, ir.Constant(I64, 0x7FFFFF)), ir.Constant(I64, 29))
    exponent = 0x7FF0000000000000 | (_QUIET["f64"] if quiet else 0)
    nan = from_bits(em, bld.or_(bld.or_(sign, ir.Constant(I64, exponent)), mantissa), "f64")
    return bld.select(is_nan(em, x), nan, bld.fpext(x, F64))


def f32_from_boundary(em: Emitter, d: ir.Value) -> ir.Value:
    """The f32 that double ``d`` carries in the runtime's f32 representation."""
    bld = em.b
    bits = to_bits(em, d)
    sign = bld.trunc(bld.and_(bld.lshr(bits, ir.Constant(I64, 32)),
                              ir.Constant(I64, 0x80000000)), I32)
    mantissa = bld.trunc(bld.and_(bld.lshr(bits, ir.Constant(I64, 29)),
                                  ir.Constant(I64, 0x7FFFFF)), I32)
    nan = from_bits(em, bld.or_(bld.or_(sign, ir.Constant(I32, 0x7F800000)), mantissa), "f32")
    return bld.select(is_nan(em, d), nan, bld.fptrunc(d, F32))


def _reinterpret(result: str) -> Callable:
    def lower(em: Emitter, a: ir.Value) -> ir.Value:
        return em.b.bitcast(a, LLVM_TYPES[result])
    return lower


# --- the table -----------------------------------------------------------------------

_INT_BINARY: dict[str, Callable] = {
    "add": lambda em, a, b: em.b.add(a, b), "sub": lambda em, a, b: em.b.sub(a, b),
    "mul": lambda em, a, b: em.b.mul(a, b), "and": lambda em, a, b: em.b.and_(a, b),
    "or": lambda em, a, b: em.b.or_(a, b), "xor": lambda em, a, b: em.b.xor(a, b),
    "shl": _shift("shl"), "shr_s": _shift("ashr"), "shr_u": _shift("lshr"),
    "rotl": _rotate("fshl"), "rotr": _rotate("fshr"),
    "div_s": _division("div_s"), "div_u": _division("div_u"),
    "rem_s": _division("rem_s"), "rem_u": _division("rem_u"),
    "eq": _int_compare("==", False), "ne": _int_compare("!=", False),
    "lt_s": _int_compare("<", True), "lt_u": _int_compare("<", False),
    "gt_s": _int_compare(">", True), "gt_u": _int_compare(">", False),
    "le_s": _int_compare("<=", True), "le_u": _int_compare("<=", False),
    "ge_s": _int_compare(">=", True), "ge_u": _int_compare(">=", False),
}
_INT_UNARY: dict[str, Callable] = {
    "eqz": _eqz, "clz": _count("ctlz"), "ctz": _count("cttz"), "popcnt": _count("ctpop"),
    "extend8_s": _sign_extend(8), "extend16_s": _sign_extend(16), "extend32_s": _sign_extend(32),
    "wrap_i64": lambda em, a: em.b.trunc(a, I32),
    "extend_i32_s": lambda em, a: em.b.sext(a, I64),
    "extend_i32_u": lambda em, a: em.b.zext(a, I64),
}
_FLOAT_BINARY: dict[str, Callable] = {
    "add": _arith("fadd"), "sub": _arith("fsub"), "mul": _arith("fmul"), "div": _arith("fdiv"),
    "min": _min_max(True), "max": _min_max(False), "copysign": _copysign,
    "eq": _float_compare("=="), "ne": _float_compare("!="), "lt": _float_compare("<"),
    "gt": _float_compare(">"), "le": _float_compare("<="), "ge": _float_compare(">="),
}
_FLOAT_UNARY: dict[str, Callable] = {
    "abs": _sign_op("abs"), "neg": _sign_op("neg"), "sqrt": _sqrt,
    "ceil": _rounding("ceil"), "floor": _rounding("floor"), "trunc": _rounding("trunc"),
    "nearest": _rounding("roundeven"), "demote_f64": _demote, "promote_f32": _promote,
}


def _lowering(op) -> Callable | None:
    """The lowering of numeric instruction ``op``, or ``None`` if not compiled here."""
    result, _, stem = op.name.partition(".")
    arity = len(op.params)
    source = op.params[0]
    if stem.startswith(("trunc_f", "trunc_sat_f")):
        return _truncate(result, stem.endswith("_s"), stem.startswith("trunc_sat"))
    if stem.startswith("convert_i"):
        return _convert(result, stem.endswith("_s"))
    if stem.startswith("reinterpret_"):
        return _reinterpret(result)
    if len(op.results) != 1:
        return None
    if source in _WIDTH:
        return (_INT_BINARY if arity == 2 else _INT_UNARY).get(stem)
    return (_FLOAT_BINARY if arity == 2 else _FLOAT_UNARY).get(stem)


def _handlers() -> dict[str, Callable]:
    table = {}
    for op in OPS:
        if is_scalar_numeric(op):
            lower = _lowering(op)
            if lower is not None:
                table[op.name] = lower
    return table


HANDLERS: dict[str, Callable] = _handlers()
"""Numeric instruction name -> ``lower(emitter, *operands) -> result``."""
