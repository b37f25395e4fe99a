"""Rules of the control instructions: blocks, branches, returns and calls."""

from __future__ import annotations

from .. import ir
from ..errors import InvalidError
from .code import CodeValidator, handles, types_text
from .types import ref_subtype, result_subtype

_FUNCREF = ir.RefType(True, "func")


@handles("unreachable")
def _unreachable(v: CodeValidator, instr) -> None:
    v.set_unreachable()


@handles("block", "loop")
def _block(v: CodeValidator, instr) -> None:
    params, results = v.ctx.blocktype(instr[1])
    v.pop_vals(params)
    v.push_ctrl(instr[0].name, params, results)


@handles("if")
def _if(v: CodeValidator, instr) -> None:
    params, results = v.ctx.blocktype(instr[1])
    v.pop("i32")
    v.pop_vals(params)
    v.push_ctrl("if", params, results)


@handles("else")
def _else(v: CodeValidator, instr) -> None:
    frame = v.ctrls[-1]
    if frame.kind != "if":
        raise InvalidError("else without matching if")
    v.pop_ctrl()
    v.push_ctrl("else", frame.start, frame.end)


@handles("end")
def _end(v: CodeValidator, instr) -> None:
    frame = v.pop_ctrl()
    if frame.kind == "if" and not result_subtype(frame.start, frame.end):
        raise InvalidError(f"type mismatch: if without else requires {types_text(frame.end)}"
                           f" but its parameters are {types_text(frame.start)}")
    v.vals.extend(frame.end)


@handles("br")
def _br(v: CodeValidator, instr) -> None:
    v.pop_vals(v.label(instr[1]).labels)
    v.set_unreachable()


@handles("br_if")
def _br_if(v: CodeValidator, instr) -> None:
    labels = v.label(instr[1]).labels
    v.pop("i32")
    v.pop_vals(labels)
    v.vals.extend(labels)


@handles("br_table")
def _br_table(v: CodeValidator, instr) -> None:
    v.pop("i32")
    default = v.label(instr[2]).labels
    arity = len(default)
    for depth in instr[1]:
        labels = v.label(depth).labels
        if len(labels) != arity:
            raise InvalidError(f"type mismatch: br_table target {depth} carries {types_text(labels)}"
                               f" but the default target carries {types_text(default)}")
        v.vals.extend(v.pop_vals(labels))
    v.pop_vals(default)
    v.set_unreachable()


@handles("return")
def _return(v: CodeValidator, instr) -> None:
    v.pop_vals(v.results)
    v.set_unreachable()


def _call(v: CodeValidator, ft: ir.FuncType) -> None:
    v.pop_vals(ft.params)
    v.vals.extend(ft.results)


def _tail_call(v: CodeValidator, ft: ir.FuncType) -> None:
    if not result_subtype(ft.results, v.results):
        raise InvalidError(f"type mismatch: current function requires result type {types_text(v.results)}"
                           f" but callee returns {types_text(ft.results)}")
    v.pop_vals(ft.params)
    v.set_unreachable()


def _indirect_type(v: CodeValidator, instr) -> ir.FuncType:
    """Check ``call_indirect``'s table, pop its address; the callee type."""
    at, rt = v.ctx.table(instr[2])
    if not ref_subtype(rt, _FUNCREF):
        raise InvalidError(f"type mismatch: instruction requires table of function type"
                           f" but table has element type {rt}")
    ft = v.ctx.functype(instr[1])
    v.pop(at)
    return ft


def _ref_type(v: CodeValidator, instr) -> ir.FuncType:
    """Check ``call_ref``'s type, pop the function reference; the callee type."""
    ft = v.ctx.functype(instr[1])
    v.pop(ir.RefType(True, v.ctx.deftype(instr[1])))
    return ft


@handles("call")
def _call_func(v: CodeValidator, instr) -> None:
    _call(v, v.ctx.func(instr[1]).comptype)


@handles("call_indirect")
def _call_indirect(v: CodeValidator, instr) -> None:
    _call(v, _indirect_type(v, instr))


@handles("call_ref")
def _call_ref(v: CodeValidator, instr) -> None:
    _call(v, _ref_type(v, instr))


@handles("return_call")
def _return_call(v: CodeValidator, instr) -> None:
    _tail_call(v, v.ctx.func(instr[1]).comptype)


@handles("return_call_indirect")
def _return_call_indirect(v: CodeValidator, instr) -> None:
    _tail_call(v, _indirect_type(v, instr))


@handles("return_call_ref")
def _return_call_ref(v: CodeValidator, instr) -> None:
    _tail_call(v, _ref_type(v, instr))
