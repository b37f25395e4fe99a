"""The validation context of one component, component type or instance type:
its index spaces with their resolved types, its imports and exports, and the
bookkeeping the resource and visibility rules need.

``Scope.kind`` is ``"component"`` (a concrete component), ``"component
type"`` or ``"instance type"``. Validation keeps a stack of scopes, the
enclosing ones first, for ``outer`` aliases.
"""

from __future__ import annotations

from ... import ir as core
from ...errors import InvalidError
from ...validate.types import DefType
from .. import ir
from .core import CoreTypeSpace
from .names import (CONSTRUCTOR, DEPENDENCY, HASH, INTERFACE, LABEL, METHOD, STATIC, URL, Name,
                    check_interface_version, parse_name)
from .resolved import (AnyType, Borrow, ComponentType, CoreInstanceType, Defined, Enum, Extern,
                       Flags, FuncType, InstanceType, ModuleType, Own, Path, Primitive, Record,
                       Remap, Resource, ResourceType, Result, ValType, Variant, free_resources)
from .subtype import context

COMPONENT, COMPONENT_TYPE, INSTANCE_TYPE = "component", "component type", "instance type"


class NameContext:
    """The resources a scope's imports (or exports) have named at the top
    level, for ``[constructor]``, ``[method]`` and ``[static]`` names: each
    resource type (by identity) to its name."""

    def __init__(self) -> None:
        self.by_type: dict[int, tuple[ResourceType, str]] = {}
        self.names: set[str] = set()

    def register(self, name: str, t: ResourceType) -> None:
        self.by_type[id(t)] = (t, name)
        self.names.add(name)

    def check_resource_name(self, t: ResourceType, name: str) -> None:
        entry = self.by_type.get(id(t))
        if entry is None or entry[0] is not t:
            raise InvalidError("resource used in function does not have a name in this context")
        if entry[1] != name:
            raise InvalidError(f"function does not match expected resource name `{entry[1]}`")

    def check_name(self, name: Name, suffix: str | None, ext: Extern) -> None:
        """The rules an annotated name places on the item's type."""
        if name.kind == INTERFACE:
            check_interface_version(name, suffix)
            return
        if name.kind not in (CONSTRUCTOR, METHOD, STATIC):
            return
        if ext.kind != "func":
            raise InvalidError("item is not a func")
        ft = ext.type
        assert isinstance(ft, FuncType)
        if name.kind == CONSTRUCTOR:
            if ft.is_async:
                raise InvalidError("constructor function cannot be async")
            if ft.result is None:
                raise InvalidError("function should return one value")
            r = ft.result
            handle = None
            if isinstance(r, Own):
                handle = r.type
            elif isinstance(r, Result) and isinstance(r.ok, Own):
                handle = r.ok.type
            if handle is None:
                raise InvalidError("function should return `(own $T)` or `(result (own $T))`")
            self.check_resource_name(handle, name.resource)
        elif name.kind == METHOD:
            if not ft.params:
                raise InvalidError("function should have at least one argument")
            pname, ptype = ft.params[0]
            if pname != "self":
                raise InvalidError("function should have a first argument called `self`")
            if not isinstance(ptype, Borrow):
                raise InvalidError("function should take a first argument of `(borrow $T)`")
            self.check_resource_name(ptype.type, name.resource)
        elif name.resource not in self.names:
            raise InvalidError("static resource name is not known in this context")


def validate_extern(name: ir.ExternName, kind: str, ext: Extern, names: NameContext,
                    keys: dict[tuple[str, str], str], items: dict[str, Extern]) -> None:
    """Check an import or export name (``kind`` ``"import"`` or ``"export"``)
    and its attributes against the item's type, and that it is unique; add
    it to ``items``."""
    text = name.name
    with context(f"{kind} name `{text}` is not a valid extern name"):
        parsed = parse_name(text)
    if kind == "export" and parsed.kind in (HASH, URL, DEPENDENCY):
        raise InvalidError(f"name `{text}` is not a valid export name")
    suffix = None
    seen_attributes: set[type] = set()
    for attribute in name.attributes:
        if type(attribute) in seen_attributes:
            option = {ir.Implements: "implements", ir.VersionSuffix: "versionsuffix",
                      ir.ExternalId: "external-id"}[type(attribute)]
            raise InvalidError(f"duplicate '{option}' option in name `{text}`")
        seen_attributes.add(type(attribute))
        if isinstance(attribute, ir.Implements):
            if parsed.kind != LABEL:
                raise InvalidError(f"name `{text}` is not valid with `implements`")
            if ext.kind != "instance":
                raise InvalidError("only instances can have an `implements`")
            with context(f"`{attribute.interface}` is not a valid name"):
                implements = parse_name(attribute.interface)
            if implements.kind != INTERFACE:
                raise InvalidError(f"name `{attribute.interface}` must be an interface")
        elif isinstance(attribute, ir.VersionSuffix):
            if ext.kind != "instance":
                raise InvalidError("only instances can have an `versionsuffix`")
            suffix = attribute.suffix
    with context(f"{kind} name `{parsed}` is not valid"):
        names.check_name(parsed, suffix, ext)
    prev = keys.get(parsed.key)
    if prev is not None:
        raise InvalidError(f"{kind} name `{text}` conflicts with previous name `{prev}`")
    keys[parsed.key] = text
    if text in items:
        raise InvalidError(f"{kind} name `{text}` conflicts with previous name `{text}`")
    items[text] = ext


class Scope:
    """Index spaces and bookkeeping of one component or component/instance type."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        # core index spaces
        self.core_types: list[DefType | ModuleType] = []
        self.core_space = CoreTypeSpace(self.core_types)
        self.core_funcs: list[DefType] = []
        self.core_tables: list[core.TableType] = []
        self.core_memories: list[core.MemType] = []
        self.core_globals: list[core.GlobalType] = []
        self.core_tags: list[DefType] = []
        self.core_modules: list[ModuleType] = []
        self.core_instances: list[CoreInstanceType] = []
        # component index spaces
        self.types: list[AnyType] = []
        self.funcs: list[FuncType] = []
        self.values: list[list] = []               # [value type, used]
        self.instances: list[InstanceType] = []
        self.components: list[ComponentType] = []
        # imports and exports
        self.imports: dict[str, Extern] = {}
        self.exports: dict[str, Extern] = {}
        self.import_keys: dict[tuple[str, str], str] = {}
        self.export_keys: dict[tuple[str, str], str] = {}
        self.import_names = NameContext()
        self.export_names = NameContext()
        # resources
        self.imported_resources: dict[Resource, Path] = {}
        self.defined_resources: dict[Resource, str | None] = {}
        self.explicit_resources: dict[Resource, Path] = {}
        # visibility: types named by an import or export (by identity)
        self.imported_types: dict[int, object] = {}
        self.exported_types: dict[int, object] = {}
        self.has_start = False

    # -- lookups, with wasm-tools' messages --

    @staticmethod
    def _at(space: list, idx: int, message: str):  # type: ignore[no-untyped-def]
        if 0 <= idx < len(space):
            return space[idx]
        raise InvalidError(message)

    def core_type_at(self, idx: int) -> DefType | ModuleType:
        return self._at(self.core_types, idx, f"unknown type {idx}: type index out of bounds")

    def type_at(self, idx: int) -> AnyType:
        return self._at(self.types, idx, f"unknown type {idx}: type index out of bounds")

    def func_type_at(self, idx: int) -> FuncType:
        t = self.type_at(idx)
        if not isinstance(t, FuncType):
            raise InvalidError(f"type index {idx} is not a function type")
        return t

    def defined_type_at(self, idx: int) -> Defined:
        t = self.type_at(idx)
        if not isinstance(t, Defined):
            raise InvalidError(f"type index {idx} is not a defined type")
        return t

    def resource_at(self, idx: int) -> ResourceType:
        t = self.type_at(idx)
        if not isinstance(t, ResourceType):
            raise InvalidError(f"type index {idx} is not a resource type")
        return t

    def local_resource_at(self, idx: int) -> Resource:
        """A resource type this component defined (``resource.new`` and
        ``resource.rep`` need one)."""
        t = self.resource_at(idx)
        if self.defined_resources.get(t.resource) is None:
            raise InvalidError(f"type {idx} is not a local resource")
        return t.resource

    def func_at(self, idx: int) -> FuncType:
        return self._at(self.funcs, idx,
                        f"unknown function {idx}: function index out of bounds")

    def component_at(self, idx: int) -> ComponentType:
        return self._at(self.components, idx,
                        f"unknown component {idx}: component index out of bounds")

    def instance_at(self, idx: int) -> InstanceType:
        return self._at(self.instances, idx,
                        f"unknown instance {idx}: instance index out of bounds")

    def value_at(self, idx: int) -> ValType:
        entry = self._at(self.values, idx, f"unknown value {idx}: value index out of bounds")
        if entry[1]:
            raise InvalidError(f"value {idx} cannot be used more than once")
        entry[1] = True
        return entry[0]

    def core_func_at(self, idx: int) -> DefType:
        return self._at(self.core_funcs, idx,
                        f"unknown core function {idx}: function index out of bounds")

    def module_at(self, idx: int) -> ModuleType:
        return self._at(self.core_modules, idx,
                        f"unknown module {idx}: module index out of bounds")

    def core_instance_at(self, idx: int) -> CoreInstanceType:
        return self._at(self.core_instances, idx,
                        f"unknown core instance {idx}: instance index out of bounds")

    def table_at(self, idx: int) -> core.TableType:
        return self._at(self.core_tables, idx, f"unknown table {idx}: table index out of bounds")

    def memory_at(self, idx: int) -> core.MemType:
        return self._at(self.core_memories, idx,
                        f"unknown memory {idx}: memory index out of bounds")

    def global_at(self, idx: int) -> core.GlobalType:
        return self._at(self.core_globals, idx,
                        f"unknown global {idx}: global index out of bounds")

    def tag_at(self, idx: int) -> DefType:
        return self._at(self.core_tags, idx, f"unknown tag {idx}: tag index out of bounds")

    def valtype(self, t: ir.ValType) -> ValType:
        """A value type of the IR, resolved."""
        if isinstance(t, int):
            return self.defined_type_at(t)
        return t

    # -- extern types --

    def extern_type(self, desc: ir.ExternDesc) -> Extern:
        """The type an ``externdesc`` describes (``check_type_ref``)."""
        sort, t = desc.sort, desc.type
        if sort == "core module":
            assert isinstance(t, int)
            mt = self.core_type_at(t)
            if not isinstance(mt, ModuleType):
                raise InvalidError(f"core type index {t} is not a module type")
            return Extern("module", mt)
        if sort == "func":
            assert isinstance(t, int)
            return Extern("func", self.func_type_at(t))
        if sort == "value":
            if isinstance(t, ir.EqBound):
                raise InvalidError("value `eq` bounds are not supported")
            return Extern("value", self.valtype(t))  # type: ignore[arg-type]
        if sort == "type":
            if isinstance(t, ir.EqBound):
                referenced = self.type_at(t.index)
                from .resolved import with_unique
                return Extern("type", with_unique(referenced), referenced)
            fresh = ResourceType(Resource())
            return Extern("type", fresh, fresh)
        if sort == "instance":
            assert isinstance(t, int)
            it = self.type_at(t)
            if not isinstance(it, InstanceType):
                raise InvalidError(f"type index {t} is not an instance type")
            return Extern("instance", it)
        assert isinstance(t, int)
        ct = self.type_at(t)
        if not isinstance(ct, ComponentType):
            raise InvalidError(f"type index {t} is not a component type")
        return Extern("component", ct)

    # -- adding items --

    def add_entity(self, ext: Extern, name: str | None = None, kind: str | None = None) -> Extern:
        """Add an item of type ``ext`` to its index space: an import or export
        (``kind``) named ``name``, or an alias. The (possibly freshened) type."""
        k = ext.kind
        if k == "module":
            self.core_modules.append(ext.type)  # type: ignore[arg-type]
        elif k == "component":
            self.components.append(ext.type)  # type: ignore[arg-type]
        elif k == "instance":
            it = ext.type
            assert isinstance(it, InstanceType)
            if kind == "import":
                it = self._prepare_instance_import(it, name or "")
            elif kind == "export":
                it = self._prepare_instance_export(it, name or "")
            if it is not ext.type:
                ext = Extern("instance", it)
            self.instances.append(it)
        elif k == "func":
            self.funcs.append(ext.type)  # type: ignore[arg-type]
        elif k == "value":
            self.values.append([ext.type, kind == "export"])
        else:
            created = ext.type
            self.types.append(created)  # type: ignore[arg-type]
            if isinstance(created, ResourceType) and name is not None:
                resource = created.resource
                if kind == "import" and created is ext.referenced:
                    self.imported_resources[resource] = (name,)
                elif kind == "export":
                    if created is ext.referenced:
                        self.defined_resources[resource] = None
                    self.explicit_resources[resource] = (name,)
        if name is not None and kind is not None:
            if not self._register_named_types(name, kind, ext):
                raise InvalidError(f"{ext.desc()} not valid to be used as {kind}")
        return ext

    def _prepare_instance_import(self, it: InstanceType, name: str) -> InstanceType:
        """An imported instance type's own resources become fresh resources
        that this component imports."""
        if not it.defined_resources:
            return it
        mapping = Remap()
        for old in it.defined_resources:
            new = Resource()
            mapping.resources[old] = new
            self.imported_resources[new] = (name,) + it.explicit_resources.get(old, ())
        exports = {n: mapping.apply(e) for n, e in it.exports.items()}
        explicit = {mapping.resource(r): p for r, p in it.explicit_resources.items()}
        return InstanceType(exports, [], explicit)  # type: ignore[arg-type]

    def _prepare_instance_export(self, it: InstanceType, name: str) -> InstanceType:
        """An exported instance makes its resources this component's; an
        instance type's own resources are made fresh first."""
        if it.defined_resources:
            mapping = Remap()
            for old in it.defined_resources:
                new = Resource()
                mapping.resources[old] = new
                self.defined_resources[new] = None
            exports = {n: mapping.apply(e) for n, e in it.exports.items()}
            explicit = {mapping.resource(r): p for r, p in it.explicit_resources.items()}
            it = InstanceType(exports, [], explicit)  # type: ignore[arg-type]
        for r, path in it.explicit_resources.items():
            self.explicit_resources[r] = (name,) + path
        return it

    # -- visibility (Explainer.md, "External visibility of types") --

    def _register_named_types(self, name: str | None, kind: str, ext: Extern) -> bool:
        if ext.kind == "type" and name is not None and isinstance(ext.type, ResourceType):
            names = self.import_names if kind == "import" else self.export_names
            names.register(name, ext.type)
        if self.kind == INSTANCE_TYPE:
            return True
        named = self.imported_types if kind == "import" else self.exported_types
        if ext.kind == "type":
            if not self._all_named(ext.referenced, named):
                return False
            created = ext.type
            if kind == "import":
                self.imported_types[id(created)] = created
            self.exported_types[id(created)] = created
            return True
        if ext.kind == "instance":
            return all(self._register_named_types(None, kind, e)
                       for e in ext.type.exports.values())  # type: ignore[attr-defined]
        if ext.kind == "func":
            return _func_named(ext.type, named)  # type: ignore[arg-type]
        if ext.kind == "value":
            return _valtype_named(ext.type, named)  # type: ignore[arg-type]
        return True

    def _all_named(self, t: object, named: dict[int, object]) -> bool:
        """Whether the types ``t`` is made of are named (``t`` itself need not be)."""
        if isinstance(t, (ResourceType, ComponentType)):
            return True
        if isinstance(t, Defined):
            return _defined_parts_named(t, named)
        if isinstance(t, FuncType):
            return _func_named(t, named)
        assert isinstance(t, InstanceType)
        for e in t.exports.values():
            if e.kind == "func" and not _func_named(e.type, named):  # type: ignore[arg-type]
                return False
            if e.kind == "type" and not self._all_named(e.type, named):
                return False
            if e.kind == "value" and isinstance(e.type, Defined) \
                    and not _defined_parts_named(e.type, named):
                return False
            if e.kind == "instance" and not self._all_named(e.type, named):
                return False
        return True

    # -- the result --

    def finish_component(self) -> ComponentType:
        """The type of this component (or component type): its imports and
        exports, and the resources they bind and define."""
        free: dict[Resource, None] = {}
        for e in self.imports.values():
            free.update(free_resources(e))
        for r in self.defined_resources:
            if r in free:
                raise InvalidError("local resource type found in imports")
        free = {}
        for e in self.exports.values():
            free.update(free_resources(e))
        defined: dict[Resource, Path] = {}
        for r in self.defined_resources:
            if r not in free:
                continue
            path = self.explicit_resources.get(r)
            if path is None:
                raise InvalidError("local resource type found in export but not exported itself")
            defined[r] = path
        return ComponentType(dict(self.imports), dict(self.exports),
                             dict(self.imported_resources), defined,
                             dict(self.explicit_resources))

    def finish_instance_type(self) -> InstanceType:
        return InstanceType(dict(self.exports), list(self.defined_resources),
                            dict(self.explicit_resources))


def _func_named(ft: FuncType, named: dict[int, object]) -> bool:
    return (all(_valtype_named(t, named) for _, t in ft.params)
            and (ft.result is None or _valtype_named(ft.result, named)))


def _valtype_named(t: ValType, named: dict[int, object]) -> bool:
    """Whether a value type used by an import or export may be: records,
    variants, enums, flags and resources must have been given a name."""
    if isinstance(t, str) or isinstance(t, Primitive):
        return True
    if isinstance(t, (Flags, Enum, Record, Variant)):
        return named.get(id(t)) is t
    if isinstance(t, (Own, Borrow)):
        return named.get(id(t.type)) is t.type
    return all(_valtype_named(c, named) for c in t.children())


def _defined_parts_named(t: Defined, named: dict[int, object]) -> bool:
    if isinstance(t, (Primitive, Flags, Enum)):
        return True
    if isinstance(t, (Own, Borrow)):
        return named.get(id(t.type)) is t.type
    return all(_valtype_named(c, named) for c in t.children())
