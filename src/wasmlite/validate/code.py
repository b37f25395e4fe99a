"""The validation algorithm for instruction sequences: operand stack + control stack.

This follows the specification's appendix "Validation Algorithm". Operand types
are closed value types (``types.py``); ``None`` is the unknown type that the
stack produces below the polymorphic base of unreachable code. Locals of
non-defaultable type are tracked as set/unset, and reset at the end of the
block that set them.
"""

from __future__ import annotations

from importlib import import_module

from .. import ir, opcodes
from ..errors import InvalidError
from .context import ModuleContext, unknown
from .types import BOT, DefType, is_defaultable, val_subtype

_BOT_REF = ir.RefType(False, BOT)
"""The reference type popped below the base of unreachable code."""


def type_text(t) -> str:
    """A value type as the text format writes it (``None`` is the unknown type)."""
    if t is None:
        return "bot"
    if type(t) is ir.RefType and type(t.heap) is DefType:
        return f"(ref {'null ' if t.nullable else ''}{t.heap.kind})"
    return str(t)


def types_text(ts) -> str:
    """A result type as the reference interpreter's messages write it: ``[i32 i64]``."""
    return "[" + " ".join(map(type_text, ts)) + "]"


class Frame:
    """One entry of the control stack.

    ``kind`` is the opening instruction's name (``func`` for the function body,
    ``else``/``catch``/``catch_all`` after those instructions); ``labels`` is
    what a branch to this frame carries.
    """

    __slots__ = ("kind", "start", "end", "labels", "height", "unreachable", "init_height")

    def __init__(self, kind: str, start: tuple, end: tuple, height: int, init_height: int):
        self.kind = kind
        self.start = start
        self.end = end
        self.labels = start if kind == "loop" else end
        self.height = height
        self.unreachable = False
        self.init_height = init_height


class CodeValidator:
    """Validates one function body (or constant expression) against its type."""

    __slots__ = ("ctx", "vals", "ctrls", "locals", "unset", "inits", "results")

    def __init__(self, ctx: ModuleContext, locals_: list, unset: list[bool], results: tuple):
        self.ctx = ctx
        self.vals: list = []
        self.ctrls: list[Frame] = []
        self.locals = locals_
        self.unset = unset
        self.inits: list[int] = []
        self.results = results

    # -- operand stack --

    def push(self, t) -> None:
        self.vals.append(t)

    def pop_any(self):
        """Pop one operand of any type (``None`` below an unreachable base)."""
        vals = self.vals
        frame = self.ctrls[-1]
        if len(vals) > frame.height:
            return vals.pop()
        if frame.unreachable:
            return None
        raise InvalidError("type mismatch: instruction requires [any] but stack has []")

    def pop(self, expected):
        """Pop one operand that must match ``expected``; return its actual type."""
        vals = self.vals
        frame = self.ctrls[-1]
        if len(vals) > frame.height:
            actual = vals[-1]
            if actual == expected or val_subtype(actual, expected):
                vals.pop()
                return actual
        elif frame.unreachable:
            return None
        self.mismatch((expected,))

    def pop_vals(self, expected) -> list:
        """Pop operands matching the sequence ``expected`` (last on top); return
        the actual types, bottom first."""
        n = len(expected)
        if not n:
            return []
        vals = self.vals
        frame = self.ctrls[-1]
        avail = len(vals) - frame.height
        k = n if avail >= n else avail
        top = vals[len(vals) - k:] if k else []
        if (k < n and not frame.unreachable) or not all(map(val_subtype, top, expected[n - k:])):
            self.mismatch(expected)
        if k:
            del vals[-k:]
        if k < n:
            return [None] * (n - k) + top
        return top

    def pop_ref(self) -> ir.RefType:
        """Pop an operand of some reference type."""
        vals = self.vals
        frame = self.ctrls[-1]
        if len(vals) > frame.height:
            t = vals[-1]
            if t is None:
                vals.pop()
                return _BOT_REF
            if type(t) is ir.RefType:
                vals.pop()
                return t
            raise InvalidError(f"type mismatch: instruction requires reference type but stack has {type_text(t)}")
        if frame.unreachable:
            return _BOT_REF
        raise InvalidError("type mismatch: instruction requires reference type but stack has []")

    def mismatch(self, expected):
        """Raise the type mismatch for an instruction that requires ``expected``."""
        vals = self.vals
        frame = self.ctrls[-1]
        have = vals[frame.height:]
        n = len(expected)
        have = have[len(have) - n:] if len(have) > n else have
        raise InvalidError(f"type mismatch: instruction requires {types_text(expected)}"
                           f" but stack has {types_text(have)}")

    # -- control stack --

    def push_ctrl(self, kind: str, start: tuple, end: tuple) -> None:
        self.ctrls.append(Frame(kind, start, end, len(self.vals), len(self.inits)))
        self.vals.extend(start)

    def pop_ctrl(self) -> Frame:
        frame = self.ctrls[-1]
        popped = self.pop_vals(frame.end)
        if len(self.vals) != frame.height:
            raise InvalidError(f"type mismatch: block requires {types_text(frame.end)}"
                               f" but stack has {types_text(self.vals[frame.height:] + popped)}")
        self.ctrls.pop()
        inits = self.inits
        if len(inits) > frame.init_height:
            unset = self.unset
            while len(inits) > frame.init_height:
                unset[inits.pop()] = True
        return frame

    def set_unreachable(self) -> None:
        frame = self.ctrls[-1]
        del self.vals[frame.height:]
        frame.unreachable = True

    def label(self, depth: int) -> Frame:
        """The frame that branch depth ``depth`` targets."""
        ctrls = self.ctrls
        if 0 <= depth < len(ctrls):
            return ctrls[-1 - depth]
        raise unknown("label", depth)

    # -- locals --

    def local(self, x: int):
        if 0 <= x < len(self.locals):
            return self.locals[x]
        raise unknown("local", x)

    def set_local(self, x: int) -> None:
        """Record that local ``x`` now holds a value."""
        if self.unset[x]:
            self.unset[x] = False
            self.inits.append(x)

    # -- driver --

    def run(self, body: list) -> None:
        """Validate ``body`` (ending with its final ``end``) inside the open frame."""
        generic = GENERIC
        handlers = HANDLERS
        vals = self.vals
        ctrls = self.ctrls
        for instr in body:
            if not ctrls:
                raise InvalidError("instructions after the final end")
            op = instr[0]
            sig = generic.get(op)
            if sig is not None:
                params, results = sig
                n = len(params)
                if n:
                    if len(vals) - n >= ctrls[-1].height and vals[-n:] == params:
                        del vals[-n:]
                    else:
                        self.pop_vals(params)
                if results:
                    vals += results
                continue
            handler = handlers.get(op) or _proposal_rule(op)
            if handler is None:
                raise InvalidError(f"unknown instruction {op.name}")
            handler(self, instr)
        if ctrls:
            raise InvalidError("function body must end with end")


GENERIC: dict[opcodes.Op, tuple[list, tuple]] = {}
"""Instructions typed by their table signature alone: op -> (params, results)."""

HANDLERS: dict = {}
"""Instructions with their own rule: op -> ``handler(validator, instr)``."""

_PLAIN_IMMEDIATES = frozenset({"i32", "i64", "f32", "f64", "v128", "zero"})

for _op in opcodes.OPS:
    if _op.params is not None and "a" not in _op.params and "a" not in _op.results \
            and _PLAIN_IMMEDIATES.issuperset(_op.imm):
        GENERIC[_op] = (list(_op.params), tuple(_op.results))


_PROPOSAL_RULES = {"gc": "gc", "exceptions": "exceptions", "legacy_exceptions": "exceptions",
                   "simd": "simd"}
"""Proposals whose instruction rules have a module of their own, imported when a
body first uses one of their instructions."""


def _proposal_rule(op: opcodes.Op):
    module = _PROPOSAL_RULES.get(op.feature)
    if module is None:
        return None
    import_module(f"{__package__}.{module}")
    return HANDLERS.get(op)


def handles(*names: str):
    """Register the decorated function as the rule of the named instructions."""
    def register(fn):
        for name in names:
            HANDLERS[opcodes.BY_NAME[name]] = fn
        return fn
    return register


def validate_function(ctx: ModuleContext, func: ir.Func) -> None:
    """Validate one defined function's locals and body."""
    dt = ctx.deftype(func.typeidx)
    if dt.kind != "func":
        raise InvalidError(f"type mismatch: type {func.typeidx} is not a function type")
    ft = dt.comptype
    close = ctx.close
    declared = [close(t) for t in func.locals]
    locals_ = list(ft.params) + declared
    unset = [False] * len(ft.params) + [not is_defaultable(t) for t in declared]
    v = CodeValidator(ctx, locals_, unset, ft.results)
    v.push_ctrl("func", (), ft.results)
    v.run(func.body)


def validate_expr(ctx: ModuleContext, expr: list, result: ir.ValType) -> None:
    """Validate a constant expression's typing: it must produce exactly ``result``."""
    v = CodeValidator(ctx, [], [], (result,))
    v.push_ctrl("func", (), (result,))
    v.run(expr)

