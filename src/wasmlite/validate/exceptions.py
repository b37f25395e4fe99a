"""Rules of the exception instructions: ``throw``, ``throw_ref``, ``try_table``,
and legacy ``try``/``catch``/``catch_all``/``delegate``/``rethrow``."""

from __future__ import annotations

from .. import ir
from ..errors import InvalidError
from .code import CodeValidator, handles, types_text
from .types import result_subtype

_EXNREF = ir.RefType(True, "exn")
_REF_EXN = ir.RefType(False, "exn")

CATCH, CATCH_REF, CATCH_ALL, CATCH_ALL_REF = range(4)
"""The ``kind`` of a ``try_table`` catch clause."""


@handles("throw")
def _throw(v: CodeValidator, instr) -> None:
    v.pop_vals(v.ctx.tag(instr[1]).params)
    v.set_unreachable()


@handles("throw_ref")
def _throw_ref(v: CodeValidator, instr) -> None:
    v.pop(_EXNREF)
    v.set_unreachable()


def _catch_values(v: CodeValidator, kind: int, tag) -> tuple:
    """What a catch clause passes to its label."""
    if kind == CATCH:
        return v.ctx.tag(tag).params
    if kind == CATCH_REF:
        return v.ctx.tag(tag).params + (_REF_EXN,)
    if kind == CATCH_ALL:
        return ()
    if kind == CATCH_ALL_REF:
        return (_REF_EXN,)
    raise InvalidError(f"invalid catch clause kind {kind}")


@handles("try_table")
def _try_table(v: CodeValidator, instr) -> None:
    params, results = v.ctx.blocktype(instr[1])
    for kind, tag, depth in instr[2]:
        labels = v.label(depth).labels
        values = _catch_values(v, kind, tag)
        if not result_subtype(values, labels):
            raise InvalidError(f"type mismatch: label requires {types_text(labels)}"
                               f" but catch handler has {types_text(values)}")
    v.pop_vals(params)
    v.push_ctrl("try_table", params, results)


@handles("try")
def _try(v: CodeValidator, instr) -> None:
    params, results = v.ctx.blocktype(instr[1])
    v.pop_vals(params)
    v.push_ctrl("try", params, results)


def _close_try_part(v: CodeValidator, what: str):
    """End the ``try`` body or the previous catch; the try's frame."""
    frame = v.ctrls[-1]
    if frame.kind not in ("try", "catch"):
        raise InvalidError(f"{what} without matching try")
    v.pop_ctrl()
    return frame


@handles("catch")
def _catch(v: CodeValidator, instr) -> None:
    params = v.ctx.tag(instr[1]).params
    frame = _close_try_part(v, "catch")
    v.push_ctrl("catch", params, frame.end)


@handles("catch_all")
def _catch_all(v: CodeValidator, instr) -> None:
    frame = _close_try_part(v, "catch_all")
    v.push_ctrl("catch_all", (), frame.end)


@handles("delegate")
def _delegate(v: CodeValidator, instr) -> None:
    frame = v.ctrls[-1]
    if frame.kind != "try":
        raise InvalidError("delegate without matching try")
    v.pop_ctrl()
    v.label(instr[1])
    v.vals.extend(frame.end)


@handles("rethrow")
def _rethrow(v: CodeValidator, instr) -> None:
    if v.label(instr[1]).kind not in ("catch", "catch_all"):
        raise InvalidError(f"invalid rethrow label {instr[1]}: it does not name a catch block")
    v.set_unreachable()
