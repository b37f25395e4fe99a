"""A validated component made ready to instantiate any number of times."""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

from .. import ir
from ..validate import ValidatedComponent
from .items import ModuleDef

__all__ = ["PreparedComponent", "prepare"]


class PreparedComponent:
    """A component's IR and validation result, with one :class:`ModuleDef` per
    nested core module (``modules``, in order, compiled once for every
    instance) and one :class:`PreparedComponent` per nested component
    (``components``, in order)."""

    __slots__ = ("component", "validated", "modules", "components")

    def __init__(self, component: ir.Component, validated: ValidatedComponent,
                 options: dict[str, bool],
                 code_cache: Callable[[ir.CoreModule], Any] | None = None) -> None:
        self.component = component
        self.validated = validated
        self.modules: list[ModuleDef] = []
        self.components: list[PreparedComponent] = []
        nested = iter(validated.components)
        for section in component.sections:
            if isinstance(section, ir.CoreModule):
                entry = None if code_cache is None else partial(code_cache, section)
                self.modules.append(ModuleDef(section.module, section.data, options,
                                              code_cache=entry, binary_offset=section.offset))
            elif isinstance(section, ir.Component):
                self.components.append(PreparedComponent(section, next(nested), options,
                                                         code_cache))


def prepare(component: ir.Component, validated: ValidatedComponent,
            options: dict[str, bool] | None = None,
            code_cache: Callable[[ir.CoreModule], Any] | None = None) -> PreparedComponent:
    """``component`` (valid, with validation result ``validated``) ready to
    instantiate; ``options`` are the core compiler's (``fuel``, ``epoch``);
    ``code_cache`` gives the code cache entry of a nested core module, so
    that its compiled functions are kept for later processes."""
    return PreparedComponent(component, validated, options or {}, code_cache)
