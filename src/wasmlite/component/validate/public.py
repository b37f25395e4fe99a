"""The validator's resolved types as the public component types
(:mod:`wasmlite.component.types`): structural, immutable, with one
:class:`~wasmlite.component.types.ResourceType` per resource.

The validator keeps its own classes because its rules need what the public
ones leave out: the identity of each type name (which types an import or
export has named) and the substitution of resources at instantiation.
"""

from __future__ import annotations

from typing import Any

from .. import types as public
from .resolved import (Borrow, ComponentType, CoreExtern, Enum, Extern, FixedLengthList, Flags,
                       FuncType, Future, InstanceType, List, Map, ModuleType, Option, Own,
                       Primitive, Record, Resource, ResourceType, Result, Stream, Tuple,
                       ValType, Variant)


class PublicTypes:
    """Converts resolved types, keeping one public resource type per
    :class:`Resource` (``resources``)."""

    def __init__(self) -> None:
        self.resources: dict[Resource, public.ResourceType] = {}
        self._valtypes: dict[int, tuple[ValType, public.ValType]] = {}

    def resource(self, r: Resource, name: str = "resource") -> public.ResourceType:
        t = self.resources.get(r)
        if t is None:
            t = self.resources[r] = public.ResourceType(name, rep=r.rep or "i32")
        return t

    def valtype(self, t: ValType) -> public.ValType:
        """The public form of ``t``; one object for each resolved one, so that a
        type whose parts are shared is converted (and measured) once per part."""
        if isinstance(t, str):
            return public.primitive(t)
        known = self._valtypes.get(id(t))
        if known is not None and known[0] is t:
            return known[1]
        new = self._valtype(t)
        self._valtypes[id(t)] = (t, new)
        return new

    def _valtype(self, t: ValType) -> public.ValType:
        if isinstance(t, Primitive):
            return public.primitive(t.name)
        v = self.valtype
        if isinstance(t, Record):
            return public.Record((n, v(f)) for n, f in t.fields)
        if isinstance(t, Variant):
            return public.Variant([(n, None if c is None else v(c)) for n, c in t.cases])
        if isinstance(t, List):
            return public.List(v(t.element))
        if isinstance(t, FixedLengthList):
            return public.List(v(t.element), t.length)
        if isinstance(t, Map):
            # no public map type yet: a map is a list of key-value pairs
            return public.List(public.Tuple((v(t.key), v(t.value))))
        if isinstance(t, Tuple):
            return public.Tuple(v(x) for x in t.types)
        if isinstance(t, Flags):
            return public.Flags(t.labels)
        if isinstance(t, Enum):
            return public.Enum(t.labels)
        if isinstance(t, Option):
            return public.Option(v(t.type))
        if isinstance(t, Result):
            return public.Result(None if t.ok is None else v(t.ok),
                                 None if t.error is None else v(t.error))
        if isinstance(t, Own):
            return public.Own(self.resource(t.type.resource))
        if isinstance(t, Borrow):
            return public.Borrow(self.resource(t.type.resource))
        if isinstance(t, Stream):
            return public.Stream(None if t.type is None else v(t.type))
        assert isinstance(t, Future)
        return public.Future(None if t.type is None else v(t.type))

    def functype(self, t: FuncType) -> public.FuncType:
        return public.FuncType([(n, self.valtype(p)) for n, p in t.params],
                               None if t.result is None else self.valtype(t.result),
                               t.is_async)

    def extern(self, e: Extern, name: str = "resource") -> Any:
        """The public extern type of an import, export or instance item."""
        t = e.type
        if e.kind == "func":
            return self.functype(t)  # type: ignore[arg-type]
        if e.kind == "value":
            return self.valtype(t)  # type: ignore[arg-type]
        if e.kind == "type":
            ref = e.referenced
            if isinstance(ref, ResourceType):
                return self.resource(ref.resource, name)
            if isinstance(ref, FuncType):
                return self.functype(ref)
            if isinstance(ref, InstanceType):
                return self.instance(ref)
            if isinstance(ref, ComponentType):
                return self.component(ref)
            return self.valtype(ref)  # type: ignore[arg-type]
        if e.kind == "instance":
            return self.instance(t)  # type: ignore[arg-type]
        if e.kind == "component":
            return self.component(t)  # type: ignore[arg-type]
        return self.module(t)  # type: ignore[arg-type]

    def instance(self, t: InstanceType) -> public.InstanceType:
        return public.InstanceType([(n, self.extern(e, n)) for n, e in t.exports.items()])

    def component(self, t: ComponentType) -> public.ComponentType:
        return public.ComponentType([(n, self.extern(e, n)) for n, e in t.imports.items()],
                                    [(n, self.extern(e, n)) for n, e in t.exports.items()])

    @staticmethod
    def _core(e: CoreExtern) -> Any:
        t = e.type
        if e.kind in ("func", "tag"):
            return t.comptype  # type: ignore[attr-defined]
        return t

    def module(self, t: ModuleType) -> public.ModuleType:
        return public.ModuleType([(m, n, self._core(e)) for (m, n), e in t.imports.items()],
                                 [(n, self._core(e)) for n, e in t.exports.items()])


__all__ = ["PublicTypes"]
