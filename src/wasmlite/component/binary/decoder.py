"""Decoding a component binary into the component IR.

Checks what the binary format requires (the preamble, section ids and
sizes, every grammar rule of Binary.md, LEB128 limits, UTF-8 names) and
leaves everything else (index bounds, typing, name rules) to validation.
Errors are :class:`MalformedError` with the offset, counted from the start
of the outermost binary, and a message saying what was expected there and
what was found.

Nested core modules are checked at their section structure (preamble,
section ids, order and sizes) and decoded by the core decoder when first
needed (:attr:`CoreModule.module`); ``lazy_modules=False`` decodes them at
once.
"""

from __future__ import annotations

from ...binary.decoder import CUSTOM as CORE_CUSTOM
from ...binary.decoder import SECTION_ORDER as CORE_SECTION_ORDER
from ...binary.decoder import TAG as CORE_LAST_SECTION
from ...binary.decoder import VERSION as CORE_VERSION
from ...errors import MalformedError
from .. import ir
from ..ir.core_module import decode_nested_module
from . import codes
from .canon import read_canon
from .externs import (read_alias, read_core_sort, read_extern_name, read_externdesc, read_sort,
                      read_sortidx, read_valtype)
from .names import decode_component_names
from .reader import ComponentReader
from .types import MAX_NESTING, read_core_type, read_deftype


def is_component(data: bytes) -> bool:
    """Whether ``data`` starts with a component's preamble (layer 1), as
    opposed to a core module's (layer 0)."""
    return bytes(data[:4]) == codes.MAGIC and bytes(data[6:8]) == codes.LAYER


def decode_component(data: bytes, *, lazy_modules: bool = True) -> ir.Component:
    """Decode the component binary ``data``; raises :class:`MalformedError`.

    With ``lazy_modules`` (the default) nested core modules are decoded when
    first used, so a malformation inside one is reported then.
    """
    if not isinstance(data, bytes):
        data = bytes(data)
    return _ComponentDecoder(lazy_modules).component(ComponentReader(data, 0, "component"), 0)


def _hex(data: bytes) -> str:
    return " ".join(f"{b:02x}" for b in data) or "nothing"


def _check_magic(r: ComponentReader) -> None:
    """The magic number, and room for the version field after it."""
    data = r.data
    if len(data) < 4 or data[:4] != codes.MAGIC:
        if len(data) < 4 and codes.MAGIC.startswith(data):
            raise r.end_of_file()
        raise r.error(f"magic header not detected: expected {_hex(codes.MAGIC)} "
                      f"(\"\\0asm\"), found {_hex(data[:4])}", 0)
    if len(data) < 8:
        raise r.end_of_file()


def _check_preamble(r: ComponentReader) -> None:
    """The component preamble: magic, version ``0x0d 0x00``, layer ``0x01 0x00``."""
    _check_magic(r)
    data = r.data
    version, layer = data[4:6], data[6:8]
    if layer == codes.LAYER and version == codes.VERSION:
        r.pos = 8
        return
    if layer == b"\x00\x00" and data[4:8] == CORE_VERSION:
        raise r.error("expected a version header for a component: found a core module's "
                      f"(version {_hex(data[4:8])}; a component has {_hex(codes.VERSION)} "
                      f"and layer {_hex(codes.LAYER)})", 4)
    if layer == codes.LAYER:
        raise r.error(f"unknown binary version: expected {_hex(codes.VERSION)} for a "
                      f"component, found {_hex(version)}", 4)
    if layer == b"\x00\x00":
        raise r.error(f"unknown binary version: expected a core module's "
                      f"{_hex(CORE_VERSION)} (layer 0) or a component's "
                      f"{_hex(codes.VERSION + codes.LAYER)}, found {_hex(data[4:8])}", 4)
    raise r.error(f"unknown binary layer: expected {_hex(codes.LAYER)} (a component), "
                  f"found {_hex(layer)}", 6)


def _check_core_module(r: ComponentReader) -> None:
    """The structure of a nested core module: its preamble, and section ids,
    order and sizes (what the core decoder checks before any section's
    contents)."""
    _check_magic(r)
    data = r.data
    if data[4:8] != CORE_VERSION:
        if data[6:8] == codes.LAYER:
            raise r.error("expected a version header for a module: found a component's "
                          f"({_hex(data[4:8])}; a core module has {_hex(CORE_VERSION)})", 4)
        raise r.error(f"unknown binary version: expected {_hex(CORE_VERSION)} for a core "
                      f"module, found {_hex(data[4:8])}", 4)
    r.pos = 8
    last_rank = 0
    while not r.at_end():
        at = r.pos
        section_id = r.byte()
        if section_id > CORE_LAST_SECTION:
            raise r.error(f"malformed section id: {section_id} is not a core module "
                          f"section id (0-{CORE_LAST_SECTION})", at)
        if section_id != CORE_CUSTOM:
            rank = CORE_SECTION_ORDER[section_id]
            if rank <= last_rank:
                raise r.error(f"section out of order: core module section {section_id} "
                              "after a section that must follow it", at)
            last_rank = rank
        size = r.u32()
        if size > r.remaining():
            raise r.end_of_file()
        r.pos += size


class _ComponentDecoder:
    """The state of decoding one binary (and the components nested in it)."""

    def __init__(self, lazy_modules: bool) -> None:
        self.lazy_modules = lazy_modules

    def component(self, r: ComponentReader, depth: int) -> ir.Component:
        """The component in the whole of ``r`` (preamble included)."""
        if depth > MAX_NESTING:
            raise r.error(f"components nested too deeply: more than {MAX_NESTING} levels", 0)
        _check_preamble(r)
        sections: list[ir.Section] = []
        while not r.at_end():
            at = r.pos
            section_id = r.byte()
            if section_id >= len(codes.SECTION_NAMES):
                raise r.error(f"malformed section id: expected 0-{len(codes.SECTION_NAMES) - 1}, "
                              f"found {section_id}", at)
            size = r.u32()
            if size > r.remaining():
                raise r.end_of_file()
            s = r.sub(size, f"{codes.SECTION_NAMES[section_id]} section")
            sections.append(self.section(section_id, s, depth))
            if not s.at_end():
                raise s.error(f"section size mismatch: the {s.part} has {s.remaining()} "
                              "bytes left after its contents")
        return ir.Component(sections)

    def section(self, section_id: int, r: ComponentReader, depth: int) -> ir.Section:
        """The contents of one section."""
        if section_id == codes.CUSTOM:
            name = r.name()
            data = r.raw(r.remaining())
            if name == ir.COMPONENT_NAME_SECTION:
                names = decode_component_names(data)
                if names is not None:
                    return ir.NameSection(names)
            return ir.CustomSection(name, data)
        if section_id == codes.CORE_MODULE:
            module = ir.CoreModule(r.data, r.base)
            _check_core_module(r)
            if not self.lazy_modules:
                module._module = decode_nested_module(module.data, module.offset)
            return module
        if section_id == codes.COMPONENT:
            return self.component(r, depth + 1)
        if section_id == codes.START:
            func = r.u32()
            args = tuple(r.u32() for _ in range(r.count("start arguments")))
            return ir.Start(func, args, r.u32())
        n = r.count(f"items of the {r.part}")
        if section_id == codes.CORE_INSTANCE:
            return ir.CoreInstanceSection([_read_core_instance(r) for _ in range(n)])
        if section_id == codes.CORE_TYPE:
            return ir.CoreTypeSection([read_core_type(r) for _ in range(n)])
        if section_id == codes.INSTANCE:
            return ir.InstanceSection([_read_instance(r) for _ in range(n)])
        if section_id == codes.ALIAS:
            return ir.AliasSection([read_alias(r) for _ in range(n)])
        if section_id == codes.TYPE:
            return ir.TypeSection([read_deftype(r) for _ in range(n)])
        if section_id == codes.CANON:
            return ir.CanonSection([read_canon(r) for _ in range(n)])
        if section_id == codes.IMPORT:
            return ir.ImportSection([_read_import(r) for _ in range(n)])
        if section_id == codes.EXPORT:
            return ir.ExportSection([_read_export(r) for _ in range(n)])
        return ir.ValueSection([_read_value(r) for _ in range(n)])


def _read_core_instance(r: ComponentReader) -> ir.CoreInstance:
    """``core:instanceexpr``."""
    pos = r.pos
    b = r.byte()
    if b == codes.INSTANTIATE:
        module = r.u32()
        args: list[ir.CoreInstantiateArg] = []
        for _ in range(r.count("core instantiation arguments")):
            name = r.name()
            at = r.pos
            arg_sort = r.byte()
            if arg_sort != codes.CORE_INSTANCE_ARG_SORT:
                raise r.invalid_byte(arg_sort, "instantiation arg kind", "0x12 (core instance)",
                                     at)
            args.append(ir.CoreInstantiateArg(name, r.u32()))
        return ir.CoreInstantiate(module, tuple(args))
    if b == codes.INLINE_EXPORTS:
        exports: list[ir.CoreInlineExport] = []
        for _ in range(r.count("core inline exports")):
            name = r.name()
            sort = read_core_sort(r, "core export kind")
            exports.append(ir.CoreInlineExport(name, ir.CoreSortIdx(sort, r.u32())))
        return ir.CoreInlineExports(tuple(exports))
    raise r.invalid_byte(b, "core instance", "0x00 (instantiate) or 0x01 (inline exports)", pos)


def _read_instance(r: ComponentReader) -> ir.Instance:
    """``instanceexpr``."""
    pos = r.pos
    b = r.byte()
    if b == codes.INSTANTIATE:
        component = r.u32()
        args = []
        for _ in range(r.count("instantiation arguments")):
            name = r.name()
            args.append(ir.InstantiateArg(name, read_sortidx(r)))
        return ir.Instantiate(component, tuple(args))
    if b == codes.INLINE_EXPORTS:
        exports = []
        for _ in range(r.count("inline exports")):
            export_name = read_extern_name(r)
            exports.append(ir.InlineExport(export_name, read_sortidx(r)))
        return ir.InlineExports(tuple(exports))
    raise r.invalid_byte(b, "instance", "0x00 (instantiate) or 0x01 (inline exports)", pos)


def _read_import(r: ComponentReader) -> ir.Import:
    name = read_extern_name(r)
    return ir.Import(name, read_externdesc(r))


def _read_export(r: ComponentReader) -> ir.Export:
    name = read_extern_name(r)
    item = ir.SortIdx(read_sort(r), r.u32())
    pos = r.pos
    b = r.byte()
    if b == 0:
        return ir.Export(name, item)
    if b == 1:
        return ir.Export(name, item, read_externdesc(r))
    raise r.invalid_byte(b, "optional component export type",
                         "0x00 (none) or 0x01 (an extern type)", pos)


def _read_value(r: ComponentReader) -> ir.ValueDef:
    """``value``: a value type and the value's length-prefixed encoding."""
    valtype = read_valtype(r)
    return ir.ValueDef(valtype, r.byte_vec())
