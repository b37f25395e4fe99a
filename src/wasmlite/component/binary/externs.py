"""Decoding the pieces shared by sections and type declarators: sorts,
import and export names, extern descriptors and aliases."""

from __future__ import annotations

from .. import ir
from ..ir.names import PLAIN, PLAIN_LEGACY, WITH_ATTRIBUTES
from . import codes
from .reader import ComponentReader

_CORE_SORTS_EXPECTED = ", ".join(f"0x{c:02x} ({s})" for s, c in codes.CORE_SORT_CODES.items())
_SORTS_EXPECTED = ("0x00 (core sort), " +
                   ", ".join(f"0x{c:02x} ({s})" for s, c in codes.SORT_CODES.items()))


def _sort_from_bytes(r: ComponentReader, first: int, second: int | None, pos: int,
                     what: str) -> str:
    """The sort written as ``first`` (and ``second`` after ``0x00``) at ``pos``."""
    if first == codes.CORE_SORT_PREFIX:
        assert second is not None
        core_sort = codes.CORE_SORT_BY_CODE.get(second)
        if core_sort is None:
            raise r.invalid_byte(second, what, f"a core sort, {_CORE_SORTS_EXPECTED}", pos + 1)
        return f"core {core_sort}"
    sort = codes.SORT_BY_CODE.get(first)
    if sort is None:
        raise r.invalid_byte(first, what, _SORTS_EXPECTED, pos)
    return sort


def _sort_bytes(r: ComponentReader) -> tuple[int, int | None, int]:
    """The one or two bytes of a sort, unchecked, and where they start."""
    pos = r.pos
    first = r.byte()
    second = r.byte() if first == codes.CORE_SORT_PREFIX else None
    return first, second, pos


def read_sort(r: ComponentReader, what: str = "component external kind") -> str:
    """``sort``."""
    return _sort_from_bytes(r, *_sort_bytes(r), what)


def read_sortidx(r: ComponentReader) -> ir.SortIdx:
    """``sortidx``: a sort and an index."""
    sort = read_sort(r)
    return ir.SortIdx(sort, r.u32())


def read_core_sort(r: ComponentReader, what: str = "core sort") -> str:
    """``core:sort``, by its unprefixed name."""
    pos = r.pos
    b = r.byte()
    sort = codes.CORE_SORT_BY_CODE.get(b)
    if sort is None:
        raise r.invalid_byte(b, what, _CORE_SORTS_EXPECTED, pos)
    return sort


def read_extern_name(r: ComponentReader) -> ir.ExternName:
    """``nameattributes``: a name, with attributes after the ``0x02`` form."""
    pos = r.pos
    form = r.byte()
    if form not in (PLAIN, PLAIN_LEGACY, WITH_ATTRIBUTES):
        raise r.invalid_byte(form, "component name", "0x00 or 0x01 (a name), "
                             "0x02 (a name with attributes)", pos)
    name = r.name()
    if form != WITH_ATTRIBUTES:
        return ir.ExternName(name, (), form)
    attributes: list[ir.Attribute] = []
    for _ in range(r.count("name attributes")):
        at = r.pos
        kind = r.byte()
        if kind == codes.ATTR_IMPLEMENTS:
            attributes.append(ir.Implements(r.name()))
        elif kind == codes.ATTR_VERSION_SUFFIX:
            attributes.append(ir.VersionSuffix(r.name()))
        elif kind == codes.ATTR_EXTERNAL_ID:
            attributes.append(ir.ExternalId(r.name()))
        else:
            raise r.invalid_byte(kind, "name option", "0x00 (implements), "
                                 "0x01 (versionsuffix), 0x02 (external-id)", at)
    return ir.ExternName(name, tuple(attributes), form)


def read_valtype(r: ComponentReader) -> ir.ValType:
    """``valtype``: a primitive type code or a type index (a non-negative ``s33``)."""
    pos = r.pos
    b = r.peek()
    primitive = codes.PRIMITIVE_BY_CODE.get(b)
    if primitive is not None:
        r.pos += 1
        return primitive
    index = r.s33()
    if index < 0:
        raise r.error(f"invalid value type: expected a primitive type code or a type index, "
                      f"found 0x{b:x}", pos)
    return index


def read_externdesc(r: ComponentReader) -> ir.ExternDesc:
    """``externtype``: ``0x00 0x11`` core module, func, value, type, component,
    instance, with the type index or bound each takes."""
    pos = r.pos
    b = r.byte()
    if b == codes.EXTERN_CODES["core module"]:
        second = r.byte()
        if second != codes.CORE_SORT_CODES["module"]:
            raise r.invalid_byte(second, "component external kind",
                                 "0x11 (core module) after 0x00", pos + 1)
    sort = codes.EXTERN_BY_CODE.get(b)
    if sort is None:
        expected = ", ".join(f"0x{c:02x} ({s})" for s, c in codes.EXTERN_CODES.items())
        raise r.invalid_byte(b, "component external kind", expected, pos)
    if sort == "type":
        return ir.ExternDesc(sort, read_type_bound(r))
    if sort == "value":
        at = r.pos
        kind = r.byte()
        if kind == codes.BOUND_EQ:
            return ir.ExternDesc(sort, ir.EqBound(r.u32()))
        if kind == codes.VALUE_BOUND_TYPE:
            return ir.ExternDesc(sort, read_valtype(r))
        raise r.invalid_byte(kind, "value bound", "0x00 (eq) or 0x01 (a value type)", at)
    return ir.ExternDesc(sort, r.u32())


def read_type_bound(r: ComponentReader) -> ir.TypeBound:
    """``typebound``: ``(eq i)`` or ``(sub resource)``."""
    pos = r.pos
    b = r.byte()
    if b == codes.BOUND_EQ:
        return ir.EqBound(r.u32())
    if b == codes.BOUND_SUB_RESOURCE:
        return ir.SubResource()
    raise r.invalid_byte(b, "type bound", "0x00 (eq) or 0x01 (sub resource)", pos)


def read_alias(r: ComponentReader) -> ir.Alias:
    """``alias``: a sort, then an export, core export or outer target."""
    first, second, pos = _sort_bytes(r)
    at = r.pos
    target = r.byte()
    if target == codes.ALIAS_EXPORT:
        sort = _sort_from_bytes(r, first, second, pos, "component external kind")
        return ir.Alias(sort, ir.AliasExport(r.u32(), r.name()))
    if target == codes.ALIAS_CORE_EXPORT:
        sort = _sort_from_bytes(r, first, second, pos, "core instance export kind")
        if not sort.startswith("core "):
            raise r.error(f"invalid core export alias: expected a core sort (0x00 and a core "
                          f"sort byte), found the sort {sort}", pos)
        return ir.Alias(sort, ir.AliasCoreExport(r.u32(), r.name()))
    if target == codes.ALIAS_OUTER:
        sort = _sort_from_bytes(r, first, second, pos, "component outer alias kind")
        if sort not in ir.OUTER_ALIAS_SORTS:
            found = second if second is not None else first
            raise r.invalid_byte(found, "component outer alias kind",
                                 "a sort an outer alias may name: core module, core type, "
                                 "type, component", pos if second is None else pos + 1)
        return ir.Alias(sort, ir.AliasOuter(r.u32(), r.u32()))
    raise r.invalid_byte(target, "alias", "0x00 (export), 0x01 (core export), 0x02 (outer)", at)
