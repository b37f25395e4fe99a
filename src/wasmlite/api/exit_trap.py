"""ExitTrap: the error a program's requested exit (WASI ``proc_exit``) raises."""

from __future__ import annotations

from ..errors import WasmtimeError


class ExitTrap(WasmtimeError):
    """The program asked to exit; ``code`` is its exit status."""

    def __init__(self, code: int, message: str | None = None):
        super().__init__(message if message is not None else f"Exited with i32 exit status {code}")
        self.code = code
