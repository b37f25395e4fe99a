"""Decoding type definitions: core types and module types (``core:type``),
defined value types, function, component, instance and resource types
(``type``)."""

from __future__ import annotations

from ... import ir as core
from ...binary.types import (REC, decode_globaltype, decode_memtype, decode_rectype,
                             decode_tabletype, decode_tagtype, decode_valtype)
from .. import ir
from . import codes
from .externs import read_alias, read_extern_name, read_externdesc, read_valtype
from .reader import ComponentReader

CoreExternType = int | core.TableType | core.MemType | core.GlobalType | core.TagType
"""The type of a core import or export: a function type index, or a table,
memory, global or tag type."""

MAX_NESTING = 100
"""How deeply component, instance and module types may nest in one another;
deeper nesting is refused before it exhausts the Python stack."""

_DEFVALTYPE_EXPECTED = ("a primitive value type (0x73-0x7f, 0x64) or 0x3f (resource), "
                        "0x40/0x43 (func), 0x41 (component), 0x42 (instance), "
                        "0x72 (record), "
                        "0x71 (variant), 0x70 (list), 0x67 (fixed-length list), 0x6f (tuple), "
                        "0x6e (flags), 0x6d (enum), 0x6b (option), 0x6a (result), 0x69 (own), "
                        "0x68 (borrow), 0x66 (stream), 0x65 (future), 0x63 (map)")


def _check_depth(r: ComponentReader, depth: int, pos: int) -> None:
    if depth > MAX_NESTING:
        raise r.error(f"types nested too deeply: more than {MAX_NESTING} levels", pos)


# -- core types -------------------------------------------------------------------

def read_core_type(r: ComponentReader, depth: int = 0) -> ir.CoreType:
    """``core:deftype``: a core ``rectype``, a non-final subtype after ``0x00``,
    or a module type (``0x50``)."""
    pos = r.pos
    b = r.peek()
    if b == codes.NON_FINAL_SUB_PREFIX:
        r.pos += 1
        at = r.pos
        b = r.peek()
        if b != codes.MODULE_TYPE:
            raise r.invalid_byte(b, "non-final sub type", "0x50 (sub) after 0x00", at)
        return ir.CoreRecType(tuple(r.core(decode_rectype)), False)
    if b == codes.MODULE_TYPE:
        _check_depth(r, depth, pos)
        r.pos += 1
        decls = [_read_module_decl(r, depth + 1) for _ in range(r.count("module type declarations"))]
        return ir.ModuleType(decls)
    return ir.CoreRecType(tuple(r.core(decode_rectype)), b == REC)


def _read_core_externtype(r: ComponentReader) -> tuple[str, CoreExternType]:
    """A core ``externtype``: its kind and its type (as in a core import)."""
    pos = r.pos
    b = r.byte()
    if b == 0:
        return "func", r.u32()
    if b == 1:
        return "table", r.core(decode_tabletype)
    if b == 2:
        return "memory", r.core(decode_memtype)
    if b == 3:
        return "global", r.core(decode_globaltype)
    if b == 4:
        return "tag", r.core(decode_tagtype)
    raise r.invalid_byte(b, "core external kind", "0x00 (func), 0x01 (table), 0x02 (memory), "
                         "0x03 (global), 0x04 (tag)", pos)


def _read_module_decl(r: ComponentReader, depth: int) -> ir.ModuleDecl:
    """``core:moduledecl``."""
    pos = r.pos
    b = r.byte()
    if b == codes.MODULE_IMPORT:
        module_name = r.name()
        name = r.name()
        kind, desc = _read_core_externtype(r)
        return core.Import(module_name, name, kind, desc)
    if b == codes.MODULE_TYPE_DECL:
        return ir.CoreTypeDecl(read_core_type(r, depth))
    if b == codes.MODULE_ALIAS:
        at = r.pos
        sort = r.byte()
        if sort != codes.CORE_ALIAS_TYPE_SORT:
            raise r.invalid_byte(sort, "outer alias kind", "0x10 (type)", at)
        at = r.pos
        target = r.byte()
        if target != codes.CORE_ALIAS_OUTER:
            raise r.invalid_byte(target, "outer alias target", "0x01 (outer)", at)
        return ir.CoreOuterAlias(r.u32(), r.u32())
    if b == codes.MODULE_EXPORT:
        name = r.name()
        kind, desc = _read_core_externtype(r)
        return ir.CoreExportDecl(name, kind, desc)
    raise r.invalid_byte(b, "type definition", "0x00 (import), 0x01 (type), 0x02 (alias) or "
                         "0x03 (export) in a module type", pos)


# -- value types ------------------------------------------------------------------

def read_optional_valtype(r: ComponentReader) -> ir.ValType | None:
    """``valtype?``: ``0x00``, or ``0x01`` and a value type."""
    pos = r.pos
    b = r.byte()
    if b == 0:
        return None
    if b == 1:
        return read_valtype(r)
    raise r.invalid_byte(b, "optional component value type",
                         "0x00 (none) or 0x01 (a value type)", pos)


def _read_labelled(r: ComponentReader, what: str) -> tuple[tuple[str, ir.ValType], ...]:
    """``vec(labelvaltype)``."""
    items = []
    for _ in range(r.count(what)):
        label = r.name()
        items.append((label, read_valtype(r)))
    return tuple(items)


def _read_labels(r: ComponentReader, what: str) -> tuple[str, ...]:
    return tuple(r.name() for _ in range(r.count(what)))


def _read_case(r: ComponentReader) -> ir.Case:
    label = r.name()
    payload = read_optional_valtype(r)
    pos = r.pos
    b = r.byte()
    if b != 0:
        raise r.invalid_byte(b, "zero byte required", "0x00 after a variant case", pos)
    return ir.Case(label, payload)


def _read_compound(r: ComponentReader, b: int) -> ir.DefValType | None:
    """The ``defvaltype`` that starts with the (consumed) byte ``b``, or ``None``
    if no defined value type starts with it."""
    if b == codes.RECORD:
        return ir.Record(_read_labelled(r, "record fields"))
    if b == codes.VARIANT:
        return ir.Variant(tuple(_read_case(r) for _ in range(r.count("variant cases"))))
    if b == codes.LIST:
        return ir.List(read_valtype(r))
    if b == codes.FIXED_LENGTH_LIST:
        element = read_valtype(r)
        return ir.FixedLengthList(element, r.u32())
    if b == codes.TUPLE:
        return ir.Tuple(tuple(read_valtype(r) for _ in range(r.count("tuple types"))))
    if b == codes.FLAGS:
        return ir.Flags(_read_labels(r, "flag names"))
    if b == codes.ENUM:
        return ir.Enum(_read_labels(r, "enum cases"))
    if b == codes.OPTION:
        return ir.Option(read_valtype(r))
    if b == codes.RESULT:
        ok = read_optional_valtype(r)
        return ir.Result(ok, read_optional_valtype(r))
    if b == codes.OWN:
        return ir.Own(r.u32())
    if b == codes.BORROW:
        return ir.Borrow(r.u32())
    if b == codes.STREAM:
        return ir.Stream(read_optional_valtype(r))
    if b == codes.FUTURE:
        return ir.Future(read_optional_valtype(r))
    if b == codes.MAP:
        key = read_valtype(r)
        return ir.Map(key, read_valtype(r))
    return None


# -- function types and the other defined types ---------------------------------------

def read_resultlist(r: ComponentReader) -> ir.ValType | None:
    """``resultlist``: ``0x00`` and a value type, or ``0x01 0x00`` (no result)."""
    pos = r.pos
    b = r.byte()
    if b == codes.RESULT_ONE:
        return read_valtype(r)
    if b == codes.RESULT_NONE:
        at = r.pos
        zero = r.byte()
        if zero != 0:
            raise r.invalid_byte(zero, "number of results", "0x00 after 0x01 (no result)", at)
        return None
    raise r.invalid_byte(b, "component function results",
                         "0x00 (one result) or 0x01 0x00 (no result)", pos)


def read_deftype(r: ComponentReader, depth: int = 0) -> ir.DefType:
    """``deftype``: a defined value type, or a function, component, instance or
    resource type."""
    pos = r.pos
    b = r.byte()
    primitive = codes.PRIMITIVE_BY_CODE.get(b)
    if primitive is not None:
        return primitive
    if b == codes.FUNC_TYPE or b == codes.ASYNC_FUNC_TYPE:
        params = _read_labelled(r, "component function parameters")
        return ir.FuncType(params, read_resultlist(r), b == codes.ASYNC_FUNC_TYPE)
    if b == codes.COMPONENT_TYPE:
        _check_depth(r, depth, pos)
        return ir.ComponentType([_read_decl(r, depth + 1, True)
                                 for _ in range(r.count("component type declarations"))])
    if b == codes.INSTANCE_TYPE:
        _check_depth(r, depth, pos)
        decls: list[ir.InstanceDecl] = []
        for _ in range(r.count("instance type declarations")):
            decl = _read_decl(r, depth + 1, False)
            assert not isinstance(decl, ir.Import)      # refused by _read_decl
            decls.append(decl)
        return ir.InstanceType(decls)
    if b == codes.RESOURCE_TYPE:
        rep = r.core(decode_valtype)
        at = r.pos
        has_dtor = r.byte()
        if has_dtor > 1:
            raise r.invalid_byte(has_dtor, "resource destructor",
                                 "0x00 (none) or 0x01 (a core function index)", at)
        return ir.ResourceType(rep, r.u32() if has_dtor else None)
    compound = _read_compound(r, b)
    if compound is None:
        raise r.invalid_byte(b, "component defined type", _DEFVALTYPE_EXPECTED, pos)
    return compound


def _read_decl(r: ComponentReader, depth: int, in_component: bool) -> ir.ComponentDecl:
    """``componentdecl`` (``in_component``) or ``instancedecl``."""
    pos = r.pos
    b = r.byte()
    if b == codes.DECL_CORE_TYPE:
        return ir.CoreTypeDecl(read_core_type(r, depth))
    if b == codes.DECL_TYPE:
        return ir.TypeDecl(read_deftype(r, depth))
    if b == codes.DECL_ALIAS:
        return read_alias(r)
    if b == codes.DECL_IMPORT and in_component:
        name = read_extern_name(r)
        return ir.Import(name, read_externdesc(r))
    if b == codes.DECL_EXPORT:
        name = read_extern_name(r)
        return ir.ExportDecl(name, read_externdesc(r))
    expected = "0x00 (core type), 0x01 (type), 0x02 (alias), "
    expected += "0x03 (import), 0x04 (export)" if in_component else "0x04 (export)"
    raise r.invalid_byte(b, "component or instance type declaration", expected, pos)
