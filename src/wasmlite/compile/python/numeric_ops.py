"""Python expressions for the numeric instructions.

The common integer and float operations are written inline; the others call
the reference function of the same name from :mod:`wasmlite.runtime.numeric`
or :mod:`wasmlite.runtime.simd` (bound under that name in every namespace; the
SIMD ones only in the namespaces of modules that use SIMD, so that other
programs never load them).
Integer arithmetic that is right modulo 2**N (``+ - * <<``, and ``| ^`` of
operands that are) leaves the masking to whoever needs the canonical value
(see ``Value.exact``), and needs none when the bounds of its operands show
that the result is canonical already (see ``Value.bound``).
"""

from __future__ import annotations

from ...opcodes import OPS, is_simd_numeric
from ...runtime import numeric
from .values import MASKS, Value, canonical_upper, upper

__all__ = ["numeric_value", "HELPERS", "HELPER_NAMES", "simd_helpers", "TRAPPING"]

HELPERS: dict = numeric.SEMANTICS
"""Instruction name -> reference function, for every scalar numeric instruction."""

HELPER_NAMES = frozenset(HELPERS) | frozenset(op.name for op in OPS if is_simd_numeric(op))
"""The instructions computed by a reference function: scalar numeric ones, and
SIMD ones that do not touch memory."""


def simd_helpers() -> dict:
    """Instruction name -> reference function, for the SIMD instructions of
    :data:`HELPER_NAMES`."""
    from ...runtime import simd
    return simd.SEMANTICS


TRAPPING = frozenset(
    name for name in numeric.SEMANTICS
    if name.split(".")[1].startswith(("div", "rem", "trunc_f"))
)
"""Numeric instructions that can trap."""

_SIGN = {"i32": 0x80000000, "i64": 0x8000000000000000}
_BITS = {"i32": 32, "i64": 64}
_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}
_RING = {"add": "+", "sub": "-", "mul": "*", "or": "|", "xor": "^"}


def _expr(code: str, type, args: list[Value], *, pure: bool = True, exact: bool = True,
          cond: bool = False, bound: int | None = None) -> Value:
    """An operand computed from ``args``. ``exact`` applies when no ``bound`` is
    given; a bound decides exactness itself."""
    locs = 0
    depth = 0
    effects = False
    for a in args:
        locs |= a.locals
        depth = max(depth, a.depth)
        pure = pure and a.pure
        effects = effects or a.effects
    if bound is not None:
        exact = bound <= MASKS[type]
    return Value(code, type, pure, locs, depth + 1, exact, cond, bound=bound, effects=effects)


def _call(name: str, args: list[Value], type, extra: str = "") -> Value:
    fn = name.replace(".", "_")
    parts = [a.value_code() for a in args]
    if extra:
        parts.append(extra)
    return _expr(f"{fn}({', '.join(parts)})", type, args, pure=name not in TRAPPING,
                 exact=True)


def numeric_value(name: str, args: list[Value], result_type, imms: tuple = ()) -> Value:
    """The operand that instruction ``name`` computes from ``args`` (in stack order)."""
    prefix, _, op = name.partition(".")
    if prefix in ("i32", "i64"):
        v = _integer(prefix, op, args)
        if v is not None:
            return v
    elif prefix in ("f32", "f64"):
        v = _float(prefix, op, args)
        if v is not None:
            return v
    extra = ""
    if imms:
        extra = ", ".join(repr(i) for i in imms)
    return _call(name, args, result_type, extra)


def _integer(t: str, op: str, args: list[Value]) -> Value | None:
    mask = MASKS[t]
    sign = _SIGN[t]
    if len(args) == 2:
        a, b = args
        if op in _RING:
            bitwise = op in ("or", "xor")
            return _expr(f"{a.paren()} {_RING[op]} {b.paren()}", t, args, exact=False,
                         cond=bitwise and a.cond and b.cond, bound=_ring_bound(op, a, b))
        if op == "and":
            known = [h for h in (upper(a), upper(b)) if h is not None]
            return _expr(f"{a.paren()} & {b.paren()}", t, args, exact=False,
                         cond=a.cond and b.cond, bound=min(known) if known else None)
        cmp, _, signed = op.partition("_")
        if cmp in _COMPARE:
            sym = _COMPARE[cmp]
            if signed == "s" and cmp not in ("eq", "ne"):
                return _expr(f"{_flip(a, sign)} {sym} {_flip(b, sign)}", "i32", args, cond=True)
            return _expr(f"{a.operand()} {sym} {b.operand()}", "i32", args, cond=True)
        if op == "shl":
            k = _shift_amount(b, t)
            hi = upper(a)
            bound = hi << int(k) if hi is not None and k.isdigit() else None
            return _expr(f"{a.paren()} << {k}", t, args, exact=False, bound=bound)
        if op == "shr_u":
            k = _shift_amount(b, t)
            hi = canonical_upper(a)
            return _expr(f"{a.operand()} >> {k}", t, args,
                         bound=hi >> int(k) if k.isdigit() else hi)
        if op == "shr_s":
            k = _shift_amount(b, t)
            return _expr(f"({_signed(a, sign)}) >> {k}", t, args, exact=False)
        if op == "div_u":
            divisor = b.const if b.const else 1
            return _expr(f"{a.operand()} // {b.operand()}", t, args, pure=False,
                         bound=canonical_upper(a) // divisor)
        if op == "rem_u":
            return _expr(f"{a.operand()} % {b.operand()}", t, args, pure=False,
                         bound=min(canonical_upper(a), max(canonical_upper(b) - 1, 0)))
        return None
    if len(args) != 1:
        return None
    (a,) = args
    if op == "eqz":
        if a.cond:
            return _expr(f"not {a.paren()}", "i32", args, cond=True)
        return _expr(f"{a.operand()} == 0", "i32", args, cond=True)
    if op == "clz":
        return _expr(f"{_BITS[t]} - ({a.value_code()}).bit_length()", t, args, bound=_BITS[t])
    if op == "popcnt":
        return _expr(f"({a.value_code()}).bit_count()", t, args, bound=_BITS[t])
    if op == "extend8_s":
        return _expr(f"(({a.paren()} & 0xff) ^ 0x80) - 0x80", t, args, exact=False)
    if op == "extend16_s":
        return _expr(f"(({a.paren()} & 0xffff) ^ 0x8000) - 0x8000", t, args, exact=False)
    if op == "extend32_s":
        return _expr(f"(({a.paren()} & 0xffffffff) ^ 0x80000000) - 0x80000000", t, args,
                     exact=False)
    if op == "wrap_i64":
        return _expr(f"{a.paren()} & {mask:#x}", t, args, bound=min(canonical_upper(a), mask))
    if op == "extend_i32_s":
        return _expr(_signed(a, 0x80000000), t, args, exact=False)
    if op == "extend_i32_u":
        return _expr(a.value_code(), t, args, bound=canonical_upper(a))
    return None


def _float(t: str, op: str, args: list[Value]) -> Value | None:
    if len(args) == 2:
        a, b = args
        if op in _COMPARE:
            return _expr(f"{a.paren()} {_COMPARE[op]} {b.paren()}", "i32", args, cond=True)
        if op in ("add", "sub", "mul"):
            sym = _RING[op]
            if t == "f64":
                return _expr(f"{a.paren()} {sym} {b.paren()}", t, args)
            return _expr(f"f32_round({a.paren()} {sym} {b.paren()})", t, args)
        if op == "div" and t == "f64" and b.const is not None and b.const != 0 \
                and b.const == b.const:
            return _expr(f"{a.paren()} / {b.paren()}", t, args)
        return None
    if len(args) != 1:
        return None
    (a,) = args
    if op == "neg":
        return _expr(f"-{a.paren()}", t, args)
    if op == "abs":
        return _expr(f"abs({a.code})", t, args)
    if t == "f64" and op == "convert_i32_u" or op == "convert_i64_u" and t == "f64":
        return _expr(f"float({a.value_code()})", t, args)
    if t == "f64" and op == "convert_i32_s":
        return _expr(f"float({_signed(a, 0x80000000)})", t, args)
    if t == "f64" and op == "convert_i64_s":
        return _expr(f"float({_signed(a, 0x8000000000000000)})", t, args)
    return None


def _ring_bound(op: str, a: Value, b: Value) -> int | None:
    """An upper bound of ``a op b`` computed on the raw values, when both are known
    to be non-negative and bounded."""
    ha, hb = upper(a), upper(b)
    if ha is None or hb is None or op == "sub":
        return None
    if op == "add":
        return ha + hb
    if op == "mul":
        return ha * hb
    return (1 << max(ha.bit_length(), hb.bit_length())) - 1


def _flip(v: Value, sign: int) -> str:
    """Code ordering like the signed value of ``v`` (``v ^ sign``)."""
    if v.const is not None:
        return f"{v.const ^ sign:#x}"
    return f"({v.operand()} ^ {sign:#x})"


def _signed(v: Value, sign: int) -> str:
    """Code for the signed value of the canonical ``v``."""
    if v.const is not None:
        s = v.const - (sign << 1) if v.const & sign else v.const
        return f"({s})"
    return f"({v.operand()} ^ {sign:#x}) - {sign:#x}"


def _shift_amount(b: Value, t: str) -> str:
    bits = _BITS[t]
    if b.const is not None:
        return str(b.const % bits)
    return f"({b.paren()} & {bits - 1})"
