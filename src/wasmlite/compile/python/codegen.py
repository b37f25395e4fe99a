"""Compiling one wasm function body to the source of one Python function.

Wasm locals become Python locals ``l<i>``, operands Python expressions (see
:mod:`.operands`), structured control flow Python statements (see
:mod:`.control`). The generated function is ``def wasm(l0, l1, ...)``; it
runs in its instance's namespace, where these names are bound (see
:mod:`.module`): ``F<i>`` raw callable and ``R<i>`` tail entry of function
``i``, ``FN<i>`` its function instance, ``M<i>``/``V<i>`` memory instance and its
current ``memoryview``, ``T<i>``/``E<i>`` table instance and its element list,
``G<i>`` global instance (immutable globals: its value), ``D<i>``/``EL<i>``
data and element segment instances, ``TG<i>`` tag instances, ``TY<i>`` closed
type of type index ``i``, ``K...`` float constants that have no literal,
``STORE`` the store state, and the helpers of :mod:`.support`,
:mod:`.atomics`, :mod:`wasmlite.runtime.aggregate` and the numeric reference
functions under their own names.
"""

from __future__ import annotations

from ... import ir
from ...errors import NotSupportedError
from ...runtime.floats import f32_from_bits, f64_from_bits
from . import memory_ops
from .control import ControlFlow
from .numeric_ops import HELPER_NAMES
from .numeric_ops import numeric_value
from .operands import MAX_DEPTH
from .values import MASKS, Value, canonical_upper, const, name

__all__ = ["FunctionCompiler", "MAX_DEPTH", "unsupported_feature"]

_DEFAULTS = {"i32": "0", "i64": "0", "f32": "0.0", "f64": "0.0", "v128": "0"}

_FREE = frozenset({"nop", "drop", "block", "loop", "end", "else", "unreachable", "return"})
"""Instructions that consume no fuel (as in wasmtime, where entering a function
costs 1)."""

_BATCH_ENDS = frozenset({
    "block", "loop", "if", "else", "end", "br", "br_if", "br_table", "br_on_null",
    "br_on_non_null", "br_on_cast", "br_on_cast_fail", "return", "unreachable", "throw",
    "throw_ref", "try_table", "try", "catch", "catch_all", "delegate", "rethrow",
    "return_call", "return_call_indirect", "return_call_ref", "call", "call_indirect",
    "call_ref"})
"""Instructions that end a stretch of straight-line code. The fuel of a stretch,
up to and including such an instruction, is charged right before it, so that it
is charged before control leaves the stretch (a callee sees what its caller used)
and not when the stretch traps, as in wasmtime."""

_MERGES = frozenset({"loop", "else", "end", "catch", "catch_all", "delegate"})
"""Instructions where control arrives from elsewhere than the instruction before."""

_CORE_FEATURES = frozenset({"core", "simd", "relaxed_simd", "wide_arithmetic", "exceptions",
                            "legacy_exceptions", "threads", "gc"})


class FunctionCompiler(ControlFlow):
    """Generates the Python source of function ``index`` of ``cm`` (a compiled module)."""

    def __init__(self, cm, index: int):
        self.cm = cm
        self.index = index
        module = cm.module
        func = module.funcs[index - cm.n_imported_funcs]
        super().__init__(cm, module.func_type(func.typeidx), func.body)
        self.local_types = list(self.functype.params) + list(func.locals)
        self.fuel_due = 1 if cm.fuel else 0
        """Fuel of the straight-line code compiled since it was last charged (the
        call itself costs 1)."""
        self.uses_try = False
        self.bounds: dict[int, int] = {}
        """Integer local -> the largest value it can hold here, where the last
        assignment on the way shows one (forgotten where control flow merges)."""

    # --- driver -------------------------------------------------------------------------

    def compile(self, trace=None) -> str:
        """The function's Python source: ``def`` of a function named ``wasm``.

        ``trace``, when given, is called with the index of each instruction
        before it is compiled, and with ``None`` after the last (see
        :mod:`.positions`)."""
        fctl = self._push_ctl("block", -1, (), tuple(self.functype.results))
        fctl.targeted = True
        body = self.body
        skip = 0
        for pc, instr in enumerate(body):
            self.pc = pc
            op = instr[0]
            opname = op.name
            if not self.reachable:
                if opname in ("block", "loop", "if", "try_table", "try"):
                    skip += 1
                    continue
                if skip:
                    if opname == "end" or opname == "delegate":
                        skip -= 1
                    continue
                if opname not in _MERGES:
                    continue
            if opname in _MERGES:
                self.bounds.clear()
            if trace is not None:
                trace(pc)
            if self.cm.fuel:
                self._charge_fuel(opname)
            handler = _HANDLERS.get(opname)
            if handler is not None:
                handler(self, instr)
            elif op.params is not None and opname in self.cm.helpers:
                self._numeric(instr)
            elif opname in memory_ops.HANDLED:
                memory_ops.compile_instr(self, instr)
            elif op.feature == "gc":
                from . import gc_ops        # only modules with gc instructions need it
                gc_ops.compile_instr(self, instr)
            else:
                raise NotSupportedError(unsupported_feature(op))
        if trace is not None:
            trace(None)
        return self._assemble()

    def _assemble(self) -> str:
        params = ", ".join(f"l{i}" for i in range(len(self.functype.params)))
        head = [(0, f"def wasm({params}):")]
        inits: dict[str, list[str]] = {}
        for i in range(len(self.functype.params), len(self.local_types)):
            t = self.local_types[i]
            inits.setdefault(_DEFAULTS.get(t, "None"), []).append(f"l{i}")
        for value, names in inits.items():
            for k in range(0, len(names), 200):
                head.append((1, " = ".join(names[k:k + 200]) + f" = {value}"))
        if self.uses_label:
            head.append((1, "L = 0"))
        head += [(1, line) for line in self._meter()]
        lines = [(indent + 1, text) for indent, text in self.w.lines]
        if self.delegates_out:
            lines = [(1, "try:"), *((indent + 1, text) for indent, text in lines),
                     (1, "except Delegation as e:"), (2, "raise e.exn")]
        if self.uses_try:
            head.append((1, "try:"))
            lines = [(indent + 1, text) for indent, text in lines]
            lines.append((1, "except TRAPPABLE as e:"))
            lines.append((2, "if e.__traceback__.tb_next is not None: raise"))
            lines.append((2, "raise trap_from(e) from None"))
        if not lines:
            lines = [(1, "pass")]
        return "\n".join("    " * i + text for i, text in head + lines) + "\n"

    def loop_header(self) -> list[str]:
        return self._meter()

    def osr_point(self) -> bool:
        return (self.cm.osr_points and not self.cm.fuel and not self.cm.epoch
                and not self.structure.tail_calls
                and all(t in ir.NUM_TYPES or t in ir.VEC_TYPES for t in self.local_types))

    def _meter(self) -> list[str]:
        """Fuel and epoch checks at a function entry or loop header."""
        lines = []
        if self.cm.fuel:
            lines.append("if STORE.fuel < 0: raise out_of_fuel()")
        if self.cm.epoch:
            lines.append("if STORE.epoch_source() >= STORE.epoch_deadline: raise interrupt()")
        return lines

    def _charge_fuel(self, opname: str) -> None:
        """Count ``opname``'s fuel; charge what is due before it ends a stretch."""
        if opname not in _FREE:
            self.fuel_due += 1
        if opname in _BATCH_ENDS and self.fuel_due:
            self.statement(f"STORE.fuel -= {self.fuel_due}")   # after what may trap
            self.fuel_due = 0

    # --- parametric and variable instructions ------------------------------------------------

    def _nop(self, instr) -> None:
        pass

    def _drop(self, instr) -> None:
        v = self.pop()
        if not v.pure:
            self.statement(v.code)

    def _select(self, instr) -> None:
        cond = self.pop()
        if not (self.stack[-1].pure and self.stack[-2].pure):
            self.flush()
        b = self.pop()
        a = self.pop()
        code = f"{a.operand()} if {cond.truth()} else {b.operand()}"
        bound = max(canonical_upper(a), canonical_upper(b)) if a.type in MASKS else None
        self.push(Value(code, a.type, cond.pure, a.locals | b.locals | cond.locals,
                        max(a.depth, b.depth, cond.depth) + 1, bound=bound,
                        effects=a.effects or b.effects or cond.effects))
        self._limit_depth(1)

    def _local_get(self, instr) -> None:
        x = instr[1]
        self.push(name(f"l{x}", self.local_types[x], 1 << x, self.bounds.get(x)))

    def _local_set(self, instr) -> None:
        v = self.pop()
        self._set_local(instr[1], v)

    def _local_tee(self, instr) -> None:
        x = instr[1]
        v = self.pop()
        self._set_local(x, v)
        self.push(name(f"l{x}", self.local_types[x], 1 << x, self.bounds.get(x)))

    def _set_local(self, x: int, v: Value) -> None:
        if v.code == f"l{x}":
            return
        bound = canonical_upper(v) if v.type in MASKS else None
        if bound is not None and bound < MASKS[v.type]:
            self.bounds[x] = bound
        else:
            self.bounds.pop(x, None)
        self.spill_local(x)
        if not v.pure:
            self.flush()
        self.w.emit(f"l{x} = {v.value_code()}")

    def _global_get(self, instr) -> None:
        x = instr[1]
        gt = self.cm.global_types[x]
        if gt.mutable:
            self.push(Value(f"G{x}.value", gt.valtype, pure=False, effects=False))
        else:
            self.push(name(f"G{x}", gt.valtype))

    def _global_set(self, instr) -> None:
        x = instr[1]
        v = self.pop()
        self.statement(f"G{x}.value = {v.value_code()}")

    # --- constants ------------------------------------------------------------------------

    def _i32_const(self, instr) -> None:
        v = instr[1] & 0xFFFFFFFF
        self.push(const(v, "i32", str(v) if v < 1024 else hex(v)))

    def _i64_const(self, instr) -> None:
        v = instr[1] & 0xFFFFFFFFFFFFFFFF
        self.push(const(v, "i64", str(v) if v < 1024 else hex(v)))

    def _f32_const(self, instr) -> None:
        self.push(self._float_const(f32_from_bits(instr[1]), "f32", instr[1]))

    def _f64_const(self, instr) -> None:
        self.push(self._float_const(f64_from_bits(instr[1]), "f64", instr[1]))

    def _float_const(self, x: float, t: str, bits: int) -> Value:
        if x == x and x not in (float("inf"), float("-inf")):
            return const(x, t)
        key = f"K{t}_{bits:x}"
        self.cm.constants[key] = x
        return Value(key, t, const=x)

    def _v128_const(self, instr) -> None:
        v = instr[1]
        self.push(const(v, "v128", hex(v)))

    # --- numeric -------------------------------------------------------------------------

    def _numeric(self, instr) -> None:
        op = instr[0]
        if op.name.endswith(("div_u", "rem_u")):
            self.uses_try = True
        n = len(op.params)
        self._limit_depth(n)
        if op.name.endswith(("rotl", "rotr")) and self.stack[-1].const is not None:
            self._rotate(op.name, self.pop().const)
            return
        args = self.popn(n)
        results = op.results
        if len(results) == 1:
            self.push(numeric_value(op.name, args, results[0], instr[1:]))
            return
        self.flush()
        temps = [self.temp() for _ in results]
        call = numeric_value(op.name, args, "i64", instr[1:])
        self.w.emit(f"{', '.join(temps)} = {call.code}")
        for t, ty in zip(temps, results):
            self.push(name(t, ty))

    def _rotate(self, opname: str, amount: int) -> None:
        """A rotation by a constant, inline: the operand is named once and used twice."""
        bits = 32 if opname.startswith("i32") else 64
        k = amount % bits
        if opname.endswith("rotr"):
            k = (bits - k) % bits
        v = self.stack[-1]
        if not (v.atomic and v.exact and not v.cond):
            self.materialize(len(self.stack) - 1)
            v = self.stack[-1]
        if k == 0:
            return
        self.stack[-1] = Value(f"{v.code} << {k} | {v.code} >> {bits - k}", v.type, v.pure,
                               v.locals, 1, exact=False, effects=v.effects)

    # --- references -------------------------------------------------------------------------

    def _ref_null(self, instr) -> None:
        self.push(const(None, ir.RefType(True, instr[1]), "None"))

    def _ref_is_null(self, instr) -> None:
        v = self.pop()
        self.push(Value(f"{v.paren()} is None", "i32", v.pure, v.locals, v.depth + 1,
                        cond=True, effects=v.effects))

    def _ref_func(self, instr) -> None:
        self.push(name(f"FN{instr[1]}", ir.RefType(False, "func")))

    def _ref_as_non_null(self, instr) -> None:
        v = self.pop()
        self.push(Value(f"ref_as_non_null({v.code})", v.type, False, v.locals, v.depth + 1,
                        effects=v.effects))

    # --- calls ------------------------------------------------------------------------------

    def _call(self, instr) -> None:
        f = instr[1]
        ft = self.cm.func_types[f]
        self._emit_call(f"F{f}", ft, len(ft.params))

    def _emit_call(self, callee: str, ft: ir.FuncType, nparams: int) -> None:
        self._limit_depth(nparams)
        args = self.popn(nparams)
        code = f"{callee}({', '.join(a.value_code() for a in args)})"
        results = ft.results
        if len(results) == 1:
            locs = 0
            depth = 0
            for a in args:
                locs |= a.locals
                depth = max(depth, a.depth)
            self.push(Value(code, results[0], False, locs, depth + 1))
            return
        self.flush()
        if not results:
            self.w.emit(code)
            return
        temps = [self.temp() for _ in results]
        self.w.emit(f"{', '.join(temps)} = {code}")
        for t, ty in zip(temps, results):
            self.push(name(t, ty))

    def _lookup_indirect(self, typeidx: int, table: int) -> str:
        """Emit the table lookup and type check of ``call_indirect``; the callee's name."""
        index = self.pop()
        self.flush()
        if not index.atomic or not index.exact:
            self.push(index)
            self.materialize(len(self.stack) - 1)
            index = self.pop()
        f = self.temp()
        i = index.code
        self.w.emit(f"{f} = E{table}[{i}] if {i} < len(E{table}) else indirect_out_of_bounds()")
        self.w.emit(f"if {f} is None or {f}.type is not TY{typeidx}: "
                    f"{f} = indirect_check({f}, TY{typeidx}, {i})")
        return f

    def _call_indirect(self, instr) -> None:
        typeidx, table = instr[1], instr[2]
        f = self._lookup_indirect(typeidx, table)
        ft = self.cm.module.func_type(typeidx)
        self._emit_call(f"{f}.raw", ft, len(ft.params))

    def _call_ref(self, instr) -> None:
        ref = self.pop()
        self.flush()
        f = self.temp()
        self.w.emit(f"{f} = call_ref_target({ref.code})")
        ft = self.cm.module.func_type(instr[1])
        self._emit_call(f"{f}.raw", ft, len(ft.params))

    def _tail(self, callee: str, nparams: int) -> None:
        args = self.popn(nparams)
        self.flush()
        packed = ", ".join(a.value_code() for a in args)
        if nparams == 1:
            packed += ","
        self.w.emit(f"return TailCall({callee}, ({packed}))")
        self.reachable = False

    def _return_call(self, instr) -> None:
        f = instr[1]
        self._tail(f"R{f}", len(self.cm.func_types[f].params))

    def _return_call_indirect(self, instr) -> None:
        typeidx, table = instr[1], instr[2]
        f = self._lookup_indirect(typeidx, table)
        self._tail(f"{f}.tail", len(self.cm.module.func_type(typeidx).params))

    def _return_call_ref(self, instr) -> None:
        ref = self.pop()
        self.flush()
        f = self.temp()
        self.w.emit(f"{f} = call_ref_target({ref.code})")
        self._tail(f"{f}.tail", len(self.cm.module.func_type(instr[1]).params))


_HANDLERS = {
    "block": FunctionCompiler._block,
    "loop": FunctionCompiler._loop,
    "if": FunctionCompiler._if,
    "else": FunctionCompiler._else,
    "end": FunctionCompiler._end,
    "br": FunctionCompiler._br,
    "br_if": FunctionCompiler._br_if,
    "br_table": FunctionCompiler._br_table,
    "br_on_null": FunctionCompiler._br_on_null,
    "br_on_non_null": FunctionCompiler._br_on_non_null,
    "return": FunctionCompiler._return_instr,
    "unreachable": FunctionCompiler._unreachable,
    "nop": FunctionCompiler._nop,
    "drop": FunctionCompiler._drop,
    "select": FunctionCompiler._select,
    "select t": FunctionCompiler._select,
    "local.get": FunctionCompiler._local_get,
    "local.set": FunctionCompiler._local_set,
    "local.tee": FunctionCompiler._local_tee,
    "global.get": FunctionCompiler._global_get,
    "global.set": FunctionCompiler._global_set,
    "i32.const": FunctionCompiler._i32_const,
    "i64.const": FunctionCompiler._i64_const,
    "f32.const": FunctionCompiler._f32_const,
    "f64.const": FunctionCompiler._f64_const,
    "v128.const": FunctionCompiler._v128_const,
    "ref.null": FunctionCompiler._ref_null,
    "ref.is_null": FunctionCompiler._ref_is_null,
    "ref.func": FunctionCompiler._ref_func,
    "ref.as_non_null": FunctionCompiler._ref_as_non_null,
    "try_table": FunctionCompiler._try_table,
    "try": FunctionCompiler._try,
    "catch": FunctionCompiler._catch,
    "catch_all": FunctionCompiler._catch_all,
    "delegate": FunctionCompiler._delegate,
    "rethrow": FunctionCompiler._rethrow,
    "throw": FunctionCompiler._throw,
    "throw_ref": FunctionCompiler._throw_ref,
    "call": FunctionCompiler._call,
    "call_indirect": FunctionCompiler._call_indirect,
    "call_ref": FunctionCompiler._call_ref,
    "return_call": FunctionCompiler._return_call,
    "return_call_indirect": FunctionCompiler._return_call_indirect,
    "return_call_ref": FunctionCompiler._return_call_ref,
}


def unsupported_feature(op) -> str | None:
    """What to report as not supported for instruction-table row ``op``, or
    ``None`` when this tier compiles it."""
    name = op.name
    if name in _HANDLERS or name in memory_ops.HANDLED or op.feature == "gc" or (
            op.params is not None and name in HELPER_NAMES):
        return None
    return op.feature if op.feature not in _CORE_FEATURES else name
