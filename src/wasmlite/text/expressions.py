"""Instruction sequences, flat and folded, into the flat IR form (``end`` and
``else`` included), with labels resolved to relative depths.

Structured instructions nest without Python recursion: every open block,
folded instruction or clause is a frame on an explicit stack, so that
machine-written text thousands of blocks deep parses like any other.
"""

from __future__ import annotations

from ..opcodes import BY_NAME
from .cursor import Cursor
from .instructions import (BLOCK_INSTRUCTIONS, FLAT_TERMINATORS, HANDLERS, SIMPLE, Pending,
                           inline_type_use, unknown_instruction)
from .lexer import ID, KEYWORD, LPAR, RPAR
from .resolve import FuncContext, ModuleContext

_END = BY_NAME["end"]
_ELSE = BY_NAME["else"]
_CATCH = BY_NAME["catch"]
_CATCH_ALL = BY_NAME["catch_all"]
_DELEGATE = BY_NAME["delegate"]
_CATCH_KINDS = {"catch": 0, "catch_ref": 1, "catch_all": 2, "catch_all_ref": 3}

# Frame kinds. A frame is a list [kind, block name, label, data].
FLAT = 0            # block/loop/if/try/try_table ... end; data: clauses seen ("else", "catch", "catch_all")
FOLDED = 1          # (block ...), (loop ...), (try_table ...): closed by ")"
PLAIN = 2           # (op immediates folded-operands*): data is the instruction, emitted at ")"
IF_CONDITION = 3    # (if label bt folded-condition* ...: data is the block type
IF_THEN = 4         # inside (then ...)
IF_AFTER_THEN = 5   # after (then ...): (else ...) or ")"
IF_ELSE = 6         # inside (else ...)
IF_AFTER_ELSE = 7   # after (else ...): ")"
TRY_START = 8       # (try label bt ...: expects (do ...); data is the block type
TRY_BODY = 9        # inside (do ...) or (catch ...) / (catch_all ...)
TRY_HANDLERS = 10   # after a clause: (catch ...), (catch_all ...), (delegate l) or ")"; data: clauses seen
TRY_DELEGATED = 11  # after (delegate l): ")"

# frames whose body holds instruction sequences (flat instructions allowed)
_SEQUENCES = frozenset((FLAT, FOLDED, IF_THEN, IF_ELSE, TRY_BODY))
# frames that accept any folded instruction
_OPERANDS = frozenset((FLAT, FOLDED, IF_THEN, IF_ELSE, TRY_BODY, PLAIN, IF_CONDITION))
# keywords after "(" that open a clause, not an instruction
_FOLDED_CLAUSES = frozenset(("then", "else", "do", "catch", "catch_all", "delegate"))


class BodyParser:
    """Parses the instructions of one function body or constant expression.

    ``hints`` maps the token positions of branch hint annotations to their
    hints; each one a hint applies to is removed from it and recorded in
    ``hinted`` as ``(index in out, hint)``. A hint applies to the instruction
    written right after it (to the head of a folded instruction).
    """

    __slots__ = ("cur", "ctx", "fctx", "out", "hints", "hinted", "frame_hints")

    def __init__(self, cur: Cursor, ctx: ModuleContext, fctx: FuncContext | None = None,
                 hints: dict[int, int] | None = None):
        self.cur = cur
        self.ctx = ctx
        self.fctx = fctx if fctx is not None else FuncContext()
        self.out: list = []
        self.hints = hints
        self.hinted: list[tuple[int, int]] = []
        self.frame_hints: dict[int, int] = {}    # id of a frame -> hint of its deferred instruction

    def instrs(self, single: bool = False) -> None:
        """Parse instructions up to the ``)`` that closes the enclosing
        s-expression (left unconsumed); with ``single``, exactly one folded
        instruction."""
        cur = self.cur
        kinds = cur.kinds
        texts = cur.texts
        append = self.out.append
        n = len(kinds)
        simple = SIMPLE
        handlers = HANDLERS
        hints = self.hints
        stack: list[list] = []
        while True:
            i = cur.i
            if i >= n:
                raise cur.unexpected("an instruction or ')'")
            kind = kinds[i]
            if hints and i in hints and self.hinted_folded(i, stack):
                if single and not stack:
                    return
                continue
            if kind == KEYWORD:
                if stack and stack[-1][0] not in _SEQUENCES:
                    raise cur.unexpected("'(' or ')'")
                name = texts[i]
                instr = simple.get(name)
                if instr is not None:
                    cur.i = i + 1
                    append(instr)
                    continue
                entry = handlers.get(name)
                if entry is not None:
                    cur.i = i + 1
                    instr = entry[0](self, entry[1])
                    if instr.__class__ is list:
                        self.emit_pending(instr)
                    else:
                        append(instr)
                elif name in BLOCK_INSTRUCTIONS:
                    cur.i = i + 1
                    self.open_flat(name, stack)
                elif name in FLAT_TERMINATORS:
                    cur.i = i + 1
                    self.flat_clause(name, stack)
                else:
                    raise unknown_instruction(cur, name)
            elif kind == LPAR:
                self.open_folded(stack)
                if single and not stack:
                    return
            elif kind == RPAR:
                if not stack:
                    return
                self.close(stack)
                if single and not stack:
                    return
            else:
                raise cur.unexpected("an instruction or ')'")

    def hinted_folded(self, i: int, stack: list) -> bool:
        """Apply the branch hint at token ``i`` to the instruction starting there;
        whether that was a folded instruction, now opened (or complete)."""
        cur = self.cur
        kind = cur.kinds[i]
        if kind == KEYWORD:
            self.hinted.append((len(self.out), self.hints.pop(i)))
            return False
        if kind != LPAR or cur.kind(1) != KEYWORD or cur.texts[i + 1] in _FOLDED_CLAUSES:
            return False                    # nothing to hint: the hint stays, misplaced
        hint = self.hints.pop(i)
        emitted = len(self.out)
        depth = len(stack)
        self.open_folded(stack)
        if len(self.out) > emitted:
            self.hinted.append((emitted, hint))
        elif len(stack) > depth:
            self.frame_hints[id(stack[-1])] = hint
        return True

    def hint_deferred(self, frame: list) -> None:
        """Record the hint, if any, of the instruction ``frame`` emits now."""
        hint = self.frame_hints.pop(id(frame), None)
        if hint is not None:
            self.hinted.append((len(self.out), hint))

    def emit_pending(self, instr: list) -> None:
        """Append an instruction whose type use is still inline (see :class:`Pending`)."""
        for k, imm in enumerate(instr):
            if imm.__class__ is Pending:
                instr[k] = self.ctx.type_use(imm.functype)
        self.out.append(tuple(instr))

    def emit_block(self, name: str, bt, catches: tuple | None = None) -> None:
        """Append the instruction opening a block (its inline type now gets its index)."""
        if bt.__class__ is Pending:
            bt = self.ctx.type_use(bt.functype)
        op = BY_NAME[name]
        self.out.append((op, bt) if catches is None else (op, bt, catches))

    # -- flat structured instructions ---------------------------------------------

    def open_flat(self, name: str, stack: list) -> None:
        """``block label? bt`` (and the other structured instructions), after the keyword."""
        label = self.cur.id()
        bt = inline_type_use(self, True)
        self.emit_block(name, bt, self.catches() if name == "try_table" else None)
        self.fctx.labels.append(label)
        stack.append([FLAT, name, label, ()])

    def flat_clause(self, clause: str, stack: list) -> None:
        """``end``, ``else``, ``catch x``, ``catch_all`` or ``delegate l``, after the keyword."""
        cur = self.cur
        frame = stack[-1] if stack else None
        if frame is None or frame[0] != FLAT:
            raise cur.error("unexpected token", "an instruction", cur.i - 1)
        _, name, label, seen = frame
        fctx = self.fctx
        if clause == "end":
            self.end_label(label)
            fctx.labels.pop()
            stack.pop()
            self.out.append((_END,))
        elif clause == "else" and name == "if" and not seen:
            self.end_label(label)
            frame[3] = ("else",)
            self.out.append((_ELSE,))
        elif clause == "catch" and name == "try" and "catch_all" not in seen:
            frame[3] = seen + ("catch",)
            self.out.append((_CATCH, self.ctx.tags.index(cur)))
        elif clause == "catch_all" and name == "try" and "catch_all" not in seen:
            frame[3] = seen + ("catch_all",)
            self.out.append((_CATCH_ALL,))
        elif clause == "delegate" and name == "try" and not seen:
            fctx.labels.pop()
            stack.pop()
            self.out.append((_DELEGATE, fctx.label(cur)))
        else:
            raise cur.error("unexpected token", "'end'", cur.i - 1)

    def end_label(self, name: str | None) -> None:
        """An optional identifier after ``end`` or ``else``: it must repeat the block's label."""
        cur = self.cur
        if cur.kind() == ID:
            if cur.texts[cur.i] != name:
                raise cur.error("mismatching label", f"'${name}'" if name else "no label")
            cur.i += 1

    def catches(self) -> tuple:
        """``(catch x l)`` / ``(catch_ref x l)`` / ``(catch_all l)`` / ``(catch_all_ref l)``*.

        Their labels are resolved outside the ``try_table`` block.
        """
        cur = self.cur
        out = []
        while True:
            kind = _CATCH_KINDS.get(cur.sexpr_keyword())
            if kind is None:
                return tuple(out)
            cur.i += 2
            tag = self.ctx.tags.index(cur) if kind < 2 else None
            out.append((kind, tag, self.fctx.label(cur)))
            cur.rpar()

    # -- folded instructions ------------------------------------------------------

    def open_folded(self, stack: list) -> None:
        """A ``(`` inside an instruction sequence: a folded instruction or a clause."""
        cur = self.cur
        state = stack[-1][0] if stack else FOLDED
        keyword = cur.texts[cur.i + 1] if cur.kind(1) == KEYWORD else None
        if state in _OPERANDS:
            if state == IF_CONDITION and keyword == "then":
                cur.i += 2
                frame = stack[-1]
                if self.frame_hints:
                    self.hint_deferred(frame)
                self.emit_block("if", frame[3])
                self.fctx.labels.append(frame[2])
                frame[0] = IF_THEN
                return
            if keyword is None:
                raise cur.unexpected("an instruction")
            cur.i += 2
            if keyword in BLOCK_INSTRUCTIONS:
                self.open_folded_block(keyword, stack)
                return
            instr = SIMPLE.get(keyword)
            if instr is None:
                entry = HANDLERS.get(keyword)
                if entry is None:
                    cur.i -= 1
                    raise unknown_instruction(cur, keyword)
                instr = entry[0](self, entry[1])
            if cur.kind() == RPAR:
                cur.i += 1
                if instr.__class__ is list:
                    self.emit_pending(instr)
                else:
                    self.out.append(instr)
            else:
                stack.append([PLAIN, keyword, None, instr])
        elif state == IF_AFTER_THEN and keyword == "else":
            cur.i += 2
            stack[-1][0] = IF_ELSE
            self.out.append((_ELSE,))
        elif state == TRY_START and keyword == "do":
            cur.i += 2
            frame = stack[-1]
            if self.frame_hints:
                self.hint_deferred(frame)
            self.emit_block("try", frame[3])
            self.fctx.labels.append(frame[2])
            frame[0] = TRY_BODY
            frame[3] = ()
        elif state == TRY_HANDLERS and keyword in ("catch", "catch_all", "delegate"):
            self.folded_try_clause(keyword, stack[-1])
        else:
            raise cur.unexpected({IF_AFTER_THEN: "'(else' or ')'", TRY_START: "'(do'",
                                  TRY_HANDLERS: "'(catch', '(catch_all', '(delegate' or ')'"}.get(state, "')'"))

    def open_folded_block(self, name: str, stack: list) -> None:
        """``(block label? bt``, ``(if ...``, ``(try ...``, after the keyword."""
        label = self.cur.id()
        bt = inline_type_use(self, True)
        if name == "if":
            stack.append([IF_CONDITION, name, label, bt])
        elif name == "try":
            stack.append([TRY_START, name, label, bt])
        else:
            self.emit_block(name, bt, self.catches() if name == "try_table" else None)
            self.fctx.labels.append(label)
            stack.append([FOLDED, name, label, None])

    def folded_try_clause(self, clause: str, frame: list) -> None:
        """``(catch x``, ``(catch_all`` or ``(delegate l)`` of a folded legacy ``try``."""
        cur = self.cur
        seen = frame[3]
        if "catch_all" in seen or (clause == "delegate" and seen):
            raise cur.unexpected("')'")
        cur.i += 2
        if clause == "catch":
            self.out.append((_CATCH, self.ctx.tags.index(cur)))
        elif clause == "catch_all":
            self.out.append((_CATCH_ALL,))
        else:
            self.fctx.labels.pop()
            self.out.append((_DELEGATE, self.fctx.label(cur)))
            cur.rpar()
            frame[0] = TRY_DELEGATED
            return
        frame[3] = seen + (clause,)
        frame[0] = TRY_BODY

    def close(self, stack: list) -> None:
        """A ``)`` ending the innermost frame, or one of its clauses."""
        cur = self.cur
        frame = stack[-1]
        state = frame[0]
        if state == PLAIN:
            cur.i += 1
            stack.pop()
            if self.frame_hints:
                self.hint_deferred(frame)
            instr = frame[3]
            if instr.__class__ is list:
                self.emit_pending(instr)
            else:
                self.out.append(instr)
        elif state in (FOLDED, IF_AFTER_THEN, IF_AFTER_ELSE):
            cur.i += 1
            stack.pop()
            self.fctx.labels.pop()
            self.out.append((_END,))
        elif state == IF_THEN:
            cur.i += 1
            frame[0] = IF_AFTER_THEN
        elif state == IF_ELSE:
            cur.i += 1
            frame[0] = IF_AFTER_ELSE
        elif state == TRY_BODY:
            cur.i += 1
            frame[0] = TRY_HANDLERS
        elif state == TRY_HANDLERS:
            cur.i += 1
            stack.pop()
            self.fctx.labels.pop()
            self.out.append((_END,))
        elif state == TRY_DELEGATED:
            cur.i += 1
            stack.pop()
        else:
            raise cur.unexpected({FLAT: "'end'", IF_CONDITION: "'(then'", TRY_START: "'(do'"}[state])


def parse_expr(cur: Cursor, ctx: ModuleContext) -> list:
    """A constant expression up to ``)``, ending with ``end``."""
    p = BodyParser(cur, ctx)
    p.instrs()
    p.out.append((_END,))
    return p.out


def parse_folded_expr(cur: Cursor, ctx: ModuleContext) -> list:
    """One folded instruction (an ``offset`` or ``item`` abbreviation), with ``end``."""
    p = BodyParser(cur, ctx)
    p.instrs(single=True)
    p.out.append((_END,))
    return p.out
