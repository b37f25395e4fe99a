"""Instance definitions (Binary.md, "Instance Definitions"): core instances
and component instances, each made by instantiating a module or a component
with arguments, or by bundling existing items as inline exports."""

from __future__ import annotations

from ...ir import _Record
from .names import ExternName
from .sorts import CoreSortIdx, SortIdx


class CoreInstantiateArg(_Record):
    """``(with "name" (instance i))``: the core instance ``instance`` supplies
    the imports whose module name is ``name``."""

    __slots__ = ("name", "instance")

    def __init__(self, name: str, instance: int) -> None:
        self.name = name
        self.instance = instance


class CoreInstantiate(_Record):
    """``(instantiate m arg*)``: a core instance of the core module ``module``."""

    __slots__ = ("module", "args")

    def __init__(self, module: int, args: tuple[CoreInstantiateArg, ...] = ()) -> None:
        self.module = module
        self.args = args


class CoreInlineExport(_Record):
    """``(export "name" (sort idx))`` of a core inline-exports instance."""

    __slots__ = ("name", "item")

    def __init__(self, name: str, item: CoreSortIdx) -> None:
        self.name = name
        self.item = item


class CoreInlineExports(_Record):
    """A core instance made of existing core items (``core:inlineexport*``)."""

    __slots__ = ("exports",)

    def __init__(self, exports: tuple[CoreInlineExport, ...] = ()) -> None:
        self.exports = exports


CoreInstance = CoreInstantiate | CoreInlineExports
"""``core:instanceexpr``."""


class InstantiateArg(_Record):
    """``(with "name" (sort idx))``: ``item`` satisfies the import ``name``."""

    __slots__ = ("name", "item")

    def __init__(self, name: str, item: SortIdx) -> None:
        self.name = name
        self.item = item


class Instantiate(_Record):
    """``(instantiate c arg*)``: an instance of the component ``component``."""

    __slots__ = ("component", "args")

    def __init__(self, component: int, args: tuple[InstantiateArg, ...] = ()) -> None:
        self.component = component
        self.args = args


class InlineExport(_Record):
    """``(export "name" (sort idx))`` of an inline-exports instance."""

    __slots__ = ("name", "item")

    def __init__(self, name: ExternName, item: SortIdx) -> None:
        self.name = name
        self.item = item


class InlineExports(_Record):
    """A component instance made of existing items (``inlineexport*``)."""

    __slots__ = ("exports",)

    def __init__(self, exports: tuple[InlineExport, ...] = ()) -> None:
        self.exports = exports


Instance = Instantiate | InlineExports
"""``instanceexpr``."""
