"""Encoding the component IR into a component binary: the inverse of
``decoder.py``, so that ``decode_component(encode_component(c)) == c``.

Integers are written in their shortest form; what the IR keeps of the way a
binary was written (section boundaries, the leading byte of names, explicit
``rec`` groups) is written back as it was, so a binary written in the
shortest form encodes back to the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import ir as core
from ...binary.types import REC
from ...binary.writer import (cannot_encode, write_bytes, write_globaltype, write_limits,
                              write_name, write_signed, write_subtype, write_tabletype,
                              write_tagtype, write_u32, write_valtype)
from .. import ir
from ..ir.names import WITH_ATTRIBUTES
from . import codes
from .names import encode_component_names


def encode_component(component: ir.Component) -> bytes:
    """The binary of ``component``."""
    out = bytearray(codes.PREAMBLE)
    for section in component.sections:
        _write_section(out, section)
    return bytes(out)


# -- sections ---------------------------------------------------------------------

def _write_section(out: bytearray, section: ir.Section) -> None:
    body = bytearray()
    if isinstance(section, ir.CustomSection):
        section_id = codes.CUSTOM
        write_name(body, section.name)
        body += section.data
    elif isinstance(section, ir.NameSection):
        section_id = codes.CUSTOM
        write_name(body, ir.COMPONENT_NAME_SECTION)
        body += encode_component_names(section.names)
    elif isinstance(section, ir.CoreModule):
        section_id = codes.CORE_MODULE
        body += section.data
    elif isinstance(section, ir.Component):
        section_id = codes.COMPONENT
        body += encode_component(section)
    elif isinstance(section, ir.Start):
        section_id = codes.START
        write_u32(body, section.func)
        write_u32(body, len(section.args))
        for arg in section.args:
            write_u32(body, arg)
        write_u32(body, section.results)
    else:
        entry = _VECTOR_SECTIONS.get(type(section))
        if entry is None:
            raise cannot_encode("component section", section)
        section_id, field, write_item = entry
        items = getattr(section, field)
        write_u32(body, len(items))
        for item in items:
            write_item(body, item)
    out.append(section_id)
    write_u32(out, len(body))
    out += body


# -- sorts, names, extern descriptors, aliases --------------------------------------------

def _write_sort(out: bytearray, sort: str) -> None:
    if sort.startswith("core "):
        code = codes.CORE_SORT_CODES.get(sort[5:])
        if code is None:
            raise cannot_encode("sort", sort)
        out.append(codes.CORE_SORT_PREFIX)
        out.append(code)
        return
    code = codes.SORT_CODES.get(sort)
    if code is None:
        raise cannot_encode("sort", sort)
    out.append(code)


def _write_sortidx(out: bytearray, item: ir.SortIdx) -> None:
    _write_sort(out, item.sort)
    write_u32(out, item.index)


def _write_core_sort(out: bytearray, sort: str) -> None:
    code = codes.CORE_SORT_CODES.get(sort)
    if code is None:
        raise cannot_encode("core sort", sort)
    out.append(code)


def _write_extern_name(out: bytearray, name: ir.ExternName) -> None:
    form = name.form
    if name.attributes and form != WITH_ATTRIBUTES:
        raise cannot_encode("name attributes in a name of form", form)
    out.append(form)
    write_name(out, name.name)
    if form != WITH_ATTRIBUTES:
        return
    write_u32(out, len(name.attributes))
    for attribute in name.attributes:
        if isinstance(attribute, ir.Implements):
            out.append(codes.ATTR_IMPLEMENTS)
            write_name(out, attribute.interface)
        elif isinstance(attribute, ir.VersionSuffix):
            out.append(codes.ATTR_VERSION_SUFFIX)
            write_name(out, attribute.suffix)
        elif isinstance(attribute, ir.ExternalId):
            out.append(codes.ATTR_EXTERNAL_ID)
            write_name(out, attribute.name)
        else:
            raise cannot_encode("name attribute", attribute)


def _write_valtype(out: bytearray, t: ir.ValType) -> None:
    if isinstance(t, int):
        if t < 0:
            raise cannot_encode("type index", t)
        write_signed(out, t)
        return
    code = codes.PRIMITIVE_CODES.get(t)
    if code is None:
        raise cannot_encode("value type", t)
    out.append(code)


def _write_optional_valtype(out: bytearray, t: ir.ValType | None) -> None:
    if t is None:
        out.append(0)
    else:
        out.append(1)
        _write_valtype(out, t)


def _write_externdesc(out: bytearray, desc: ir.ExternDesc) -> None:
    code = codes.EXTERN_CODES.get(desc.sort)
    if code is None:
        raise cannot_encode("extern type sort", desc.sort)
    out.append(code)
    if desc.sort == "core module":
        out.append(codes.CORE_SORT_CODES["module"])
    t = desc.type
    if desc.sort == "type":
        if isinstance(t, ir.EqBound):
            out.append(codes.BOUND_EQ)
            write_u32(out, t.index)
        elif isinstance(t, ir.SubResource):
            out.append(codes.BOUND_SUB_RESOURCE)
        else:
            raise cannot_encode("type bound", t)
    elif desc.sort == "value":
        if isinstance(t, ir.EqBound):
            out.append(codes.BOUND_EQ)
            write_u32(out, t.index)
        else:
            out.append(codes.VALUE_BOUND_TYPE)
            _write_valtype(out, t)  # type: ignore[arg-type]
    elif isinstance(t, int):
        write_u32(out, t)
    else:
        raise cannot_encode(f"type index of a {desc.sort} extern type", t)


def _write_alias(out: bytearray, alias: ir.Alias) -> None:
    _write_sort(out, alias.sort)
    target = alias.target
    if isinstance(target, ir.AliasExport):
        out.append(codes.ALIAS_EXPORT)
        write_u32(out, target.instance)
        write_name(out, target.name)
    elif isinstance(target, ir.AliasCoreExport):
        out.append(codes.ALIAS_CORE_EXPORT)
        write_u32(out, target.instance)
        write_name(out, target.name)
    elif isinstance(target, ir.AliasOuter):
        out.append(codes.ALIAS_OUTER)
        write_u32(out, target.count)
        write_u32(out, target.index)
    else:
        raise cannot_encode("alias target", target)


def _write_import(out: bytearray, imp: ir.Import) -> None:
    _write_extern_name(out, imp.name)
    _write_externdesc(out, imp.desc)


def _write_export(out: bytearray, export: ir.Export) -> None:
    _write_extern_name(out, export.name)
    _write_sortidx(out, export.item)
    if export.desc is None:
        out.append(0)
    else:
        out.append(1)
        _write_externdesc(out, export.desc)


def _write_value(out: bytearray, value: ir.ValueDef) -> None:
    _write_valtype(out, value.type)
    write_bytes(out, value.data)


# -- instances --------------------------------------------------------------------

def _write_core_instance(out: bytearray, instance: ir.CoreInstance) -> None:
    if isinstance(instance, ir.CoreInstantiate):
        out.append(codes.INSTANTIATE)
        write_u32(out, instance.module)
        write_u32(out, len(instance.args))
        for arg in instance.args:
            write_name(out, arg.name)
            out.append(codes.CORE_INSTANCE_ARG_SORT)
            write_u32(out, arg.instance)
    elif isinstance(instance, ir.CoreInlineExports):
        out.append(codes.INLINE_EXPORTS)
        write_u32(out, len(instance.exports))
        for export in instance.exports:
            write_name(out, export.name)
            _write_core_sort(out, export.item.sort)
            write_u32(out, export.item.index)
    else:
        raise cannot_encode("core instance", instance)


def _write_instance(out: bytearray, instance: ir.Instance) -> None:
    if isinstance(instance, ir.Instantiate):
        out.append(codes.INSTANTIATE)
        write_u32(out, instance.component)
        write_u32(out, len(instance.args))
        for arg in instance.args:
            write_name(out, arg.name)
            _write_sortidx(out, arg.item)
    elif isinstance(instance, ir.InlineExports):
        out.append(codes.INLINE_EXPORTS)
        write_u32(out, len(instance.exports))
        for export in instance.exports:
            _write_extern_name(out, export.name)
            _write_sortidx(out, export.item)
    else:
        raise cannot_encode("instance", instance)


# -- core types -------------------------------------------------------------------

def _write_core_type(out: bytearray, t: ir.CoreType) -> None:
    if isinstance(t, ir.ModuleType):
        out.append(codes.MODULE_TYPE)
        write_u32(out, len(t.decls))
        for decl in t.decls:
            _write_module_decl(out, decl)
        return
    if not isinstance(t, ir.CoreRecType):
        raise cannot_encode("core type", t)
    if t.explicit or len(t.subtypes) != 1:
        out.append(REC)
        write_u32(out, len(t.subtypes))
        for sub in t.subtypes:
            write_subtype(out, sub)
        return
    sub = t.subtypes[0]
    if not sub.final:
        out.append(codes.NON_FINAL_SUB_PREFIX)
    write_subtype(out, sub)


def _write_core_externtype(out: bytearray, kind: str, desc: object) -> None:
    if kind not in codes.CORE_EXTERN_KINDS:
        raise cannot_encode("core extern kind", kind)
    out.append(codes.CORE_EXTERN_KINDS.index(kind))
    if kind == "func":
        write_u32(out, desc)  # type: ignore[arg-type]
    elif kind == "table":
        write_tabletype(out, desc)  # type: ignore[arg-type]
    elif kind == "memory":
        write_limits(out, desc.limits)  # type: ignore[attr-defined]
    elif kind == "global":
        write_globaltype(out, desc)  # type: ignore[arg-type]
    else:
        write_tagtype(out, desc)  # type: ignore[arg-type]


def _write_module_decl(out: bytearray, decl: ir.ModuleDecl) -> None:
    if isinstance(decl, core.Import):
        out.append(codes.MODULE_IMPORT)
        write_name(out, decl.module)
        write_name(out, decl.name)
        _write_core_externtype(out, decl.kind, decl.desc)
    elif isinstance(decl, ir.CoreTypeDecl):
        out.append(codes.MODULE_TYPE_DECL)
        _write_core_type(out, decl.type)
    elif isinstance(decl, ir.CoreOuterAlias):
        out.append(codes.MODULE_ALIAS)
        out.append(codes.CORE_ALIAS_TYPE_SORT)
        out.append(codes.CORE_ALIAS_OUTER)
        write_u32(out, decl.count)
        write_u32(out, decl.index)
    elif isinstance(decl, ir.CoreExportDecl):
        out.append(codes.MODULE_EXPORT)
        write_name(out, decl.name)
        _write_core_externtype(out, decl.kind, decl.desc)
    else:
        raise cannot_encode("module type declaration", decl)


# -- types ------------------------------------------------------------------------

def _write_labelled(out: bytearray, items: tuple[tuple[str, ir.ValType], ...]) -> None:
    write_u32(out, len(items))
    for label, t in items:
        write_name(out, label)
        _write_valtype(out, t)


def _write_labels(out: bytearray, labels: tuple[str, ...]) -> None:
    write_u32(out, len(labels))
    for label in labels:
        write_name(out, label)


def _write_resultlist(out: bytearray, result: ir.ValType | None) -> None:
    if result is None:
        out.append(codes.RESULT_NONE)
        out.append(0)
    else:
        out.append(codes.RESULT_ONE)
        _write_valtype(out, result)


def _write_deftype(out: bytearray, t: ir.DefType) -> None:
    if isinstance(t, str):
        _write_valtype(out, t)
    elif isinstance(t, ir.Record):
        out.append(codes.RECORD)
        _write_labelled(out, t.fields)
    elif isinstance(t, ir.Variant):
        out.append(codes.VARIANT)
        write_u32(out, len(t.cases))
        for case in t.cases:
            write_name(out, case.label)
            _write_optional_valtype(out, case.type)
            out.append(0)
    elif isinstance(t, ir.List):
        out.append(codes.LIST)
        _write_valtype(out, t.element)
    elif isinstance(t, ir.FixedLengthList):
        out.append(codes.FIXED_LENGTH_LIST)
        _write_valtype(out, t.element)
        write_u32(out, t.length)
    elif isinstance(t, ir.Tuple):
        out.append(codes.TUPLE)
        write_u32(out, len(t.types))
        for element in t.types:
            _write_valtype(out, element)
    elif isinstance(t, ir.Flags):
        out.append(codes.FLAGS)
        _write_labels(out, t.labels)
    elif isinstance(t, ir.Enum):
        out.append(codes.ENUM)
        _write_labels(out, t.labels)
    elif isinstance(t, ir.Option):
        out.append(codes.OPTION)
        _write_valtype(out, t.type)
    elif isinstance(t, ir.Result):
        out.append(codes.RESULT)
        _write_optional_valtype(out, t.ok)
        _write_optional_valtype(out, t.error)
    elif isinstance(t, (ir.Own, ir.Borrow)):
        out.append(codes.OWN if isinstance(t, ir.Own) else codes.BORROW)
        write_u32(out, t.type)
    elif isinstance(t, (ir.Stream, ir.Future)):
        out.append(codes.STREAM if isinstance(t, ir.Stream) else codes.FUTURE)
        _write_optional_valtype(out, t.type)
    elif isinstance(t, ir.Map):
        out.append(codes.MAP)
        _write_valtype(out, t.key)
        _write_valtype(out, t.value)
    elif isinstance(t, ir.FuncType):
        out.append(codes.ASYNC_FUNC_TYPE if t.is_async else codes.FUNC_TYPE)
        _write_labelled(out, t.params)
        _write_resultlist(out, t.result)
    elif isinstance(t, ir.ComponentType):
        out.append(codes.COMPONENT_TYPE)
        write_u32(out, len(t.decls))
        for decl in t.decls:
            _write_decl(out, decl)
    elif isinstance(t, ir.InstanceType):
        out.append(codes.INSTANCE_TYPE)
        write_u32(out, len(t.decls))
        for decl in t.decls:
            if isinstance(decl, ir.Import):
                raise cannot_encode("import in an instance type", decl)
            _write_decl(out, decl)
    elif isinstance(t, ir.ResourceType):
        out.append(codes.RESOURCE_TYPE)
        write_valtype(out, t.rep)
        if t.dtor is None:
            out.append(0)
        else:
            out.append(1)
            write_u32(out, t.dtor)
    else:
        raise cannot_encode("type definition", t)


def _write_decl(out: bytearray, decl: ir.ComponentDecl) -> None:
    if isinstance(decl, ir.CoreTypeDecl):
        out.append(codes.DECL_CORE_TYPE)
        _write_core_type(out, decl.type)
    elif isinstance(decl, ir.TypeDecl):
        out.append(codes.DECL_TYPE)
        _write_deftype(out, decl.type)
    elif isinstance(decl, ir.Alias):
        out.append(codes.DECL_ALIAS)
        _write_alias(out, decl)
    elif isinstance(decl, ir.Import):
        out.append(codes.DECL_IMPORT)
        _write_import(out, decl)
    elif isinstance(decl, ir.ExportDecl):
        out.append(codes.DECL_EXPORT)
        _write_extern_name(out, decl.name)
        _write_externdesc(out, decl.desc)
    else:
        raise cannot_encode("type declaration", decl)


# -- canonical definitions -----------------------------------------------------------

def _write_opts(out: bytearray, opts: tuple[ir.CanonOpt, ...]) -> None:
    write_u32(out, len(opts))
    for opt in opts:
        if opt.name == "string-encoding":
            code = codes.STRING_ENCODING_CODES.get(opt.value)  # type: ignore[arg-type]
            if code is None:
                raise cannot_encode("string encoding", opt.value)
            out.append(code)
        elif opt.name == "async":
            out.append(codes.OPT_ASYNC)
        elif opt.name == "gc":
            out.append(codes.OPT_GC)
        else:
            code = codes.INDEX_OPTION_CODES.get(opt.name)
            if code is None or not isinstance(opt.value, int):
                raise cannot_encode("canonical option", opt)
            out.append(code)
            write_u32(out, opt.value)


def _write_canon(out: bytearray, canon: ir.Canon) -> None:
    if isinstance(canon, ir.Lift):
        out.append(codes.CANON_LIFT)
        out.append(codes.CANON_FUNC_SORT)
        write_u32(out, canon.core_func)
        _write_opts(out, canon.opts)
        write_u32(out, canon.type)
        return
    if isinstance(canon, ir.Lower):
        out.append(codes.CANON_LOWER)
        out.append(codes.CANON_FUNC_SORT)
        write_u32(out, canon.func)
        _write_opts(out, canon.opts)
        return
    code = codes.CANON_BUILTIN_CODES.get(canon.name) if isinstance(canon, ir.CanonBuiltin) \
        else None
    if code is None:
        raise cannot_encode("canonical definition", canon)
    out.append(code)
    for immediate in ir.BUILTIN_IMMEDIATES[canon.name]:
        value = getattr(canon, immediate)
        if immediate == "opts":
            _write_opts(out, value)
        elif immediate == "result":
            _write_resultlist(out, value)
        elif immediate == "valtype":
            write_valtype(out, value)
        elif immediate in ("is_async", "cancellable", "shared"):
            out.append(1 if value else 0)
        elif isinstance(value, int):
            write_u32(out, value)
        else:
            raise cannot_encode(f"{immediate} of {canon.name}", value)


_VECTOR_SECTIONS: dict[type, tuple[int, str, Callable[[bytearray, Any], None]]] = {
    ir.CoreInstanceSection: (codes.CORE_INSTANCE, "instances", _write_core_instance),
    ir.CoreTypeSection: (codes.CORE_TYPE, "types", _write_core_type),
    ir.InstanceSection: (codes.INSTANCE, "instances", _write_instance),
    ir.AliasSection: (codes.ALIAS, "aliases", _write_alias),
    ir.TypeSection: (codes.TYPE, "types", _write_deftype),
    ir.CanonSection: (codes.CANON, "canons", _write_canon),
    ir.ImportSection: (codes.IMPORT, "imports", _write_import),
    ir.ExportSection: (codes.EXPORT, "exports", _write_export),
    ir.ValueSection: (codes.VALUE, "values", _write_value),
}
"""Each vector section: its id, the field holding its items, how to write one item."""
