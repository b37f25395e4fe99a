"""The index spaces of one component instance while it is being built.

They grow in the order the validator built them (Binary.md: every
definition, import, alias and export adds one item), so an index means the
same item here as in the validated component's scope. Types need no runtime
list: their validated form and the instance's resource map give them
(``types`` only counts them).
"""

from __future__ import annotations

from typing import Any

from ..canonical import InstanceState
from .items import ComponentDef, InstanceValue, ModuleDef
from .resources import ResourceMap

__all__ = ["Spaces", "CORE_SPACES"]

CORE_SPACES = ("func", "table", "memory", "global", "tag")
"""The core sorts whose items are externs of the core runtime."""


class Spaces:
    """One instance's index spaces, its resource map, its canonical ABI
    ``state``, and the index spaces ``outer`` of the instance whose component
    defined this one's (for ``outer`` aliases)."""

    __slots__ = ("core_funcs", "core_tables", "core_memories", "core_globals", "core_tags",
                 "core_modules", "core_instances", "funcs", "values", "instances",
                 "components", "types", "resources", "state", "outer")

    def __init__(self, state: InstanceState, outer: Spaces | None = None) -> None:
        self.core_funcs: list[Any] = []
        self.core_tables: list[Any] = []
        self.core_memories: list[Any] = []
        self.core_globals: list[Any] = []
        self.core_tags: list[Any] = []
        self.core_modules: list[ModuleDef] = []
        self.core_instances: list[dict[str, Any]] = []
        self.funcs: list[Any] = []
        self.values: list[Any] = []
        self.instances: list[InstanceValue] = []
        self.components: list[ComponentDef] = []
        self.types = 0
        self.resources = ResourceMap()
        self.state = state
        self.outer = outer

    def core_space(self, sort: str) -> list[Any]:
        """The list of core sort ``sort`` (``"func"`` ... ``"tag"``, unprefixed)."""
        return {"func": self.core_funcs, "table": self.core_tables,
                "memory": self.core_memories, "global": self.core_globals,
                "tag": self.core_tags, "module": self.core_modules,
                "instance": self.core_instances}[sort]  # type: ignore[return-value]

    def space(self, sort: str) -> list[Any]:
        """The list of component-level sort ``sort`` (not ``type``)."""
        if sort.startswith("core "):
            return self.core_space(sort[5:])
        return {"func": self.funcs, "value": self.values, "instance": self.instances,
                "component": self.components}[sort]  # type: ignore[return-value]
