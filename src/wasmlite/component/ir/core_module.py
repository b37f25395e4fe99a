"""A core module nested in a component (Binary.md, ``core:module`` section)."""

from __future__ import annotations

from ... import ir as core
from ...errors import MalformedError


class CoreModule:
    """A core module defined inside a component, kept as its binary ``data``.

    The module is decoded (by the core decoder) when :attr:`module` is first
    read, so a large component costs no more than a copy of its bytes until
    its modules are needed. ``offset`` is where ``data`` starts in the
    outermost binary; errors from decoding it report offsets from there.
    """

    __slots__ = ("data", "offset", "_module")

    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.offset = offset
        self._module: core.Module | None = None

    @classmethod
    def from_module(cls, module: core.Module) -> CoreModule:
        """The nested module whose binary encodes ``module``."""
        from ...binary.encoder import encode_module
        nested = cls(encode_module(module))
        nested._module = module
        return nested

    @property
    def module(self) -> core.Module:
        """The decoded module; raises :class:`MalformedError` if it is malformed."""
        if self._module is None:
            self._module = decode_nested_module(self.data, self.offset)
        return self._module

    def known_valid_module(self) -> core.Module:
        """The decoded module, for a binary known to be valid (the code cache
        has seen it validate): its function bodies are decoded only when first
        read (``decode_module``'s ``lazy_code``)."""
        if self._module is None:
            self._module = decode_nested_module(self.data, self.offset, lazy_code=True)
        return self._module

    @property
    def decoded(self) -> bool:
        """Whether :attr:`module` has been decoded already."""
        return self._module is not None

    def __eq__(self, other: object) -> bool:
        if other.__class__ is CoreModule:
            return self.data == other.data
        return NotImplemented

    def __repr__(self) -> str:
        return f"CoreModule(<{len(self.data)} bytes>, offset={self.offset})"


def decode_nested_module(data: bytes, offset: int, lazy_code: bool = False) -> core.Module:
    """Decode a nested module's ``data``, reporting errors at offsets counted
    from the start of the outermost binary (``data`` starts at ``offset``);
    ``lazy_code`` as for ``decode_module``."""
    from ...binary.decoder import decode_module
    try:
        return decode_module(data, lazy_code=lazy_code)
    except MalformedError as e:
        at = None if e.offset is None else e.offset + offset
        raise MalformedError(f"in the core module at offset 0x{offset:x}: {e.message}",
                             at) from None
