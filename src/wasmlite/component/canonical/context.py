"""Canonical options and the context of one lift or lower.

:class:`CanonicalOptions` are a ``canon lift`` / ``canon lower``'s options:
the memory (a :class:`~wasmlite.runtime.memory.MemoryInstance`), ``realloc``
and ``post-return`` (core function instances, or Python callables taking and
returning raw core values), the string encoding, and the
:class:`~wasmlite.component.canonical.handles.InstanceState` of the component
instance whose core code they serve.

:class:`LiftLowerContext` is what every load, store, lift and lower reads:
those options, the instance, the store's handle state and the call's borrow
scope (and ``keep_encoding``: whether lifted strings remember their encoding,
for a call that passes them on to another component). Its :meth:`~LiftLowerContext.reallocate` calls the guest's ``realloc``
and checks what it returns.
"""

from __future__ import annotations

from typing import Any, Callable

from .errors import REALLOC_NOT_ALIGNED, REALLOC_OUT_OF_BOUNDS, cannot_leave, trap
from .handles import CallContext, ComponentStore, InstanceState

__all__ = ["CanonicalOptions", "LiftLowerContext", "STRING_ENCODINGS", "core_callable",
           "core_raw"]

STRING_ENCODINGS = ("utf8", "utf16", "latin1+utf16")


def core_callable(f: Any) -> Callable[..., Any] | None:
    """A Python callable that calls the core function ``f`` with raw arguments from
    the host: ``f.call`` for a function instance, ``f`` itself for a callable."""
    if f is None:
        return None
    call = getattr(f, "call", None)
    return call if call is not None else f


def core_raw(f: Any) -> Callable[..., Any] | None:
    """A Python callable that calls the core function ``f`` with raw arguments from
    code already running inside wasm (see :func:`wasmlite.runtime.entry.enter`):
    ``f.raw`` for a function instance, ``f`` itself for a callable."""
    if f is None:
        return None
    raw = getattr(f, "raw", None)
    return raw if raw is not None else f


class CanonicalOptions:
    """The options of a ``canon lift`` or ``canon lower``.

    ``realloc`` and ``post_return`` are called through their raw callables: the
    calls happen while wasm is entered (a lowered function is called by wasm;
    :func:`~wasmlite.component.canonical.call.lift_function` enters wasm once
    for the whole lifted call).
    """

    __slots__ = ("memory", "realloc", "post_return", "string_encoding", "instance",
                 "context", "context_keeping_encoding")

    def __init__(self, instance: InstanceState | None = None, memory: Any = None,
                 realloc: Any = None, post_return: Any = None,
                 string_encoding: str = "utf8") -> None:
        if string_encoding not in STRING_ENCODINGS:
            raise ValueError(f"unknown string encoding {string_encoding!r}")
        self.instance = instance if instance is not None else InstanceState()
        self.memory = memory
        self.realloc = core_raw(realloc)
        self.post_return = core_raw(post_return)
        self.string_encoding = string_encoding
        self.context = LiftLowerContext(self)
        """The context of calls whose values hold no handles (no borrow scope)."""
        self.context_keeping_encoding = LiftLowerContext(self, keep_encoding=True)


class LiftLowerContext:
    """The state one lift or lower works with."""

    __slots__ = ("opts", "inst", "store", "scope", "memory", "encoding", "keep_encoding",
                 "_realloc")

    def __init__(self, opts: CanonicalOptions, scope: CallContext | None = None,
                 keep_encoding: bool = False) -> None:
        self.opts = opts
        self.inst: InstanceState = opts.instance
        self.store: ComponentStore = opts.instance.store
        self.scope = scope
        self.memory = opts.memory
        self.encoding = opts.string_encoding
        self.keep_encoding = keep_encoding
        self._realloc = opts.realloc

    def reallocate(self, old: int, old_size: int, align: int, new_size: int) -> int:
        """Call the guest's ``realloc``; the pointer it returns, checked to be aligned
        and to leave ``new_size`` bytes inside the memory. The instance may not
        leave while it runs."""
        realloc = self._realloc
        if realloc is None:
            raise TypeError("canonical options need a realloc function to lower this value")
        inst = self.inst
        may_leave = inst.may_leave
        inst.may_leave = False
        try:
            ptr = realloc(old, old_size, align, new_size)
        finally:
            inst.may_leave = may_leave
        if ptr % align:
            trap(REALLOC_NOT_ALIGNED)
        if ptr + new_size > self.memory.size_bytes:
            trap(REALLOC_OUT_OF_BOUNDS)
        return ptr  # type: ignore[no-any-return]

    def allocate(self, align: int, size: int) -> int:
        """A fresh ``size``-byte block from the guest's ``realloc``."""
        return self.reallocate(0, 0, align, size)

    def check_may_leave(self) -> None:
        """Trap unless the instance may call out of itself now."""
        if not self.inst.may_leave:
            cannot_leave()
