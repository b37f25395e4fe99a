"""Resource types of one component instance: which runtime resource type each
resource of the component's validated types stands for.

Validation gives each resource of a component a
:class:`~wasmlite.component.validate.resolved.Resource`; an instance maps
each one to a runtime :class:`~wasmlite.component.types.ResourceType`:

* a resource the component defines becomes a fresh resource type at each
  instantiation, owned by the instance (its destructor is the instance's core
  function);
* an imported resource (and every resource reached through an import, an
  alias or a nested instance) becomes the runtime type of the item bound to
  it: :meth:`ResourceMap.bind` walks an item's validated type beside the
  runtime item and records each resource it meets.

:attr:`ResourceMap.public` converts validated types to public types with
those resource types (:class:`~wasmlite.component.validate.public.PublicTypes`).
"""

from __future__ import annotations

from typing import Any

from .. import types as public
from ..validate import resolved as v
from ..validate.public import PublicTypes
from .items import ComponentFunc, InstanceValue

__all__ = ["ResourceMap"]


class ResourceMap:
    """The runtime resource type of each validated resource of one instance."""

    __slots__ = ("public",)

    def __init__(self) -> None:
        self.public = PublicTypes()

    @property
    def resources(self) -> dict[v.Resource, public.ResourceType]:
        """Validated resource to runtime resource type."""
        return self.public.resources

    def define(self, r: v.Resource, rt: public.ResourceType) -> None:
        """Bind ``r`` to ``rt`` (a resource the instance defines, or is given)."""
        self.public.resources[r] = rt

    def resource(self, r: v.Resource) -> public.ResourceType:
        """The runtime type of ``r``."""
        return self.public.resource(r)

    def type_value(self, t: object, name: str = "resource") -> Any:
        """The public form of the validated type ``t`` (a type index's entry)."""
        if isinstance(t, v.ResourceType):
            return self.public.resource(t.resource, name)
        if isinstance(t, v.FuncType):
            return self.public.functype(t)
        if isinstance(t, v.InstanceType):
            return self.public.instance(t)
        if isinstance(t, v.ComponentType):
            return self.public.component(t)
        return self.public.valtype(t)  # type: ignore[arg-type]

    # -- binding --

    def bind(self, ext: v.Extern, item: Any) -> None:
        """Record the resources of ``ext`` (a validated extern type) that the
        runtime ``item`` of that type gives."""
        kind = ext.kind
        if kind == "type":
            for t in (ext.type, ext.referenced):
                self.bind_type(t, item)
        elif kind == "instance" and isinstance(item, InstanceValue):
            for name, e in ext.type.exports.items():  # type: ignore[attr-defined]
                if name in item.exports:
                    self.bind(e, item.exports[name])
        elif kind == "func" and isinstance(item, ComponentFunc):
            self.bind_func(ext.type, item.type)  # type: ignore[arg-type]
        elif kind == "value":
            pass

    def bind_type(self, t: object, item: Any) -> None:
        """Record the resources of the validated type ``t`` that the public type
        ``item`` gives."""
        if isinstance(t, v.ResourceType):
            if isinstance(item, public.ResourceType) and t.resource not in self.resources:
                self.define(t.resource, item)
        elif isinstance(t, v.FuncType) and isinstance(item, public.FuncType):
            self.bind_func(t, item)
        elif isinstance(t, (v.Defined, str)) and isinstance(item, public.ValType):
            self.bind_valtype(t, item)

    def bind_func(self, t: v.FuncType, ft: public.FuncType) -> None:
        for (_, p), (_, q) in zip(t.params, ft.params):
            self.bind_valtype(p, q)
        if t.result is not None and ft.result is not None:
            self.bind_valtype(t.result, ft.result)

    def bind_valtype(self, t: v.ValType, p: public.ValType) -> None:
        if isinstance(t, str):
            return
        if isinstance(t, (v.Own, v.Borrow)):
            if isinstance(p, (public.Own, public.Borrow)) \
                    and t.type.resource not in self.resources:
                self.define(t.type.resource, p.ty)
            return
        if isinstance(t, v.Map) and isinstance(p, public.List):
            p = p.element                     # a map is a list of key-value pairs
        for a, b in zip(t.children(), _children(p)):
            self.bind_valtype(a, b)


def _children(p: public.ValType) -> list[public.ValType]:
    """The parts of a public value type, in the order of the validated type's
    ``children()``."""
    if isinstance(p, public.Record):
        return [t for _, t in p.fields]
    if isinstance(p, public.Variant):
        return [t for _, t in p.cases if t is not None]
    if isinstance(p, public.List):
        return [p.element]
    if isinstance(p, public.Tuple):
        return list(p.elements)
    if isinstance(p, public.Option):
        return [p.payload]
    if isinstance(p, public.Result):
        return [t for t in (p.ok, p.err) if t is not None]
    if isinstance(p, (public.Stream, public.Future)):
        return [] if p.payload is None else [p.payload]
    return []
