"""Core definitions inside a component: core types (rec groups and module
types), nested core modules (validated by the core validator), and the types
of core functions that canonical definitions produce."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ... import ir as core
from ...errors import InvalidError
from ...validate.types import DefType, canonicalize, close_externtype
from .. import ir
from .resolved import CoreExtern, ModuleType

_PLACEHOLDER = core.SubType(True, (), core.FuncType((), ()))
"""Stands for a module type in a core type index space while canonicalizing
the function, struct and array types around it."""


class CoreTypeSpace:
    """A core type index space being built: function/struct/array types
    (canonicalized by the core validator's rules) and module types."""

    def __init__(self, types: list[DefType | ModuleType]) -> None:
        self.types = types
        self.subtypes: list[core.SubType] = [_PLACEHOLDER] * len(types)
        self.groups: list[tuple[int, int]] = [(i, 1) for i in range(len(types))]

    def add_rec_group(self, subtypes: tuple[core.SubType, ...]) -> None:
        start = len(self.subtypes)
        self.subtypes.extend(subtypes)
        self.groups.append((start, len(subtypes)))
        module = core.Module(types=list(self.subtypes), rec_groups=list(self.groups))
        deftypes = canonicalize(module)
        self.types.extend(deftypes[start:])

    def add_module_type(self, mt: ModuleType) -> None:
        self.subtypes.append(_PLACEHOLDER)
        self.groups.append((len(self.subtypes) - 1, 1))
        self.types.append(mt)

    def add_alias(self, t: DefType | ModuleType) -> None:
        """An aliased core type, added as is."""
        if isinstance(t, ModuleType):
            self.add_module_type(t)
            return
        # an alias keeps its closed type: a group of one that canonicalizes to it
        self.subtypes.append(_PLACEHOLDER)
        self.groups.append((len(self.subtypes) - 1, 1))
        self.types.append(t)

    def deftype(self, idx: int) -> DefType:
        if not 0 <= idx < len(self.types):
            raise InvalidError(f"unknown type {idx}: type index out of bounds")
        t = self.types[idx]
        if isinstance(t, ModuleType):
            raise InvalidError(f"type index {idx} is a module type, not a sub type")
        return t


def _closed_types(space: CoreTypeSpace) -> list[DefType]:
    """The space's types as the core validator's helpers take them (module
    types stand in as placeholders never referenced by valid types)."""
    placeholder = canonicalize(core.Module(types=[_PLACEHOLDER]))[0]
    return [t if isinstance(t, DefType) else placeholder for t in space.types]


def module_type_of_decls(decls: list[ir.ModuleDecl],
                         outer: Callable[[int, int], DefType | ModuleType]) -> ModuleType:
    """The module type ``(module decl*)``; ``outer(count, index)`` resolves
    an outer alias of a core type."""
    space = CoreTypeSpace([])
    imports: dict[tuple[str, str], CoreExtern] = {}
    exports: dict[str, CoreExtern] = {}
    for decl in decls:
        if isinstance(decl, ir.CoreTypeDecl):
            declared = decl.type
            if isinstance(declared, ir.ModuleType):
                raise InvalidError("invalid leading byte: a module type cannot be declared "
                                  "inside a module type")
            space.add_rec_group(declared.subtypes)
        elif isinstance(decl, ir.CoreOuterAlias):
            if decl.count == 0:
                space.add_alias(space.deftype(decl.index))
            else:
                aliased = outer(decl.count - 1, decl.index)
                if isinstance(aliased, ModuleType):
                    raise InvalidError("not implemented: aliasing core module types into a "
                                       "core module's types index space")
                space.add_alias(aliased)
        elif isinstance(decl, ir.CoreExportDecl):
            if decl.name in exports:
                raise InvalidError(f"duplicate export name `{decl.name}` already defined")
            exports[decl.name] = _extern(decl.kind, decl.desc, space)
        else:
            assert isinstance(decl, core.Import)
            if (decl.module, decl.name) in imports:
                raise InvalidError(f"duplicate import name `{decl.module}:{decl.name}`")
            imports[(decl.module, decl.name)] = _extern(decl.kind, decl.desc, space)
    return ModuleType(imports, exports)


def _extern(kind: str, desc: object, space: CoreTypeSpace) -> CoreExtern:
    deftypes = _closed_types(space)
    if kind in ("memory", "table"):
        _check_limits(kind, desc)
    if kind in ("func", "tag"):
        idx = desc if kind == "func" else desc.typeidx  # type: ignore[attr-defined]
        dt = space.deftype(idx)  # type: ignore[arg-type]
        if dt.kind != "func":
            raise InvalidError(f"type index {idx} is not a function type")
        return CoreExtern(kind, dt)
    return CoreExtern(kind, close_externtype(kind, desc, deftypes))


def _check_limits(kind: str, desc: object) -> None:
    """A memory or table type of a module type has limits within bounds."""
    limits = desc.limits  # type: ignore[attr-defined]
    if kind == "memory":
        log2 = 16 if limits.page_size_log2 is None else limits.page_size_log2
        if limits.is64:
            bound, text = (1 << 48, "2^48 pages (256 TiB)") if log2 == 16 else \
                ((1 << 64) - 1, "2^64-1 pages")
        else:
            bound, text = (1 << 16, "65536 pages (4GiB)") if log2 == 16 else \
                ((1 << 32) - 1, "2^32-1 pages")
        message = f"memory size must be at most {text}"
    else:
        bound = (1 << 64) - 1 if limits.is64 else (1 << 32) - 1
        message = f"table size must be at most {'2^64-1' if limits.is64 else '2^32-1'}"
    if limits.min > bound or (limits.max is not None and limits.max > bound):
        raise InvalidError(message)
    if limits.max is not None and limits.min > limits.max:
        raise InvalidError("size minimum must not be greater than maximum")
    if kind == "memory" and limits.shared and limits.max is None:
        raise InvalidError("shared memory must have maximum")


def module_type_of(module: core.Module, check: bool = True) -> ModuleType:
    """Validate a nested core module (unless ``check`` is false: it validated
    before); its type (imports and exports)."""
    if check:
        from ...validate.module import validate_module
        validate_module(module)
    deftypes = canonicalize(module)
    imports: dict[tuple[str, str], CoreExtern] = {}
    spaces: dict[str, list[CoreExtern]] = {k: [] for k in ("func", "table", "memory",
                                                            "global", "tag")}
    for imp in module.imports:
        ext = CoreExtern(imp.kind, close_externtype(imp.kind, imp.desc, deftypes))
        if (imp.module, imp.name) in imports:
            raise InvalidError(f"duplicate import name `{imp.module}:{imp.name}`")
        imports[(imp.module, imp.name)] = ext
        spaces[imp.kind].append(ext)
    spaces["table"] += [CoreExtern("table", close_externtype("table", t.type, deftypes))
                        for t in module.tables]
    spaces["memory"] += [CoreExtern("memory", m) for m in module.mems]
    spaces["global"] += [CoreExtern("global", close_externtype("global", g.type, deftypes))
                         for g in module.globals]
    spaces["tag"] += [CoreExtern("tag", deftypes[t.typeidx]) for t in module.tags]
    # The module's own functions are typed only when exported (a large module
    # has far more than it exports), once each, as exports may share one.
    n_imported = len(spaces["func"])
    own_funcs: dict[int, CoreExtern] = {}
    exports: dict[str, CoreExtern] = {}
    for e in module.exports:
        if e.kind == "func" and e.index >= n_imported:
            ext = own_funcs.get(e.index)
            if ext is None:
                typeidx = module.funcs[e.index - n_imported].typeidx
                ext = own_funcs[e.index] = CoreExtern("func", deftypes[typeidx])
        else:
            ext = spaces[e.kind][e.index]
        exports[e.name] = ext
    return ModuleType(imports, exports)


@cache
def core_functype(params: tuple[str, ...], results: tuple[str, ...]) -> DefType:
    """The closed core function type ``[params] -> [results]``."""
    return canonicalize(core.Module(types=[core.SubType(True, (),
                                                        core.FuncType(params, results))]))[0]


def functype_parts(t: DefType) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """``(params, results)`` of a closed core function type."""
    ct = t.comptype
    assert isinstance(ct, core.FuncType)
    return ct.params, ct.results
