"""Compiling one wasm function body to the source of one Python function.

Wasm locals become Python locals ``l<i>``; the operand stack is tracked at
compile time as Python expressions (:class:`~.values.Value`) that are only
stored in temporaries ``t<n>`` when an effect, a local write, a merge point or
the expression size requires it. Structured control flow maps onto Python's:
a ``loop`` that some branch targets is a ``while True:`` (a branch to it is
``continue``), an ``if`` an ``if``/``else``, and a ``block`` nothing at all:
a branch to a block's end sets the label variable ``L`` and the code up to
that end is skipped by flat ``if not L:`` guards (see :mod:`.writer`). Values
that flow to a merge point travel in the label's slots ``r<id>_<i>``.

Names used by the code (bound in each instance's namespace, see
:mod:`.namespace`): ``F<i>`` raw callable and ``R<i>`` tail entry of function
``i``, ``FN<i>`` its function instance, ``M<i>``/``V<i>`` memory instance and its
current ``memoryview``, ``T<i>``/``E<i>`` table instance and its element list,
``G<i>`` global instance (immutable globals: its value), ``D<i>``/``EL<i>``
data and element segment instances, ``TY<i>`` closed type of type index ``i``,
``K<i>`` float constants, and the helpers of :mod:`.support` and the numeric
reference functions under their own names.
"""

from __future__ import annotations

from ... import ir
from ...errors import NotSupportedError
from ...runtime.floats import f32_from_bits, f64_from_bits
from . import gc_ops, memory_ops
from .numeric_ops import HELPERS as NUMERIC_HELPERS
from .numeric_ops import numeric_value
from .structure import Structure
from .values import MASKS, Value, const, name
from .writer import Writer

__all__ = ["FunctionCompiler", "MAX_DEPTH", "unsupported_feature"]

MAX_DEPTH = 24
"""Deepest expression kept symbolic before it is stored in a temporary."""

MAX_SKIP_INDENT = 60
"""Deepest indentation at which a conditional branch out of a block nests the
rest of the block under ``if not cond:`` (deeper, it sets ``L`` instead)."""

_DEFAULTS = {"i32": "0", "i64": "0", "f32": "0.0", "f64": "0.0", "v128": "0"}

_FREE = frozenset({"nop", "drop", "block", "loop", "end", "else", "unreachable"})
"""Instructions that consume no fuel."""

_CORE_FEATURES = frozenset({"core", "simd", "relaxed_simd", "wide_arithmetic", "exceptions",
                            "threads", "gc"})


class _Ctl:
    """A construct being compiled (the function body is the outermost one)."""

    __slots__ = ("kind", "depth", "id", "start", "end", "params", "results", "targeted",
                 "below", "entry", "pyloop", "arm_pending", "arm_reachable", "has_else",
                 "reachable_branch", "exits", "plain_exit", "py_depth", "skips")

    def __init__(self, kind, depth, id, start, end, params, results, targeted):
        self.kind = kind
        self.depth = depth
        self.id = id
        self.start = start
        self.end = end
        self.params = params
        self.results = results
        self.targeted = targeted
        self.below: list[Value] = []       # operands under the construct's parameters
        self.entry: list[Value] = []       # its parameters as seen inside
        self.pyloop = False                # compiled as ``while True:``
        self.arm_pending: set[int] = set() # if: pending after the then arm
        self.arm_reachable = False         # if: then arm's end reachable
        self.has_else = False
        self.reachable_branch = False      # some branch reaches the end (or loop start)
        self.exits: set[int] = set()       # Python loop: label depths it is left for
        self.plain_exit = False            # Python loop: left by a plain ``break``
        self.py_depth = 0                  # block: Python nesting where it starts
        self.skips = 0                     # block: ``if not cond:`` statements open to its end

    @property
    def arity(self) -> int:
        return len(self.params) if self.kind == "loop" else len(self.results)

    def slots(self) -> list[str]:
        return [f"r{self.id}_{i}" for i in range(self.arity)]


class FunctionCompiler:
    """Generates the Python source of function ``index`` of ``cm`` (a compiled module)."""

    def __init__(self, cm, index: int):
        self.cm = cm
        self.index = index
        module = cm.module
        func = module.funcs[index - cm.n_imported_funcs]
        self.functype: ir.FuncType = module.func_type(func.typeidx)
        self.body = func.body
        self.local_types = list(self.functype.params) + list(func.locals)
        self.structure = Structure(self.body)
        self.cost = self._costs() if cm.fuel else {}
        self.w = Writer()
        self.stack: list[Value] = []
        self.ctls: list[_Ctl] = []
        self.pyloops: list[_Ctl] = []
        self.reachable = True
        self.ntemps = 0
        self.nctl = 0
        self.uses_label = False
        self.uses_try = False
        self.pc = 0

    # --- driver -------------------------------------------------------------------------

    def compile(self) -> str:
        """The function's Python source: ``def`` of a function named ``wasm``."""
        ft = self.functype
        fctl = self._push_ctl("block", -1, (), tuple(ft.results))
        fctl.targeted = True
        w = self.w
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
                    if opname == "end":
                        skip -= 1
                    continue
                if opname not in ("end", "else"):
                    continue
            handler = _HANDLERS.get(opname)
            if handler is not None:
                handler(self, instr)
            elif op.params is not None and opname in self.cm.helpers:
                self._numeric(instr)
            elif opname in memory_ops.HANDLED:
                memory_ops.compile_instr(self, instr)
            elif opname in gc_ops.HANDLED:
                gc_ops.compile_instr(self, instr)
            else:
                raise NotSupportedError(unsupported_feature(op))
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
        head += [(1, line) for line in self._meter(self.cost.get(-1, 0))]
        lines = [(indent + 1, text) for indent, text in self.w.lines]
        if self.uses_try:
            head.append((1, "try:"))
            lines = [(indent + 1, text) for indent, text in lines]
            lines.append((1, "except TRAPPABLE as e:"))
            lines.append((2, "if e.__traceback__.tb_next is not None: raise"))
            lines.append((2, "raise trap_from(e) from None"))
        if not lines:
            lines = [(1, "pass")]
        return "\n".join("    " * i + text for i, text in head + lines) + "\n"

    def _meter(self, cost: int) -> list[str]:
        """Fuel and epoch checks at a function entry or loop header."""
        lines = []
        if self.cm.fuel:
            lines.append(f"STORE.fuel -= {cost}")
            lines.append("if STORE.fuel < 0: raise out_of_fuel()")
        if self.cm.epoch:
            lines.append("if STORE.epoch_source() >= STORE.epoch_deadline: raise interrupt()")
        return lines

    def _costs(self) -> dict[int, int]:
        """Instructions executed per entry of the function body (key -1) and per
        iteration of each loop that branches back (key: index of its ``loop``)."""
        cost: dict[int, int] = {}
        regions = [-1]
        opens: list[bool] = []
        for pc, instr in enumerate(self.body):
            opname = instr[0].name
            if opname in ("block", "if", "try_table", "try", "loop"):
                is_loop = opname == "loop" and pc in self.structure.targeted
                opens.append(is_loop)
                if is_loop:
                    regions.append(pc)
            elif opname == "end" and opens:
                if opens.pop():
                    regions.pop()
            if opname not in _FREE:
                cost[regions[-1]] = cost.get(regions[-1], 0) + 1
        return cost

    # --- operand stack ------------------------------------------------------------------

    def push(self, v: Value) -> None:
        self.stack.append(v)

    def pop(self) -> Value:
        return self.stack.pop()

    def popn(self, n: int) -> list[Value]:
        if not n:
            return []
        vals = self.stack[-n:]
        del self.stack[-n:]
        return vals

    def temp(self) -> str:
        self.ntemps += 1
        return f"t{self.ntemps}"

    def materialize(self, i: int) -> None:
        """Store operand ``i`` in a temporary (after earlier impure operands)."""
        v = self.stack[i]
        if _stable(v):
            return
        if not v.pure:
            for j in range(i):
                if not self.stack[j].pure:
                    self.materialize(j)
        t = self.temp()
        self.w.emit(f"{t} = {v.value_code()}")
        self.stack[i] = name(t, v.type)

    def flush(self) -> None:
        """Evaluate every impure operand, in stack order."""
        for i, v in enumerate(self.stack):
            if not v.pure:
                self.materialize(i)

    def spill_all(self) -> None:
        """Store every operand that is not a constant (before a merge point)."""
        for i in range(len(self.stack)):
            self.materialize(i)

    def spill_local(self, x: int) -> None:
        """Store every operand that reads local ``x`` (before it is written)."""
        bit = 1 << x
        for i, v in enumerate(self.stack):
            if v.locals & bit:
                self.materialize(i)

    def statement(self, line: str) -> None:
        """Emit a statement with effects, after every pending impure operand."""
        self.flush()
        self.w.emit(line)

    def _limit_depth(self, n: int) -> None:
        for i in range(len(self.stack) - n, len(self.stack)):
            if self.stack[i].depth >= MAX_DEPTH:
                self.materialize(i)

    # --- constructs -----------------------------------------------------------------------

    def _push_ctl(self, kind: str, start: int, params: tuple, results: tuple) -> _Ctl:
        end = self.structure.end[start]
        ctl = _Ctl(kind, len(self.ctls) + 1, self.nctl, start, end, params, results,
                   start in self.structure.targeted)
        self.nctl += 1
        self.ctls.append(ctl)
        return ctl

    def _blocktype(self, bt) -> tuple[tuple, tuple]:
        if bt is None:
            return (), ()
        if isinstance(bt, int):
            ft = self.cm.module.func_type(bt)
            return tuple(ft.params), tuple(ft.results)
        return (), (bt,)

    def _enter(self, ctl: _Ctl) -> None:
        n = len(ctl.params)
        ctl.below = self.stack[:len(self.stack) - n]
        ctl.entry = self.stack[len(self.stack) - n:]

    def _block(self, instr) -> None:
        params, results = self._blocktype(instr[1])
        ctl = self._push_ctl("block", self.pc, params, results)
        if ctl.targeted:
            self.spill_all()
        ctl.py_depth = self.w.indent
        self._enter(ctl)

    def _loop(self, instr) -> None:
        params, results = self._blocktype(instr[1])
        ctl = self._push_ctl("loop", self.pc, params, results)
        if not ctl.targeted:
            ctl.kind = "block"          # no branch back: just a block
            ctl.targeted = False
            self._enter(ctl)
            return
        self.spill_all()
        if params:
            self._assign_top(ctl.slots())
            self.stack[-len(params):] = [name(s, t) for s, t in zip(ctl.slots(), params)]
        self._enter(ctl)
        ctl.pyloop = True
        self.w.open("while True:", "while")
        for line in self._meter(self.cost.get(self.pc, 0)):
            self.w.raw(line)
        self.pyloops.append(ctl)

    def _if(self, instr) -> None:
        params, results = self._blocktype(instr[1])
        cond = self.pop()
        self.spill_all()
        ctl = self._push_ctl("if", self.pc, params, results)
        self._enter(ctl)
        self.w.open(f"if {cond.condition()}:", "if")

    def _try_table(self, instr) -> None:
        params, results = self._blocktype(instr[1])
        self.spill_all()
        ctl = self._push_ctl("try_table", self.pc, params, results)
        ctl.targeted = True
        self._enter(ctl)
        self.w.open("try:", "try")

    def _end_try_table(self, ctl: _Ctl) -> None:
        """Close the ``try:`` of a ``try_table`` with a handler for its catch clauses."""
        w = self.w
        if self.reachable:
            self._assign_top(ctl.slots())
        w.close_guards()
        body_pending = set(w.pending)
        w.close()
        w.pending = set()
        exn = self.temp()
        w.open_raw(f"except WasmException as {exn}:", "except")
        instr = self.body[ctl.start]
        outside = len(self.ctls) - 2
        caught_all = False
        first = True
        for kind, tag, label in instr[2]:
            target = self.ctls[outside - label]
            target.reachable_branch = True
            values = [] if kind >= 2 else [f"{exn}.payload[{i}]"
                                           for i in range(len(self._tag_params(tag)))]
            if kind in (1, 3):
                values.append(exn)
            if kind < 2:
                w.open_raw(f"{'if' if first else 'elif'} {exn}.tag is TG{tag}:", "if")
            elif not first:
                w.open_raw("else:", "else")
            self._branch_with(target, values)
            if kind < 2 or not first:
                w.close()
            first = False
            if kind >= 2:
                caught_all = True
                break
        if not caught_all:
            if first:
                w.raw("raise")
            else:
                w.open_raw("else:", "else")
                w.raw("raise")
                w.close()
        w.close()
        w.pending |= body_pending
        self.reachable = self.reachable or ctl.reachable_branch
        self._clear_label(ctl)
        self._leave(ctl, merge=True)
        w.settle()

    def _tag_params(self, tag: int) -> tuple:
        return tuple(self.cm.module.func_type(self.cm.tag_types[tag].typeidx).params)

    def _branch_with(self, target: _Ctl, values: list[str]) -> None:
        """Branch to ``target`` carrying the values of the Python expressions ``values``."""
        w = self.w
        if target.depth == 1:
            if not values:
                w.raw("return")
            elif len(values) == 1:
                w.raw(f"return {values[0]}")
            else:
                w.raw(f"return ({', '.join(values)})")
            return
        if values:
            w.raw(f"{', '.join(target.slots())} = {', '.join(values)}")
        lines = self._branch_lines(target)
        for line in lines:
            w.raw(line)
        if lines[-1].startswith("L = "):
            w.pending.add(target.depth)

    def _throw(self, instr) -> None:
        tag = instr[1]
        args = self.popn(len(self._tag_params(tag)))
        self.flush()
        packed = ", ".join(a.value_code() for a in args)
        if len(args) == 1:
            packed += ","
        self.w.emit(f"raise WasmException(TG{tag}, ({packed}))")
        self.reachable = False

    def _throw_ref(self, instr) -> None:
        exn = self.pop()
        self.statement(f"raise throw_ref({exn.code})")
        self.reachable = False

    def _else(self, instr) -> None:
        ctl = self.ctls[-1]
        self._finish_arm(ctl)
        ctl.arm_pending = set(self.w.pending)
        ctl.arm_reachable = self.reachable
        ctl.has_else = True
        self.w.close()
        self.w.pending = set()
        self.w.open_raw("else:", "else")
        self.stack = ctl.below + ctl.entry
        self.reachable = True

    def _finish_arm(self, ctl: _Ctl) -> None:
        """At the end of an ``if`` arm: results into the slots, guards closed."""
        if self.reachable:
            self._assign_top(ctl.slots())
        self.w.close_guards()

    def _end(self, instr) -> None:
        ctl = self.ctls[-1]
        w = self.w
        if ctl.kind == "try_table":
            self._end_try_table(ctl)
            return
        if ctl.kind == "if":
            self._finish_arm(ctl)
            arm_pending, arm_reachable = set(w.pending), self.reachable
            w.close()
            if ctl.has_else:
                w.pending = ctl.arm_pending | arm_pending
                self.reachable = ctl.arm_reachable or arm_reachable
            else:
                w.pending = set()
                if ctl.results:
                    w.open_raw("else:", "else")
                    self._assign(ctl.slots(), ctl.entry)
                    w.close()
                w.pending = arm_pending
                self.reachable = True
            self.reachable = self.reachable or ctl.reachable_branch
            self._clear_label(ctl)
            self._leave(ctl, merge=True)
            w.settle()
            return
        if ctl.pyloop:
            if self.reachable:
                self.flush()
            w.close_guards()
            if ctl.depth in w.pending:
                w.open_raw(f"if L == {ctl.depth}:", "if")
                w.raw("L = 0")
                w.raw("continue")
                w.close()
                w.pending.discard(ctl.depth)
            if self.reachable or w.pending:
                w.raw("break")
            w.close()
            w.pending |= ctl.exits
            self.reachable = self.reachable or ctl.plain_exit
            self.pyloops.pop()
            self._leave(ctl, merge=False)
            w.settle()
            return
        if ctl.depth == 1:
            self._function_end(ctl)
            return
        # a block
        if ctl.targeted:
            if self.reachable and ctl.results:
                self._assign_top(ctl.slots())
            if ctl.skips:
                if self.reachable:
                    self.flush()
                w.close_guards()
                for _ in range(ctl.skips):
                    w.close()
            self._clear_label(ctl)
            self.reachable = self.reachable or ctl.reachable_branch
            self._leave(ctl, merge=True)
        else:
            self._leave(ctl, merge=False)

    def _clear_label(self, ctl: _Ctl) -> None:
        """At the end of a construct that branches set ``L`` for: reset it."""
        w = self.w
        if w.may_hold(ctl.depth):
            w.close_guards()
            if w.pending == {ctl.depth}:
                w.raw("L = 0")
            else:
                w.raw(f"if L == {ctl.depth}: L = 0")
            w.pending.discard(ctl.depth)

    def _leave(self, ctl: _Ctl, merge: bool) -> None:
        self.ctls.pop()
        if not self.reachable:
            self.stack = list(ctl.below)
            return
        if merge:
            self.stack = ctl.below + [name(s, t) for s, t in zip(ctl.slots(), ctl.results)]
        else:
            self.stack = ctl.below + self.stack[len(self.stack) - len(ctl.results):] \
                if ctl.results else list(ctl.below)

    def _function_end(self, ctl: _Ctl) -> None:
        w = self.w
        results = ctl.results
        if self.reachable and not w.may_hold():
            self._return(len(results))
            return
        if self.reachable and results:
            self._assign_top(ctl.slots())
        if self.reachable or w.may_hold():
            w.close_guards()
            w.raw(_return_line([name(s, t) for s, t in zip(ctl.slots(), results)]))
            w.pending = set()

    # --- branches -----------------------------------------------------------------------

    def _assign_top(self, slots: list[str]) -> None:
        """Emit ``slots = `` the top operands (evaluating pending impure ones first)."""
        self.flush()
        n = len(slots)
        if n:
            self._assign(slots, self.stack[-n:])

    def _assign(self, slots: list[str], values: list[Value]) -> None:
        """Emit ``slots = values`` (as one tuple assignment when they could interfere)."""
        pairs = [(s, v) for s, v in zip(slots, values) if v.code != s or not v.exact]
        if not pairs:
            return
        if len(pairs) == 1:
            s, v = pairs[0]
            self.w.emit(f"{s} = {v.value_code()}")
        else:
            self.w.emit(f"{', '.join(s for s, _ in pairs)} = "
                        f"{', '.join(v.value_code() for _, v in pairs)}")

    def _plain(self, ctl_index: int) -> bool:
        """Whether a branch here to construct ``ctls[ctl_index]`` is a fall-through:
        only ``end``s of result-less constructs lie between."""
        target = self.ctls[ctl_index]
        if target.kind == "loop":
            return False
        for c in self.ctls[ctl_index:]:
            if c.results or (c.kind == "loop" and c.params):
                return False
        return self.structure.next_code[self.pc + 1] > target.end

    def _branch_lines(self, target: _Ctl) -> list[str]:
        """Statements that carry out a branch to ``target`` (its values already assigned)."""
        if target.depth == 1 and not self._in_table:
            return [_return_line(self._carried(target))]
        inner = self.pyloops[-1] if self.pyloops else None
        if target.kind == "loop" and target is inner:
            return ["continue"]
        if inner is not None and target.depth < inner.depth:
            if self._plain_exit(inner, target):
                inner.plain_exit = True
                return ["break"]
            self.uses_label = True
            inner.exits.add(target.depth)
            return [f"L = {target.depth}", "break"]
        self.uses_label = True
        return [f"L = {target.depth}"]

    _in_table = False

    def _plain_exit(self, loop: _Ctl, target: _Ctl) -> bool:
        """Whether leaving Python loop ``loop`` reaches the end of ``target`` with
        only ``end``s of result-less constructs in between."""
        if target.kind == "loop" or loop.results:
            return False
        i = self.ctls.index(target)
        for c in self.ctls[i:]:
            if c is loop:
                break
            if c.results or (c.kind == "loop" and c.params):
                return False
        return self.structure.next_code[loop.end + 1] > target.end

    def _carried(self, target: _Ctl) -> list[Value]:
        n = target.arity
        return self.stack[len(self.stack) - n:] if n else []

    def _br(self, instr) -> None:
        label = instr[1]
        index = len(self.ctls) - 1 - label
        target = self.ctls[index]
        if self._plain(index):
            self.flush()
            return
        target.reachable_branch = True
        if target.depth != 1:
            self._assign_top(target.slots())
        self.flush()
        lines = self._branch_lines(target)
        for line in lines:
            self.w.emit(line)
        if lines[-1].startswith("L = "):
            self.w.pending.add(target.depth)
            self.w.settle()
        self.reachable = False

    def _br_if(self, instr) -> None:
        label = instr[1]
        cond = self.pop()
        index = len(self.ctls) - 1 - label
        target = self.ctls[index]
        if self._plain(index):
            if not cond.pure:
                self.flush()
                self.w.emit(cond.code)
            return
        target.reachable_branch = True
        self.flush()
        w = self.w
        if target is self.ctls[-1] and target.kind == "block" and target.depth != 1 \
                and not target.results and not w.pending \
                and w.indent == target.py_depth + target.skips and w.indent < MAX_SKIP_INDENT:
            # skip the rest of the block: nest it under the negated condition
            w.open(f"if not {cond.truth()}:", "skip")
            target.skips += 1
            return
        self._conditional_branch(target, cond.condition())

    def _conditional_branch(self, target: _Ctl, test: str) -> None:
        w = self.w
        carried = self._carried(target)
        if carried:
            for i in range(len(self.stack) - len(carried), len(self.stack)):
                if not self.stack[i].atomic:
                    self.materialize(i)
            carried = self._carried(target)
        w.open(f"if {test}:", "if")
        if target.depth != 1 and carried:
            self._assign(target.slots(), carried)
        lines = self._branch_lines(target)
        for line in lines:
            w.emit(line)
        w.close()
        if lines[-1].startswith("L = "):
            w.pending.add(target.depth)
            w.settle()

    def _br_table(self, instr) -> None:
        labels, default = instr[1], instr[2]
        index = self.pop()
        targets = [self.ctls[-1 - l] for l in labels]
        dtarget = self.ctls[-1 - default]
        everything = set(map(id, targets)) | {id(dtarget)}
        if len(everything) == 1:
            if not index.pure:
                self.flush()
                self.w.emit(index.code)
            self._br((instr[0], default))
            return
        self.flush()
        if not index.atomic or not index.exact:
            self.push(index)
            self.materialize(len(self.stack) - 1)
            index = self.pop()
        for t in targets + [dtarget]:
            t.reachable_branch = True
        if dtarget.arity == 0:
            self.uses_label = True
            depths = tuple(t.depth for t in targets)
            self.w.emit(f"L = {depths!r}[{index.code}] if {index.code} < {len(depths)} "
                        f"else {dtarget.depth}")
            self._pend_table(targets + [dtarget])
            self.reachable = False
            return
        groups: dict[int, list[int]] = {}
        order: list[_Ctl] = []
        for i, t in enumerate(targets):
            if id(t) not in groups:
                order.append(t)
                groups[id(t)] = []
            groups[id(t)].append(i)
        carried = self._carried(dtarget)
        for i in range(len(self.stack) - len(carried), len(self.stack)):
            if not self.stack[i].atomic:
                self.materialize(i)
        carried = self._carried(dtarget)
        w = self.w
        first = True
        self._in_table = True
        for t in order:
            if t is dtarget:
                continue
            cases = groups[id(t)]
            test = f"{index.code} == {cases[0]}" if len(cases) == 1 else \
                f"{index.code} in {frozenset(cases)!r}"
            if first:
                w.open(f"if {test}:", "if")
                first = False
            else:
                w.close()
                w.open_raw(f"elif {test}:", "if")
            self._table_arm(t, carried)
        if not first:
            w.close()
            w.open_raw("else:", "else")
        self._table_arm(dtarget, carried)
        if not first:
            w.close()
        self._in_table = False
        self._pend_table(order + [dtarget])
        self.reachable = False

    def _table_arm(self, target: _Ctl, carried: list[Value]) -> None:
        if carried:
            self._assign(target.slots(), carried)
        self.uses_label = True
        self.w.emit(f"L = {target.depth}")

    def _pend_table(self, targets: list[_Ctl]) -> None:
        """After a ``br_table`` that set ``L``: every target is pending; targets
        outside the innermost Python loop leave it at its end."""
        for t in targets:
            self.w.pending.add(t.depth)
        self.w.settle()

    def _return(self, n: int) -> None:
        """Return the top ``n`` operands."""
        self.flush()
        self.w.emit(_return_line(self.stack[len(self.stack) - n:] if n else []))
        self.reachable = False

    def _return_instr(self, instr) -> None:
        self._return(len(self.functype.results))

    def _unreachable(self, instr) -> None:
        self.statement("raise unreachable()")
        self.reachable = False

    def _br_on_null(self, instr) -> None:
        ref = self.pop()
        if not ref.atomic:
            self.push(ref)
            self.materialize(len(self.stack) - 1)
            ref = self.pop()
        index = len(self.ctls) - 1 - instr[1]
        target = self.ctls[index]
        target.reachable_branch = True
        self.flush()
        self._conditional_branch(target, f"{ref.code} is None")
        self.push(ref)

    def branch_on_ref(self, label: int, test: str, negate: bool) -> None:
        """Branch to ``label`` carrying the reference on top of the stack when
        ``test`` (a format string taking the reference) holds (or, with
        ``negate``, fails); the reference stays on the stack either way."""
        self.materialize(len(self.stack) - 1)
        ref = self.stack[-1]
        target = self.ctls[len(self.ctls) - 1 - label]
        target.reachable_branch = True
        self.flush()
        code = test.format(ref.code)
        self._conditional_branch(target, f"not {code}" if negate else code)

    def _br_on_non_null(self, instr) -> None:
        ref = self.pop()
        self.push(ref)
        self.materialize(len(self.stack) - 1)
        ref = self.stack[-1]
        index = len(self.ctls) - 1 - instr[1]
        target = self.ctls[index]
        target.reachable_branch = True
        self.flush()
        self._conditional_branch(target, f"{ref.code} is not None")
        self.pop()

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
        self.push(Value(code, a.type, cond.pure, a.locals | b.locals | cond.locals,
                        max(a.depth, b.depth, cond.depth) + 1))
        self._limit_depth(1)

    def _local_get(self, instr) -> None:
        x = instr[1]
        self.push(name(f"l{x}", self.local_types[x], 1 << x))

    def _local_set(self, instr) -> None:
        v = self.pop()
        self._set_local(instr[1], v)

    def _local_tee(self, instr) -> None:
        x = instr[1]
        v = self.pop()
        self._set_local(x, v)
        self.push(name(f"l{x}", self.local_types[x], 1 << x))

    def _set_local(self, x: int, v: Value) -> None:
        if v.code == f"l{x}":
            return
        self.spill_local(x)
        if not v.pure:
            self.flush()
        self.w.emit(f"l{x} = {v.value_code()}")

    def _global_get(self, instr) -> None:
        x = instr[1]
        gt = self.cm.global_types[x]
        if gt.mutable:
            self.push(Value(f"G{x}.value", gt.valtype, pure=False))
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

    # --- references -------------------------------------------------------------------------

    def _ref_null(self, instr) -> None:
        self.push(const(None, ir.RefType(True, instr[1]), "None"))

    def _ref_is_null(self, instr) -> None:
        v = self.pop()
        self.push(Value(f"{v.paren()} is None", "i32", v.pure, v.locals, v.depth + 1,
                        cond=True))

    def _ref_func(self, instr) -> None:
        self.push(name(f"FN{instr[1]}", ir.RefType(False, "func")))

    def _ref_as_non_null(self, instr) -> None:
        v = self.pop()
        self.push(Value(f"ref_as_non_null({v.code})", v.type, False, v.locals, v.depth + 1))

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


def _stable(v: Value) -> bool:
    """A constant or a name that nothing in the function reassigns while it is in use."""
    return v.depth == 0 and v.pure and v.exact and not v.cond and not v.locals


def _return_line(values: list[Value]) -> str:
    if not values:
        return "return"
    if len(values) == 1:
        return f"return {values[0].value_code()}"
    return f"return ({', '.join(v.value_code() for v in values)})"


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
    if name in _HANDLERS or name in memory_ops.HANDLED or name in gc_ops.HANDLED or (
            op.params is not None and name in NUMERIC_HELPERS):
        return None
    return op.feature if op.feature not in _CORE_FEATURES else name
