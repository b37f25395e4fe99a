"""Exception instances: what ``throw`` raises and ``exnref`` refers to."""

from __future__ import annotations

__all__ = ["WasmException"]


class WasmException(Exception):
    """A thrown wasm exception: its tag instance and its payload of raw values.

    It travels through the compiled code as a Python exception; ``try_table``
    catches it by tag identity. An ``exnref`` value is this object.
    """

    def __init__(self, tag, payload: tuple):
        super().__init__(tag, payload)
        self.tag = tag
        self.payload = payload

    def __str__(self) -> str:
        return "thrown Wasm exception"
