"""Subtasks: calls out of a component through ``canon lower ... async``
(CanonicalABI.md, "canon lower"), when the callee completes during the call.

The lowered core function receives the parameters flattened with at most
:data:`~.flatten.MAX_FLAT_ASYNC_PARAMS` core values (else one pointer to them
in memory), then, when the function has a result, an out-pointer: the result
is always written to memory there. It returns the subtask's packed status,
``state | (index << 4)``. A callee that returns during the call (a host
function, or a component function that completes without waiting) resolves
the subtask at once: the result is written and the status is ``RETURNED``
with no index. A callee that would have to wait raises
:class:`~wasmlite.errors.NotSupportedError` (``not supported: component-model
async``), as waiting on subtasks is not supported.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Callable, Sequence

from ..types import FuncType
from .call import call_context, func_abi
from .context import CanonicalOptions
from .errors import cannot_leave
from .flat_values import FlatValues
from .flatten import MAX_FLAT_ASYNC_PARAMS

__all__ = ["SubtaskState", "AsyncLower", "call_lowered_async", "lower_function_async"]


class SubtaskState(IntEnum):
    """The state of a subtask, as the status an ``async`` lowering returns."""

    STARTING = 0
    STARTED = 1
    RETURNED = 2
    CANCELLED_BEFORE_STARTED = 3
    CANCELLED_BEFORE_RETURNED = 4


class AsyncLower:
    """What an ``async`` lowering of a function type precomputes: whether its
    values hold handles, and how its parameters and its result cross."""

    __slots__ = ("has_handles", "params", "results")

    def __init__(self, ft: FuncType) -> None:
        self.has_handles = func_abi(ft).has_handles
        self.params = FlatValues(ft.param_types, MAX_FLAT_ASYNC_PARAMS)
        self.results = FlatValues(ft.result_types, 0)


def call_lowered_async(lower: AsyncLower, opts: CanonicalOptions, callee: Callable[..., Any],
                       flat_args: Sequence[Any], keep_encoding: bool = False) -> int:
    """Run the Python callable ``callee`` for core code that called an ``async``
    lowering with options ``opts``: ``flat_args`` are the raw core arguments
    (the parameters, then the out-pointer of the result); the return value is
    the packed status. ``keep_encoding`` lifts strings as
    :class:`~wasmlite.component.canonical.strings.EncodedStr`, for a callee
    that passes them on to another component."""
    inst = opts.instance
    if not inst.may_leave:
        cannot_leave()
    store = inst.store
    scope, cx = call_context(opts, lower.has_handles, keep_encoding)
    flat = iter(flat_args)
    try:
        args = lower.params.lift(cx, flat)
        result = callee(*args)
        if scope is not None:
            store.exit_call(scope)
    except BaseException:
        if scope is not None:
            store.abandon_call(scope)
        raise
    if lower.results.codecs:
        inst.may_leave = False
        try:
            lower.results.lower(cx, (result,), flat)
        finally:
            inst.may_leave = True
    return SubtaskState.RETURNED.value


def lower_function_async(ft: FuncType, opts: CanonicalOptions, func: Callable[..., Any],
                         keep_encoding: bool = False) -> Callable[..., Any]:
    """``canon lower ... async``: a raw callable for core code that calls the
    Python callable ``func`` and returns the packed subtask status."""
    lower = AsyncLower(ft)

    def lowered(*flat_args: Any) -> int:
        return call_lowered_async(lower, opts, func, flat_args, keep_encoding)

    lowered.__name__ = "lowered_async"
    return lowered
