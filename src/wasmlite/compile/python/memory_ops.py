"""Memory, table and segment instructions.

Loads and stores go through precompiled ``struct.Struct`` methods on the
memory's current ``memoryview`` (``V<m>``); an access past the end raises
``struct.error`` / ``IndexError``, which the function's handler turns into the
``out of bounds memory access`` trap. Effective addresses are computed with
Python ints, so ``address + offset`` never wraps.
"""

from __future__ import annotations

from ...errors import NotSupportedError
from ...opcodes import OPS
from .values import MASKS, Value, name, upper

__all__ = ["HANDLED", "compile_instr", "STRUCTS"]

STRUCTS = {
    "LD_b": "<b", "LD_h": "<h", "LD_H": "<H", "LD_i": "<i", "LD_I": "<I", "LD_Q": "<Q",
    "LD_q": "<q", "LD_d": "<d", "ST_H": "<H", "ST_I": "<I", "ST_Q": "<Q", "ST_d": "<d",
}
"""Namespace names of the struct methods used (``LD_*``: ``unpack_from``,
``ST_*``: ``pack_into``) and their formats."""

# name -> (code template with {v} view and {a} address, result exact?)
_LOADS = {
    "i32.load": ("LD_I({v}, {a})[0]", True),
    "i64.load": ("LD_Q({v}, {a})[0]", True),
    "f32.load": ("f32_load({v}, {a})", True),
    "f64.load": ("LD_d({v}, {a})[0]", True),
    "i32.load8_s": ("LD_b({v}, {a})[0]", False),
    "i32.load8_u": ("{v}[{a}]", True),
    "i32.load16_s": ("LD_h({v}, {a})[0]", False),
    "i32.load16_u": ("LD_H({v}, {a})[0]", True),
    "i64.load8_s": ("LD_b({v}, {a})[0]", False),
    "i64.load8_u": ("{v}[{a}]", True),
    "i64.load16_s": ("LD_h({v}, {a})[0]", False),
    "i64.load16_u": ("LD_H({v}, {a})[0]", True),
    "i64.load32_s": ("LD_i({v}, {a})[0]", False),
    "i64.load32_u": ("LD_I({v}, {a})[0]", True),
    "v128.load": ("v128_load({v}, {a})", True),
    "v128.load8x8_s": ("i16x8_extend_low_i8x16_s(LD_Q({v}, {a})[0])", True),
    "v128.load8x8_u": ("i16x8_extend_low_i8x16_u(LD_Q({v}, {a})[0])", True),
    "v128.load16x4_s": ("i32x4_extend_low_i16x8_s(LD_Q({v}, {a})[0])", True),
    "v128.load16x4_u": ("i32x4_extend_low_i16x8_u(LD_Q({v}, {a})[0])", True),
    "v128.load32x2_s": ("i64x2_extend_low_i32x4_s(LD_Q({v}, {a})[0])", True),
    "v128.load32x2_u": ("i64x2_extend_low_i32x4_u(LD_Q({v}, {a})[0])", True),
    "v128.load8_splat": ("i8x16_splat({v}[{a}])", True),
    "v128.load16_splat": ("i16x8_splat(LD_H({v}, {a})[0])", True),
    "v128.load32_splat": ("i32x4_splat(LD_I({v}, {a})[0])", True),
    "v128.load64_splat": ("i64x2_splat(LD_Q({v}, {a})[0])", True),
    "v128.load32_zero": ("LD_I({v}, {a})[0]", True),
    "v128.load64_zero": ("LD_Q({v}, {a})[0]", True),
}

_UNSIGNED_LOAD_BOUNDS = {"8_u": 0xFF, "16_u": 0xFFFF, "32_u": 0xFFFFFFFF}
"""The largest value of a zero-extending load, by what follows ``load`` in its name."""

# v128.load<N>_lane: (read of the lane's bits, replace_lane function)
_LANE_LOADS = {
    "v128.load8_lane": ("{v}[{a}]", "i8x16_replace_lane"),
    "v128.load16_lane": ("LD_H({v}, {a})[0]", "i16x8_replace_lane"),
    "v128.load32_lane": ("LD_I({v}, {a})[0]", "i32x4_replace_lane"),
    "v128.load64_lane": ("LD_Q({v}, {a})[0]", "i64x2_replace_lane"),
}

# v128.store<N>_lane: statement template with {v} view, {a} address, {x} lane value
_LANE_STORES = {
    "v128.store8_lane": ("{v}[{a}] = {x}", "i8x16_extract_lane_u"),
    "v128.store16_lane": ("ST_H({v}, {a}, {x})", "i16x8_extract_lane_u"),
    "v128.store32_lane": ("ST_I({v}, {a}, {x})", "i32x4_extract_lane"),
    "v128.store64_lane": ("ST_Q({v}, {a}, {x})", "i64x2_extract_lane"),
}

# name -> (statement template with {v} view, {a} address, {x} value; value mask)
_STORES = {
    "i32.store": ("ST_I({v}, {a}, {x})", None),
    "i64.store": ("ST_Q({v}, {a}, {x})", None),
    "f32.store": ("f32_store({v}, {a}, {x})", None),
    "f64.store": ("ST_d({v}, {a}, {x})", None),
    "i32.store8": ("{v}[{a}] = {x}", 0xFF),
    "i32.store16": ("ST_H({v}, {a}, {x})", 0xFFFF),
    "i64.store8": ("{v}[{a}] = {x}", 0xFF),
    "i64.store16": ("ST_H({v}, {a}, {x})", 0xFFFF),
    "i64.store32": ("ST_I({v}, {a}, {x})", 0xFFFFFFFF),
    "v128.store": ("v128_store({v}, {a}, {x})", None),
}

_BULK = {
    "memory.fill": lambda i: f"memory_fill(M{i[1]}, {{0}}, {{1}}, {{2}})",
    "memory.copy": lambda i: f"memory_copy(M{i[1]}, M{i[2]}, {{0}}, {{1}}, {{2}})",
    "memory.init": lambda i: f"memory_init(M{i[2]}, D{i[1]}, {{0}}, {{1}}, {{2}})",
    "table.set": lambda i: f"table_set(E{i[1]}, {{0}}, {{1}})",
    "table.fill": lambda i: f"table_fill(E{i[1]}, {{0}}, {{1}}, {{2}})",
    "table.copy": lambda i: f"table_copy(E{i[1]}, E{i[2]}, {{0}}, {{1}}, {{2}})",
    "table.init": lambda i: f"table_init(E{i[2]}, EL{i[1]}, {{0}}, {{1}}, {{2}})",
}
_BULK_ARITY = {"memory.fill": 3, "memory.copy": 3, "memory.init": 3, "table.set": 2,
               "table.fill": 3, "table.copy": 3, "table.init": 3}

HANDLED = frozenset(_LOADS) | frozenset(_STORES) | frozenset(_BULK) | frozenset(_LANE_LOADS) \
    | frozenset(_LANE_STORES) | frozenset({
    "memory.size", "memory.grow", "data.drop", "table.get", "table.size", "table.grow",
    "elem.drop",
}) | frozenset(op.name for op in OPS if op.feature == "threads")
"""Instructions compiled here."""


def _address(addr: Value, offset: int) -> str:
    code = addr.operand()
    return f"{code} + {offset}" if offset else code


def _atomic_size(opname: str) -> int:
    """Bytes accessed by an atomic instruction."""
    access = opname.split(".")[2] if opname.count(".") >= 2 else ""
    for bits in ("8", "16", "32"):
        if access.startswith(("load" + bits, "store" + bits, "rmw" + bits)):
            return int(bits) // 8
    if opname.startswith("memory.atomic.wait"):
        return 4 if opname.endswith("32") else 8
    if opname.startswith("memory.atomic.notify"):
        return 4
    return 8 if opname.startswith("i64") else 4


def _compile_atomic(fc, instr) -> None:
    opname = instr[0].name
    if opname == "atomic.fence":
        return
    _, offset, mem = instr[1:4]
    nargs = len(instr[0].params)
    fc.flush()
    args = fc.popn(nargs)
    addr = _address(args[0], offset)
    rest = [a.value_code() for a in args[1:]]
    size = _atomic_size(opname)
    kind = opname.split(".")[-1]
    if opname.startswith("memory.atomic.wait"):
        code = f"atomic_wait(M{mem}, {addr}, {rest[0]}, {rest[1]}, {size})"
    elif opname == "memory.atomic.notify":
        code = f"atomic_notify(M{mem}, {addr}, {rest[0]})"
    elif ".load" in opname:
        code = f"atomic_load(M{mem}, {addr}, {size})"
    elif ".store" in opname:
        fc.w.emit(f"atomic_store(M{mem}, {addr}, {size}, {rest[0]})")
        return
    elif kind.startswith("cmpxchg"):
        code = f"atomic_cmpxchg(M{mem}, {addr}, {size}, {rest[0]}, {rest[1]})"
    else:
        code = f"atomic_rmw(M{mem}, {addr}, {size}, {kind.split('_')[0]!r}, {rest[0]})"
    t = fc.temp()
    fc.w.emit(f"{t} = {code}")
    fc.push(name(t, instr[0].results[0]))


def compile_instr(fc, instr) -> None:
    """Compile memory/table instruction ``instr`` in function compiler ``fc``."""
    opname = instr[0].name
    if instr[0].feature == "threads":
        _compile_atomic(fc, instr)
        return
    uses_memory = opname in _LOADS or opname in _STORES or opname in _LANE_LOADS \
        or opname in _LANE_STORES
    if uses_memory or opname.startswith("memory."):
        fc.uses_try = fc.uses_try or uses_memory
    if opname in _LOADS:
        _, offset, mem = instr[1:4]
        if fc.stack[-1].effects:
            # the view is read before the address: evaluate a call or memory.grow first
            fc.materialize(len(fc.stack) - 1)
        addr = fc.pop()
        template, exact = _LOADS[opname]
        code = template.format(v=f"V{mem}", a=_address(addr, offset))
        result = instr[0].results[0]
        fc.push(Value(code, result, False, addr.locals, addr.depth + 1, exact,
                      bound=_UNSIGNED_LOAD_BOUNDS.get(opname.partition("load")[2]),
                      effects=False))
        return
    if opname in _STORES:
        _, offset, mem = instr[1:4]
        fc.flush()
        x = fc.pop()
        addr = fc.pop()
        template, mask = _STORES[opname]
        hi = upper(x)
        narrow = mask is not None and (hi is None or hi > mask)
        value = f"{x.paren()} & {mask:#x}" if narrow else x.value_code()
        fc.w.emit(template.format(v=f"V{mem}", a=_address(addr, offset), x=value))
        return
    if opname in _LANE_LOADS:
        _, offset, mem, lane = instr[1:5]
        fc.flush()
        v = fc.pop()
        addr = fc.pop()
        read, replace = _LANE_LOADS[opname]
        bits = read.format(v=f"V{mem}", a=_address(addr, offset))
        fc.push(Value(f"{replace}({v.code}, {bits}, {lane})", "v128", False,
                      v.locals | addr.locals, max(v.depth, addr.depth) + 1))
        return
    if opname in _LANE_STORES:
        _, offset, mem, lane = instr[1:5]
        fc.flush()
        v = fc.pop()
        addr = fc.pop()
        template, extract = _LANE_STORES[opname]
        fc.w.emit(template.format(v=f"V{mem}", a=_address(addr, offset),
                                  x=f"{extract}({v.code}, {lane})"))
        return
    if opname in _BULK:
        n = _BULK_ARITY[opname]
        fc.flush()
        args = fc.popn(n)
        fc.w.emit(_BULK[opname](instr).format(*(a.value_code() for a in args)))
        return
    mem_or_table = instr[1]
    if opname == "memory.size":
        log2 = fc.cm.page_log2[mem_or_table]
        code = f"len(V{mem_or_table}) >> {log2}" if log2 else f"len(V{mem_or_table})"
        fc.push(Value(code, fc.cm.memory_addr_type[mem_or_table], False, depth=1,
                      effects=False))
    elif opname == "memory.grow":
        t = fc.cm.memory_addr_type[mem_or_table]
        delta = fc.pop()
        fc.push(Value(f"M{mem_or_table}.grow({delta.value_code()}) & {MASKS[t]:#x}", t, False,
                      delta.locals, delta.depth + 1))
    elif opname == "data.drop":
        fc.statement(f"D{mem_or_table}.drop()")
    elif opname == "elem.drop":
        fc.statement(f"EL{mem_or_table}.drop()")
    elif opname == "table.get":
        i = fc.pop()
        ttype = fc.cm.table_types[mem_or_table]
        fc.push(Value(f"table_get(E{mem_or_table}, {i.value_code()})", ttype.element, False,
                      i.locals, i.depth + 1, effects=i.effects))
    elif opname == "table.size":
        t = "i64" if fc.cm.table_types[mem_or_table].limits.is64 else "i32"
        fc.push(Value(f"len(E{mem_or_table})", t, False, depth=1, effects=False))
    elif opname == "table.grow":
        t = "i64" if fc.cm.table_types[mem_or_table].limits.is64 else "i32"
        fc.flush()
        ref, n = fc.popn(2)
        fc.push(name(fc.temp(), t))
        fc.w.emit(f"{fc.stack[-1].code} = table_grow(T{mem_or_table}, {ref.value_code()}, "
                  f"{n.value_code()}) & {MASKS[t]:#x}")
    else:
        raise NotSupportedError(opname)
