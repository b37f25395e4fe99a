"""Resolved component types: what the index spaces of a validated component hold.

Type indices of the IR are replaced by the type objects they denote, so a
resolved type means the same thing in every scope. Each object has identity:
two type definitions with the same structure are two objects (the
validator's rule that exported and imported types are "named" is kept by
identity), and structural comparison is :mod:`.subtype`'s work.

* A value type (:data:`ValType`) is a primitive type name (``"u32"``) or a
  :class:`Defined` type.
* A resource type is a :class:`ResourceType`: one name, in one index space,
  for a :class:`Resource` (the abstract type itself, compared by identity).
  Two resource types are the same type when their ``resource`` is the same.
* :class:`FuncType`, :class:`InstanceType` and :class:`ComponentType` are the
  other type definitions; :class:`Extern` is the type of an import, an export
  or an instance's item (the explainer's ``externdesc``, resolved).
* Core types: a core function is described by the core validator's closed
  ``DefType``; a :class:`CoreExtern` is a core import or export's type;
  :class:`ModuleType` and :class:`CoreInstanceType` describe core modules and
  core instances.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator


class Resource:
    """A resource type's identity. ``rep`` is the core representation of a
    resource defined by a concrete component (``"i32"``), ``None`` for an
    abstract one (imported, or exported by a type); ``dtor`` is the core
    function index of its destructor, if any."""

    __slots__ = ("rep", "dtor", "__weakref__")

    def __init__(self, rep: str | None = None, dtor: int | None = None) -> None:
        self.rep = rep
        self.dtor = dtor

    def __repr__(self) -> str:
        return f"<resource {id(self):#x}>"


class ResourceType:
    """A name for ``resource`` in a type index space (one per definition,
    import, export or alias that introduces one)."""

    __slots__ = ("resource",)

    def __init__(self, resource: Resource) -> None:
        self.resource = resource

    def desc(self) -> str:
        return "resource"


class Defined:
    """A defined value type (``defvaltype``); subclasses name the spec's forms."""

    __slots__ = ()
    kind = ""

    def desc(self) -> str:
        return self.kind

    def children(self) -> Iterator[ValType]:
        """The value types this type is made of."""
        return iter(())


class Primitive(Defined):
    """A type definition that names a primitive type: ``(type u32)``."""

    __slots__ = ("name",)
    kind = "primitive"

    def __init__(self, name: str) -> None:
        self.name = name


class Record(Defined):
    __slots__ = ("fields",)
    kind = "record"

    def __init__(self, fields: tuple[tuple[str, ValType], ...]) -> None:
        self.fields = fields

    def children(self) -> Iterator[ValType]:
        return (t for _, t in self.fields)


class Variant(Defined):
    """``cases`` is a tuple of ``(label, payload type or None)``."""

    __slots__ = ("cases",)
    kind = "variant"

    def __init__(self, cases: tuple[tuple[str, ValType | None], ...]) -> None:
        self.cases = cases

    def children(self) -> Iterator[ValType]:
        return (t for _, t in self.cases if t is not None)


class List(Defined):
    __slots__ = ("element",)
    kind = "list"

    def __init__(self, element: ValType) -> None:
        self.element = element

    def children(self) -> Iterator[ValType]:
        return iter((self.element,))


class FixedLengthList(Defined):
    __slots__ = ("element", "length")
    kind = "fixed-length list"

    def __init__(self, element: ValType, length: int) -> None:
        self.element = element
        self.length = length

    def children(self) -> Iterator[ValType]:
        return iter((self.element,))


class Map(Defined):
    __slots__ = ("key", "value")
    kind = "map"

    def __init__(self, key: ValType, value: ValType) -> None:
        self.key = key
        self.value = value

    def children(self) -> Iterator[ValType]:
        return iter((self.key, self.value))


class Tuple(Defined):
    __slots__ = ("types",)
    kind = "tuple"

    def __init__(self, types: tuple[ValType, ...]) -> None:
        self.types = types

    def children(self) -> Iterator[ValType]:
        return iter(self.types)


class Flags(Defined):
    __slots__ = ("labels",)
    kind = "flags"

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels


class Enum(Defined):
    __slots__ = ("labels",)
    kind = "enum"

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels


class Option(Defined):
    __slots__ = ("type",)
    kind = "option"

    def __init__(self, type: ValType) -> None:
        self.type = type

    def children(self) -> Iterator[ValType]:
        return iter((self.type,))


class Result(Defined):
    __slots__ = ("ok", "error")
    kind = "result"

    def __init__(self, ok: ValType | None, error: ValType | None) -> None:
        self.ok = ok
        self.error = error

    def children(self) -> Iterator[ValType]:
        return (t for t in (self.ok, self.error) if t is not None)


class Own(Defined):
    __slots__ = ("type",)
    kind = "own"

    def __init__(self, type: ResourceType) -> None:
        self.type = type


class Borrow(Defined):
    __slots__ = ("type",)
    kind = "borrow"

    def __init__(self, type: ResourceType) -> None:
        self.type = type


class Stream(Defined):
    __slots__ = ("type",)
    kind = "stream"

    def __init__(self, type: ValType | None) -> None:
        self.type = type

    def children(self) -> Iterator[ValType]:
        return iter(() if self.type is None else (self.type,))


class Future(Defined):
    __slots__ = ("type",)
    kind = "future"

    def __init__(self, type: ValType | None) -> None:
        self.type = type

    def children(self) -> Iterator[ValType]:
        return iter(() if self.type is None else (self.type,))


ValType = str | Defined
"""A resolved value type: a primitive type name or a :class:`Defined` type."""


class FuncType:
    """A component function type; ``params`` is a tuple of ``(name, type)``."""

    __slots__ = ("params", "result", "is_async")

    def __init__(self, params: tuple[tuple[str, ValType], ...], result: ValType | None,
                 is_async: bool = False) -> None:
        self.params = params
        self.result = result
        self.is_async = is_async

    def desc(self) -> str:
        return "func"


class Extern:
    """The type of an import, export or instance item.

    ``kind`` is ``"module" "func" "value" "type" "instance" "component"``;
    ``type`` is a :class:`ModuleType`, :class:`FuncType`, value type,
    :class:`InstanceType` or :class:`ComponentType`. For ``"type"``, ``type``
    is the type the item introduces (a fresh name) and ``referenced`` the
    type it stands for (they differ where an ``(eq i)`` bound or an export
    gives an existing type a new name).
    """

    __slots__ = ("kind", "type", "referenced")

    def __init__(self, kind: str, type: object, referenced: object = None) -> None:
        self.kind = kind
        self.type = type
        self.referenced = type if referenced is None else referenced

    def desc(self) -> str:
        return self.kind

    def __repr__(self) -> str:
        return f"Extern({self.kind}, {self.type!r})"


Path = tuple[str, ...]
"""Where a resource is found: an import or export name, then the names of
exports of the instances in between."""


class InstanceType:
    """A component instance type.

    ``exports`` maps export names to their types, in order.
    ``defined_resources`` are the abstract resources an instance *type*
    introduces with ``(export "r" (type (sub resource)))``, which become
    fresh for each import of the type; a concrete instance has none.
    ``explicit_resources`` maps each resource exported by name to where.
    """

    __slots__ = ("exports", "defined_resources", "explicit_resources")

    def __init__(self, exports: dict[str, Extern] | None = None,
                 defined_resources: list[Resource] | None = None,
                 explicit_resources: dict[Resource, Path] | None = None) -> None:
        self.exports = {} if exports is None else exports
        self.defined_resources = [] if defined_resources is None else defined_resources
        self.explicit_resources = {} if explicit_resources is None else explicit_resources

    def desc(self) -> str:
        return "instance"


class ComponentType:
    """A component type: its imports and exports (names to types, in order),
    the resources its imports bind (``imported_resources``) and the resources
    its instances define (``defined_resources``, fresh at each
    instantiation), each with the path where it is found."""

    __slots__ = ("imports", "exports", "imported_resources", "defined_resources",
                 "explicit_resources")

    def __init__(self, imports: dict[str, Extern] | None = None,
                 exports: dict[str, Extern] | None = None,
                 imported_resources: dict[Resource, Path] | None = None,
                 defined_resources: dict[Resource, Path] | None = None,
                 explicit_resources: dict[Resource, Path] | None = None) -> None:
        self.imports = {} if imports is None else imports
        self.exports = {} if exports is None else exports
        self.imported_resources = {} if imported_resources is None else imported_resources
        self.defined_resources = {} if defined_resources is None else defined_resources
        self.explicit_resources = {} if explicit_resources is None else explicit_resources

    def desc(self) -> str:
        return "component"


AnyType = ResourceType | Defined | FuncType | InstanceType | ComponentType
"""What a component-level type index denotes."""


def any_type_desc(t: object) -> str:
    """The kind of a type, as messages name it."""
    if isinstance(t, Defined):
        return "defined type"
    if isinstance(t, FuncType):
        return "func"
    return t.desc()  # type: ignore[attr-defined]


# --- core types ----------------------------------------------------------------

class CoreExtern:
    """A core import or export's type: ``kind`` is ``"func" "table" "memory"
    "global" "tag"``; ``type`` is the closed type the core validator uses
    (a ``DefType`` for functions and tags, else the ``ir`` type)."""

    __slots__ = ("kind", "type")

    def __init__(self, kind: str, type: object) -> None:
        self.kind = kind
        self.type = type

    def __repr__(self) -> str:
        return f"CoreExtern({self.kind}, {self.type})"


class ModuleType:
    """A core module's type: imports keyed by ``(module, name)``, exports by name."""

    __slots__ = ("imports", "exports")

    def __init__(self, imports: dict[tuple[str, str], CoreExtern],
                 exports: dict[str, CoreExtern]) -> None:
        self.imports = imports
        self.exports = exports

    def desc(self) -> str:
        return "module"


class CoreInstanceType:
    """A core instance's exports."""

    __slots__ = ("exports",)

    def __init__(self, exports: dict[str, CoreExtern]) -> None:
        self.exports = exports


# --- traversal --------------------------------------------------------------------

def resources_in(t: object, found: dict[Resource, None], seen: set[int] | None = None) -> None:
    """Add every resource ``t`` refers to (its free variables) to ``found``."""
    if seen is None:
        seen = set()
    if isinstance(t, str) or t is None or id(t) in seen:
        return
    seen.add(id(t))
    if isinstance(t, ResourceType):
        found[t.resource] = None
    elif isinstance(t, (Own, Borrow)):
        found[t.type.resource] = None
    elif isinstance(t, Defined):
        for c in t.children():
            resources_in(c, found, seen)
    elif isinstance(t, FuncType):
        for _, p in t.params:
            resources_in(p, found, seen)
        resources_in(t.result, found, seen)
    elif isinstance(t, Extern):
        resources_in(t.referenced, found, seen)
        if t.type is not t.referenced:
            resources_in(t.type, found, seen)
    elif isinstance(t, InstanceType):
        for e in t.exports.values():
            resources_in(e, found, seen)
    elif isinstance(t, ComponentType):
        inner: dict[Resource, None] = {}
        for e in t.imports.values():
            resources_in(e, inner, seen)
        for e in t.exports.values():
            resources_in(e, inner, seen)
        bound = set(t.imported_resources) | set(t.defined_resources)
        for r in inner:
            if r not in bound:
                found[r] = None


def free_resources(t: object) -> dict[Resource, None]:
    """The resources ``t`` refers to, in order of appearance."""
    found: dict[Resource, None] = {}
    resources_in(t, found)
    return found


def contains_borrow(t: ValType | None, seen: set[int] | None = None) -> bool:
    """Whether the value type ``t`` contains a ``borrow`` anywhere."""
    if isinstance(t, str) or t is None:
        return False
    if isinstance(t, Borrow):
        return True
    if seen is None:
        seen = set()
    if id(t) in seen:
        return False
    seen.add(id(t))
    return any(contains_borrow(c, seen) for c in t.children())


class Remap:
    """A substitution of resources: ``apply`` rebuilds a type with every
    resource of ``resources`` replaced, sharing (and keeping the identity of)
    every part that does not change."""

    def __init__(self, resources: dict[Resource, Resource] | None = None) -> None:
        self.resources: dict[Resource, Resource] = {} if resources is None else resources
        self.types: dict[int, tuple[object, object]] = {}
        """Types renamed as a whole: ``id(old) -> (old, new)`` (the types an
        instantiation's arguments supply for a component's type imports)."""
        self._memo: dict[int, object] = {}

    def rename(self, old: object, new: object) -> None:
        """Replace the type ``old`` (by identity) with ``new``."""
        self.types[id(old)] = (old, new)
        self._memo.clear()

    def resource(self, r: Resource) -> Resource:
        return self.resources.get(r, r)

    def apply(self, t: object) -> object:
        if isinstance(t, str) or t is None or not (self.resources or self.types):
            return t
        key = id(t)
        renamed = self.types.get(key)
        if renamed is not None:
            return renamed[1]
        done = self._memo.get(key)
        if done is not None:
            return done
        new = self._rebuild(t)
        self._memo[key] = new
        return new

    def _rebuild(self, t: object) -> object:
        f: Callable[[object], object] = self.apply
        if isinstance(t, ResourceType):
            r = self.resource(t.resource)
            return t if r is t.resource else ResourceType(r)
        if isinstance(t, Defined):
            return _rebuild_defined(t, f)
        if isinstance(t, FuncType):
            params = tuple((n, f(p)) for n, p in t.params)
            result = f(t.result)
            if result is t.result and all(a[1] is b[1] for a, b in zip(params, t.params)):
                return t
            return FuncType(params, result, t.is_async)  # type: ignore[arg-type]
        if isinstance(t, Extern):
            new_type = f(t.type)
            new_ref = new_type if t.referenced is t.type else f(t.referenced)
            if new_type is t.type and new_ref is t.referenced:
                return t
            return Extern(t.kind, new_type, new_ref)
        if isinstance(t, InstanceType):
            exports: dict[str, Extern] = {n: f(e) for n, e in t.exports.items()}  # type: ignore[misc]
            if all(exports[n] is e for n, e in t.exports.items()):
                explicit = {self.resource(r): p for r, p in t.explicit_resources.items()}
                if all(r1 is r2 for r1, r2 in zip(explicit, t.explicit_resources)):
                    return t
            return InstanceType(exports, [self.resource(r) for r in t.defined_resources],
                                {self.resource(r): p for r, p in t.explicit_resources.items()})
        if isinstance(t, ComponentType):
            imports: dict[str, Extern] = {n: f(e) for n, e in t.imports.items()}  # type: ignore[misc]
            exports = {n: f(e) for n, e in t.exports.items()}  # type: ignore[misc]
            if (all(imports[n] is e for n, e in t.imports.items())
                    and all(exports[n] is e for n, e in t.exports.items())):
                return t
            return ComponentType(imports, exports,
                                 {self.resource(r): p for r, p in t.imported_resources.items()},
                                 {self.resource(r): p for r, p in t.defined_resources.items()},
                                 {self.resource(r): p for r, p in t.explicit_resources.items()})
        return t


def _rebuild_defined(t: Defined, f: Callable[[object], object]) -> Defined:
    """``t`` with ``f`` applied to its parts; ``t`` itself when nothing changes."""
    if isinstance(t, (Own, Borrow)):
        new = f(t.type)
        return t if new is t.type else type(t)(new)  # type: ignore[arg-type]
    changed = False

    def g(x: object) -> object:
        nonlocal changed
        y = f(x)
        changed = changed or y is not x
        return y

    if isinstance(t, Record):
        fields = tuple((n, g(v)) for n, v in t.fields)
        return Record(fields) if changed else t  # type: ignore[arg-type]
    if isinstance(t, Variant):
        cases = tuple((n, g(v)) for n, v in t.cases)
        return Variant(cases) if changed else t  # type: ignore[arg-type]
    if isinstance(t, Tuple):
        types = tuple(g(v) for v in t.types)
        return Tuple(types) if changed else t  # type: ignore[arg-type]
    if isinstance(t, Result):
        ok, err = g(t.ok), g(t.error)
        return Result(ok, err) if changed else t  # type: ignore[arg-type]
    if isinstance(t, Map):
        k, v = g(t.key), g(t.value)
        return Map(k, v) if changed else t  # type: ignore[arg-type]
    if isinstance(t, (List, Option, Stream, Future, FixedLengthList)):
        new = copy.copy(t)
        attr = "element" if isinstance(t, (List, FixedLengthList)) else "type"
        setattr(new, attr, g(getattr(t, attr)))
        return new if changed else t
    return t


def with_unique(t: AnyType) -> AnyType:
    """A new name for type ``t``: the same type, a different identity (what an
    import or export of a type introduces)."""
    if isinstance(t, ResourceType):
        return ResourceType(t.resource)
    return copy.copy(t)


__all__ = [name for name in dir() if name[0].isupper() and not name.startswith("_")] + [
    "any_type_desc", "resources_in", "free_resources", "contains_borrow", "with_unique",
]
