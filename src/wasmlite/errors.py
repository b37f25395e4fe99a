"""Exception classes shared by every stage.

``WasmtimeError`` and ``Trap`` keep wasmtime-py's names so that code written for
``wasmtime`` catches the same classes. The subclasses tell the stage that failed.
"""

from __future__ import annotations


class WasmtimeError(Exception):
    """Any error reported by the runtime that is not a trap."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class MalformedError(WasmtimeError):
    """The binary (or text) is not a well-formed module: decoding failed.

    ``message`` is the spec testsuite's wording (``unexpected end``,
    ``integer too large``, ...); ``offset`` is the byte offset, when known.
    """

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.offset = offset

    def __str__(self) -> str:
        if self.offset is None:
            return self.message
        return f"{self.message} (at offset 0x{self.offset:x})"


class InvalidError(WasmtimeError):
    """The module is well-formed but fails validation (``type mismatch``, ...)."""


class NotSupportedError(WasmtimeError):
    """A feature that wasmlite recognises but does not implement yet."""

    def __init__(self, feature: str):
        super().__init__(f"not supported: {feature}")
        self.feature = feature


class LinkError(WasmtimeError):
    """Instantiation failed while resolving imports (``unknown import``,
    ``incompatible import type``)."""
