"""SIMD (v128) instructions as LLVM vector IR, bit for bit as the portable tier computes them.

A v128 is an LLVM ``<2 x i64>`` (:data:`~.numeric.V128`), bitcast to the lane
shape each instruction works on. Integer lane operations, lane access,
shuffles, loads and stores, and the float operations whose results do not
depend on NaN handling (sign operations, comparisons, integer conversions)
are vector IR. Every other instruction (float arithmetic, rounding,
min/max, float conversions, relaxed SIMD) calls the portable tier's own
function of :mod:`wasmlite.runtime.simd` through the context's
:data:`~.abi.SIMD` callback, so that NaN payloads and the relaxed choices
are the portable tier's by construction.
"""

from __future__ import annotations

from llvmlite import ir

from ...opcodes import OPS, is_simd_numeric
from ...runtime.simd import SEMANTICS
from . import abi
from .memory import _address
from .numeric import F32, F64, I32, I64, V128

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable
    from .callbacks import NativeState
    from .function import FunctionTranslator

__all__ = ["HANDLERS", "CALLBACK_OPS", "simd_callback"]

I1 = ir.IntType(1)
I8 = ir.IntType(8)
I16 = ir.IntType(16)
I128 = ir.IntType(128)

_INT = {"i8x16": (I8, 16), "i16x8": (I16, 8), "i32x4": (I32, 4), "i64x2": (I64, 2),
        "f32x4": (I32, 4), "f64x2": (I64, 2)}
"""Each lane shape's lanes as integers: (lane type, count)."""
_FLOAT = {"f32x4": (F32, 4), "f64x2": (F64, 2)}


def _vec(t: ir.Type, n: int) -> ir.VectorType:
    return ir.VectorType(t, n)


def _lanes(ft: FunctionTranslator, v: ir.Value, shape: str) -> ir.Value:
    """``v`` (a v128) as the integer lanes of ``shape``."""
    return ft.b.bitcast(v, _vec(*_INT[shape]))


def _flanes(ft: FunctionTranslator, v: ir.Value, shape: str) -> ir.Value:
    return ft.b.bitcast(v, _vec(*_FLOAT[shape]))


def _v128(ft: FunctionTranslator, v: ir.Value) -> ir.Value:
    return ft.b.bitcast(v, V128)


def _splat_const(t: ir.Type, n: int, x: int) -> ir.Constant:
    return ir.Constant(_vec(t, n), [ir.Constant(t, x)] * n)


def _mask(indices) -> ir.Constant:
    return ir.Constant(_vec(I32, len(indices)), [ir.Constant(I32, i) for i in indices])


def _splat(ft: FunctionTranslator, x: ir.Value, n: int) -> ir.Value:
    b = ft.b
    one = b.insert_element(ir.Constant(_vec(x.type, n), None), x, ir.Constant(I32, 0))
    return b.shuffle_vector(one, ir.Constant(_vec(x.type, n), None), _mask([0] * n))


def _intrinsic(ft: FunctionTranslator, name: str, args: list[ir.Value]) -> ir.Value:
    t = args[0].type
    suffix = f"v{t.count}i{t.element.width}"
    fn = ft.intrinsic(f"llvm.{name}.{suffix}", t, [a.type for a in args])
    return ft.b.call(fn, args)


def _half(ft: FunctionTranslator, v: ir.Value, high: bool) -> ir.Value:
    """The low or high half of the lanes of vector ``v``."""
    n = v.type.count // 2
    start = n if high else 0
    return ft.b.shuffle_vector(v, v, _mask(range(start, start + n)))


def _wide(t: ir.IntType) -> ir.IntType:
    return ir.IntType(t.width * 2)


def _extend(ft: FunctionTranslator, v: ir.Value, signed: bool) -> ir.Value:
    """Integer lanes of vector ``v`` widened to twice their width."""
    wide = _vec(_wide(v.type.element), v.type.count)
    return (ft.b.sext if signed else ft.b.zext)(v, wide)


def _clamp(ft: FunctionTranslator, v: ir.Value, low: int, high: int) -> ir.Value:
    """Signed integer lanes of ``v`` clamped to ``[low, high]``."""
    b = ft.b
    t, n = v.type.element, v.type.count
    lo, hi = _splat_const(t, n, low), _splat_const(t, n, high)
    v = b.select(b.icmp_signed("<", v, lo), lo, v)
    return b.select(b.icmp_signed(">", v, hi), hi, v)


def _even_odd(ft: FunctionTranslator, v: ir.Value) -> tuple[ir.Value, ir.Value]:
    n = v.type.count
    return (ft.b.shuffle_vector(v, v, _mask(range(0, n, 2))),
            ft.b.shuffle_vector(v, v, _mask(range(1, n, 2))))


# --- lowerings of numeric instructions: lower(ft, instr, *operands) -> result -------------

def _bitwise(kind: str) -> Callable:
    def lower(ft, instr, *args):
        b = ft.b
        if kind == "not":
            return b.xor(args[0], ir.Constant(V128, [-1, -1]))
        a, c = args[0], args[1]
        if kind == "and":
            return b.and_(a, c)
        if kind == "or":
            return b.or_(a, c)
        if kind == "xor":
            return b.xor(a, c)
        if kind == "andnot":
            return b.and_(a, b.xor(c, ir.Constant(V128, [-1, -1])))
        mask = args[2]      # bitselect
        return b.or_(b.and_(a, mask), b.and_(c, b.xor(mask, ir.Constant(V128, [-1, -1]))))
    return lower


def _any_true(ft, instr, v):
    return ft.b.zext(ft.b.icmp_unsigned("!=", ft.b.bitcast(v, I128), ir.Constant(I128, 0)), I32)


def _all_true(shape: str) -> Callable:
    def lower(ft, instr, v):
        b = ft.b
        t, n = _INT[shape]
        nonzero = b.icmp_unsigned("!=", _lanes(ft, v, shape), ir.Constant(_vec(t, n), None))
        bits = b.bitcast(nonzero, ir.IntType(n))
        return b.zext(b.icmp_unsigned("==", bits, ir.Constant(ir.IntType(n), (1 << n) - 1)), I32)
    return lower


def _bitmask(shape: str) -> Callable:
    def lower(ft, instr, v):
        b = ft.b
        t, n = _INT[shape]
        negative = b.icmp_signed("<", _lanes(ft, v, shape), ir.Constant(_vec(t, n), None))
        return b.zext(b.bitcast(negative, ir.IntType(n)), I32)
    return lower


def _int_binary(shape: str, op: str) -> Callable:
    def lower(ft, instr, x, y):
        b = ft.b
        a, c = _lanes(ft, x, shape), _lanes(ft, y, shape)
        return _v128(ft, getattr(b, op)(a, c))
    return lower


def _int_unary(shape: str, kind: str) -> Callable:
    def lower(ft, instr, x):
        b = ft.b
        a = _lanes(ft, x, shape)
        zero = ir.Constant(a.type, None)
        if kind == "neg":
            r = b.sub(zero, a)
        elif kind == "abs":
            r = b.select(b.icmp_signed("<", a, zero), b.sub(zero, a), a)
        else:   # popcnt
            r = _intrinsic(ft, "ctpop", [a])
        return _v128(ft, r)
    return lower


def _saturating(shape: str, name: str) -> Callable:
    def lower(ft, instr, x, y):
        return _v128(ft, _intrinsic(ft, name, [_lanes(ft, x, shape), _lanes(ft, y, shape)]))
    return lower


def _lane_test(ft, x, y, shape: str, pred: str, signed: bool) -> tuple:
    """The integer lanes of ``x`` and ``y`` in ``shape``, and ``pred`` of each pair."""
    b = ft.b
    a, c = _lanes(ft, x, shape), _lanes(ft, y, shape)
    return a, c, (b.icmp_signed if signed else b.icmp_unsigned)(pred, a, c)


def _compare(shape: str, pred: str, signed: bool) -> Callable:
    def lower(ft, instr, x, y):
        a, _, test = _lane_test(ft, x, y, shape, pred, signed)
        return _v128(ft, ft.b.sext(test, a.type))
    return lower


def _float_compare(shape: str, pred: str) -> Callable:
    def lower(ft, instr, x, y):
        b = ft.b
        a, c = _flanes(ft, x, shape), _flanes(ft, y, shape)
        # Python's float comparisons: only != holds for NaN operands
        test = b.fcmp_unordered(pred, a, c) if pred == "!=" else b.fcmp_ordered(pred, a, c)
        return _v128(ft, b.sext(test, _vec(*_INT[shape])))
    return lower


def _extremum(shape: str, pred: str, signed: bool) -> Callable:
    def lower(ft, instr, x, y):
        a, c, take_a = _lane_test(ft, x, y, shape, pred, signed)
        return _v128(ft, ft.b.select(take_a, a, c))
    return lower


def _avgr(shape: str) -> Callable:
    def lower(ft, instr, x, y):
        b = ft.b
        a = _extend(ft, _lanes(ft, x, shape), False)
        c = _extend(ft, _lanes(ft, y, shape), False)
        one = _splat_const(a.type.element, a.type.count, 1)
        s = b.lshr(b.add(b.add(a, c), one), one)
        return _v128(ft, b.trunc(s, _vec(*_INT[shape])))
    return lower


def _shift(shape: str, op: str) -> Callable:
    def lower(ft, instr, x, n):
        b = ft.b
        t, count = _INT[shape]
        k = b.and_(n, ir.Constant(I32, t.width - 1))
        k = b.trunc(k, t) if t.width < 32 else b.zext(k, t) if t.width > 32 else k
        return _v128(ft, getattr(b, op)(_lanes(ft, x, shape), _splat(ft, k, count)))
    return lower


def _float_sign(shape: str, kind: str) -> Callable:
    def lower(ft, instr, x):
        t, n = _INT[shape]
        top = 1 << (t.width - 1)
        a = _lanes(ft, x, shape)
        if kind == "abs":
            return _v128(ft, ft.b.and_(a, _splat_const(t, n, top - 1)))
        return _v128(ft, ft.b.xor(a, _splat_const(t, n, top)))
    return lower


_QUIET = {"f32x4": 0x00400000, "f64x2": 0x0008000000000000}
_DEFAULT_NAN = {"f32x4": 0xFFC00000, "f64x2": 0xFFF8000000000000}


def _nan_lanes(ft: FunctionTranslator, v: ir.Value, shape: str) -> ir.Value:
    """Which float lanes of ``v`` (a v128) are NaNs."""
    f = _flanes(ft, v, shape)
    return ft.b.fcmp_unordered("uno", f, f)


def _quieted(ft: FunctionTranslator, v: ir.Value, shape: str) -> ir.Value:
    """The integer lanes of ``v`` with every float lane's quiet bit set."""
    t, n = _INT[shape]
    return ft.b.or_(_lanes(ft, v, shape), _splat_const(t, n, _QUIET[shape]))


def _float_arith(shape: str, op: str) -> Callable:
    """Lane-wise IEEE arithmetic; a NaN lane is the first NaN operand quieted, else
    the default NaN (the portable tier's ``first_nan``: in f32 lanes, computed in
    double precision and rounded once, the same rounding as binary32's own)."""
    def lower(ft, instr, x, y):
        b = ft.b
        t, n = _INT[shape]
        r = getattr(b, op)(_flanes(ft, x, shape), _flanes(ft, y, shape))
        nan = b.select(_nan_lanes(ft, x, shape), _quieted(ft, x, shape),
                       b.select(_nan_lanes(ft, y, shape), _quieted(ft, y, shape),
                                _splat_const(t, n, _DEFAULT_NAN[shape])))
        return _v128(ft, b.select(b.fcmp_unordered("uno", r, r), nan, b.bitcast(r, _vec(t, n))))
    return lower


def _float_unary(shape: str, intrinsic: str) -> Callable:
    """Lane-wise ``sqrt`` or rounding: a NaN lane is the operand quieted; the square
    root of a negative lane is the default NaN."""
    def lower(ft, instr, x):
        b = ft.b
        t, n = _INT[shape]
        f = _flanes(ft, x, shape)
        suffix = f"v{n}f{t.width}"
        r = b.bitcast(b.call(ft.intrinsic(f"llvm.{intrinsic}.{suffix}", f.type, [f.type]), [f]),
                      _vec(t, n))
        if intrinsic == "sqrt":
            negative = b.fcmp_ordered("<", f, ir.Constant(f.type, None))
            r = b.select(negative, _splat_const(t, n, _DEFAULT_NAN[shape]), r)
        return _v128(ft, b.select(_nan_lanes(ft, x, shape), _quieted(ft, x, shape), r))
    return lower


_FLOAT_ARITH = {"add": "fadd", "sub": "fsub", "mul": "fmul", "div": "fdiv"}
_FLOAT_UNARY = {"sqrt": "sqrt", "ceil": "ceil", "floor": "floor", "trunc": "trunc",
                "nearest": "roundeven"}


def _narrow(dst: str, src: str, signed: bool) -> Callable:
    def lower(ft, instr, x, y):
        b = ft.b
        t, n = _INT[dst]
        both = b.shuffle_vector(_lanes(ft, x, src), _lanes(ft, y, src), _mask(range(n)))
        width = t.width
        low, high = ((-(1 << (width - 1)), (1 << (width - 1)) - 1) if signed
                     else (0, (1 << width) - 1))
        return _v128(ft, b.trunc(_clamp(ft, both, low, high), _vec(t, n)))
    return lower


def _extend_half(src: str, high: bool, signed: bool) -> Callable:
    def lower(ft, instr, x):
        return _v128(ft, _extend(ft, _half(ft, _lanes(ft, x, src), high), signed))
    return lower


def _extmul(src: str, high: bool, signed: bool) -> Callable:
    def lower(ft, instr, x, y):
        a = _extend(ft, _half(ft, _lanes(ft, x, src), high), signed)
        c = _extend(ft, _half(ft, _lanes(ft, y, src), high), signed)
        return _v128(ft, ft.b.mul(a, c))
    return lower


def _extadd_pairwise(src: str, signed: bool) -> Callable:
    def lower(ft, instr, x):
        even, odd = _even_odd(ft, _lanes(ft, x, src))
        return _v128(ft, ft.b.add(_extend(ft, even, signed), _extend(ft, odd, signed)))
    return lower


def _dot(ft, instr, x, y):
    b = ft.b
    p = b.mul(_extend(ft, _lanes(ft, x, "i16x8"), True), _extend(ft, _lanes(ft, y, "i16x8"), True))
    even, odd = _even_odd(ft, p)
    return _v128(ft, b.add(even, odd))


def _q15mulr_sat(ft, instr, x, y):
    b = ft.b
    p = b.mul(_extend(ft, _lanes(ft, x, "i16x8"), True), _extend(ft, _lanes(ft, y, "i16x8"), True))
    p = b.ashr(b.add(p, _splat_const(I32, 8, 0x4000)), _splat_const(I32, 8, 15))
    return _v128(ft, b.trunc(_clamp(ft, p, -0x8000, 0x7FFF), _vec(I16, 8)))


def _convert(shape: str, signed: bool, low: bool) -> Callable:
    def lower(ft, instr, x):
        b = ft.b
        a = _lanes(ft, x, "i32x4")
        if low:
            a = _half(ft, a, False)
        t, n = _FLOAT[shape]
        return _v128(ft, (b.sitofp if signed else b.uitofp)(a, _vec(t, n)))
    return lower


def _swizzle(ft, instr, x, s):
    b = ft.b
    a = _lanes(ft, x, "i8x16")
    idx = _lanes(ft, s, "i8x16")
    r = ir.Constant(_vec(I8, 16), None)
    for i in range(16):
        k = b.extract_element(idx, ir.Constant(I32, i))
        picked = b.extract_element(a, b.and_(k, ir.Constant(I8, 15)))
        inside = b.icmp_unsigned("<", k, ir.Constant(I8, 16))
        r = b.insert_element(r, b.select(inside, picked, ir.Constant(I8, 0)), ir.Constant(I32, i))
    return _v128(ft, r)


def _splat_op(shape: str) -> Callable:
    def lower(ft, instr, x):
        t, n = _INT[shape]
        b = ft.b
        if x.type in (F32, F64):
            x = b.bitcast(x, t)
        elif t.width < 32:
            x = b.trunc(x, t)
        return _v128(ft, _splat(ft, x, n))
    return lower


def _extract(shape: str, ext: str | None) -> Callable:
    def lower(ft, instr, x):
        b = ft.b
        t, _ = _INT[shape]
        v = b.extract_element(_lanes(ft, x, shape), ir.Constant(I32, instr[1]))
        if ext == "s":
            return b.sext(v, I32)
        if ext == "u":
            return b.zext(v, I32)
        if shape in _FLOAT:
            return b.bitcast(v, _FLOAT[shape][0])
        return v
    return lower


def _replace(shape: str) -> Callable:
    def lower(ft, instr, x, y):
        b = ft.b
        t, _ = _INT[shape]
        if y.type in (F32, F64):
            y = b.bitcast(y, t)
        elif t.width < 32:
            y = b.trunc(y, t)
        return _v128(ft, b.insert_element(_lanes(ft, x, shape), y, ir.Constant(I32, instr[1])))
    return lower


def _shuffle(ft, instr, x, y):
    return _v128(ft, ft.b.shuffle_vector(_lanes(ft, x, "i8x16"), _lanes(ft, y, "i8x16"),
                                         _mask(instr[1])))


_CMP = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}


def _native(name: str) -> Callable | None:
    """The vector IR lowering of SIMD numeric instruction ``name``, or ``None``
    (then the portable tier's function computes it)."""
    shape, _, stem = name.partition(".")
    if shape == "v128":
        if stem == "any_true":
            return _any_true
        return _bitwise(stem)
    if stem == "splat":
        return _splat_op(shape)
    if stem.startswith("extract_lane"):
        return _extract(shape, stem[-1] if stem[-2] == "_" else None)
    if stem == "replace_lane":
        return _replace(shape)
    if name == "i8x16.shuffle":
        return _shuffle
    if name == "i8x16.swizzle":
        return _swizzle
    if shape in _FLOAT:
        if stem in ("abs", "neg"):
            return _float_sign(shape, stem)
        if stem in _CMP:
            return _float_compare(shape, _CMP[stem])
        if stem in _FLOAT_ARITH:
            return _float_arith(shape, _FLOAT_ARITH[stem])
        if stem in _FLOAT_UNARY:
            return _float_unary(shape, _FLOAT_UNARY[stem])
        if stem.startswith("convert_") and "relaxed" not in stem:
            return _convert(shape, stem.endswith("_s"), "_low_" in stem)
        return None
    if "relaxed" in stem:
        return None
    if stem in ("add", "sub", "mul"):
        return _int_binary(shape, stem)
    if stem in ("neg", "abs", "popcnt"):
        return _int_unary(shape, stem)
    if stem.startswith(("add_sat_", "sub_sat_")):
        kind = ("s" if stem.endswith("_s") else "u") + stem[:3]
        return _saturating(shape, f"{kind}.sat")
    if stem in ("shl", "shr_s", "shr_u"):
        return _shift(shape, {"shl": "shl", "shr_s": "ashr", "shr_u": "lshr"}[stem])
    base, _, sign = stem.partition("_")
    if base in _CMP:
        return _compare(shape, _CMP[base], sign == "s")
    if base in ("min", "max"):
        return _extremum(shape, "<" if base == "min" else ">", sign == "s")
    if stem == "avgr_u":
        return _avgr(shape)
    if stem == "all_true":
        return _all_true(shape)
    if stem == "bitmask":
        return _bitmask(shape)
    if stem.startswith("narrow_"):
        return _narrow(shape, stem.split("_")[1], stem.endswith("_s"))
    if stem.startswith("extend_"):
        return _extend_half(stem.split("_")[2], "_high_" in stem, stem.endswith("_s"))
    if stem.startswith("extmul_"):
        return _extmul(stem.split("_")[2], "_high_" in stem, stem.endswith("_s"))
    if stem.startswith("extadd_pairwise_"):
        return _extadd_pairwise(stem.split("_")[2], stem.endswith("_s"))
    if name == "i32x4.dot_i16x8_s":
        return _dot
    if name == "i16x8.q15mulr_sat_s":
        return _q15mulr_sat
    return None


# --- the portable tier's functions, through the SIMD callback -------------------------------

CALLBACK_OPS: tuple[str, ...] = tuple(sorted(SEMANTICS))
"""The SIMD instructions the :data:`~.abi.SIMD` callback computes, by number."""

_NUMBER = {name: k for k, name in enumerate(CALLBACK_OPS)}


def simd_callback(state: NativeState) -> Callable:
    """The :data:`~.abi.SIMD` callback of an instance: ``(number, operands...)``
    -> the portable tier's result of instruction ``CALLBACK_OPS[number]``."""
    functions = [SEMANTICS[name] for name in CALLBACK_OPS]

    def simd(k, *args):
        try:
            return functions[k](*args)
        except BaseException as e:
            state.failed(e)
            return 0
    return simd


def _through_python(op) -> Callable:
    number = ir.Constant(I64, _NUMBER[op.name])
    result = op.results[0]
    kind = {"f32": "float", "f64": "float", "v128": "v128"}.get(result, "int")
    assert not op.imm, op.name      # instructions with immediates are vector IR

    def lower(ft, instr, *args):
        converted = [ft.to_boundary(v, t) for v, t in zip(args, op.params)]
        value = ft.call_python(abi.SIMD, [number, *converted], kind)
        ft.check_status()
        if result == "i32":
            value = ft.b.trunc(value, I32)
        return ft.from_boundary(value, result)
    return lower


def _numeric(op, lower: Callable) -> Callable:
    n = len(op.params)

    def handle(ft: FunctionTranslator, instr: tuple) -> None:
        args = ft.popn(n)
        ft.push(lower(ft, instr, *args))
    return handle


def _const(ft: FunctionTranslator, instr: tuple) -> None:
    v = instr[1] & ((1 << 128) - 1)
    ft.push(ir.Constant(V128, [ir.Constant(I64, v & (2**64 - 1)), ir.Constant(I64, v >> 64)]))


# --- memory ----------------------------------------------------------------------------------

def _access(ft: FunctionTranslator, instr: tuple, addr: ir.Value, width: int) -> ir.Value:
    return _address(ft, instr[3], addr, instr[2], width)


def _read(ft: FunctionTranslator, ptr: ir.Value, t: ir.Type) -> ir.Value:
    value = ft.b.load(ptr, typ=t, align=1)
    value.set_metadata("tbaa", ft.tbaa.memory)
    return value


def _write(ft: FunctionTranslator, ptr: ir.Value, value: ir.Value) -> None:
    store = ft.b.store(value, ptr, align=1)
    store.set_metadata("tbaa", ft.tbaa.memory)


def _load(ft, instr):
    ft.push(_read(ft, _access(ft, instr, ft.pop(), 16), V128))


def _load_extend(lane_bits: int, signed: bool) -> Callable:
    t = ir.IntType(lane_bits)
    n = 64 // lane_bits

    def lower(ft, instr):
        v = _read(ft, _access(ft, instr, ft.pop(), 8), _vec(t, n))
        ft.push(_v128(ft, _extend(ft, v, signed)))
    return lower


def _load_splat(bits: int) -> Callable:
    t = ir.IntType(bits)

    def lower(ft, instr):
        x = _read(ft, _access(ft, instr, ft.pop(), bits // 8), t)
        ft.push(_v128(ft, _splat(ft, x, 128 // bits)))
    return lower


def _load_zero(bits: int) -> Callable:
    t = ir.IntType(bits)

    def lower(ft, instr):
        x = _read(ft, _access(ft, instr, ft.pop(), bits // 8), t)
        v = ft.b.insert_element(ir.Constant(_vec(t, 128 // bits), None), x, ir.Constant(I32, 0))
        ft.push(_v128(ft, v))
    return lower


def _load_lane(bits: int) -> Callable:
    t = ir.IntType(bits)

    def lower(ft, instr):
        v = ft.pop()
        x = _read(ft, _access(ft, instr, ft.pop(), bits // 8), t)
        lanes = ft.b.bitcast(v, _vec(t, 128 // bits))
        ft.push(_v128(ft, ft.b.insert_element(lanes, x, ir.Constant(I32, instr[4]))))
    return lower


def _store(ft, instr):
    v = ft.pop()
    _write(ft, _access(ft, instr, ft.pop(), 16), v)


def _store_lane(bits: int) -> Callable:
    t = ir.IntType(bits)

    def lower(ft, instr):
        v = ft.pop()
        ptr = _access(ft, instr, ft.pop(), bits // 8)
        x = ft.b.extract_element(ft.b.bitcast(v, _vec(t, 128 // bits)), ir.Constant(I32, instr[4]))
        _write(ft, ptr, x)
    return lower


def _handlers() -> dict[str, Callable]:
    table: dict[str, Callable] = {
        "v128.const": _const, "v128.load": _load, "v128.store": _store,
        "v128.load32_zero": _load_zero(32), "v128.load64_zero": _load_zero(64),
    }
    for bits in (8, 16, 32, 64):
        table[f"v128.load{bits}_splat"] = _load_splat(bits)
        table[f"v128.load{bits}_lane"] = _load_lane(bits)
        table[f"v128.store{bits}_lane"] = _store_lane(bits)
    for bits, n in ((8, 8), (16, 4), (32, 2)):
        for sign in "su":
            table[f"v128.load{bits}x{n}_{sign}"] = _load_extend(bits, sign == "s")
    for op in OPS:
        if is_simd_numeric(op):
            table[op.name] = _numeric(op, _native(op.name) or _through_python(op))
    return table


HANDLERS: dict[str, Callable] = _handlers()
"""SIMD instruction name -> ``lower(translator, instr)``."""

NATIVE: frozenset[str] = frozenset(op.name for op in OPS
                                   if is_simd_numeric(op) and _native(op.name) is not None)
"""The SIMD numeric instructions computed by vector IR (the others call back into Python)."""
