"""Rules of the parametric instructions ``drop`` and ``select``."""

from __future__ import annotations

from ..errors import InvalidError
from .code import CodeValidator, handles, type_text


@handles("drop")
def _drop(v: CodeValidator, instr) -> None:
    v.pop_any()


@handles("select")
def _select(v: CodeValidator, instr) -> None:
    v.pop("i32")
    t1 = v.pop_any()
    t2 = v.pop_any()
    # numeric and vector types are strings; None is the unknown type
    if not (t1 is None or type(t1) is str) or not (t2 is None or type(t2) is str):
        raise InvalidError(f"type mismatch: instruction requires numeric or vector type"
                           f" but stack has {type_text(t1 if type(t1) is not str else t2)}")
    if t1 is not None and t2 is not None and t1 != t2:
        raise InvalidError(f"type mismatch: select operands {type_text(t2)} and {type_text(t1)} differ")
    v.push(t2 if t1 is None else t1)


@handles("select t")
def _select_typed(v: CodeValidator, instr) -> None:
    types = instr[1]
    if len(types) != 1:
        raise InvalidError(f"invalid result arity {len(types)} for select, expected 1")
    t = v.ctx.close(types[0])
    v.pop("i32")
    v.pop(t)
    v.pop(t)
    v.push(t)
