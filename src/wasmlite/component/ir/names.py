"""Import and export names: ``nameattributes`` (Binary.md, "Import and Export
Definitions").

An :class:`ExternName` is the ``externname`` string together with its
attributes. ``externname`` is either a plain name (``"run"``,
``"[method]file.read"``, ``"my-func"``) or an interface name
(``"wasi:cli/stdout@0.2.0"``); :attr:`ExternName.is_interface` tells which
by the interface name's shape (checking the full grammar is validation's
work).
"""

from __future__ import annotations

from ...ir import _FrozenRecord

PLAIN = 0x00
"""The leading byte of a name without attributes."""
PLAIN_LEGACY = 0x01
"""The older leading byte of a name without attributes (same meaning as ``0x00``)."""
WITH_ATTRIBUTES = 0x02
"""The leading byte of a name followed by a vector of attributes."""


class Implements(_FrozenRecord):
    """``(implements "interfacename")``: the interface an instance import or
    export implements."""

    __slots__ = ("interface",)

    def __init__(self, interface: str) -> None:
        self.interface = interface


class VersionSuffix(_FrozenRecord):
    """``(versionsuffix "suffix")``: the part of a semver that the canonical
    version of an interface name leaves out."""

    __slots__ = ("suffix",)

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix


class ExternalId(_FrozenRecord):
    """``(external-id "name")``: an identifier for tooling outside the component."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


Attribute = Implements | VersionSuffix | ExternalId


class ExternName(_FrozenRecord):
    """``nameattributes``: an import or export name with its attributes.

    ``form`` is the leading byte the name was written with: ``0x00`` or
    ``0x01`` (no attributes; the two mean the same) or ``0x02`` (a vector of
    attributes follows, possibly empty). It is kept so that a decoded binary
    encodes back to the same bytes.
    """

    __slots__ = ("name", "attributes", "form")

    def __init__(self, name: str, attributes: tuple[Attribute, ...] = (),
                 form: int | None = None) -> None:
        self.name = name
        self.attributes = attributes
        self.form = (WITH_ATTRIBUTES if attributes else PLAIN) if form is None else form

    @property
    def is_interface(self) -> bool:
        """Whether the name has the shape of an ``interfacename``
        (``namespace:package/interface`` with an optional ``@version``)."""
        name = self.name.split("@", 1)[0]
        return ":" in name and "/" in name.split(":", 1)[1]

    def __str__(self) -> str:
        return self.name
