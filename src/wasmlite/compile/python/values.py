"""Values on the compile-time (symbolic) operand stack.

An operand is a Python expression that has not necessarily been evaluated
yet. Pure expressions (no trap, no side effect, reading only locals) may be
delayed freely; the others keep their relative order and are evaluated
before anything that could observe the difference.
"""

from __future__ import annotations

__all__ = ["Value", "MASKS", "const", "name", "upper", "canonical_upper"]

MASKS = {"i32": 0xFFFFFFFF, "i64": 0xFFFFFFFFFFFFFFFF}


class Value:
    """A stack operand.

    ``code``: Python expression text. ``type``: the wasm value type.
    ``pure``: evaluating it can neither trap nor have effects, and it reads
    nothing but locals. ``locals``: bit mask of the wasm locals it reads.
    ``depth``: expression nesting depth. ``exact``: for integers, the value is
    already reduced to its canonical unsigned range (otherwise it is only
    right modulo 2**N and must be masked before use where that matters).
    ``cond``: the expression is a Python ``bool`` standing for an i32 0/1.
    ``const``: the value, for constants; else ``None``. ``bound``: for
    integers, a known upper bound of the (then non-negative) value of ``code``
    when it is tighter than what ``exact`` implies; else ``None`` (see
    :func:`upper`). ``effects``: evaluating it may run code (a call, a
    ``memory.grow``) that changes state the compiled code caches, such as a
    memory's view; unless given, any impure operand may.
    """

    __slots__ = ("code", "type", "pure", "locals", "depth", "exact", "cond", "const", "bound",
                 "effects")

    def __init__(self, code: str, type, pure: bool = True, locals: int = 0, depth: int = 0,
                 exact: bool = True, cond: bool = False, const=None, bound: int | None = None,
                 effects: bool | None = None):
        self.bound = bound
        self.effects = not pure if effects is None else effects
        self.code = code
        self.type = type
        self.pure = pure
        self.locals = locals
        self.depth = depth
        self.exact = exact
        self.cond = cond
        self.const = const

    @property
    def atomic(self) -> bool:
        """A name or a literal, safe to repeat and to place next to any operator."""
        return self.depth == 0 and self.code.isidentifier() or self.const is not None and \
            self.code[0] != "-" and self.code[0] != "("

    def paren(self) -> str:
        """The code, parenthesised unless atomic."""
        return self.code if self.atomic else f"({self.code})"

    def value_code(self) -> str:
        """Code for the canonical raw value (masked, and 0/1 rather than a bool)."""
        if self.cond:
            return f"1 if {self.code} else 0"
        if not self.exact:
            return f"{self.paren()} & {MASKS[self.type]:#x}"
        return self.code

    def operand(self) -> str:
        """:meth:`value_code`, parenthesised for use as an operand."""
        if self.cond or not self.exact:
            return f"({self.value_code()})"
        return self.paren()

    def condition(self) -> str:
        """Code whose truth is this i32 being non-zero, for an ``if`` statement."""
        if self.cond or self.exact:
            return self.code
        return f"{self.paren()} & {MASKS[self.type]:#x}"

    def truth(self) -> str:
        """Code whose truth is this i32 being non-zero (safe as an operand)."""
        if self.cond or self.exact:
            return self.paren()
        return f"({self.paren()} & {MASKS[self.type]:#x})"

    def __repr__(self) -> str:
        return f"<{self.type} {self.code}{'' if self.pure else ' !'}>"


def upper(v: Value) -> int | None:
    """The largest value the code of integer operand ``v`` can evaluate to, when it is
    known to be non-negative; else ``None``."""
    if v.cond:
        return 1
    if v.bound is not None:
        return v.bound
    if type(v.const) is int and v.const >= 0:
        return v.const
    if v.exact:
        return MASKS.get(v.type)
    return None


def canonical_upper(v: Value) -> int:
    """The largest canonical value (:meth:`Value.value_code`) of integer operand ``v``."""
    mask = MASKS[v.type]
    hi = upper(v)
    return mask if hi is None else min(hi, mask)


def const(value, type, code: str | None = None) -> Value:
    """A constant operand."""
    return Value(repr(value) if code is None else code, type, const=value)


def name(code: str, type, locals: int = 0, bound: int | None = None) -> Value:
    """An operand that is a Python variable (holding a canonical value, at most
    ``bound`` when that is given)."""
    return Value(code, type, locals=locals, bound=bound)
