"""Structured control flow compiled to Python statements.

A ``loop`` that some branch targets is a ``while True:`` (a branch to it is
``continue``); an ``if`` is an ``if``/``else`` (deep in a function, where
Python's indentation limit nears, its arms stay at the current level and
``L`` selects them); a ``block`` is nothing at all.
A branch to the end of a block either falls through (only ``end``s lie
between), nests the rest of the block under ``if not cond:`` (a conditional
branch straight out of the innermost block), or sets the label variable ``L``
to the target's depth: the code up to the target's end is then skipped by
flat ``if not L:`` guards (see :mod:`.writer`), Python loops on the way are
left with ``break``, and the target's end resets ``L``. Values that flow to a
merge point travel in the label's slots ``r<id>_<i>``. ``try_table`` is a
``try:`` whose handler dispatches on the exception's tag.
"""

from __future__ import annotations

from ... import ir
from .legacy_try import LegacyTry
from .operands import OperandStack
from .structure import Structure
from .values import MASKS, Value, canonical_upper, name

__all__ = ["ControlFlow", "Ctl", "MAX_SKIP_INDENT", "MAX_IF_INDENT"]

MAX_SKIP_INDENT = 40
"""Deepest indentation at which a conditional branch out of a block nests the
rest of the block under ``if not cond:`` (deeper, it sets ``L`` instead)."""

MIN_DISPATCH_TREE = 8
"""Fewest ``br_table`` targets for which their block ends get range guards."""

DISPATCH_LEAF = 4
"""Block ends left to flat guards at the leaves of the range-guard tree."""

MIN_EXIT_LOOP_BRANCHES = 2
"""Fewest branches from nested constructs that make a ``block`` a one-pass
``while True:`` loop, which they leave with ``break`` instead of setting ``L``
and skipping guard after guard (unless a branch inside continues an enclosing
loop, which is a plain ``continue`` only while no Python loop is in between)."""

MAX_EXIT_LOOP_NESTING = 10
"""Python loops that may already enclose a ``block`` made a one-pass loop
(CPython allows 20 nested loops in all)."""

MAX_IF_INDENT = 50
"""Deepest indentation at which an ``if`` becomes a Python ``if`` statement
(deeper, its arms stay at the same level, selected by ``L``)."""


class Ctl:
    """A construct being compiled (the function body is the outermost one)."""

    __slots__ = ("kind", "depth", "id", "start", "end", "params", "results", "targeted",
                 "below", "entry", "pyloop", "arm_pending", "arm_reachable", "has_else",
                 "reachable_branch", "exits", "plain_exit", "py_depth", "skips", "flat",
                 "exn", "arm_open", "delegated")

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
        self.flat = False                  # if: arms compiled at the same level, under guards
        self.exn: str | None = None        # legacy try: the caught exception, in its catches
        self.arm_open = False              # legacy try: an ``if``/``elif`` catch arm is open
        self.delegated = False             # some ``delegate`` hands exceptions to its handler

    @property
    def arity(self) -> int:
        return len(self.params) if self.kind == "loop" else len(self.results)

    def slots(self) -> list[str]:
        return [f"r{self.id}_{i}" for i in range(self.arity)]


class ControlFlow(LegacyTry, OperandStack):
    """Compiles the control instructions of one function body."""

    def __init__(self, cm, functype: ir.FuncType, body: list):
        super().__init__()
        self.cm = cm
        self.functype = functype
        self.body = body
        self.structure = Structure(body)
        self.ctls: list[Ctl] = []
        self.pyloops: list[Ctl] = []
        self.reachable = True
        self.nctl = 0
        self.uses_label = False
        self.pc = 0
        self.range_opens: dict[int, list[tuple[int, int]]] = {}
        self.range_closes: dict[tuple[int, bool], int] = {}
        self.delegates_out = False
        """Some legacy ``delegate`` hands exceptions to the function's caller."""

    def loop_header(self) -> list[str]:
        """Statements run at the start of every iteration of a Python loop."""
        return []

    def osr_point(self) -> bool:
        """Whether a loop entered with an empty operand stack may hand the rest
        of the function to its machine code (see ``compile.llvm.tiering``)."""
        return False

    def _push_ctl(self, kind: str, start: int, params: tuple, results: tuple) -> Ctl:
        end = self.structure.end[start]
        ctl = Ctl(kind, len(self.ctls) + 1, self.nctl, start, end, params, results,
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

    def _enter(self, ctl: Ctl) -> None:
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
        if self.structure.deep_branches.get(self.pc, 0) >= MIN_EXIT_LOOP_BRANCHES \
                and self.w.loops < MAX_EXIT_LOOP_NESTING \
                and self.pc not in self.structure.loop_exits:
            # branches from deep inside leave it with ``break`` (a branch that
            # continues an enclosing loop would have to set L to get out)
            ctl.pyloop = True
            self.w.open("while True:", "while")
            self.pyloops.append(ctl)

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
        for line in self.loop_header():
            self.w.raw(line)
        if not params and not self.stack and self.osr_point():
            # the machine code of this function may take over from here (tiering)
            self.w.raw(f"if OSR and ({self.index}, {self.pc}) in OSR: "
                       f"return OSR[{self.index}, {self.pc}]"
                       f"({', '.join(f'l{x}' for x in range(len(self.local_types)))})")
        self.pyloops.append(ctl)

    def _if(self, instr) -> None:
        params, results = self._blocktype(instr[1])
        cond = self.pop()
        self.spill_all()
        ctl = self._push_ctl("if", self.pc, params, results)
        self._enter(ctl)
        if self.w.indent < MAX_IF_INDENT:
            self.w.open(f"if {cond.condition()}:", "if")
            return
        # deep in the function: keep the arms at this level, under guards
        ctl.flat = True
        ctl.targeted = True
        self.uses_label = True
        self.w.emit(f"if not {cond.truth()}: L = {-ctl.depth}")
        self.w.pending.add(-ctl.depth)
        self.w.settle()

    def _flat_else(self, ctl: Ctl) -> None:
        """``else`` of an ``if`` whose arms are kept flat: the then arm jumps to
        the end, the else arm starts where ``L`` holds the ``if``'s else mark."""
        w = self.w
        if self.reachable:
            self._assign_top(ctl.slots())
            w.emit(f"L = {ctl.depth}")
            w.pending.add(ctl.depth)
            ctl.reachable_branch = True
        w.close_guards()
        if w.may_hold(-ctl.depth):
            w.raw(f"if L == {-ctl.depth}: L = 0")
            w.pending.discard(-ctl.depth)
        ctl.has_else = True
        self.stack = ctl.below + ctl.entry
        self.reachable = True

    def _flat_end(self, ctl: Ctl) -> None:
        """``end`` of an ``if`` whose arms are kept flat."""
        w = self.w
        if self.reachable:
            self._assign_top(ctl.slots())
        if not ctl.has_else:
            w.close_guards()
            w.open_raw(f"if L == {-ctl.depth}:", "if")
            w.raw("L = 0")
            self._assign(ctl.slots(), ctl.entry)
            w.close()
            w.pending.discard(-ctl.depth)
            self.reachable = True
        self.reachable = self.reachable or ctl.reachable_branch
        self._clear_label(ctl)
        self._leave(ctl, merge=True)
        w.settle()

    def _try_table(self, instr) -> None:
        params, results = self._blocktype(instr[1])
        self.spill_all()
        ctl = self._push_ctl("try_table", self.pc, params, results)
        ctl.targeted = True
        self._enter(ctl)
        self.w.open("try:", "try")

    def _end_try_table(self, ctl: Ctl) -> None:
        """Close the ``try:`` of a ``try_table`` with a handler for its catch clauses."""
        w = self.w
        if self.reachable:
            self._assign_top(ctl.slots())
        w.close_guards()
        body_pending = set(w.pending)
        w.close()
        w.pending = set()
        exn = self.temp()
        self._open_handler(ctl, exn)
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

    def _branch_with(self, target: Ctl, values: list[str]) -> None:
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
        if ctl.flat:
            self._flat_else(ctl)
            return
        self._finish_arm(ctl)
        ctl.arm_pending = set(self.w.pending)
        ctl.arm_reachable = self.reachable
        ctl.has_else = True
        self.w.close()
        self.w.pending = set()
        self.w.open_raw("else:", "else")
        self.stack = ctl.below + ctl.entry
        self.reachable = True

    def _finish_arm(self, ctl: Ctl) -> None:
        """At the end of an ``if`` arm: results into the slots (or, when nothing
        but the function's end follows, returned), guards closed."""
        if self.reachable:
            if self._returns_at_end(ctl):
                self._return(len(ctl.results))
            else:
                self._assign_top(ctl.slots())
        self.w.close_guards()

    def _returns_at_end(self, ctl: Ctl) -> bool:
        """Whether ``ctl``'s results are the function's, returned right after its end."""
        return (len(self.ctls) == 2 and len(ctl.results) == len(self.functype.results)
                and self.structure.next_code[ctl.end + 1] == len(self.body)
                and not self.w.may_hold())

    def _end(self, instr) -> None:
        ctl = self.ctls[-1]
        w = self.w
        if ctl.kind == "try_table":
            self._end_try_table(ctl)
            return
        if ctl.kind == "try":
            self._end_try(ctl)
            return
        if ctl.kind == "if" and ctl.flat:
            self._flat_end(ctl)
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
        if ctl.pyloop and ctl.kind == "block":
            self._end_exit_loop(ctl)
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
            for _ in range(self.range_closes.pop((ctl.id, False), 0)):
                w.close_range()
            self._finish_block(ctl)
            self.reachable = self.reachable or ctl.reachable_branch
            self._leave(ctl, merge=True)
        else:
            self._leave(ctl, merge=False)

    def _end_exit_loop(self, ctl: Ctl) -> None:
        """``end`` of a block compiled as a one-pass ``while True:`` loop."""
        w = self.w
        if self.reachable and ctl.results:
            self._assign_top(ctl.slots())
        w.close_guards()
        for _ in range(self.range_closes.pop((ctl.id, False), 0)):
            w.close_range()
        w.raw("break")
        w.close()
        self.pyloops.pop()
        w.pending |= ctl.exits
        self._finish_block(ctl)
        self.reachable = self.reachable or ctl.reachable_branch or ctl.plain_exit
        self._leave(ctl, merge=True)
        w.settle()

    def _finish_block(self, ctl: Ctl) -> None:
        """At a targeted block's end: the range guards that open there, the
        reset of its label, and the range guards that close after it."""
        w = self.w
        for lo, hi in self.range_opens.pop(ctl.id, ()):
            w.open_range(lo, hi)
        self._clear_label(ctl)
        for _ in range(self.range_closes.pop((ctl.id, True), 0)):
            w.close_range()

    def _clear_label(self, ctl: Ctl) -> None:
        """At the end of a construct that branches set ``L`` for: reset it."""
        w = self.w
        if w.may_hold(ctl.depth):
            w.close_guards()
            if w.pending == {ctl.depth}:
                w.raw("L = 0")
            else:
                w.raw(f"if L == {ctl.depth}: L = 0")
            w.pending.discard(ctl.depth)

    def _leave(self, ctl: Ctl, merge: bool) -> None:
        """Pop ``ctl``: the operands under it (as they are now: some may have been
        stored in temporaries meanwhile), then its results (in its slots when
        several paths ``merge`` at its end)."""
        self.ctls.pop()
        below = self.stack[:len(ctl.below)]
        if not self.reachable:
            self.stack = below
        elif merge:
            self.stack = below + [name(s, t) for s, t in zip(ctl.slots(), ctl.results)]
        elif ctl.results:
            self.stack = below + self.stack[len(self.stack) - len(ctl.results):]
        else:
            self.stack = below

    def _function_end(self, ctl: Ctl) -> None:
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

    def _assign_top(self, slots: list[str]) -> None:
        """Emit ``slots = `` the top operands (after the impure operands under them);
        the slots then stand for those operands, which are evaluated once only."""
        n = len(slots)
        self.flush_below(n)
        if n:
            top = self.stack[-n:]
            self._assign(slots, top)
            self.stack[-n:] = [name(s, v.type, bound=canonical_upper(v) if v.type in MASKS
                                    else None) for s, v in zip(slots, top)]

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
        if target.kind == "loop" or self.structure.next_code[self.pc + 1] <= target.end:
            return False
        return not any(c.results or (c.kind == "loop" and c.params)
                       for c in self.ctls[ctl_index:])

    def _branch_lines(self, target: Ctl) -> list[str]:
        """Statements that carry out a branch to ``target`` (its values already assigned)."""
        if target.depth == 1:
            return [_return_line(self._carried(target))]
        inner = self.pyloops[-1] if self.pyloops else None
        if target is inner:
            return ["continue" if target.kind == "loop" else "break"]
        if inner is not None and target.depth < inner.depth:
            if self._plain_exit(inner, target):
                inner.plain_exit = True
                return ["break"]
            self.uses_label = True
            inner.exits.add(target.depth)
            return [f"L = {target.depth}", "break"]
        self.uses_label = True
        return [f"L = {target.depth}"]

    def _plain_exit(self, loop: Ctl, target: Ctl) -> bool:
        """Whether leaving Python loop ``loop`` reaches the end of ``target`` with
        only ``end``s of result-less constructs in between."""
        if target.kind == "loop" or loop.results \
                or self.structure.next_code[loop.end + 1] <= target.end:
            return False
        between = self.ctls[target.depth - 1:loop.depth - 1]
        return not any(c.results or (c.kind == "loop" and c.params) for c in between)

    def _carried(self, target: Ctl) -> list[Value]:
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
                and not target.results and not target.pyloop and not w.pending \
                and w.indent == target.py_depth + target.skips and w.indent < MAX_SKIP_INDENT:
            # skip the rest of the block: nest it under the negated condition
            w.open(f"if not {cond.truth()}:", "skip")
            target.skips += 1
            return
        self._conditional_branch(target, cond.condition())

    def _conditional_branch(self, target: Ctl, test: str) -> None:
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
        order: list[Ctl] = []
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
        self._pend_table(order + [dtarget])
        self.reachable = False

    def _table_arm(self, target: Ctl, carried: list[Value]) -> None:
        if carried:
            self._assign(target.slots(), carried)
        self.uses_label = True
        self.w.emit(f"L = {target.depth}")

    def _plan_dispatch(self, targets: list[Ctl]) -> None:
        """Plan range guards for the ends of the blocks a wide ``br_table`` targets.

        The ends of nested blocks come one after the other; with ``L`` set by the
        table, reaching the right one through flat guards costs a check per
        block. Grouping the ends into a balanced tree of ``if not L or lo <= L
        <= hi:`` statements makes it a check per tree level instead.
        """
        blocks = {id(t): t for t in targets if t.kind == "block" and t.depth != 1}
        ordered = sorted(blocks.values(), key=lambda c: -c.depth)
        if len(ordered) < MIN_DISPATCH_TREE:
            return
        run = [ordered[0]]
        for c in ordered[1:]:
            between = self.ctls[c.depth - 1:run[-1].depth]
            if not all(b.kind == "block" and b.depth != 1 and b.py_depth == run[0].py_depth
                       for b in between):
                break
            run.append(c)
        if len(run) >= MIN_DISPATCH_TREE:
            self._plan_ranges(run, 0, len(run))

    def _plan_ranges(self, run: list[Ctl], i: int, j: int) -> None:
        if j - i <= DISPATCH_LEAF:
            return
        mid = (i + j) // 2
        for a, b in ((i, mid), (mid, j)):
            # every block ending inside the range guard: from run[a] out to run[b]
            lo = run[b].depth + 1 if b < len(run) else run[-1].depth
            self.range_opens.setdefault(run[a].id, []).append((lo, run[a].depth))
            key = (run[b].id, False) if b < len(run) else (run[-1].id, True)
            self.range_closes[key] = self.range_closes.get(key, 0) + 1
            self._plan_ranges(run, a, b)

    def _pend_table(self, targets: list[Ctl]) -> None:
        """After a ``br_table`` that set ``L``: every target is pending; targets
        outside the innermost Python loop leave it at its end."""
        for t in targets:
            self.w.pending.add(t.depth)
        self._plan_dispatch(targets)
        self.w.settle()

    def _return(self, n: int) -> None:
        """Return the top ``n`` operands."""
        self.flush_below(n)
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


def _return_line(values: list[Value]) -> str:
    if not values:
        return "return"
    if len(values) == 1:
        return f"return {values[0].value_code()}"
    return f"return ({', '.join(v.value_code() for v in values)})"
