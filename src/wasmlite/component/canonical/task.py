"""Tasks: calls into functions lifted with the ``async`` option (CanonicalABI.md,
"canon lift" and "canon task.return"), when they complete without waiting.

A :class:`Task` is one such call. Its core function receives the parameters
flattened as for a synchronous lift (:data:`~.flatten.MAX_FLAT_PARAMS`, then
one pointer to a block from ``realloc``) and returns no result: it hands the
result to the caller by calling the ``task.return`` built-in
(:func:`canon_task_return`) once. Then:

* without ``callback`` (the stackful lift), returning from the core function
  ends the task;
* with ``callback``, the core function returns a packed code: ``EXIT`` (0)
  ends the task, ``YIELD`` (1) and ``WAIT`` (2) would wait for other tasks or
  events, which is not supported (:func:`~.errors.async_not_supported`), and
  a higher code traps.

A task that ends without having called ``task.return`` traps, as does a
second ``task.return``. The instance is entered for the whole task (its
``may_enter`` flags are cleared, as for a synchronous call), and the task is
the instance's current task (``InstanceState.task``) while its core code
runs: the task that ``task.return`` in that instance answers.

A call of an ``async`` function lifted without ``async`` is a task too
(:func:`call_as_task`), one that returns its result from its core function.
Only such tasks may call an ``async`` function of another component through
a synchronous lowering: :func:`check_blocking` traps for other callers, as
Wasmtime does (the callee might wait, and a synchronous function's call may
not).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from ...runtime.trap import Trap, TrapCode
from ..types import FuncType
from .call import FuncABI, call_context
from .context import CanonicalOptions, LiftLowerContext
from .errors import (
    BORROWS_REMAIN, CANNOT_BLOCK_SYNC_TASK, NO_ASYNC_RESULT, TASK_RETURN_INVALID,
    TASK_RETURN_TWICE, UNSUPPORTED_CALLBACK_CODE, async_not_supported, cannot_enter,
    cannot_leave, trap,
)
from .flat_values import FlatValues
from .flatten import MAX_FLAT_PARAMS
from .handles import CallContext, InstanceState

__all__ = ["Task", "CallbackCode", "check_blocking", "call_as_task", "async_lift_params", "call_lifted_async", "TaskReturn",
           "canon_task_return"]


class CallbackCode:
    """The codes a ``callback`` lift's core function returns in its low four bits."""

    EXIT = 0
    YIELD = 1
    WAIT = 2
    MAX = 2


class Task:
    """One call of a function lifted with ``async`` (``async_lift``), or of an
    ``async`` function lifted without it: its type ``ft``, the lift's options
    ``opts``, the instance ``inst`` it runs in, its borrow ``scope`` (``None``
    when its values hold no handles), and its ``result`` once ``resolved``."""

    __slots__ = ("ft", "opts", "inst", "scope", "async_lift", "resolved", "result")

    def __init__(self, ft: FuncType, opts: CanonicalOptions, inst: InstanceState,
                 scope: CallContext | None, async_lift: bool = True) -> None:
        self.ft = ft
        self.opts = opts
        self.inst = inst
        self.scope = scope
        self.async_lift = async_lift
        self.resolved = False
        self.result: Any = None

    def may_block(self) -> bool:
        """Whether the task may wait: its function is ``async``, or it has returned."""
        return self.ft.is_async or self.resolved

    def return_(self, result: Any) -> None:
        """Resolve the task with ``result``: traps when it is resolved already, or
        while borrow handles created for it remain."""
        if self.resolved:
            raise Trap(TASK_RETURN_TWICE, TrapCode.TASK_CANCEL_OR_RETURN_TWICE)
        if self.scope is not None and self.scope.borrow_count > 0:
            trap(BORROWS_REMAIN)
        self.result = result
        self.resolved = True


def check_blocking(inst: InstanceState) -> None:
    """Trap unless the call running in ``inst`` may wait (Wasmtime's rule for a
    synchronous lowering of an ``async`` function of another component): only
    a task of an ``async`` function may, not a synchronous function's call nor
    a start function."""
    task = inst.task
    if task is None or not task.may_block():
        raise Trap(CANNOT_BLOCK_SYNC_TASK, TrapCode.CANNOT_BLOCK_SYNC_TASK)


def call_as_task(task: Task, call: Callable[..., Any], *args: Any) -> Any:
    """``call(*args)`` with ``task`` as the current task of its instance: a call of
    an ``async`` function lifted without ``async``, so that it may wait (and
    may not use ``task.return``)."""
    inst = task.inst
    outer = inst.task
    inst.task = task
    try:
        return call(*args)
    finally:
        inst.task = outer


def async_lift_params(ft: FuncType) -> FlatValues:
    """How the parameters of ``ft`` reach the core function of an ``async`` lift."""
    return FlatValues(ft.param_types, MAX_FLAT_PARAMS)


def call_lifted_async(abi: FuncABI, params: FlatValues, opts: CanonicalOptions,
                      callee: Callable[..., Any], args: Sequence[Any],
                      caller: InstanceState | None = None,
                      callback: Callable[..., Any] | None = None) -> Any:
    """Call the core function ``callee`` (raw calling convention), lifted with
    ``async`` (and ``callback``, when given) as a function of type ``abi.type``
    with options ``opts``; ``params`` is :func:`async_lift_params` of that type.
    ``args`` are Python values, the result is the Python value the task
    returned with ``task.return``. ``caller`` is the :class:`InstanceState`
    calling (``None``: the host)."""
    if len(args) != abi.param_count:
        raise TypeError(f"wrong number of parameters provided: given {len(args)}, "
                        f"expected {abi.param_count}")
    inst = opts.instance
    entered = inst.entering_set(caller)
    for i in entered:
        if not i.may_enter:
            cannot_enter()
    for i in entered:
        i.may_enter = False
    store = inst.store
    scope, cx = call_context(opts, abi.has_handles)
    task = Task(abi.type, opts, inst, scope)
    outer = inst.task
    started = False
    try:
        flat = params.lower(cx, args)
        started = True
        inst.task = task
        packed = callee(*flat)
        if callback is not None:
            code = packed & 0xF
            if code > CallbackCode.MAX:
                raise Trap(UNSUPPORTED_CALLBACK_CODE, TrapCode.UNSUPPORTED_CALLBACK_CODE)
            if code != CallbackCode.EXIT:
                async_not_supported()
        if not task.resolved:
            raise Trap(NO_ASYNC_RESULT, TrapCode.NO_ASYNC_RESULT)
        if scope is not None:
            store.exit_call(scope)
    except BaseException:
        if scope is not None:
            store.abandon_call(scope)
        if not started:
            for i in entered:
                i.may_enter = True
        raise
    finally:
        inst.task = outer
    for i in entered:
        i.may_enter = True
    return task.result


class TaskReturn:
    """A ``task.return`` built-in: the instance it belongs to, its ``result``
    type, its options (only ``memory`` and ``string-encoding``), and how the
    result crosses (:data:`~.flatten.MAX_FLAT_PARAMS` core values)."""

    __slots__ = ("inst", "result", "opts", "values")

    def __init__(self, inst: InstanceState, result: Any, opts: CanonicalOptions) -> None:
        self.inst = inst
        self.result = result
        self.opts = opts
        self.values = FlatValues(() if result is None else (result,), MAX_FLAT_PARAMS)

    def __call__(self, *flat_args: Any) -> None:
        canon_task_return(self, flat_args)


def canon_task_return(tr: TaskReturn, flat_args: Sequence[Any]) -> None:
    """``task.return``: lift the result from ``flat_args`` and resolve the current
    task of ``tr.inst`` with it. Traps when the instance may not leave, when no
    task lifted with ``async`` runs there (a synchronous lift returns its
    result from its core function), or when the result type or the
    options differ from the task's (a ``task.return`` without ``memory``, which
    its result type does not need, matches a lift with one)."""
    inst = tr.inst
    if not inst.may_leave:
        cannot_leave()
    task = inst.task
    if task is None or not task.async_lift or tr.result != task.ft.result \
            or not _same_options(tr.opts, task.opts):
        raise Trap(TASK_RETURN_INVALID, TrapCode.TASK_RETURN_INVALID)
    cx = LiftLowerContext(tr.opts, task.scope)
    values = tr.values.lift(cx, iter(flat_args))
    task.return_(values[0] if values else None)


def _same_options(opts: CanonicalOptions, task_opts: CanonicalOptions) -> bool:
    """Whether ``task.return``'s options lift values as the task's lift does."""
    if opts.string_encoding != task_opts.string_encoding:
        return False
    return opts.memory is None or opts.memory is task_opts.memory
