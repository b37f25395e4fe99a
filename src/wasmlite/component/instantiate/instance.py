"""Component instantiation (Explainer.md, "Instance Definitions"; the
Canonical ABI's ``canon lift``, ``canon lower`` and resource built-ins).

:func:`instantiate_component` walks a prepared component's sections in
order, building the index spaces as validation did (:mod:`.spaces`):

* core modules are compiled once and instantiated by the core runtime with
  the exports of the core instances named by ``with``; core instances can
  also bundle existing core items;
* nested components are instantiated with the items named by ``with``, as
  child instances (their flags guard them together with this one's);
* aliases take an export of an instance or core instance, or an item of an
  enclosing component;
* a resource type definition makes a fresh resource type at each
  instantiation, owned by the instance;
* ``canon lift`` makes a component function calling core code, ``canon
  lower`` a core function calling a component function (a host function or
  another instance's), ``resource.new``/``rep``/``drop`` use the instance's
  handle table;
* the start function runs, imports are resolved (:mod:`.imports`), and
  exports make the instance's exports.

Async lifts and lowers run calls that complete without waiting (and
``task.return`` answers them); what would wait, and the other task, subtask,
stream, future, waitable and thread built-ins, raise
:class:`~wasmlite.errors.NotSupportedError` (``not supported:
component-model async``) when called.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ...errors import NotSupportedError
from ...runtime.function import HostFunction
from ...runtime.instantiate import instantiate as instantiate_module
from ...runtime.trap import Trap
from .. import ir
from .. import types as public
from ..canonical.errors import cannot_leave
from ..canonical import (CanonicalOptions, ComponentStore, InstanceState, TaskReturn,
                         canon_resource_drop, canon_resource_new, canon_resource_rep,
                         check_blocking, lower_function, lower_function_async)
from ..values import ResourceAny
from ..validate import resolved as v
from .imports import ImportContext, resolve_import
from .items import (ASYNC, BACKPRESSURE, TASK_CONTEXT, AsyncLiftedFunc, ComponentDef,
                    ComponentFunc, InstanceValue, LiftedFunc, ModuleDef)
from .spaces import Spaces

__all__ = ["Environment", "instantiate_component"]


class Environment:
    """Where instances are made: the core runtime's store state, the store's
    component state, and the store host functions are given."""

    __slots__ = ("store_state", "component_store", "host_store")

    def __init__(self, store_state: Any, component_store: ComponentStore, host_store: Any) -> None:
        self.store_state = store_state
        self.component_store = component_store
        self.host_store = host_store


def instantiate_component(definition: ComponentDef, imports: Mapping[str, Any],
                          env: Environment, parent: InstanceState | None = None,
                          name: str = "") -> InstanceValue:
    """Instantiate ``definition`` with ``imports`` (by import name: runtime
    items or host definitions, see :mod:`.imports`) in ``env``; ``parent``
    is the state of the instance whose component instantiates it."""
    return _Instantiation(definition, imports, env, parent, name).run()


class _Instantiation:
    def __init__(self, definition: ComponentDef, imports: Mapping[str, Any], env: Environment,
                 parent: InstanceState | None, name: str) -> None:
        self.prepared = definition.prepared
        self.validated = self.prepared.validated
        scope = self.validated.scope
        assert scope is not None
        self.scope = scope
        self.env = env
        self.imports = imports
        state = InstanceState(env.component_store, parent, name)
        self.sp = Spaces(state, definition.outer)
        self.exports: dict[str, Any] = {}
        self.cx = ImportContext(env.host_store, env.component_store, self.sp.resources)

    def run(self) -> InstanceValue:
        modules = iter(self.prepared.modules)
        components = iter(self.prepared.components)
        canons = iter(self.validated.canons)
        sp = self.sp
        for section in self.prepared.component.sections:
            if isinstance(section, ir.CoreModule):
                sp.core_modules.append(next(modules))
            elif isinstance(section, ir.CoreInstanceSection):
                for ci in section.instances:
                    sp.core_instances.append(self.core_instance(ci))
            elif isinstance(section, ir.Component):
                sp.components.append(ComponentDef(next(components), sp))
            elif isinstance(section, ir.InstanceSection):
                for inst in section.instances:
                    self.instance(inst)
            elif isinstance(section, ir.AliasSection):
                for alias in section.aliases:
                    self.alias(alias)
            elif isinstance(section, ir.TypeSection):
                for t in section.types:
                    self.type_definition(t)
            elif isinstance(section, ir.CanonSection):
                for c in section.canons:
                    self.canon(c, next(canons))
            elif isinstance(section, ir.Start):
                self.start(section)
            elif isinstance(section, ir.ImportSection):
                for imp in section.imports:
                    self.import_(imp)
            elif isinstance(section, ir.ExportSection):
                for exp in section.exports:
                    self.export(exp)
            elif isinstance(section, ir.ValueSection):
                raise NotSupportedError("component-model value definitions")
        return InstanceValue(self.exports, sp.state)

    # -- items by index --

    def item(self, sort: str, index: int) -> Any:
        if sort == "type":
            return self.sp.resources.type_value(self.scope.types[index])
        return self.sp.space(sort)[index]

    def add(self, ext: v.Extern, item: Any) -> None:
        """Add ``item``, of validated type ``ext``, to its index space."""
        sp = self.sp
        kind = ext.kind
        sp.resources.bind(ext, item)
        if kind == "type":
            sp.types += 1
        elif kind == "module":
            sp.core_modules.append(item)
        else:
            sp.space(kind).append(item)

    # -- core --

    def core_instance(self, ci: ir.CoreInstance) -> dict[str, Any]:
        sp = self.sp
        if isinstance(ci, ir.CoreInstantiate):
            mdef: ModuleDef = sp.core_modules[ci.module]
            args = {a.name: sp.core_instances[a.instance] for a in ci.args}
            externs = [args[imp.module][imp.name] for imp in mdef.ir.imports]
            inst = instantiate_module(mdef.prepared(), externs, store=self.env.store_state)
            return inst.exports
        return {e.name: sp.core_space(e.item.sort)[e.item.index] for e in ci.exports}

    # -- component instances --

    def instance(self, inst: ir.Instance) -> None:
        sp = self.sp
        ext = v.Extern("instance", self.scope.instances[len(sp.instances)])
        if isinstance(inst, ir.Instantiate):
            definition: ComponentDef = sp.components[inst.component]
            args = {a.name: self.item(a.item.sort, a.item.index) for a in inst.args}
            child = instantiate_component(definition, _NamedArgs(args), self.env, sp.state)
        else:
            child = InstanceValue({e.name.name: self.item(e.item.sort, e.item.index)
                                   for e in inst.exports})
        sp.resources.bind(ext, child)
        sp.instances.append(child)

    # -- aliases --

    def alias(self, alias: ir.Alias) -> None:
        sp = self.sp
        sort, target = alias.sort, alias.target
        if isinstance(target, ir.AliasExport):
            item = sp.instances[target.instance].exports[target.name]
            ext = self.scope.instances[target.instance].exports[target.name]
            self.add(ext, item)
        elif isinstance(target, ir.AliasCoreExport):
            sp.core_space(sort[5:]).append(sp.core_instances[target.instance][target.name])
        else:
            outer: Spaces | None = sp
            for _ in range(target.count):
                assert outer is not None
                outer = outer.outer
            assert outer is not None
            if sort == "core module":
                sp.core_modules.append(outer.core_modules[target.index])
            elif sort == "component":
                sp.components.append(outer.components[target.index])
            elif sort == "type":
                sp.types += 1

    # -- types --

    def type_definition(self, t: ir.DefType) -> None:
        sp = self.sp
        resolved = self.scope.types[sp.types]
        sp.types += 1
        if isinstance(t, ir.ResourceType) and isinstance(resolved, v.ResourceType):
            r = resolved.resource
            dtor = None if r.dtor is None else sp.core_funcs[r.dtor]
            sp.resources.define(r, public.ResourceType(
                "resource", destructor=dtor, instance=sp.state, rep=r.rep or "i32"))

    # -- canonical definitions --

    def options(self, o: Any) -> CanonicalOptions:
        sp = self.sp
        return CanonicalOptions(
            instance=sp.state,
            memory=None if o.memory is None else sp.core_memories[o.memory],
            realloc=None if o.realloc is None else sp.core_funcs[o.realloc],
            post_return=None if o.post_return is None else sp.core_funcs[o.post_return],
            string_encoding=o.string_encoding)

    def canon(self, c: ir.Canon, info: Any) -> None:
        sp = self.sp
        if isinstance(c, ir.Lift):
            ft = sp.resources.public.functype(info.type)
            o = info.options
            core_func = sp.core_funcs[c.core_func]
            if o.is_async:
                callback = None if o.callback is None else sp.core_funcs[o.callback]
                sp.funcs.append(AsyncLiftedFunc(ft, self.options(o), core_func, callback))
            else:
                sp.funcs.append(LiftedFunc(ft, self.options(o), core_func))
            return
        deftype = self.scope.core_funcs[len(sp.core_funcs)]
        if isinstance(c, ir.Lower):
            target: ComponentFunc = sp.funcs[c.func]
            lifted = isinstance(target, LiftedFunc)
            callee = _callee(target, sp.state)
            if info.options.is_async:
                lower = lower_function_async
            else:
                lower = lower_function
                if lifted and target.type.is_async:
                    callee = _may_block(callee, sp.state)
            raw = lower(target.type, self.options(info.options), callee, lifted)
            sp.core_funcs.append(HostFunction(deftype, raw))
            return
        assert isinstance(c, ir.CanonBuiltin)
        sp.core_funcs.append(HostFunction(deftype, self.builtin(c)))

    def builtin(self, c: ir.CanonBuiltin) -> Any:
        name = c.name
        if name in ("context.get", "context.set"):
            return _context(self.sp.state, name == "context.set", c.slot or 0)
        if name in ("backpressure.inc", "backpressure.dec"):
            return _backpressure(self.sp.state, 1 if name == "backpressure.inc" else -1)
        if name == "task.return":
            return self.task_return(c)
        if name not in ("resource.new", "resource.rep", "resource.drop"):
            return _unsupported(self.sp.state)
        assert c.type is not None
        resolved = self.scope.types[c.type]
        assert isinstance(resolved, v.ResourceType)
        rt = self.sp.resources.resource(resolved.resource)
        state = self.sp.state
        if name == "resource.new":
            return lambda rep: canon_resource_new(state, rt, rep)
        if name == "resource.rep":
            return lambda i: canon_resource_rep(state, rt, i)
        return lambda i: canon_resource_drop(state, rt, i)

    def task_return(self, c: ir.CanonBuiltin) -> TaskReturn:
        """``task.return`` with its result type and its options (``memory``,
        ``string-encoding``)."""
        sp = self.sp
        result = None if c.result is None else \
            sp.resources.public.valtype(self.scope.valtype(c.result))
        memory = ir.find_option(c.opts, "memory")
        index = None if memory is None else memory.value
        assert index is None or isinstance(index, int)
        opts = CanonicalOptions(
            instance=sp.state,
            memory=None if index is None else sp.core_memories[index],
            string_encoding=ir.string_encoding(c.opts))
        return TaskReturn(sp.state, result, opts)

    # -- start, imports, exports --

    def start(self, start: ir.Start) -> None:
        sp = self.sp
        func: ComponentFunc = sp.funcs[start.func]
        result = func.call([sp.values[i] for i in start.args], None)
        if start.results:
            sp.values.append(result)

    def import_(self, imp: ir.Import) -> None:
        name = imp.name.name
        ext = self.scope.imports[name]
        item = resolve_import(name, ext, _lookup(self.imports, name), self.cx)
        self.add(ext, item)

    def export(self, exp: ir.Export) -> None:
        name = exp.name.name
        item = self.item(exp.item.sort, exp.item.index)
        if exp.item.sort == "type" and isinstance(item, public.ResourceType) \
                and item.name == "resource" and item.instance is self.sp.state:
            object.__setattr__(item, "name", name)
        self.exports[name] = item
        self.add(self.scope.exports[name], item)


def _unsupported(state: InstanceState) -> Any:
    """The core function of an asynchronous built-in or lowering of the instance
    ``state``: like every built-in it traps when the instance may not leave;
    otherwise it is not supported yet."""

    def unsupported(*args: Any) -> Any:
        if not state.may_leave:
            cannot_leave()
        raise NotSupportedError(ASYNC)

    return unsupported


def _context(state: InstanceState, write: bool, slot: int) -> Any:
    """``context.get`` or ``context.set`` of ``slot`` for the calls into ``state``."""
    slots = TASK_CONTEXT.setdefault(state, [0, 0])
    if write:
        def context_set(value: int) -> None:
            slots[slot] = value
        return context_set

    def context_get() -> int:
        return slots[slot]
    return context_get


def _backpressure(state: InstanceState, delta: int) -> Any:
    """``backpressure.inc`` (``delta`` 1) or ``backpressure.dec`` (-1) of ``state``."""

    def adjust() -> None:
        count = BACKPRESSURE.get(state, 0) + delta
        if count < 0:
            raise Trap("backpressure counter underflow")
        if count > 0xFFFF:
            raise Trap("backpressure counter overflow")
        BACKPRESSURE[state] = count

    return adjust


class _NamedArgs(dict):
    """Instantiation arguments by name (a plain mapping of runtime items)."""


def _lookup(imports: Mapping[str, Any], name: str) -> Any:
    """The definition for import ``name``: by its exact name, else (for a
    versioned interface name) under a compatible version."""
    found = imports.get(name)
    if found is not None or "@" not in name:
        return found
    base, _, version = name.partition("@")
    for key, value in imports.items():
        if key.partition("@")[0] == base and _compatible(key.partition("@")[2], version):
            return value
    return None


def _compatible(a: str, b: str) -> bool:
    """Whether semver versions ``a`` and ``b`` are compatible (same major, or same
    minor for 0.x, or same patch for 0.0.x)."""
    pa, pb = a.split("-")[0].split("."), b.split("-")[0].split(".")
    if len(pa) != 3 or len(pb) != 3:
        return a == b
    if pa[0] != "0":
        return pa[0] == pb[0]
    if pa[1] != "0":
        return pa[:2] == pb[:2]
    return pa == pb


def _callee(target: ComponentFunc, caller: InstanceState) -> Any:
    """The Python callable a lowered function calls: ``target`` called from the
    instance ``caller``; borrowed handles lent for the call are given back
    when it returns."""
    call = target.call

    def callee(*args: Any) -> Any:
        result = call(args, caller)
        _release_borrows(args)
        return result

    return callee


def _may_block(callee: Any, caller: InstanceState) -> Any:
    """``callee``, an ``async`` function of a component called through a
    synchronous lowering, trapping first unless the call running in ``caller``
    may wait (:func:`~wasmlite.component.canonical.check_blocking`)."""

    def blocking_callee(*args: Any) -> Any:
        check_blocking(caller)
        return callee(*args)

    return blocking_callee


def _release_borrows(values: Sequence[Any]) -> None:
    """Drop every borrow :class:`ResourceAny` in ``values`` (at any depth) that
    the host table still holds."""
    stack = list(values)
    while stack:
        x = stack.pop()
        if isinstance(x, ResourceAny):
            if not x.owned:
                slots = x._state.host_table.slots
                if x._index < len(slots) and slots[x._index] is x._handle:
                    x.drop()
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
        elif hasattr(x, "__dict__") and not isinstance(x, type):
            stack.extend(vars(x).values())
        elif hasattr(x, "payload"):
            stack.append(x.payload)
