"""Subtyping of resolved component types (Explainer.md, "Type Checking"), and
of core extern types where components meet core modules.

``a <: b`` reads "an item of type ``a`` may be used where ``b`` is
expected". Like wasm-tools, value types and function types must be equal
(no width or depth subtyping yet); instances may export more than expected,
modules may import less and export more, and components are matched through
the resources they bind (:func:`open_instance_type`). Every failure raises
:class:`InvalidError` with wasm-tools' wording, wrapped in the context that
says where the mismatch is (``type mismatch in record field `x`: ...``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ... import ir as core
from ...errors import InvalidError
from ...validate.types import DefType, ref_subtype
from .resolved import (Borrow, ComponentType, CoreExtern, Defined, Enum, Extern,
                       FixedLengthList, Flags, FuncType, Future, InstanceType, List, Map,
                       ModuleType, Option, Own, Primitive, Record, Remap, ResourceType, Result,
                       Stream, Tuple, ValType, Variant, any_type_desc)


@contextmanager
def context(message: str | Callable[[], str]) -> Iterator[None]:
    """Prefix an error raised inside the block with ``message``."""
    try:
        yield
    except InvalidError as e:
        text = message() if callable(message) else message
        raise InvalidError(f"{text}: {e.message}") from None


def entity(a: Extern, b: Extern) -> None:
    """``a <: b`` for the types of two imports/exports/instance items."""
    if a.kind != b.kind:
        raise InvalidError(f"expected {b.desc()}, found {a.desc()}")
    kind = a.kind
    if kind == "module":
        module_type(a.type, b.type)  # type: ignore[arg-type]
    elif kind == "func":
        func_type(a.type, b.type)  # type: ignore[arg-type]
    elif kind == "value":
        valtype(a.type, b.type)  # type: ignore[arg-type]
    elif kind == "type":
        any_type(a.referenced, b.referenced)
    elif kind == "instance":
        instance_type(a.type, b.type)  # type: ignore[arg-type]
    else:
        component_type(a.type, b.type)  # type: ignore[arg-type]


def any_type(a: object, b: object) -> None:
    """``a <: b`` for two types of the type index space."""
    if isinstance(a, ResourceType):
        if not isinstance(b, ResourceType):
            raise InvalidError(f"expected {any_type_desc(b)}, found resource")
        if a.resource is not b.resource:
            raise InvalidError("resource types are not the same")
        return
    if isinstance(a, Defined):
        if not isinstance(b, Defined):
            raise InvalidError(f"expected {any_type_desc(b)}, found defined type")
        defined(a, b)
        return
    if isinstance(a, FuncType):
        if not isinstance(b, FuncType):
            raise InvalidError(f"expected {any_type_desc(b)}, found func type")
        func_type(a, b)
        return
    if isinstance(a, InstanceType):
        if not isinstance(b, InstanceType):
            raise InvalidError(f"expected {any_type_desc(b)}, found instance type")
        instance_type(a, b)
        return
    if not isinstance(b, ComponentType):
        raise InvalidError(f"expected {any_type_desc(b)}, found component type")
    component_type(a, b)  # type: ignore[arg-type]


def func_type(a: FuncType, b: FuncType) -> None:
    if a.is_async != b.is_async:
        a_desc = "async" if a.is_async else "sync"
        b_desc = "async" if b.is_async else "sync"
        raise InvalidError(f"expected {a_desc} function, found {b_desc} function")
    if len(a.params) != len(b.params):
        raise InvalidError(f"expected {len(b.params)} parameters, found {len(a.params)}")
    for (an, at), (bn, bt) in zip(a.params, b.params):
        if an.lower() != bn.lower():
            raise InvalidError(f"expected parameter named `{bn}`, found `{an}`")
        with context(f"type mismatch in function parameter `{an}`"):
            valtype(at, bt)
    if a.result is not None and b.result is not None:
        with context("type mismatch with result type"):
            valtype(a.result, b.result)
    elif a.result is not None:
        raise InvalidError("expected a result, found none")
    elif b.result is not None:
        raise InvalidError("expected no result, found one")


def instance_type(a: InstanceType, b: InstanceType) -> None:
    pairs = []
    for name, bt in b.exports.items():
        at = a.exports.get(name)
        if at is None:
            raise InvalidError(f"missing expected export `{name}`")
        pairs.append((name, at, bt))
    for name, at, bt in pairs:
        with context(f"type mismatch in instance export `{name}`"):
            entity(at, bt)


def component_type(a: ComponentType, b: ComponentType) -> None:
    """``a <: b``: ``b``'s imports satisfy ``a``'s, and ``a``'s exports (with
    the resources so bound) satisfy ``b``'s."""
    import_mapping = open_instance_type(dict(b.imports), a, "import", swapped=True)
    a_exports = {name: import_mapping.apply(t) for name, t in a.exports.items()}
    open_instance_type(a_exports, b, "export")  # type: ignore[arg-type]


def open_instance_type(args: dict[str, Extern], ct: ComponentType, kind: str,
                       swapped: bool = False) -> Remap:
    """Check that the items ``args`` (by name) satisfy the imports (``kind``
    ``"import"``) or exports (``"export"``) of ``ct``; the substitution of
    ``ct``'s imported (or defined) resources by those of ``args``, with the
    type renamings that type imports establish.

    ``swapped`` checks in the other direction (the items are expected, the
    entities of ``ct`` provided), as component subtyping needs for imports.
    """
    entities = ct.imports if kind == "import" else ct.exports
    resources = ct.imported_resources if kind == "import" else ct.defined_resources
    mapping = Remap()
    for resource, path in resources.items():
        ty: Extern | None = entities.get(path[0])
        arg = args.get(path[0])
        for name in path[1:]:
            if ty is None or not isinstance(ty.type, InstanceType):
                break
            ty = ty.type.exports.get(name)
            arg = (arg.type.exports.get(name)
                   if arg is not None and isinstance(arg.type, InstanceType) else None)
        if arg is not None and arg.kind == "type" and isinstance(arg.type, ResourceType):
            mapping.resources[resource] = arg.type.resource
    checks = []
    for name, expected in entities.items():
        arg = args.get(name)
        if arg is None:
            raise InvalidError(f"missing {kind} named `{name}`")
        checks.append((name, arg, expected))
    renames: list[tuple[object, object]] = []
    for name, actual, expected in checks:
        check = Remap(mapping.resources)
        substituted = check.apply(expected)
        assert isinstance(substituted, Extern)
        with context(f"type mismatch for {kind} `{name}`"):
            if swapped:
                entity(substituted, actual)
            else:
                entity(actual, substituted)
        _type_renamings(actual, substituted, renames)
    for old, new in renames:
        mapping.rename(old, new)
    return mapping


def _type_renamings(actual: Extern, expected: Extern,
                    out: list[tuple[object, object]]) -> None:
    """The types that ``expected``'s type items stand for once ``actual``
    satisfies it."""
    if expected.kind == "type" and actual.kind == "type":
        out.append((expected.type, actual.type))
    elif expected.kind == "instance" and actual.kind == "instance":
        for name, e in expected.type.exports.items():  # type: ignore[attr-defined]
            a = actual.type.exports.get(name)  # type: ignore[attr-defined]
            if a is not None:
                _type_renamings(a, e, out)


def valtype(a: ValType, b: ValType) -> None:
    """``a <: b`` for value types (equality, as wasm-tools checks it)."""
    if isinstance(a, str):
        if isinstance(b, str):
            primitive(a, b)
        elif isinstance(b, Primitive):
            primitive(a, b.name)
        else:
            raise InvalidError(f"expected {b.desc()}, found {a}")
        return
    if isinstance(b, str):
        if isinstance(a, Primitive):
            primitive(a.name, b)
        else:
            raise InvalidError(f"expected {b}, found {a.desc()}")
        return
    defined(a, b)


def primitive(a: str, b: str) -> None:
    if a != b:
        raise InvalidError(f"expected primitive `{b}` found primitive `{a}`")


def _optional(a: ValType | None, b: ValType | None, what: str, context_text: str) -> None:
    if a is not None and b is not None:
        with context(context_text):
            valtype(a, b)
    elif a is None and b is not None:
        raise InvalidError(f"expected {what}, but found none")
    elif a is not None:
        raise InvalidError(f"expected {what} to not be present")


def defined(a: Defined, b: Defined) -> None:
    """``a <: b`` for two defined value types."""
    if a is b:
        return
    if isinstance(a, Primitive):
        if not isinstance(b, Primitive):
            raise InvalidError(f"expected {b.desc()}, found {a.name}")
        primitive(a.name, b.name)
        return
    if type(a) is not type(b):
        found = "list" if isinstance(a, FixedLengthList) else a.desc()
        raise InvalidError(f"expected {b.desc()}, found {found}")
    if isinstance(a, Record):
        assert isinstance(b, Record)
        if len(a.fields) != len(b.fields):
            raise InvalidError(f"expected {len(b.fields)} fields, found {len(a.fields)}")
        for (an, at), (bn, bt) in zip(a.fields, b.fields):
            if an.lower() != bn.lower():
                raise InvalidError(f"expected field name `{bn}`, found `{an}`")
            with context(f"type mismatch in record field `{an}`"):
                valtype(at, bt)
    elif isinstance(a, Variant):
        assert isinstance(b, Variant)
        if len(a.cases) != len(b.cases):
            raise InvalidError(f"expected {len(b.cases)} cases, found {len(a.cases)}")
        for (an, ac), (bn, bc) in zip(a.cases, b.cases):
            if an.lower() != bn.lower():
                raise InvalidError(f"expected case named `{bn}`, found `{an}`")
            if ac is not None and bc is not None:
                with context(f"type mismatch in variant case `{an}`"):
                    valtype(ac, bc)
            elif ac is None and bc is not None:
                raise InvalidError(f"expected case `{an}` to have a type, found none")
            elif ac is not None and bc is None:
                raise InvalidError(f"expected case `{an}` to have no type")
    elif isinstance(a, List):
        assert isinstance(b, List)
        valtype(a.element, b.element)
    elif isinstance(a, Option):
        assert isinstance(b, Option)
        valtype(a.type, b.type)
    elif isinstance(a, FixedLengthList):
        assert isinstance(b, FixedLengthList)
        if a.length != b.length:
            raise InvalidError(f"expected fixed-length {b.length}, found size {a.length}")
        valtype(a.element, b.element)
    elif isinstance(a, Map):
        assert isinstance(b, Map)
        with context("type mismatch in map key"):
            valtype(a.key, b.key)
        with context("type mismatch in map value"):
            valtype(a.value, b.value)
    elif isinstance(a, Tuple):
        assert isinstance(b, Tuple)
        if len(a.types) != len(b.types):
            raise InvalidError(f"expected {len(b.types)} types, found {len(a.types)}")
        for i, (at, bt) in enumerate(zip(a.types, b.types)):
            with context(f"type mismatch in tuple field {i}"):
                valtype(at, bt)
    elif isinstance(a, (Flags, Enum)):
        assert isinstance(b, (Flags, Enum))
        if [x.lower() for x in a.labels] != [x.lower() for x in b.labels]:
            raise InvalidError(f"mismatch in {a.desc()} elements")
    elif isinstance(a, Result):
        assert isinstance(b, Result)
        _optional(a.ok, b.ok, "ok type", "type mismatch in ok variant")
        _optional(a.error, b.error, "err type", "type mismatch in err variant")
    elif isinstance(a, (Own, Borrow)):
        assert isinstance(b, (Own, Borrow))
        if a.type.resource is not b.type.resource:
            raise InvalidError("resource types are not the same")
    elif isinstance(a, Future):
        assert isinstance(b, Future)
        _optional(a.type, b.type, "future type", "type mismatch in future")
    elif isinstance(a, Stream):
        assert isinstance(b, Stream)
        _optional(a.type, b.type, "stream type", "type mismatch in stream")


# --- core -------------------------------------------------------------------------

def module_type(a: ModuleType, b: ModuleType) -> None:
    """``a <: b``: ``a`` imports no more than ``b`` (each import a supertype of
    ``b``'s) and exports at least what ``b`` does."""
    for key, a_import in a.imports.items():
        b_import = b.imports.get(key)
        if b_import is None:
            raise InvalidError(f"missing expected import `{key[0]}::{key[1]}`")
        with context(f"type mismatch in import `{key[0]}::{key[1]}`"):
            core_extern(b_import, a_import)
    for name, b_export in b.exports.items():
        a_export = a.exports.get(name)
        if a_export is None:
            raise InvalidError(f"missing expected export `{name}`")
        with context(f"type mismatch in export `{name}`"):
            core_extern(a_export, b_export)


def core_extern(a: CoreExtern, b: CoreExtern) -> None:
    """``a <: b`` for core extern types, with wasm-tools' messages."""
    if a.kind != b.kind:
        raise InvalidError(f"expected {b.kind}, found {a.kind}")
    if a.kind in ("func", "tag"):
        at, bt = a.type, b.type
        assert isinstance(at, DefType) and isinstance(bt, DefType)
        if not at.matches(bt) if a.kind == "func" else at is not bt:
            raise InvalidError(f"expected: {core_functype_text(bt)}\n"
                               f"found:    {core_functype_text(at)}")
    elif a.kind == "global":
        ag, bg = a.type, b.type
        assert isinstance(ag, core.GlobalType) and isinstance(bg, core.GlobalType)
        if ag.mutable != bg.mutable:
            raise InvalidError("global types differ in mutability")
        if ag.valtype != bg.valtype:
            raise InvalidError(f"expected global type {bg.valtype}, found {ag.valtype}")
    elif a.kind == "table":
        at_, bt_ = a.type, b.type
        assert isinstance(at_, core.TableType) and isinstance(bt_, core.TableType)
        if not (ref_subtype(at_.element, bt_.element) and ref_subtype(bt_.element, at_.element)):
            raise InvalidError(f"expected table element type {bt_.element}, "
                               f"found {at_.element}")
        if at_.limits.shared != bt_.limits.shared:
            raise InvalidError("mismatch in the shared flag for tables")
        if at_.limits.is64 != bt_.limits.is64 or not limits_match(at_.limits, bt_.limits):
            raise InvalidError("mismatch in table limits")
    else:
        am, bm = a.type, b.type
        assert isinstance(am, core.MemType) and isinstance(bm, core.MemType)
        memory_type(am, bm)


def memory_type(a: core.MemType, b: core.MemType) -> None:
    la, lb = a.limits, b.limits
    if la.shared != lb.shared:
        raise InvalidError("mismatch in the shared flag for memories")
    if la.is64 != lb.is64:
        raise InvalidError("mismatch in index type used for memories")
    if (la.page_size_log2 or 16) != (lb.page_size_log2 or 16):
        raise InvalidError("mismatch in page size for memories")
    if not limits_match(la, lb):
        raise InvalidError("mismatch in memory limits")


def limits_match(a: core.Limits, b: core.Limits) -> bool:
    """Import matching of limits: ``a`` (provided) within ``b`` (required)."""
    if a.min < b.min:
        return False
    if b.max is None:
        return True
    return a.max is not None and a.max <= b.max


def core_functype_text(t: DefType) -> str:
    """A core function type as wasm-tools prints it: ``(func (param i32))``."""
    ct = t.comptype
    if not isinstance(ct, core.FuncType):
        return f"({t.kind})"
    parts = ["func"]
    if ct.params:
        parts.append("(param " + " ".join(map(_core_valtype_text, ct.params)) + ")")
    if ct.results:
        parts.append("(result " + " ".join(map(_core_valtype_text, ct.results)) + ")")
    return "(" + " ".join(parts) + ")"


def _core_valtype_text(t: object) -> str:
    if isinstance(t, core.RefType) and isinstance(t.heap, DefType):
        return f"(ref {'null ' if t.nullable else ''}{t.heap.kind})"
    return str(t)
