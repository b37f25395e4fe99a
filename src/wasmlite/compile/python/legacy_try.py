"""Legacy exception handling: ``try`` with ``catch``/``catch_all`` or ``delegate``,
and ``rethrow``.

A ``try`` is a Python ``try:``; its catch clauses are the arms of an
``if``/``elif``/``else`` on the caught exception's tag inside one ``except``
clause, whose variable ``rethrow`` raises again. ``delegate`` hands the
exception to the handlers of an enclosing construct, past the ones in
between: it raises a :class:`~.support.Delegation` naming that construct,
which only the handlers of constructs that some ``delegate`` names catch (and
the function itself, for a ``delegate`` out of the function).
"""

from __future__ import annotations

from .values import Value

__all__ = ["LegacyTry"]


class LegacyTry:
    """The legacy exception instructions of :class:`~.control.ControlFlow`."""

    def _try(self, instr) -> None:
        params, results = self._blocktype(instr[1])
        self.spill_all()
        ctl = self._push_ctl("try", self.pc, params, results)
        ctl.targeted = True
        self._enter(ctl)
        self.w.open("try:", "try")

    def _catch(self, instr) -> None:
        self._start_catch(instr[1])

    def _catch_all(self, instr) -> None:
        self._start_catch(None)

    def _start_catch(self, tag: int | None) -> None:
        """End the ``try`` body or the previous catch clause; start the clause
        for ``tag`` (``None``: every exception)."""
        ctl = self.ctls[-1]
        w = self.w
        self._end_part(ctl)
        if ctl.exn is None:
            ctl.exn = self.temp()
            self._open_handler(ctl, ctl.exn)
        elif ctl.arm_open:
            w.close()
        exn = ctl.exn
        if tag is None:
            if ctl.arm_open:
                w.open_raw("else:", "else")
            ctl.has_else = True
            params: tuple = ()
        else:
            w.open_raw(f"{'elif' if ctl.arm_open else 'if'} {exn}.tag is TG{tag}:", "if")
            ctl.arm_open = True
            params = self._tag_params(tag)
        self.stack = ctl.below + [Value(f"{exn}.payload[{i}]", t, depth=1)
                                  for i, t in enumerate(params)]
        self.reachable = True

    def _end_part(self, ctl) -> None:
        """At the end of the ``try`` body or of a catch clause: results into the
        slots, guards closed, the part's pending labels kept for the ``end``."""
        w = self.w
        if self.reachable:
            self._assign_top(ctl.slots())
        w.close_guards()
        ctl.arm_pending |= w.pending
        ctl.arm_reachable = ctl.arm_reachable or self.reachable
        if ctl.exn is None:
            w.close()                       # the ``try:``
        w.pending = set()

    def _open_handler(self, ctl, exn: str) -> None:
        """Open the ``except`` clause of ``ctl``'s Python ``try:``, binding the wasm
        exception to ``exn`` (also when it was delegated to ``ctl``)."""
        w = self.w
        if not ctl.delegated:
            w.open_raw(f"except WasmException as {exn}:", "except")
            return
        w.open_raw(f"except (WasmException, Delegation) as {exn}:", "except")
        w.open_raw(f"if {exn}.__class__ is Delegation:", "if")
        w.raw(f"if {exn}.target != {ctl.id}: raise")
        w.raw(f"{exn} = {exn}.exn")
        w.close()

    def _end_try(self, ctl) -> None:
        """``end`` of a legacy ``try``."""
        w = self.w
        self._end_part(ctl)
        if ctl.exn is None:                 # no catch clause: only a block
            self._open_handler(ctl, self.temp())
            w.raw("raise")
        elif ctl.arm_open:
            w.close()
            if not ctl.has_else:
                w.open_raw("else:", "else")
                w.raw(f"raise {ctl.exn}")
                w.close()
        w.close()                           # the ``except``
        self._merge_try(ctl)

    def _delegate(self, instr) -> None:
        """``delegate``: end the ``try``; what it catches goes to the handler of
        the construct named by the label (counted outside the ``try``), or of
        the nearest construct around it that has one."""
        ctl = self.ctls[-1]
        w = self.w
        index = len(self.ctls) - 2 - instr[1]
        while index > 0 and not _handles_here(self.ctls[index]):
            index -= 1
        target = self.ctls[index]
        if index:
            target.delegated = True
        else:
            self.delegates_out = True
        self._end_part(ctl)
        exn = self.temp()
        self._open_handler(ctl, exn)
        w.raw(f"raise Delegation({exn}, {target.id})")
        w.close()
        self._merge_try(ctl)

    def _merge_try(self, ctl) -> None:
        w = self.w
        w.pending = set(ctl.arm_pending)
        self.reachable = ctl.arm_reachable or ctl.reachable_branch
        self._clear_label(ctl)
        self._leave(ctl, merge=True)
        w.settle()

    def _rethrow(self, instr) -> None:
        target = self.ctls[len(self.ctls) - 1 - instr[1]]
        self.statement(f"raise {target.exn}")
        self.reachable = False


def _handles_here(ctl) -> bool:
    """Whether code inside ``ctl`` (where compilation is now) is covered by its
    exception handler: a ``try_table``, or a ``try`` still in its body."""
    return ctl.kind == "try_table" or (ctl.kind == "try" and ctl.exn is None)
