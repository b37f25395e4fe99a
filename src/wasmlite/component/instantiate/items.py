"""The runtime items of component instances: what each index space holds.

* :class:`ComponentFunc` and its kinds: a function lifted from core code
  (:class:`LiftedFunc`, or :class:`AsyncLiftedFunc` for a lift with the
  ``async`` option), a Python function the host supplies
  (:class:`HostFunc`), or one that only traps (:class:`TrapFunc`). Each has
  its public :class:`~wasmlite.component.types.FuncType` and is called with
  Python values (``call(args, caller)``, ``caller`` the
  :class:`~wasmlite.component.canonical.InstanceState` of the calling
  component, ``None`` for the host).
* :class:`InstanceValue`: a component instance's exports by name.
* :class:`ModuleDef`: a core module, compiled once for all its instances.
* :class:`ComponentDef`: a component that can be instantiated: its prepared
  definition and the index spaces of the instance that defined it (for
  ``outer`` aliases).

Values of the ``type`` sort are public types
(:class:`~wasmlite.component.types.ResourceType` or a value type), values of
the ``value`` sort are Python values.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, Callable, Sequence

from ...errors import NotSupportedError
from ...runtime.entry import enter
from ...runtime.trap import Trap
from ..canonical import (CanonicalOptions, InstanceState, Task, async_lift_params, call_as_task,
                         call_lifted, call_lifted_async, func_abi)
from ..canonical.context import core_raw
from ..canonical.errors import ASYNC, async_not_supported
from ..types import FuncType

if TYPE_CHECKING:
    from ... import ir
    from .prepare import PreparedComponent
    from .spaces import Spaces

__all__ = ["ComponentFunc", "LiftedFunc", "AsyncLiftedFunc", "HostFunc", "TrapFunc", "AsyncFunc",
           "InstanceValue", "ModuleDef", "ComponentDef", "ASYNC", "TASK_CONTEXT", "BACKPRESSURE"]

TASK_CONTEXT: weakref.WeakKeyDictionary[InstanceState, list[int]] = weakref.WeakKeyDictionary()
"""The ``context.get``/``context.set`` slots of the call running in each instance
that uses them (each call into the instance starts with zeros)."""

BACKPRESSURE: weakref.WeakKeyDictionary[InstanceState, int] = weakref.WeakKeyDictionary()
"""Each instance's backpressure counter (``backpressure.inc``/``dec``): while it is
above zero, a call of an ``async`` function into the instance would wait."""


class ComponentFunc:
    """A component function: ``type`` and how to call it."""

    __slots__ = ("type",)

    def __init__(self, type: FuncType) -> None:
        self.type = type

    def call(self, args: Sequence[Any], caller: InstanceState | None = None) -> Any:
        """Call with Python values; the Python result (``None`` without one)."""
        raise NotImplementedError


class LiftedFunc(ComponentFunc):
    """``canon lift``: calls ``core_func`` through the canonical ABI with ``opts``."""

    __slots__ = ("opts", "core_func", "abi", "_raw", "_frames")

    def __init__(self, type: FuncType, opts: CanonicalOptions, core_func: Any) -> None:
        super().__init__(type)
        self.opts = opts
        self.core_func = core_func
        self.abi = func_abi(type)
        self._raw = getattr(core_func, "raw", core_func)
        inst = getattr(core_func, "instance", None)
        self._frames = None if inst is None else inst.store.stack_frames

    def call(self, args: Sequence[Any], caller: InstanceState | None = None) -> Any:
        if self.type.is_async:
            self._start()
            task = Task(self.type, self.opts, self.opts.instance, None, async_lift=False)
            return call_as_task(task, self._call, args, caller)
        slots = TASK_CONTEXT.get(self.opts.instance)
        if slots is not None:
            slots[:] = [0] * len(slots)
        if caller is None and self._frames is not None:
            return enter(call_lifted, (self.abi, self.opts, self._raw, args, None), self._frames)
        return call_lifted(self.abi, self.opts, self._raw, args, caller)

    def _call(self, args: Sequence[Any], caller: InstanceState | None) -> Any:
        if caller is None and self._frames is not None:
            return enter(call_lifted, (self.abi, self.opts, self._raw, args, None), self._frames)
        return call_lifted(self.abi, self.opts, self._raw, args, caller)

    def _start(self) -> None:
        """Before a call: an ``async`` function under backpressure would wait;
        the call's ``context.get``/``context.set`` slots start at zero."""
        inst = self.opts.instance
        if self.type.is_async and BACKPRESSURE.get(inst, 0) > 0:
            async_not_supported()
        slots = TASK_CONTEXT.get(inst)
        if slots is not None:
            slots[:] = [0] * len(slots)


class AsyncLiftedFunc(LiftedFunc):
    """``canon lift ... async`` (with ``callback``, a core function, or without):
    a task that must complete without waiting (see
    :mod:`wasmlite.component.canonical.task`)."""

    __slots__ = ("callback", "params")

    def __init__(self, type: FuncType, opts: CanonicalOptions, core_func: Any,
                 callback: Any = None) -> None:
        super().__init__(type, opts, core_func)
        self.callback = core_raw(callback)
        self.params = async_lift_params(type)

    def call(self, args: Sequence[Any], caller: InstanceState | None = None) -> Any:
        self._start()
        call_args = (self.abi, self.params, self.opts, self._raw, args, caller, self.callback)
        if caller is None and self._frames is not None:
            return enter(call_lifted_async, call_args, self._frames)
        return call_lifted_async(*call_args)


class HostFunc(ComponentFunc):
    """A Python function ``fn(store, *args)`` of the host, given the store
    (``store``, what wasmtime-py's host functions receive first)."""

    __slots__ = ("fn", "store")

    def __init__(self, type: FuncType, fn: Callable[..., Any], store: Any) -> None:
        super().__init__(type)
        self.fn = fn
        self.store = store

    def call(self, args: Sequence[Any], caller: InstanceState | None = None) -> Any:
        return self.fn(self.store, *args)


class TrapFunc(ComponentFunc):
    """A function that traps when called (an import the linker defines as a trap)."""

    __slots__ = ("name",)

    def __init__(self, type: FuncType, name: str) -> None:
        super().__init__(type)
        self.name = name

    def call(self, args: Sequence[Any], caller: InstanceState | None = None) -> Any:
        raise Trap(f"unknown import: `{self.name}` has not been defined")


class AsyncFunc(ComponentFunc):
    """A function that needs component-model async to run: not supported."""

    __slots__ = ()

    def call(self, args: Sequence[Any], caller: InstanceState | None = None) -> Any:
        raise NotSupportedError(ASYNC)


class InstanceValue:
    """A component instance: its ``exports`` (name to item, in order) and the
    canonical ABI ``state`` of the component instance (``None`` for an
    instance bundled from existing items or supplied by the host)."""

    __slots__ = ("exports", "state")

    def __init__(self, exports: dict[str, Any] | None = None,
                 state: InstanceState | None = None) -> None:
        self.exports: dict[str, Any] = {} if exports is None else exports
        self.state = state

    def __repr__(self) -> str:
        return f"<component instance exporting {', '.join(self.exports) or 'nothing'}>"


class ModuleDef:
    """A core module: its IR, compiled on first instantiation with ``options``
    (the engine's fuel and epoch settings); ``source`` is the API module it
    came from, if any."""

    __slots__ = ("module", "options", "source", "_compiled", "binary", "binary_offset",
                 "code_cache")

    def __init__(self, module: ir.Module | None, binary: bytes | None = None,
                 options: dict[str, bool] | None = None, source: Any = None,
                 code_cache: Callable[[], Any] | None = None, binary_offset: int = 0) -> None:
        self.module = module
        self.binary = binary
        self.binary_offset = binary_offset
        """Where ``binary`` starts in the component's bytes (for backtraces)."""
        self.options = options or {}
        self.source = source
        self.code_cache = code_cache
        """Gives the module's code cache entry, when there is a cache."""
        self._compiled: Any = None

    def prepared(self) -> Any:
        """The compiled module the runtime instantiates."""
        if self.source is not None:
            return self.source._prepared()
        if self._compiled is None:
            from ...compile.python import compile_module
            assert self.module is not None
            cache = None
            if self.code_cache is not None:
                cache = self.code_cache()
            self._compiled = compile_module(self.module, cache=cache, binary=self.binary,
                                            binary_offset=self.binary_offset, **self.options)
        return self._compiled

    @property
    def ir(self) -> ir.Module:
        """The module's IR."""
        if self.source is not None:
            return self.source._ir  # type: ignore[no-any-return]
        assert self.module is not None
        return self.module


class ComponentDef:
    """A component ready to instantiate: ``prepared`` and the index spaces
    ``outer`` of the instance whose definition holds it (``None`` for an
    outermost component)."""

    __slots__ = ("prepared", "outer")

    def __init__(self, prepared: PreparedComponent, outer: Spaces | None = None) -> None:
        self.prepared = prepared
        self.outer = outer
