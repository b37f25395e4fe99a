"""Rules of the basic reference instructions (``ref.*``, ``br_on_null``, ``br_on_non_null``)."""

from __future__ import annotations

from .. import ir
from ..errors import InvalidError
from .code import CodeValidator, handles, types_text


@handles("ref.null")
def _ref_null(v: CodeValidator, instr) -> None:
    v.push(ir.RefType(True, v.ctx.close_heap(instr[1])))


@handles("ref.is_null")
def _ref_is_null(v: CodeValidator, instr) -> None:
    v.pop_ref()
    v.push("i32")


@handles("ref.as_non_null")
def _ref_as_non_null(v: CodeValidator, instr) -> None:
    v.push(ir.RefType(False, v.pop_ref().heap))


@handles("ref.func")
def _ref_func(v: CodeValidator, instr) -> None:
    x = instr[1]
    dt = v.ctx.func(x)
    if x not in v.ctx.refs:
        raise InvalidError(f"undeclared function reference {x}")
    v.push(ir.RefType(False, dt))


@handles("br_on_null")
def _br_on_null(v: CodeValidator, instr) -> None:
    labels = v.label(instr[1]).labels
    rt = v.pop_ref()
    v.pop_vals(labels)
    v.vals.extend(labels)
    v.push(ir.RefType(False, rt.heap))


@handles("br_on_non_null")
def _br_on_non_null(v: CodeValidator, instr) -> None:
    labels = v.label(instr[1]).labels
    if not labels or type(labels[-1]) is not ir.RefType:
        raise InvalidError(f"type mismatch: br_on_non_null requires a label ending in a reference type"
                           f" but label has {types_text(labels)}")
    rt = v.pop_ref()
    v.push(ir.RefType(False, rt.heap))
    v.pop_vals(labels)
    v.vals.extend(labels[:-1])
