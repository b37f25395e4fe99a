"""The block structure of a function body, found before compiling it."""

from __future__ import annotations

__all__ = ["Structure", "BRANCHES"]

BRANCHES = frozenset({"br", "br_if", "br_table", "br_on_null", "br_on_non_null",
                      "br_on_cast", "br_on_cast_fail"})
"""Instructions whose label immediates name branch targets."""

_OPENERS = frozenset({"block", "loop", "if", "try_table", "try"})


class Structure:
    """For a flat body: where each ``block``/``loop``/``if`` ends (``end``), where
    an ``if`` has its ``else`` (``else_``), which constructs some branch targets
    (``targeted``), and ``next_code[i]``: the first index at or after ``i``
    that is not an ``end``; ``deep_branches[i]``: how many ``br``-like
    instructions (``br_table`` aside) target construct ``i`` from inside a
    construct nested in it; ``loop_exits``: the constructs that some branch
    inside leaves for the start of an enclosing ``loop``.
    """

    __slots__ = ("end", "else_", "targeted", "next_code", "tail_calls", "deep_branches",
                 "loop_exits")

    def __init__(self, body: list):
        self.end: dict[int, int] = {}
        self.else_: dict[int, int] = {}
        self.targeted: set[int] = set()
        self.deep_branches: dict[int, int] = {}
        self.loop_exits: set[int] = set()
        self.tail_calls = False
        open_: list[int] = [-1]           # -1: the function body itself
        # for each open construct: the outermost open loop that a branch inside
        # it so far targets, as an index into open_ (len(open_): none)
        reach: list[int] = [1]
        for i, instr in enumerate(body):
            name = instr[0].name
            if name in _OPENERS:
                if name == "try_table":
                    for _, _, label in instr[2]:
                        self.targeted.add(open_[-1 - label])
                open_.append(i)
                reach.append(len(open_))
            elif name == "end" or name == "delegate":
                start = open_.pop()
                self.end[start] = i
                inner = reach.pop()
                if reach:               # not the function's own end
                    if inner < len(open_):
                        self.loop_exits.add(start)
                    reach[-1] = min(reach[-1], inner)
            elif name == "else":
                self.else_[open_[-1]] = i
            elif name in BRANCHES:
                if name == "br_table":
                    for label in (*instr[1], instr[2]):
                        self.targeted.add(open_[-1 - label])
                        if _is_loop(body, open_[-1 - label]):
                            reach[-1] = min(reach[-1], len(open_) - 1 - label)
                else:
                    label = instr[2] if name in ("br_on_cast", "br_on_cast_fail") else instr[1]
                    target = open_[-1 - label]
                    self.targeted.add(target)
                    if label:
                        self.deep_branches[target] = self.deep_branches.get(target, 0) + 1
                    if _is_loop(body, target):
                        reach[-1] = min(reach[-1], len(open_) - 1 - label)
            elif name.startswith("return_call"):
                self.tail_calls = True
        n = len(body)
        self.next_code = [n] * (n + 1)
        nxt = n
        for i in range(n - 1, -1, -1):
            if body[i][0].name != "end":
                nxt = i
            self.next_code[i] = nxt


def _is_loop(body: list, start: int) -> bool:
    """Whether the construct opened at ``start`` (-1: the function body) is a loop."""
    return start >= 0 and body[start][0].name == "loop"
