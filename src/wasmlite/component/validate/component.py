"""The component validator: walks a decoded component's sections in order,
building each index space with resolved types, and checks every definition
(Explainer.md and Binary.md; wasm-tools' messages)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ...errors import InvalidError
from ...validate.types import DefType
from .. import ir
from . import builtins
from . import canon as canonical
from . import deftypes
from .abi import Sizes
from .core import module_type_of, module_type_of_decls
from .resolved import (ComponentType, CoreExtern, CoreInstanceType, Extern, InstanceType,
                       ModuleType, Remap, Resource, ResourceType, free_resources)
from .result import ValidatedComponent
from .scope import COMPONENT, Scope, validate_extern
from .subtype import context, core_extern, entity, open_instance_type, valtype

_CORE_SORT_TEXT = {"func": "function", "table": "table", "memory": "memory",
                   "global": "global", "tag": "tag"}


class Validator:
    """The state of validating one outermost component: the stack of scopes
    (the innermost last) and caches shared by all of them."""

    def __init__(self, check_code: bool = True) -> None:
        self.check_code = check_code
        """Whether core modules are validated whole; when not, only their types
        are worked out and their function bodies are left undecoded until run
        (for bytes that validated before)."""
        self.stack: list[Scope] = []
        self.depths: dict[int, int] = {}
        self.sizes = Sizes()
        self.results: list[ValidatedComponent] = []

    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    @contextmanager
    def nested(self, scope: Scope) -> Iterator[Scope]:
        self.stack.append(scope)
        try:
            yield scope
        finally:
            self.stack.pop()

    # -- components --

    def component(self, component: ir.Component) -> ValidatedComponent:
        result = ValidatedComponent()
        with self.nested(Scope(COMPONENT)) as scope:
            for section in component.sections:
                self.section(section, result)
            result.type = scope.finish_component()
            result.scope = scope
        return result

    def section(self, section: ir.Section, result: ValidatedComponent) -> None:
        scope = self.scope
        if isinstance(section, ir.CoreModule):
            if self.check_code:
                mt = module_type_of(section.module)
            else:
                mt = module_type_of(section.known_valid_module(), check=False)
            scope.core_modules.append(mt)
            result.modules.append(mt)
        elif isinstance(section, ir.CoreInstanceSection):
            for core_inst in section.instances:
                scope.core_instances.append(self.core_instance(core_inst))
        elif isinstance(section, ir.CoreTypeSection):
            for core_t in section.types:
                self.core_type(core_t)
        elif isinstance(section, ir.Component):
            nested = self.component(section)
            scope.components.append(nested.type)
            result.components.append(nested)
        elif isinstance(section, ir.InstanceSection):
            for inst in section.instances:
                scope.instances.append(self.instance(inst))
        elif isinstance(section, ir.AliasSection):
            for alias in section.aliases:
                self.alias(alias)
        elif isinstance(section, ir.TypeSection):
            for t in section.types:
                deftypes.add_type(self, t)
        elif isinstance(section, ir.CanonSection):
            for c in section.canons:
                result.canons.append(self.canon(c))
        elif isinstance(section, ir.Start):
            self.start(section)
        elif isinstance(section, ir.ImportSection):
            for imp in section.imports:
                self.add_import(imp)
        elif isinstance(section, ir.ExportSection):
            for export in section.exports:
                self.export(export)
        elif isinstance(section, ir.ValueSection):
            for value in section.values:
                scope.values.append([scope.valtype(value.type), False])

    # -- core --

    def core_type(self, t: ir.CoreType) -> None:
        scope = self.scope
        if isinstance(t, ir.ModuleType):
            scope.core_space.add_module_type(module_type_of_decls(t.decls, self.outer_core_type))
        else:
            scope.core_space.add_rec_group(t.subtypes)

    def outer_core_type(self, count: int, index: int) -> DefType | ModuleType:
        return self._outer(count).core_type_at(index)

    def core_instance(self, inst: ir.CoreInstance) -> CoreInstanceType:
        scope = self.scope
        if isinstance(inst, ir.CoreInstantiate):
            mt = scope.module_at(inst.module)
            args: dict[str, CoreInstanceType] = {}
            for arg in inst.args:
                it = scope.core_instance_at(arg.instance)
                if arg.name in args:
                    raise InvalidError(f"duplicate module instantiation argument named "
                                       f"`{arg.name}`")
                args[arg.name] = it
            for (module, name), expected in mt.imports.items():
                supplied = args.get(module)
                if supplied is None:
                    raise InvalidError(f"missing module instantiation argument named "
                                       f"`{module}`")
                actual = supplied.exports.get(name)
                if actual is None:
                    raise InvalidError(f"module instantiation argument `{module}` does not "
                                       f"export an item named `{name}`")
                with context(f"type mismatch for export `{name}` of module instantiation "
                             f"argument `{module}`"):
                    core_extern(actual, expected)
            return CoreInstanceType(dict(mt.exports))
        exports: dict[str, CoreExtern] = {}
        for e in inst.exports:
            item = e.item
            if e.name in exports:
                raise InvalidError(f"duplicate instantiation export name `{e.name}` "
                                   "already defined")
            exports[e.name] = self._core_item(item.sort, item.index)
        return CoreInstanceType(exports)

    def _core_item(self, sort: str, idx: int) -> CoreExtern:
        scope = self.scope
        if sort == "func":
            return CoreExtern("func", scope.core_func_at(idx))
        if sort == "table":
            return CoreExtern("table", scope.table_at(idx))
        if sort == "memory":
            return CoreExtern("memory", scope.memory_at(idx))
        if sort == "global":
            return CoreExtern("global", scope.global_at(idx))
        if sort == "tag":
            return CoreExtern("tag", scope.tag_at(idx))
        raise InvalidError(f"core instance exports of sort `{sort}` are not allowed")

    # -- component instances --

    def instance(self, inst: ir.Instance) -> InstanceType:
        scope = self.scope
        if isinstance(inst, ir.Instantiate):
            ct = scope.component_at(inst.component)
            args: dict[str, Extern] = {}
            for arg in inst.args:
                ext = self._item(arg.item.sort, arg.item.index)
                if arg.name in args:
                    raise InvalidError(f"instantiation argument `{arg.name}` conflicts with "
                                       f"previous argument `{arg.name}`")
                args[arg.name] = ext
            return self.instantiate(ct, args)
        exports: dict[str, Extern] = {}
        explicit: dict[Resource, tuple[str, ...]] = {}
        keys: dict[tuple[str, str], str] = {}
        from .scope import NameContext
        for e in inst.exports:
            ext = self._item(e.item.sort, e.item.index)
            name = e.name.name
            if ext.kind == "type" and isinstance(ext.type, ResourceType):
                explicit[ext.type.resource] = (name,)
            elif ext.kind == "instance":
                for r, path in ext.type.explicit_resources.items():  # type: ignore[attr-defined]
                    explicit[r] = (name,) + path
            validate_extern(e.name, "export", ext, NameContext(), keys, exports)
        return InstanceType(exports, [], explicit)

    def instantiate(self, ct: ComponentType, args: dict[str, Extern]) -> InstanceType:
        """The instance a component of type ``ct`` gives with ``args``: its
        exports with the imported resources bound and the defined ones fresh."""
        mapping = open_instance_type(args, ct, "import")
        fresh = []
        for old in ct.defined_resources:
            new = Resource()
            mapping.resources[old] = new
            fresh.append(new)
        mapping = _refresh(mapping)
        exports = {n: mapping.apply(e) for n, e in ct.exports.items()}
        explicit = {mapping.resource(r): p for r, p in ct.explicit_resources.items()}
        for r in fresh:
            self.scope.defined_resources[r] = None
        return InstanceType(exports, [], explicit)  # type: ignore[arg-type]

    def _item(self, sort: str, idx: int) -> Extern:
        """The type of item ``idx`` of ``sort`` (an instantiation argument or
        an inline export)."""
        scope = self.scope
        if sort == "core module":
            return Extern("module", scope.module_at(idx))
        if sort == "component":
            return Extern("component", scope.component_at(idx))
        if sort == "instance":
            return Extern("instance", scope.instance_at(idx))
        if sort == "func":
            return Extern("func", scope.func_at(idx))
        if sort == "value":
            return Extern("value", scope.value_at(idx))
        if sort == "type":
            t = scope.type_at(idx)
            return Extern("type", t, t)
        raise InvalidError(f"items of sort `{sort}` cannot be used here")

    # -- aliases --

    def _outer(self, count: int) -> Scope:
        if count >= len(self.stack):
            raise InvalidError(f"invalid outer alias count of {count}")
        return self.stack[len(self.stack) - count - 1]

    def alias(self, alias: ir.Alias) -> None:
        scope = self.scope
        sort, target = alias.sort, alias.target
        if isinstance(target, ir.AliasExport):
            it = scope.instance_at(target.instance)
            ext = it.exports.get(target.name)
            if ext is None:
                raise InvalidError(f"instance {target.instance} has no export named "
                                   f"`{target.name}`")
            want = "module" if sort == "core module" else sort
            if ext.kind != want:
                raise InvalidError(f"export `{target.name}` for instance {target.instance} "
                                   f"is not a {want}")
            scope.add_entity(ext)
        elif isinstance(target, ir.AliasCoreExport):
            ci = scope.core_instance_at(target.instance)
            ce = ci.exports.get(target.name)
            if ce is None:
                raise InvalidError(f"core instance {target.instance} has no export named "
                                   f"`{target.name}`")
            kind = sort.removeprefix("core ")
            if ce.kind != kind:
                raise InvalidError(f"export `{target.name}` for core instance "
                                   f"{target.instance} is not a {_CORE_SORT_TEXT.get(kind, kind)}")
            space: list[object] = {"func": scope.core_funcs, "table": scope.core_tables,
                     "memory": scope.core_memories, "global": scope.core_globals,
                     "tag": scope.core_tags}[kind]  # type: ignore[assignment]
            space.append(ce.type)
        else:
            outer = self._outer(target.count)
            if sort == "core module":
                scope.core_modules.append(outer.module_at(target.index))
            elif sort == "core type":
                scope.core_space.add_alias(outer.core_type_at(target.index))
            elif sort == "component":
                scope.components.append(outer.component_at(target.index))
            elif sort == "type":
                t = outer.type_at(target.index)
                after = len(self.stack) - target.count
                if after < len(self.stack) and self.stack[after].kind == COMPONENT \
                        and free_resources(t):
                    raise InvalidError("cannot alias outer type which transitively refers "
                                       "to resources not defined in the current component")
                scope.types.append(t)
            else:
                raise InvalidError(f"outer aliases of sort `{sort}` are not allowed")

    # -- canonical definitions, start --

    def canon(self, c: ir.Canon) -> object:
        scope = self.scope
        if isinstance(c, ir.Lift):
            return canonical.lift(scope, c)
        if isinstance(c, ir.Lower):
            return canonical.lower(scope, c)
        ft = builtins.builtin(scope, c)
        scope.core_funcs.append(ft)
        return ft

    def start(self, start: ir.Start) -> None:
        scope = self.scope
        if scope.has_start:
            raise InvalidError("component cannot have more than one start function")
        ft = scope.func_at(start.func)
        if len(ft.params) != len(start.args):
            raise InvalidError(f"component start function requires {len(ft.params)} "
                               f"arguments but was given {len(start.args)}")
        results = int(ft.result is not None)
        if results != start.results:
            raise InvalidError(f"component start function has a result count of "
                               f"{start.results} but the function type has a result count "
                               f"of {results}")
        for i, ((_, pt), arg) in enumerate(zip(ft.params, start.args)):
            with context(f"value type mismatch for component start function argument {i}"):
                valtype(scope.value_at(arg), pt)
        if ft.result is not None:
            scope.values.append([ft.result, False])
        scope.has_start = True

    # -- imports and exports --

    def add_import(self, imp: ir.Import) -> None:
        scope = self.scope
        ext = scope.extern_type(imp.desc)
        ext = scope.add_entity(ext, imp.name.name, "import")
        validate_extern(imp.name, "import", ext, scope.import_names, scope.import_keys,
                        scope.imports)

    def add_export(self, name: ir.ExternName, ext: Extern) -> None:
        scope = self.scope
        ext = scope.add_entity(ext, name.name, "export")
        validate_extern(name, "export", ext, scope.export_names, scope.export_keys,
                        scope.exports)

    def export(self, export: ir.Export) -> None:
        scope = self.scope
        item = export.item
        if item.sort == "core module":
            actual = Extern("module", scope.module_at(item.index))
        elif item.sort == "type":
            from .resolved import with_unique
            t = scope.type_at(item.index)
            actual = Extern("type", with_unique(t), t)
        else:
            actual = self._item(item.sort, item.index)
        if export.desc is not None:
            ascribed = scope.extern_type(export.desc)
            with context("ascribed type of export is not compatible with item's type"):
                entity(actual, ascribed)
            actual = ascribed
        self.add_export(export.name, actual)


def _refresh(mapping: Remap) -> Remap:
    """``mapping`` with its memo cleared, after resources were added."""
    fresh = Remap(mapping.resources)
    fresh.types = mapping.types
    return fresh


def validate_component(component: ir.Component,
                       features: frozenset[str] | None = None,
                       check_code: bool = True) -> ValidatedComponent:
    """Validate a decoded component; what validation learned (its type, the
    types of its index spaces, its nested components and canonical
    definitions). Raises :class:`InvalidError` saying why it is not valid.
    ``features`` are the component-model features that are on (see
    :mod:`.features`); ``None`` leaves them all ungated. ``check_code=False``
    skips validating the nested core modules themselves (their function
    bodies above all), for a binary known to have validated before."""
    if features is None:
        return Validator(check_code).component(component)
    from .features import check_component_features, unsupported_memory64
    check_component_features(component, features)
    try:
        return Validator(check_code).component(component)
    except InvalidError as e:
        unsupported_memory64(e, features)
        raise


__all__ = ["Validator", "validate_component", "ModuleType"]
