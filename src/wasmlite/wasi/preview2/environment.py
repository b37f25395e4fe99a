"""``wasi:cli/environment``: the program's arguments and environment variables."""

from __future__ import annotations

from .interface import Interface
from .results import VALUE
from .state import Preview2State


def get_environment(state: Preview2State) -> list[tuple[str, str]]:
    """The environment variables, as ``(name, value)`` pairs."""
    return list(state.context.env)


def get_arguments(state: Preview2State) -> list[str]:
    """The arguments, the program name first."""
    return list(state.context.argv)


def initial_cwd(state: Preview2State) -> str | None:
    """The initial working directory: there is none."""
    return None


INTERFACES = {"wasi:cli/environment": Interface({
    "get-environment": (get_environment, VALUE),
    "get-arguments": (get_arguments, VALUE),
    "initial-cwd": (initial_cwd, VALUE),
})}
