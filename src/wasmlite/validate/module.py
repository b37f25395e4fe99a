"""Module-level rules: types, imports, definitions, segments, start, exports."""

from __future__ import annotations

from .. import ir
from ..errors import InvalidError
# instruction rules (those of gc, exceptions and simd load on first use, see code.py)
from . import control, memory, parametric, references, tables, variables  # noqa: F401
from .code import validate_function
from .const import validate_const
from .context import ModuleContext, unknown
from .types import DefType, canonicalize, comptype_subtype, page_size_log2, ref_subtype

_MEMORY_BOUNDS = {False: (1 << 16, "65536 pages (4GiB)"), True: (1 << 48, "2^48 pages (256 TiB)")}
_TABLE_BOUNDS = {False: ((1 << 32) - 1, "2^32-1"), True: ((1 << 64) - 1, "2^64-1")}


def validate_module(module: ir.Module) -> None:
    """Check that ``module`` is valid; raise :class:`InvalidError` saying why not."""
    ctx = ModuleContext(module, canonicalize(module))
    _check_subtypes(ctx)
    ctx.refs = declared_funcs(module)
    for imp in module.imports:
        _import(ctx, imp)
    for tag in module.tags:
        ctx.tags.append(_tagtype(ctx, tag))
    for func in module.funcs:
        ctx.funcs.append(_funcdef(ctx, func.typeidx))
    for mem in module.mems:
        ctx.mems.append(_memtype(mem))
    for table in module.tables:
        at, rt = _tabletype(ctx, table.type)
        if table.init is not None:
            validate_const(ctx, table.init, rt)
        elif not rt.nullable:
            raise InvalidError(f"type mismatch: table of non-nullable type {table.type.element}"
                               f" needs an initializer")
        ctx.tables.append((at, rt))
    for glob in module.globals:
        t = ctx.close(glob.type.valtype)
        validate_const(ctx, glob.init, t)
        ctx.globals.append((t, glob.type.mutable))
    for data in module.datas:
        if data.mode == "active":
            validate_const(ctx, data.offset, ctx.mem(data.memory))
    for elem in module.elems:
        ctx.elems.append(_elem(ctx, elem))
    for func in module.funcs:
        validate_function(ctx, func)
    if module.start is not None:
        ft = ctx.func(module.start).comptype
        if ft.params or ft.results:
            raise InvalidError(f"start function must not have parameters or results, found {ft}")
    _exports(ctx, module.exports)


def _check_subtypes(ctx: ModuleContext) -> None:
    """Declared supertypes must be non-final and structurally matched."""
    for x, st in enumerate(ctx.module.types):
        for y in st.supertypes:
            sup = ctx.deftypes[y]
            if sup.final:
                raise InvalidError(f"sub type {x} has final super type {y}")
            if not comptype_subtype(ctx.deftypes[x].comptype, sup.comptype):
                raise InvalidError(f"sub type {x} does not match super type {y}")


def declared_funcs(module: ir.Module) -> frozenset[int]:
    """Functions that ``ref.func`` may name in code: those referenced outside
    function bodies (globals, tables, element segments, exports)."""
    exprs = [g.init for g in module.globals]
    exprs += [t.init for t in module.tables if t.init is not None]
    for elem in module.elems:
        exprs += elem.init
        if elem.offset is not None:
            exprs.append(elem.offset)
    refs = {instr[1] for expr in exprs for instr in expr if instr[0].name == "ref.func"}
    refs.update(e.index for e in module.exports if e.kind == "func")
    return frozenset(refs)


def _funcdef(ctx: ModuleContext, typeidx: int) -> DefType:
    ctx.functype(typeidx)
    return ctx.deftype(typeidx)


def _tagtype(ctx: ModuleContext, tag: ir.TagType) -> DefType:
    ft = ctx.functype(tag.typeidx)
    if ft.results:
        raise InvalidError(f"non-empty tag result type {ft}")
    return ctx.deftype(tag.typeidx)


def _check_limits(limits: ir.Limits, bound: int, message: str) -> None:
    if limits.min > bound or (limits.max is not None and limits.max > bound):
        raise InvalidError(message)
    if limits.max is not None and limits.min > limits.max:
        raise InvalidError(f"size minimum must not be greater than maximum"
                           f" ({limits.min} > {limits.max})")


def _memtype(mt: ir.MemType) -> str:
    """Check a memory type; its address type."""
    limits = mt.limits
    log2 = page_size_log2(limits)
    if log2 == 16:
        bound, text = _MEMORY_BOUNDS[limits.is64]
    elif log2 == 0:
        bound = (1 << (64 if limits.is64 else 32)) - 1
        text = f"{bound} pages of 1 byte"
    else:
        raise InvalidError(f"invalid custom page size 2**{log2}: must be 1 or 65536 bytes")
    _check_limits(limits, bound, f"memory size must be at most {text}")
    if limits.shared and limits.max is None:
        raise InvalidError("shared memory must have maximum")
    return "i64" if limits.is64 else "i32"


def _tabletype(ctx: ModuleContext, tt: ir.TableType) -> tuple[str, ir.RefType]:
    """Check a table type; (address type, closed element type)."""
    rt = ctx.close(tt.element)
    bound, text = _TABLE_BOUNDS[tt.limits.is64]
    _check_limits(tt.limits, bound, f"table size must be at most {text}")
    return ("i64" if tt.limits.is64 else "i32"), rt


def _import(ctx: ModuleContext, imp: ir.Import) -> None:
    kind, desc = imp.kind, imp.desc
    if kind == "func":
        ctx.funcs.append(_funcdef(ctx, desc))
    elif kind == "table":
        ctx.tables.append(_tabletype(ctx, desc))
    elif kind == "memory":
        ctx.mems.append(_memtype(desc))
    elif kind == "global":
        ctx.globals.append((ctx.close(desc.valtype), desc.mutable))
    elif kind == "tag":
        ctx.tags.append(_tagtype(ctx, desc))
    else:
        raise InvalidError(f"unknown import kind {kind!r}")


def _elem(ctx: ModuleContext, elem: ir.Elem) -> ir.RefType:
    """Check an element segment; its closed element type."""
    rt = ctx.close(elem.type)
    for expr in elem.init:
        validate_const(ctx, expr, rt)
    if elem.mode == "active":
        at, table_rt = ctx.table(elem.table)
        if not ref_subtype(rt, table_rt):
            raise InvalidError(f"type mismatch: element segment's type {elem.type}"
                               f" does not match table's element type {table_rt}")
        validate_const(ctx, elem.offset, at)
    return rt


_EXPORT_SPACES = {"func": ("funcs", "function"), "table": ("tables", "table"),
                  "memory": ("mems", "memory"), "global": ("globals", "global"),
                  "tag": ("tags", "tag")}


def _exports(ctx: ModuleContext, exports: list[ir.Export]) -> None:
    names = set()
    for export in exports:
        space = _EXPORT_SPACES.get(export.kind)
        if space is None:
            raise InvalidError(f"unknown export kind {export.kind!r}")
        if not 0 <= export.index < len(getattr(ctx, space[0])):
            raise unknown(space[1], export.index)
        if export.name in names:
            raise InvalidError(f"duplicate export name \"{export.name}\"")
        names.add(export.name)
