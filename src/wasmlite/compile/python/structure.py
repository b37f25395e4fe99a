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
    construct nested in it.
    """

    __slots__ = ("end", "else_", "targeted", "next_code", "tail_calls", "deep_branches")

    def __init__(self, body: list):
        self.end: dict[int, int] = {}
        self.else_: dict[int, int] = {}
        self.targeted: set[int] = set()
        self.deep_branches: dict[int, int] = {}
        self.tail_calls = False
        open_: list[int] = [-1]           # -1: the function body itself
        for i, instr in enumerate(body):
            name = instr[0].name
            if name in _OPENERS:
                if name == "try_table":
                    for _, _, label in instr[2]:
                        self.targeted.add(open_[-1 - label])
                open_.append(i)
            elif name == "end":
                start = open_.pop()
                self.end[start] = i
            elif name == "else":
                self.else_[open_[-1]] = i
            elif name in BRANCHES:
                if name == "br_table":
                    for label in (*instr[1], instr[2]):
                        self.targeted.add(open_[-1 - label])
                else:
                    label = instr[2] if name in ("br_on_cast", "br_on_cast_fail") else instr[1]
                    target = open_[-1 - label]
                    self.targeted.add(target)
                    if label:
                        self.deep_branches[target] = self.deep_branches.get(target, 0) + 1
            elif name.startswith("return_call"):
                self.tail_calls = True
        n = len(body)
        self.next_code = [n] * (n + 1)
        nxt = n
        for i in range(n - 1, -1, -1):
            if body[i][0].name != "end":
                nxt = i
            self.next_code[i] = nxt
