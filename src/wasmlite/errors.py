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


class ArgumentTypeError(TypeError, AttributeError):
    """An argument of the wrong kind (a number where a store or an engine is
    expected, ...).

    wasmtime-py fails on some such arguments with ``TypeError`` and on others
    with ``AttributeError`` (when it reaches for a method the argument lacks);
    this error is both, so that either ``except`` clause catches it.
    """


def closed() -> ValueError:
    """The error for using an object after ``close()`` (or after an ``Engine``
    took its ``Config``), as wasmtime-py raises it."""
    return ValueError("already closed")


class MalformedError(WasmtimeError):
    """The binary (or text) is not a well-formed module: decoding failed.

    ``message`` is the spec testsuite's wording (``unexpected end``,
    ``integer too large``, ...); ``offset`` is the byte offset, when known;
    ``detail``, when given, says more (what was found), after the message.
    """

    def __init__(self, message: str, offset: int | None = None, detail: str | None = None):
        super().__init__(message)
        self.offset = offset
        self.detail = detail

    def __str__(self) -> str:
        text = self.message if self.detail is None else f"{self.message}: {self.detail}"
        if self.offset is None:
            return text
        return f"{text} (at offset 0x{self.offset:x})"


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
