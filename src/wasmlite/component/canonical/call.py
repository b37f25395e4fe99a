"""Synchronous calls across the component boundary.

* :func:`call_lifted` — the host (or another component) calls a function made
  by ``canon lift``: the Python arguments are lowered into the callee's core
  values (or into its memory, past :data:`MAX_FLAT_PARAMS`), the core
  function runs, its result is lifted (from its memory when it returns a
  pointer), then ``post-return`` runs.
* :func:`call_lowered` — core code calls a function made by ``canon lower``
  (a Python callable): the core arguments are lifted into Python values, the
  callable runs, its result is lowered (into the memory at the return pointer
  it was passed, past :data:`MAX_FLAT_RESULTS`).

Both read a :class:`FuncABI`, computed once per component function type:
the flattening and each parameter's and the result's codec. The ``may_enter``
and ``may_leave`` flags of the instance guard the boundary: an instance is not
entered while a call into it is under way, and does not leave while
``realloc`` or ``post-return`` runs or while results are written into it.
Each call opens a borrow scope: handles lent for the call are returned at
its end, and borrow handles created for it must have been dropped by then.
A trap while the callee runs leaves the instance unable to be entered again.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from ... import ir
from ...runtime.entry import enter
from ..types import Borrow, FuncType, List, Option, Own, Record, Result, Tuple, Variant
from .codec import Codec, codec
from .context import CanonicalOptions, LiftLowerContext
from .errors import (
    POINTER_NOT_ALIGNED, POINTER_OUT_OF_BOUNDS, POINTER_SIZE_OVERFLOW,
    RETURN_POINTER_NOT_ALIGNED, RETURN_POINTER_OUT_OF_BOUNDS, cannot_enter, cannot_leave, trap,
)
from .flatten import MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, flatten_functype, flatten_types
from .variants import variant_cases

__all__ = ["FuncABI", "func_abi", "call_lifted", "call_lowered", "lower_function",
           "lift_function"]


class FuncABI:
    """What the canonical ABI precomputes for one component function type."""

    __slots__ = ("type", "param_codecs", "result_codec", "params_codec", "flat_params",
                 "flat_results", "params_in_memory", "result_in_memory", "lift_type",
                 "lower_type", "param_count", "has_handles")

    def __init__(self, ft: FuncType) -> None:
        self.type = ft
        self.param_codecs: tuple[Codec, ...] = tuple(codec(t) for t in ft.param_types)
        self.param_count = len(self.param_codecs)
        self.result_codec: Codec | None = None if ft.result is None else codec(ft.result)
        self.flat_params = flatten_types(ft.param_types)
        self.flat_results = flatten_types(ft.result_types)
        self.params_in_memory = len(self.flat_params) > MAX_FLAT_PARAMS
        self.result_in_memory = len(self.flat_results) > MAX_FLAT_RESULTS
        self.params_codec: Codec | None = (
            codec(Tuple(ft.param_types)) if self.params_in_memory else None)
        self.lift_type: ir.FuncType = flatten_functype(ft, "lift")
        self.lower_type: ir.FuncType = flatten_functype(ft, "lower")
        self.has_handles = any(_has_handles(t) for t in ft.param_types + ft.result_types)


def call_context(opts: CanonicalOptions, has_handles: bool,
                 keep_encoding: bool = False) -> tuple[Any, Any]:
    """The borrow scope (``None`` when the function passes no handles) and the
    lift/lower context of one call with options ``opts``."""
    if has_handles:
        scope = opts.instance.store.enter_call()
        return scope, LiftLowerContext(opts, scope, keep_encoding)
    return None, opts.context_keeping_encoding if keep_encoding else opts.context


def _has_handles(t: Any) -> bool:
    """Whether values of ``t`` may hold own or borrow handles (which need a borrow scope)."""
    if isinstance(t, (Own, Borrow)):
        return True
    if isinstance(t, List):
        return _has_handles(t.element)
    if isinstance(t, Record):
        return any(_has_handles(f) for _, f in t.fields)
    if isinstance(t, Tuple):
        return any(_has_handles(e) for e in t.elements)
    if isinstance(t, (Variant, Option, Result)):
        return any(c is not None and _has_handles(c) for _, c in variant_cases(t))
    return False


def func_abi(ft: FuncType) -> FuncABI:
    """The :class:`FuncABI` of ``ft``, computed on first use and kept on ``ft``."""
    try:
        return ft._abi  # type: ignore[attr-defined,no-any-return]
    except AttributeError:
        abi = FuncABI(ft)
        object.__setattr__(ft, "_abi", abi)
        return abi


def _validate_inbounds(cx: LiftLowerContext, ptr: int, c: Codec) -> int:
    if ptr % c.align:
        trap(POINTER_NOT_ALIGNED)
    end = ptr + c.size
    if end > 0xFFFFFFFFFFFFFFFF:
        trap(POINTER_SIZE_OVERFLOW)
    if end > cx.memory.size_bytes:
        trap(POINTER_OUT_OF_BOUNDS)
    return ptr


def call_lifted(abi: FuncABI, opts: CanonicalOptions, callee: Callable[..., Any],
                args: Sequence[Any], caller: Any = None) -> Any:
    """Call the core function ``callee`` (raw calling convention) as the lifted
    component function of type ``abi.type`` with options ``opts``: ``args`` are
    Python values, the result is a Python value (``None`` without result).
    ``caller`` is the :class:`InstanceState` calling (``None``: the host)."""
    if len(args) != abi.param_count:
        raise TypeError(f"wrong number of parameters provided: given {len(args)}, "
                        f"expected {abi.param_count}")
    inst = opts.instance
    if inst.parent is None and caller is None:
        if not inst.may_enter:
            cannot_enter()
        entered = (inst,)
    else:
        entered = tuple(inst.entering_set(caller))
        for i in entered:
            if not i.may_enter:
                cannot_enter()
    for i in entered:
        i.may_enter = False
    store = inst.store
    scope, cx = call_context(opts, abi.has_handles)
    started = False
    try:
        if abi.params_in_memory:
            pc = abi.params_codec
            assert pc is not None
            ptr = cx.allocate(pc.align, pc.size)
            pc.store(cx, tuple(args), ptr)
            flat: list = [ptr]
        else:
            flat = []
            for c, a in zip(abi.param_codecs, args):
                c.lower_flat(cx, a, flat)
        started = True
        raw = callee(*flat)
        if scope is not None:
            store.exit_call(scope)
        rc = abi.result_codec
        if rc is None:
            result = None
        elif abi.result_in_memory:
            if raw % rc.align:
                trap(RETURN_POINTER_NOT_ALIGNED)
            if raw + rc.size > cx.memory.size_bytes:
                trap(RETURN_POINTER_OUT_OF_BOUNDS)
            result = rc.load(cx, raw)
        else:
            result = rc.lift_flat(cx, iter((raw,)))
        post_return = opts.post_return
        if post_return is not None:
            inst.may_leave = False
            if raw is None:
                post_return()
            else:
                post_return(raw)
            inst.may_leave = True
    except BaseException:
        if scope is not None:
            store.abandon_call(scope)
        if not started:
            for i in entered:
                i.may_enter = True
        raise
    for i in entered:
        i.may_enter = True
    return result


def call_lowered(abi: FuncABI, opts: CanonicalOptions, callee: Callable[..., Any],
                 flat_args: Sequence[Any], keep_encoding: bool = False) -> Any:
    """Run the Python callable ``callee`` for core code that called the lowered
    component function of type ``abi.type`` with options ``opts``: ``flat_args``
    are the raw core arguments, the return value the raw core result (``None``
    when there is none). ``keep_encoding`` lifts strings as
    :class:`~wasmlite.component.canonical.strings.EncodedStr`, for a callee that
    passes them on to another component."""
    inst = opts.instance
    if not inst.may_leave:
        cannot_leave()
    store = inst.store
    scope, cx = call_context(opts, abi.has_handles, keep_encoding)
    try:
        if abi.params_in_memory:
            pc = abi.params_codec
            assert pc is not None
            args = pc.load(cx, _validate_inbounds(cx, flat_args[0], pc))
        else:
            it = iter(flat_args)
            args = [c.lift_flat(cx, it) for c in abi.param_codecs]
        result = callee(*args)
        rc = abi.result_codec
        retptr = 0
        if rc is not None and abi.result_in_memory:
            retptr = _validate_inbounds(cx, flat_args[-1], rc)
        if scope is not None:
            store.exit_call(scope)
    except BaseException:
        if scope is not None:
            store.abandon_call(scope)
        raise
    if rc is None:
        return None
    inst.may_leave = False
    try:
        if abi.result_in_memory:
            rc.store(cx, result, retptr)
            return None
        out: list = []
        rc.lower_flat(cx, result, out)
        return out[0]
    finally:
        inst.may_leave = True


def lift_function(ft: FuncType, opts: CanonicalOptions, core_func: Any
                  ) -> Callable[..., Any]:
    """``canon lift``: a Python callable taking and returning Python values that
    calls ``core_func`` (a core function instance, or a raw callable). For a
    wasm function, the whole call (lowering with ``realloc``, the call, lifting,
    ``post-return``) runs inside one entry into wasm."""
    abi = func_abi(ft)
    raw = getattr(core_func, "raw", core_func)
    instance = getattr(core_func, "instance", None)
    if instance is None:
        def lifted(*args: Any) -> Any:
            return call_lifted(abi, opts, raw, args)
    else:
        store = instance.store

        def lifted(*args: Any) -> Any:
            return enter(call_lifted, (abi, opts, raw, args), store.stack_frames)

    lifted.__name__ = "lifted"
    return lifted


def lower_function(ft: FuncType, opts: CanonicalOptions, func: Callable[..., Any],
                   keep_encoding: bool = False) -> Callable[..., Any]:
    """``canon lower``: a raw callable for core code (its core type is
    ``func_abi(ft).lower_type``) that calls the Python callable ``func``."""
    abi = func_abi(ft)

    def lowered(*flat_args: Any) -> Any:
        return call_lowered(abi, opts, func, flat_args, keep_encoding)

    lowered.__name__ = "lowered"
    return lowered
