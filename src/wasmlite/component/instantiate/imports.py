"""What an instantiation's imports are given, and how each is checked
against the import's type and made into a runtime item.

An import is given either a runtime item (another instance's function,
instance, resource type, module or component: see :mod:`.items`) or a
definition of the host:

* :class:`HostFuncDef`: a Python function, typed by the import it satisfies;
* :class:`HostResourceDef`: a host-defined resource type and its destructor;
* :class:`InstanceDefs`: named definitions, as one instance;
* :class:`TrapDef`: a function that traps when called;
* a :class:`~.items.ModuleDef` for a core module.

A mismatch raises :class:`WasmtimeError` worded as Wasmtime's linker words
it: ``component imports function `x`, but a matching implementation was not
found in the linker`` followed by the causes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ...errors import WasmtimeError
from .. import types as public
from ..validate import resolved as v
from .items import ComponentDef, ComponentFunc, HostFunc, InstanceValue, ModuleDef, TrapFunc

if TYPE_CHECKING:
    from .resources import ResourceMap

__all__ = ["HostFuncDef", "SignatureMismatch", "HostResourceDef", "InstanceDefs", "TrapDef", "ImportContext",
           "resolve_import", "KIND_TEXT"]


class HostFuncDef:
    """A host function ``fn(store, *args)`` (its type is the import's)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn

    def implement(self, ft: public.FuncType) -> Callable[..., Any]:
        """The callable ``(store, *args)`` implementing an import of type ``ft``;
        a definition that cannot implement it raises :class:`SignatureMismatch`."""
        return self.fn


class SignatureMismatch(Exception):
    """Why a host function cannot implement an import's function type."""


class HostResourceDef:
    """A host-defined resource type ``type`` whose destructor is
    ``dtor(store, rep)``."""

    __slots__ = ("type", "dtor")

    def __init__(self, type: public.ResourceType, dtor: Callable[[Any, int], None] | None) -> None:
        self.type = type
        self.dtor = dtor


class InstanceDefs:
    """Named definitions given as one instance."""

    __slots__ = ("items",)

    def __init__(self, items: dict[str, Any] | None = None) -> None:
        self.items: dict[str, Any] = {} if items is None else items


class TrapDef:
    """A function that traps when called."""

    __slots__ = ()


KIND_TEXT = {"func": "function", "instance": "instance", "type": "resource",
             "module": "core module", "component": "component", "value": "value"}
"""How Wasmtime names each kind of import."""


class ImportContext:
    """What resolving imports needs: the store given to host functions, the
    component state of the store (for host destructors) and the instance's
    resource map."""

    __slots__ = ("store", "state", "resources")

    def __init__(self, store: Any, state: Any, resources: ResourceMap) -> None:
        self.store = store
        self.state = state
        self.resources = resources


class _Mismatch(Exception):
    """Why a definition does not satisfy an import: the causes, outermost first."""

    def __init__(self, *causes: str) -> None:
        super().__init__(causes[-1])
        self.causes = list(causes)


def _found(definition: Any) -> str:
    if isinstance(definition, (HostFuncDef, TrapDef, ComponentFunc)):
        return "func"
    if isinstance(definition, (InstanceDefs, InstanceValue)):
        return "instance"
    if isinstance(definition, (HostResourceDef, public.ResourceType)):
        return "resource"
    if isinstance(definition, ModuleDef):
        return "module"
    if isinstance(definition, ComponentDef):
        return "component"
    return "value"


def resolve_import(name: str, ext: v.Extern, definition: Any, cx: ImportContext) -> Any:
    """The runtime item for import ``name`` of type ``ext`` given ``definition``
    (``None`` when nothing is defined under the name); raises
    :class:`WasmtimeError` when it does not match."""
    try:
        return _resolve(ext, definition, cx)
    except _Mismatch as e:
        what = KIND_TEXT.get(ext.kind, ext.kind)
        if ext.kind == "type" and not isinstance(ext.referenced, v.ResourceType):
            what = "type"
        causes = e.causes
        if len(causes) == 1:
            detail = f"    {causes[0]}\n"
        else:
            detail = "".join(f"    {i}: {c}\n" for i, c in enumerate(causes))
        raise WasmtimeError(f"component imports {what} `{name}`, but a matching "
                            f"implementation was not found in the linker\n\nCaused by:\n"
                            f"{detail}") from None


def _resolve(ext: v.Extern, d: Any, cx: ImportContext) -> Any:
    kind = ext.kind
    if kind == "func":
        return _func(ext, d, cx)
    if kind == "instance":
        return _instance(ext, d, cx)
    if kind == "type":
        return _type(ext, d, cx)
    if kind == "module":
        if d is None:
            raise _Mismatch("module implementation is missing")
        if not isinstance(d, ModuleDef):
            raise _Mismatch(f"expected module found {_found(d)}")
        _check_module(ext.type, d)  # type: ignore[arg-type]
        return d
    if kind == "component":
        if d is None:
            raise _Mismatch("component implementation is missing")
        if not isinstance(d, ComponentDef):
            raise _Mismatch(f"expected component found {_found(d)}")
        return d
    if d is None:
        raise _Mismatch("value implementation is missing")
    return d


def _func(ext: v.Extern, d: Any, cx: ImportContext) -> Any:
    if d is None:
        raise _Mismatch("function implementation is missing")
    ft = ext.type
    assert isinstance(ft, v.FuncType)
    if isinstance(d, HostFuncDef):
        expected = cx.resources.public.functype(ft)
        try:
            fn = d.implement(expected)
        except SignatureMismatch as e:
            raise _Mismatch(str(e)) from None
        return HostFunc(expected, fn, cx.store)
    if isinstance(d, TrapDef):
        return TrapFunc(cx.resources.public.functype(ft), "")
    if isinstance(d, ComponentFunc):
        cx.resources.bind(ext, d)
        expected = cx.resources.public.functype(ft)
        if expected != d.type:
            raise _Mismatch(f"expected type `{expected}`, found type `{d.type}`")
        return d
    raise _Mismatch(f"expected function found {_found(d)}")


def _instance(ext: v.Extern, d: Any, cx: ImportContext) -> InstanceValue:
    if d is None:
        d = InstanceDefs()
    if isinstance(d, InstanceValue):
        items = d.exports
    elif isinstance(d, InstanceDefs):
        items = d.items
    else:
        raise _Mismatch(f"expected instance found {_found(d)}")
    it = ext.type
    assert isinstance(it, v.InstanceType)
    out: dict[str, Any] = {}
    for name, e in it.exports.items():
        try:
            out[name] = _resolve(e, items.get(name), cx)
        except _Mismatch as m:
            raise _Mismatch(f"instance export `{name}` has the wrong type", *m.causes) from None
    if isinstance(d, InstanceValue):
        return d
    return InstanceValue(out)


def _type(ext: v.Extern, d: Any, cx: ImportContext) -> Any:
    ref = ext.referenced
    resources = cx.resources
    if isinstance(ref, v.ResourceType):
        if d is None:
            raise _Mismatch("resource implementation is missing")
        if isinstance(d, HostResourceDef):
            rt = d.type
            if d.dtor is not None and rt.host_id is not None:
                dtor, store = d.dtor, cx.store
                cx.state.host_destructors[rt.host_id] = lambda rep: dtor(store, rep)
        elif isinstance(d, public.ResourceType):
            rt = d
        else:
            raise _Mismatch(f"expected resource found {_found(d)}")
        known = resources.resources.get(ref.resource)
        if known is not None and known is not rt:
            raise _Mismatch("mismatched resource types")
        resources.bind(ext, rt)
        return rt
    if d is not None and not isinstance(d, (HostFuncDef, HostResourceDef, InstanceDefs,
                                            InstanceValue, ComponentFunc, ModuleDef,
                                            ComponentDef, TrapDef)):
        resources.bind(ext, d)
        return d
    return resources.type_value(ref)


def _check_module(mt: v.ModuleType, d: ModuleDef) -> None:
    """The module ``d`` must export what ``mt`` lists and import nothing else."""
    module = d.ir
    exports = {e.name: e.kind for e in module.exports}
    for name, e in mt.exports.items():
        kind = exports.get(name)
        if kind is None:
            raise _Mismatch(f"module export `{name}` not defined")
        if kind != e.kind:
            raise _Mismatch(f"export `{name}` is a {kind}, expected a {e.kind}")
    for imp in module.imports:
        if (imp.module, imp.name) not in mt.imports:
            raise _Mismatch(f"module import `{imp.module}::{imp.name}` not defined")
