"""A component: its sections, in binary order (Binary.md, "Component Definitions").

Sections are kept as written (several sections of one kind may appear, in
any order) because the order of definitions builds the index spaces. A
section is one of:

* :class:`CoreModule` (``core:module``) and :class:`Component` (a nested
  ``component``), one definition each;
* a vector section: :class:`CoreInstanceSection`, :class:`CoreTypeSection`,
  :class:`InstanceSection`, :class:`AliasSection`, :class:`TypeSection`,
  :class:`CanonSection`, :class:`ImportSection`, :class:`ExportSection`,
  :class:`ValueSection`;
* :class:`Start`;
* :class:`CustomSection`, or :class:`NameSection` for a well-formed
  ``component-name`` section.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...ir import _Record
from .aliases import Alias
from .canon import Canon
from .core_module import CoreModule
from .core_types import CoreType
from .custom import ComponentNames, CustomSection, NameSection
from .externs import Export, Import
from .instances import CoreInstance, Instance
from .start import Start
from .types import DefType
from .values import ValueDef


class CoreInstanceSection(_Record):
    """Section 2: core instance definitions."""

    __slots__ = ("instances",)

    def __init__(self, instances: list[CoreInstance]) -> None:
        self.instances = instances


class CoreTypeSection(_Record):
    """Section 3: core type definitions."""

    __slots__ = ("types",)

    def __init__(self, types: list[CoreType]) -> None:
        self.types = types


class InstanceSection(_Record):
    """Section 5: component instance definitions."""

    __slots__ = ("instances",)

    def __init__(self, instances: list[Instance]) -> None:
        self.instances = instances


class AliasSection(_Record):
    """Section 6: alias definitions."""

    __slots__ = ("aliases",)

    def __init__(self, aliases: list[Alias]) -> None:
        self.aliases = aliases


class TypeSection(_Record):
    """Section 7: type definitions."""

    __slots__ = ("types",)

    def __init__(self, types: list[DefType]) -> None:
        self.types = types


class CanonSection(_Record):
    """Section 8: canonical definitions."""

    __slots__ = ("canons",)

    def __init__(self, canons: list[Canon]) -> None:
        self.canons = canons


class ImportSection(_Record):
    """Section 10: imports."""

    __slots__ = ("imports",)

    def __init__(self, imports: list[Import]) -> None:
        self.imports = imports


class ExportSection(_Record):
    """Section 11: exports."""

    __slots__ = ("exports",)

    def __init__(self, exports: list[Export]) -> None:
        self.exports = exports


class ValueSection(_Record):
    """Section 12: value definitions."""

    __slots__ = ("values",)

    def __init__(self, values: list[ValueDef]) -> None:
        self.values = values


class Component(_Record):
    """A component: its sections in order (see the module docstring)."""

    __slots__ = ("sections",)

    def __init__(self, sections: list[Section] | None = None) -> None:
        self.sections = [] if sections is None else sections

    @property
    def imports(self) -> Iterator[Import]:
        """Every import, in order."""
        for section in self.sections:
            if isinstance(section, ImportSection):
                yield from section.imports

    @property
    def exports(self) -> Iterator[Export]:
        """Every export, in order."""
        for section in self.sections:
            if isinstance(section, ExportSection):
                yield from section.exports

    @property
    def names(self) -> ComponentNames | None:
        """The names of the first well-formed ``component-name`` section, if any."""
        for section in self.sections:
            if isinstance(section, NameSection):
                return section.names
        return None


Section = (CoreModule | CoreInstanceSection | CoreTypeSection | Component | InstanceSection
           | AliasSection | TypeSection | CanonSection | Start | ImportSection | ExportSection
           | ValueSection | CustomSection | NameSection)
