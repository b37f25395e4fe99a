"""Linker and LinkerInstance: the host's definitions that satisfy components'
imports, by name, and instantiation with them.

Definitions are made through the root :class:`LinkerInstance` (and the
instances nested in it); while a linker instance is open its parent may not
be used, as in wasmtime-py (use them in ``with`` blocks).
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Union

from ...api.engine import Engine
from ...api.module import Module
from ...api.store import store_of
from ...errors import NotSupportedError, WasmtimeError
from ...runtime.trap import Trap
from .. import types as t
from ..instantiate import (Environment, HostFuncDef, HostResourceDef, InstanceDefs, ModuleDef,
                           TrapDef, component_store, instantiate_component)
from .component import Component
from .func import trap_error
from .instance import Instance
from .wrap import DynamicFuncDef, WrappedFuncDef

__all__ = ["Linker", "LinkerInstance"]

ResourceDtor = Callable[[Any, int], None]
UserFunc = Callable[..., Optional[Any]]
DynamicFunc = Callable[[Any, list, list], None]


class Linker:
    """Definitions for components' imports, and instantiation with them."""

    def __init__(self, engine: Engine) -> None:
        if not isinstance(engine, Engine):
            raise TypeError("expected an Engine")
        self.engine = engine
        self.locked = False
        self._shadowing = False
        self._defs = InstanceDefs()
        self._closed = False

    def _assert_not_locked(self) -> None:
        if self._closed:
            raise ValueError("already closed")
        if self.locked:
            raise WasmtimeError("cannot use linker while it's in use by other instances")

    @property
    def allow_shadowing(self) -> None:
        raise AttributeError("write-only property")

    @allow_shadowing.setter
    def allow_shadowing(self, allow: bool) -> None:
        """Whether a definition may replace an earlier one of the same name."""
        self._assert_not_locked()
        self._shadowing = bool(allow)

    def root(self) -> LinkerInstance:
        """The root instance, where definitions are made; the linker is locked
        until it is closed (use it in a ``with`` block)."""
        self._assert_not_locked()
        return LinkerInstance._new(self._defs, self, self)

    def add_wasip2(self) -> None:
        """Define WASI preview 2 (the ``wasi:cli/command`` world but ``wasi:sockets``),
        acting on the state each store is given with ``Store.set_wasi``."""
        self._assert_not_locked()
        from ...api.exit_trap import ExitTrap
        from ...wasi.preview2 import add_to_linker
        add_to_linker(self, ExitTrap)

    def add_wasi_http(self) -> None:
        """WASI HTTP is not supported yet: raises :class:`WasmtimeError`."""
        self._assert_not_locked()
        raise NotSupportedError("WASI HTTP")

    def instantiate(self, store: Any, component: Component) -> Instance:
        """Instantiate ``component`` in ``store`` with this linker's definitions."""
        self._assert_not_locked()
        if not isinstance(component, Component):
            raise TypeError("expected a Component")
        s = store_of(store)
        env = Environment(s._state, component_store(s), s)
        definition = component._definition()
        try:
            value = instantiate_component(definition, self._defs.items, env)
        except Trap as trap:
            raise trap_error(trap) from trap
        return Instance._new(s, definition.prepared, value)

    def define_unknown_imports_as_traps(self, component: Component) -> None:
        """Define every import of ``component`` this linker lacks: functions
        that trap when called (and the instances holding them)."""
        self._assert_not_locked()
        made: dict[Any, t.ResourceType] = {}
        for name, ty in component._public_type().imports:
            _define_traps(self._defs, name, ty, made)

    def close(self) -> None:
        """Release the linker; using it afterwards raises ValueError."""
        self._assert_not_locked()
        self._closed = True

    def __enter__(self) -> Linker:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _define_traps(defs: InstanceDefs, name: str, ty: Any,
                  made: dict[Any, t.ResourceType]) -> None:
    """Define what ``defs`` lacks of import ``name`` of type ``ty``; ``made`` maps
    each imported resource type to the host type standing for it, so that imports
    naming the same resource (an interface's type used by another) get one type."""
    have = defs.items.get(name)
    if isinstance(ty, t.FuncType):
        if have is None:
            defs.items[name] = TrapDef()
    elif isinstance(ty, t.InstanceType):
        if have is None:
            have = defs.items[name] = InstanceDefs()
        if isinstance(have, InstanceDefs):
            for n, x in ty.exports:
                _define_traps(have, n, x, made)
    elif isinstance(ty, t.ResourceType):
        if have is None:
            resource = made.setdefault(ty, t.ResourceType(name))
            defs.items[name] = HostResourceDef(resource, None)


LinkerInstanceParent = Union[Linker, "LinkerInstance"]


class LinkerInstance:
    """An instance of definitions in a :class:`Linker` (the root, or one nested
    in it): functions, resources, core modules and further instances."""

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct a `LinkerInstance`")

    @classmethod
    def _new(cls, defs: InstanceDefs, parent: LinkerInstanceParent,
             linker: Linker) -> LinkerInstance:
        self = cls.__new__(cls)
        self._defs = defs
        self.parent: Optional[LinkerInstanceParent] = parent
        self._linker = linker
        self.locked = False
        parent.locked = True
        return self

    def _assert_not_locked(self) -> None:
        if self.parent is None:
            raise ValueError("already closed")
        if self.locked:
            raise WasmtimeError("cannot use linker instance while it's in use by other "
                                "instances")

    def _define(self, name: str, item: Any) -> None:
        if not isinstance(name, str):
            raise TypeError("expected a str")
        if name in self._defs.items and not self._linker._shadowing:
            raise WasmtimeError(f"map entry `{name}` defined twice")
        self._defs.items[name] = item

    def add_instance(self, name: str) -> LinkerInstance:
        """The instance ``name`` (created if it does not exist yet); this instance
        is locked until it is closed."""
        self._assert_not_locked()
        have = self._defs.items.get(name)
        if not isinstance(have, InstanceDefs):
            have = InstanceDefs()
            self._define(name, have)
        return LinkerInstance._new(have, self, self._linker)

    def add_module(self, name: str, module: Module) -> None:
        """Define the core module ``module`` as ``name``."""
        self._assert_not_locked()
        if not isinstance(module, Module):
            raise TypeError("expected a Module")
        self._define(name, ModuleDef(None, source=module))

    def add_resource(self, name: str, ty: t.ResourceType, dtor: ResourceDtor) -> None:
        """Define the host resource type ``ty`` as ``name``; ``dtor(store, rep)``
        runs when a component drops an owned handle to it."""
        self._assert_not_locked()
        if not isinstance(ty, t.ResourceType):
            raise TypeError("expected a ResourceType")
        self._define(name, HostResourceDef(ty, dtor))

    def add_func(self, name: str, func: UserFunc) -> None:
        """Define the host function ``func(store, *args)`` as ``name``; its type is
        the one the importing component gives."""
        self._assert_not_locked()
        self._define(name, HostFuncDef(func))

    def func_wrap(self, name: str, func: UserFunc) -> None:
        """Define ``func`` as ``name``, typed by its annotations (see
        :mod:`wasmlite.component.api.markers`); its first parameter receives the
        store when annotated as a ``Store`` or ``StoreContext``. The import it
        satisfies must have the annotated type, else instantiation raises
        :class:`WasmtimeError` naming the function and both types."""
        self._assert_not_locked()
        if not callable(func):
            raise TypeError("expected a callable")
        self._define(name, WrappedFuncDef(name, func))

    def func_new(self, name: str, func: DynamicFunc) -> None:
        """Define ``func(store, params, results)`` as ``name``: ``params`` is the
        list of arguments, and ``func`` stores the result, if the import has
        one, in the list ``results`` (of one item then, else empty)."""
        self._assert_not_locked()
        if not callable(func):
            raise TypeError("expected a callable")
        self._define(name, DynamicFuncDef(func))

    def close(self) -> None:
        """Close this instance: its parent can be used again."""
        parent = self.parent
        if parent is None:
            return
        self._assert_not_locked()
        parent.locked = False
        self.parent = None

    def __enter__(self) -> LinkerInstance:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        parent = getattr(self, "parent", None)
        if parent is not None and not getattr(self, "locked", False):
            parent.locked = False
