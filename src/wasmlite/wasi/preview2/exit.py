"""``wasi:cli/exit``: ending the program with a status.

``exit(ok)`` is status 0 and ``exit(err)`` status 1; ``exit-with-code(n)``
(unstable in WASI 0.2) is status ``n``. The call raises the exit error the
linker was given a factory for (``ExitTrap`` for the API).
"""

from __future__ import annotations

from typing import Any, Callable

from ...component.values import Variant
from .interface import Interface
from .results import VALUE
from .state import Preview2State

ExitFactory = Callable[[int], BaseException]


def interfaces(exit_error: ExitFactory) -> dict[str, Interface]:
    """The interface, its calls raising ``exit_error(status)``."""

    def exit(state: Preview2State, status: Any) -> None:
        """End the program: status 0 for ``ok``, 1 for ``err``."""
        failed = isinstance(status, Variant) and status.tag == "err"
        raise exit_error(1 if failed else 0)

    def exit_with_code(state: Preview2State, status_code: int) -> None:
        """End the program with status ``status_code``."""
        raise exit_error(status_code)

    return {"wasi:cli/exit": Interface({
        "exit": (exit, VALUE),
        "exit-with-code": (exit_with_code, VALUE),
    })}
