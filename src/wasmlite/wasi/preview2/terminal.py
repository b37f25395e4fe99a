"""``wasi:cli/terminal-*``: whether the standard streams are terminals.

``terminal-input`` and ``terminal-output`` have no methods; a
``get-terminal-*`` call returns one when the stream is a host terminal.
"""

from __future__ import annotations

from ...component.values import ResourceHost
from .interface import Interface
from .resources import own
from .results import VALUE
from .state import Preview2State


class Terminal:
    """A standard stream known to be a terminal."""

    __slots__ = ()


def _terminal(state: Preview2State, index: int, kind: str) -> ResourceHost | None:
    stdio = state.context.stdio
    if stdio is None or not stdio[index].isatty():
        return None
    return own(state.table, kind, Terminal())


def get_terminal_stdin(state: Preview2State) -> ResourceHost | None:
    """A ``terminal-input`` if standard input is a terminal."""
    return _terminal(state, 0, "terminal-input")


def get_terminal_stdout(state: Preview2State) -> ResourceHost | None:
    """A ``terminal-output`` if standard output is a terminal."""
    return _terminal(state, 1, "terminal-output")


def get_terminal_stderr(state: Preview2State) -> ResourceHost | None:
    """A ``terminal-output`` if standard error is a terminal."""
    return _terminal(state, 2, "terminal-output")


INTERFACES = {
    "wasi:cli/terminal-input": Interface({}, resources=("terminal-input",)),
    "wasi:cli/terminal-output": Interface({}, resources=("terminal-output",)),
    "wasi:cli/terminal-stdin": Interface(
        {"get-terminal-stdin": (get_terminal_stdin, VALUE)}, uses=("terminal-input",)),
    "wasi:cli/terminal-stdout": Interface(
        {"get-terminal-stdout": (get_terminal_stdout, VALUE)}, uses=("terminal-output",)),
    "wasi:cli/terminal-stderr": Interface(
        {"get-terminal-stderr": (get_terminal_stderr, VALUE)}, uses=("terminal-output",)),
}
