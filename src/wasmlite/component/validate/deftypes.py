"""Type definitions (Explainer.md, "Type Definitions"): defined value types
with their well-formedness rules, function types, resource types, and
component and instance types built from their declarators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import InvalidError
from .. import ir
from .names import kebab_label
from .resolved import (AnyType, Borrow, ComponentType, Defined, Enum, FixedLengthList, Flags,
                       FuncType, Future, InstanceType, List, Map, Option, Own, Primitive, Record,
                       Resource, ResourceType, Result, Stream, Tuple, ValType, Variant,
                       contains_borrow)
from .scope import COMPONENT, COMPONENT_TYPE, INSTANCE_TYPE, Scope

if TYPE_CHECKING:
    from .component import Validator

MAX_FLAGS = 32
MAX_TYPE_DEPTH = 100


def _unique_labels(labels: list[str], what: str, previous: str) -> None:
    """Labels are kebab-case and unique, compared case-insensitively."""
    seen: dict[str, str] = {}
    for label in labels:
        kebab_label(label, what)
        prev = seen.get(label.lower())
        if prev is not None:
            raise InvalidError(f"{what} name `{label}` conflicts with previous {previous} "
                               f"name `{prev}`")
        seen[label.lower()] = label


def defined_type(scope: Scope, t: ir.DefValType, v: Validator) -> Defined:
    """Resolve and check a ``defvaltype``."""
    if isinstance(t, str):
        return Primitive(_primitive(t, v))
    vt = scope.valtype
    if isinstance(t, ir.Record):
        if not t.fields:
            raise InvalidError("record type must have at least one field")
        _unique_labels([n for n, _ in t.fields], "record field", "field")
        return Record(tuple((n, _val(scope, ft, v)) for n, ft in t.fields))
    if isinstance(t, ir.Variant):
        if not t.cases:
            raise InvalidError("variant type must have at least one case")
        _unique_labels([c.label for c in t.cases], "variant case", "case")
        return Variant(tuple((c.label, None if c.type is None else _val(scope, c.type, v))
                             for c in t.cases))
    if isinstance(t, ir.List):
        return List(_val(scope, t.element, v))
    if isinstance(t, ir.FixedLengthList):
        if t.length < 1:
            raise InvalidError("Fixed-length lists must have more than zero elements")
        return FixedLengthList(_val(scope, t.element, v), t.length)
    if isinstance(t, ir.Tuple):
        if not t.types:
            raise InvalidError("tuple type must have at least one type")
        return Tuple(tuple(_val(scope, x, v) for x in t.types))
    if isinstance(t, ir.Flags):
        if not t.labels:
            raise InvalidError("flags must have at least one entry")
        if len(t.labels) > MAX_FLAGS:
            raise InvalidError(f"cannot have more than {MAX_FLAGS} flags")
        _unique_labels(list(t.labels), "flag", "flag")
        return Flags(t.labels)
    if isinstance(t, ir.Enum):
        if not t.labels:
            raise InvalidError("enum type must have at least one variant")
        _unique_labels(list(t.labels), "enum tag", "tag")
        return Enum(t.labels)
    if isinstance(t, ir.Option):
        return Option(_val(scope, t.type, v))
    if isinstance(t, ir.Result):
        return Result(None if t.ok is None else _val(scope, t.ok, v),
                      None if t.error is None else _val(scope, t.error, v))
    if isinstance(t, ir.Own):
        return Own(scope.resource_at(t.type))
    if isinstance(t, ir.Borrow):
        return Borrow(scope.resource_at(t.type))
    if isinstance(t, ir.Map):
        return Map(_val(scope, t.key, v), _val(scope, t.value, v))
    payload = None if t.type is None else _val(scope, t.type, v)
    if isinstance(t, ir.Stream):
        element = payload.name if isinstance(payload, Primitive) else payload
        if element == "char":
            raise InvalidError("`stream<char>` is not valid at this time, use `stream<u8>` "
                               "with a defined by encoding instead for now")
        return Stream(payload)
    return Future(payload)


def _primitive(name: str, v: Validator) -> str:
    return name


def _val(scope: Scope, t: ir.ValType, v: Validator) -> ValType:
    if isinstance(t, str):
        return _primitive(t, v)
    return scope.defined_type_at(t)


def func_type(scope: Scope, t: ir.FuncType, v: Validator) -> FuncType:
    """Resolve and check a function type: kebab-case unique parameter names,
    no ``borrow`` in the result."""
    _unique_labels([n for n, _ in t.params], "function parameter", "parameter")
    params = tuple((n, _val(scope, p, v)) for n, p in t.params)
    result = None if t.result is None else _val(scope, t.result, v)
    if contains_borrow(result):
        raise InvalidError("function result cannot contain a `borrow` type")
    return FuncType(params, result, t.is_async)


def _depth(t: object, memo: dict[int, int]) -> int:
    if not isinstance(t, Defined):
        return 0
    known = memo.get(id(t))
    if known is None:
        known = memo[id(t)] = 1 + max((_depth(c, memo) for c in t.children()), default=0)
    return known


def add_type(v: Validator, t: ir.DefType) -> None:
    """A type definition (a type section entry or a ``type`` declarator)."""
    scope = v.scope
    new: AnyType
    if isinstance(t, ir.FuncType):
        new = func_type(scope, t, v)
    elif isinstance(t, ir.ComponentType):
        new = component_type(v, t.decls)
    elif isinstance(t, ir.InstanceType):
        new = instance_type(v, t.decls)
    elif isinstance(t, ir.ResourceType):
        new = resource_type(v, t)
    else:
        d = defined_type(scope, t, v)
        if _depth(d, v.depths) > MAX_TYPE_DEPTH:
            raise InvalidError("type nesting is too deep")
        v.sizes.check_max_size(d)
        new = d
    scope.types.append(new)


def resource_type(v: Validator, t: ir.ResourceType) -> ResourceType:
    scope = v.scope
    if scope.kind != COMPONENT:
        raise InvalidError("resources can only be defined within a concrete component")
    if t.rep == "i64":
        raise InvalidError("resources with `i64` require the `cm64` feature to be enabled")
    if t.rep != "i32":
        raise InvalidError("resources can only be represented by `i32` or `i64`")
    if t.dtor is not None:
        from .core import core_functype
        ft = scope.core_func_at(t.dtor)
        if not ft.matches(core_functype(("i32",), ())):
            raise InvalidError(f"core function {t.dtor} has wrong signature for a destructor")
    resource = Resource("i32", t.dtor)
    scope.defined_resources[resource] = "i32"
    return ResourceType(resource)


def component_type(v: Validator, decls: list[ir.ComponentDecl]) -> ComponentType:
    with v.nested(Scope(COMPONENT_TYPE)) as scope:
        for decl in decls:
            _declarator(v, decl)
        return scope.finish_component()


def instance_type(v: Validator, decls: list[ir.InstanceDecl]) -> InstanceType:
    with v.nested(Scope(INSTANCE_TYPE)) as scope:
        for decl in decls:
            _declarator(v, decl)
        return scope.finish_instance_type()


def _declarator(v: Validator, decl: ir.ComponentDecl) -> None:
    scope = v.scope
    if isinstance(decl, ir.CoreTypeDecl):
        v.core_type(decl.type)
    elif isinstance(decl, ir.TypeDecl):
        add_type(v, decl.type)
    elif isinstance(decl, ir.Alias):
        sort, target = decl.sort, decl.target
        allowed = ((isinstance(target, ir.AliasExport) and sort in ("type", "instance"))
                   or (isinstance(target, ir.AliasOuter) and sort in ("type", "core type")))
        if not allowed:
            raise InvalidError("aliases in a component or instance type may only refer to "
                               "types or instances")
        v.alias(decl)
    elif isinstance(decl, ir.ExportDecl):
        v.add_export(decl.name, scope.extern_type(decl.desc))
    else:
        assert isinstance(decl, ir.Import)
        if scope.kind == INSTANCE_TYPE:
            raise InvalidError("instance types may not contain imports")
        v.add_import(decl)
