"""Module instantiation, as the spec's *instantiate* describes it.

Imports are checked against the module's import types (with link-time
subtyping), the module's own functions, globals, tables, memories and tags
are allocated, globals and tables initialised, active element and data
segments copied in order (a trap in one keeps the effects of the earlier
ones), declarative segments dropped, and finally the start function runs.
"""

from __future__ import annotations

import gc

from .. import ir
from ..errors import LinkError, WasmtimeError
from ..validate import types as vt
from .const_expr import evaluate
from .entry import enter
from .exception import WasmException
from .function import HostFunction, WasmFunction
from .global_ import GlobalInstance
from .instance import ModuleInstance, runs_for_instance
from .memory import MemoryInstance
from .segment import DataInstance, ElemInstance
from .store import StoreState
from .table import TableInstance
from .tag import TagInstance
from .trap import Trap, TrapCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Sequence

__all__ = ["instantiate", "extern_type"]


def instantiate(module, imports: Sequence[Any], *, store: StoreState) -> ModuleInstance:
    """Instantiate ``module`` (an ``ir.Module``, or a module already prepared by
    the portable tier) with ``imports`` (externs, in import order) in ``store``.

    Raises :class:`LinkError` when an import does not match, :class:`Trap` when
    a segment is out of bounds or the start function traps, and
    :class:`WasmtimeError` when a store limit is exceeded or the start function
    throws a wasm exception that it does not catch.
    """
    from ..compile.python import compile_module

    compiled = compile_module(module) if isinstance(module, ir.Module) else module
    module = compiled.module
    if len(imports) != len(module.imports):
        raise LinkError(f"expected {len(module.imports)} imports, found {len(imports)}")
    if store.instance_limit is not None and len(store.instances) >= store.instance_limit:
        raise WasmtimeError("resource limit exceeded: instance count too high at "
                            f"{len(store.instances) + 1}")
    collecting = gc.isenabled()
    gc.disable()
    try:
        inst = _allocate(compiled, imports, store)
    finally:
        if collecting:
            gc.enable()

    for index, elem in enumerate(module.elems):
        if elem.mode == "active":
            _init_table(inst, elem.table, evaluate(elem.offset, inst), inst.elems[index])
        if elem.mode != "passive":
            inst.elems[index].drop()
    for index, data in enumerate(module.datas):
        if data.mode == "active":
            _init_memory(inst, data.memory, evaluate(data.offset, inst), inst.datas[index])
            inst.datas[index].drop()
    if module.start is not None:
        _run_start(inst.funcs[module.start], store, inst)
    return inst


def _allocate(compiled, imports: Sequence[Any], store: StoreState) -> ModuleInstance:
    """The instance of ``compiled`` in ``store``, its imports checked and its
    own functions, globals, tables, memories, tags and segments allocated,
    before any segment is copied in.

    Run with the cyclic garbage collector paused: a large module allocates
    many objects here (several for each function), which would otherwise
    trigger collections that find nothing to free."""
    module = compiled.module
    deftypes = compiled.deftypes
    inst = ModuleInstance(module, compiled, store, deftypes)
    for imp, ext in zip(module.imports, imports):
        _check_import(imp, ext, deftypes)
        {"func": inst.funcs, "table": inst.tables, "memory": inst.mems,
         "global": inst.globals, "tag": inst.tags}[imp.kind].append(ext)
    store.instances.append(inst)

    typeidx = module.func_typeidx()
    for index in range(len(inst.funcs), len(typeidx)):
        inst.funcs.append(compiled.function(inst, index, deftypes[typeidx[index]]))
    for g in module.globals:
        gtype = vt.close_externtype("global", g.type, deftypes)
        inst.globals.append(GlobalInstance(gtype, evaluate(g.init, inst)))
    for t in module.tables:
        _count(store, "table")
        init = evaluate(t.init, inst) if t.init is not None else None
        ttype = vt.close_externtype("table", t.type, deftypes)
        try:
            inst.tables.append(TableInstance(ttype, init, store.table_limiter))
        except MemoryError as e:
            raise WasmtimeError(str(e)) from None
    for m in module.mems:
        _count(store, "memory")
        try:
            inst.mems.append(MemoryInstance(m, store.memory_limiter))
        except MemoryError as e:
            raise WasmtimeError(str(e)) from None
    for tag in module.tags:
        inst.tags.append(TagInstance(deftypes[tag.typeidx]))
    spaces = {"func": inst.funcs, "table": inst.tables, "memory": inst.mems,
              "global": inst.globals, "tag": inst.tags}
    for exp in module.exports:
        inst.exports[exp.name] = spaces[exp.kind][exp.index]
    for elem in module.elems:
        refs = tuple(evaluate(e, inst) for e in elem.init)
        inst.elems.append(ElemInstance(vt.close_valtype(elem.type, deftypes), refs))
    for data in module.datas:
        inst.datas.append(DataInstance(data.init))
    compiled.link(inst)
    return inst


@runs_for_instance
def _run_start(fn, store: StoreState, instance: ModuleInstance) -> None:
    """Run the start function; a wasm exception it lets escape is an error of the
    instantiation (as wasmtime-py reports it), not a trap."""
    try:
        enter(fn.raw, (), store.stack_frames)
    except Trap as e:
        if e.uncaught:
            raise WasmtimeError(str(e)) from None
        raise
    except WasmException as e:      # entered from a host function called by wasm
        trap = Trap.uncaught_exception().with_origin(e.__traceback__)
        raise WasmtimeError(str(trap)) from None


def _count(store: StoreState, kind: str) -> None:
    if kind == "table":
        store.table_count += 1
        count, limit = store.table_count, store.table_limit
    else:
        store.memory_count += 1
        count, limit = store.memory_count, store.memory_limit
    if limit is not None and count > limit:
        raise WasmtimeError(f"resource limit exceeded: {kind} count too high at {count}")


def _init_table(inst: ModuleInstance, tableidx: int, offset: int, elem: ElemInstance) -> None:
    elements = inst.tables[tableidx].elements
    refs = elem.elements
    if offset + len(refs) > len(elements):
        raise Trap.of(TrapCode.TABLE_OUT_OF_BOUNDS)
    elements[offset:offset + len(refs)] = refs


def _init_memory(inst: ModuleInstance, memidx: int, offset: int, data: DataInstance) -> None:
    mem = inst.mems[memidx]
    end = offset + len(data.data)
    if end > mem.size_bytes:
        raise Trap.of(TrapCode.MEMORY_OUT_OF_BOUNDS)
    mem.view[offset:end] = data.data


# --- import matching -------------------------------------------------------------

_KIND_OF = {WasmFunction: "func", HostFunction: "func", TableInstance: "table",
            MemoryInstance: "memory", GlobalInstance: "global", TagInstance: "tag"}


def extern_type(ext: Any):
    """``(kind, closed extern type)`` of an extern as it is now (tables and
    memories with their current size as minimum)."""
    kind = _KIND_OF.get(type(ext))
    if kind is None:
        raise LinkError(f"expected an extern value, found {type(ext).__name__}")
    if kind in ("func", "tag", "global"):
        return kind, ext.type
    if kind == "table":
        limits = ext.type.limits
        return kind, ir.TableType(ext.type.element, ir.Limits(
            len(ext.elements), limits.max, limits.is64))
    limits = ext.type.limits
    return kind, ir.MemType(ir.Limits(ext.pages, limits.max, limits.is64, limits.shared,
                                      limits.page_size_log2))


def _check_import(imp: ir.Import, ext: Any, deftypes: list) -> None:
    kind, provided = extern_type(ext)
    required = vt.close_externtype(imp.kind, imp.desc, deftypes)
    detail = None
    if kind != imp.kind:
        detail = f"expected {imp.kind}, but found {kind}"
    elif not vt.extern_subtype(kind, provided, required):
        detail = _mismatch(kind, provided, required)
    if detail is not None:
        raise LinkError(f"incompatible import type for `{imp.module}::{imp.name}`\n\n"
                        f"Caused by:\n    {detail}\n")


def _mismatch(kind: str, provided, required) -> str:
    if kind == "func":
        return (f"types incompatible: expected type `{_functype_text(required)}`, "
                f"found type `{_functype_text(provided)}`")
    if kind == "tag":
        return (f"types incompatible: expected tag of type `{_functype_text(required)}`, "
                f"found tag of type `{_functype_text(provided)}`")
    if kind == "global":
        if provided.mutable != required.mutable:
            want = "mutable" if required.mutable else "immutable"
            got = "mutable" if provided.mutable else "immutable"
            return f"global types incompatible: expected {want} global, found {got} global"
        return (f"global types incompatible: expected global of type "
                f"`{_valtype_text(required.valtype)}`, found global of type "
                f"`{_valtype_text(provided.valtype)}`")
    if kind == "table":
        if not (vt.ref_subtype(provided.element, required.element)
                and vt.ref_subtype(required.element, provided.element)):
            return (f"table types incompatible: expected table of type "
                    f"`{_valtype_text(required.element)}`, found table of type "
                    f"`{_valtype_text(provided.element)}`")
        return (f"table types incompatible: expected table limits "
                f"{_limits_text(required.limits)} doesn't match provided table limits "
                f"{_limits_text(provided.limits)}")
    pl, rl = provided.limits, required.limits
    if pl.is64 != rl.is64:
        return "memory types incompatible: expected {} memory, found {} memory".format(
            "64-bit" if rl.is64 else "32-bit", "64-bit" if pl.is64 else "32-bit")
    if pl.shared != rl.shared:
        return "memory types incompatible: expected {} memory, found {} memory".format(
            "shared" if rl.shared else "unshared", "shared" if pl.shared else "unshared")
    if vt.page_size_log2(pl) != vt.page_size_log2(rl):
        return (f"memory types incompatible: expected memory with page size "
                f"{1 << vt.page_size_log2(rl)}, found memory with page size "
                f"{1 << vt.page_size_log2(pl)}")
    return (f"memory types incompatible: expected memory limits {_limits_text(rl)} "
            f"doesn't match provided memory limits {_limits_text(pl)}")


def _limits_text(limits: ir.Limits) -> str:
    return f"(min: {limits.min}, max: {'none' if limits.max is None else limits.max})"


def _valtype_text(t) -> str:
    if isinstance(t, ir.RefType) and isinstance(t.heap, vt.DefType):
        return f"(ref {'null ' if t.nullable else ''}{t.heap.kind})"
    return str(t)


def _functype_text(deftype) -> str:
    ct = deftype.comptype
    if not isinstance(ct, ir.FuncType):
        return f"({deftype.kind})"
    parts = ["func"]
    if ct.params:
        parts.append(f"(param {' '.join(map(_valtype_text, ct.params))})")
    if ct.results:
        parts.append(f"(result {' '.join(map(_valtype_text, ct.results))})")
    return "(" + " ".join(parts) + ")"
