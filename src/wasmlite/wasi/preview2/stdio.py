"""``wasi:cli/stdin``, ``wasi:cli/stdout`` and ``wasi:cli/stderr``: the standard
streams, the same ones preview 1 gives as descriptors 0, 1 and 2.

Each call returns a new handle; closing it leaves the stream open.
"""

from __future__ import annotations

from ...component.values import ResourceHost
from .input_streams import StdinStream
from .interface import Interface
from .output_streams import StdioStream
from .resources import own
from .results import VALUE
from .state import Preview2State


def _stdio(state: Preview2State) -> tuple:
    stdio = state.context.stdio
    assert stdio is not None
    return stdio


def get_stdin(state: Preview2State) -> ResourceHost:
    """A handle to standard input."""
    return own(state.table, "input-stream", StdinStream(_stdio(state)[0]))


def get_stdout(state: Preview2State) -> ResourceHost:
    """A handle to standard output."""
    return own(state.table, "output-stream", StdioStream(_stdio(state)[1]))


def get_stderr(state: Preview2State) -> ResourceHost:
    """A handle to standard error."""
    return own(state.table, "output-stream", StdioStream(_stdio(state)[2]))


INTERFACES = {
    "wasi:cli/stdin": Interface({"get-stdin": (get_stdin, VALUE)}, uses=("input-stream",)),
    "wasi:cli/stdout": Interface({"get-stdout": (get_stdout, VALUE)}, uses=("output-stream",)),
    "wasi:cli/stderr": Interface({"get-stderr": (get_stderr, VALUE)}, uses=("output-stream",)),
}
