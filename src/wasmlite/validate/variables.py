"""Rules of the variable instructions: locals and globals."""

from __future__ import annotations

from ..errors import InvalidError
from .code import CodeValidator, handles


@handles("local.get")
def _local_get(v: CodeValidator, instr) -> None:
    x = instr[1]
    t = v.local(x)
    if v.unset[x]:
        raise InvalidError(f"uninitialized local {x}")
    v.vals.append(t)


@handles("local.set")
def _local_set(v: CodeValidator, instr) -> None:
    x = instr[1]
    v.pop(v.local(x))
    v.set_local(x)


@handles("local.tee")
def _local_tee(v: CodeValidator, instr) -> None:
    x = instr[1]
    t = v.local(x)
    v.pop(t)
    v.set_local(x)
    v.vals.append(t)


@handles("global.get")
def _global_get(v: CodeValidator, instr) -> None:
    v.vals.append(v.ctx.global_(instr[1])[0])


@handles("global.set")
def _global_set(v: CodeValidator, instr) -> None:
    t, mutable = v.ctx.global_(instr[1])
    if not mutable:
        raise InvalidError(f"global is immutable: cannot set immutable global {instr[1]}")
    v.pop(t)
