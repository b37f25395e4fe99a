"""What validating a component yields: its type and the resolved types of
its definitions, for instantiation and for ``Component.type``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import types as public_types
from .public import PublicTypes
from .resolved import ComponentType, ModuleType

if TYPE_CHECKING:
    from .scope import Scope


class ValidatedComponent:
    """A valid component.

    * ``type``: its :class:`ComponentType` (imports and exports by name);
    * ``scope``: its index spaces, each item with its resolved type
      (``scope.funcs``, ``scope.core_funcs``, ``scope.instances``, ...);
    * ``modules``: the type of each nested core module, in order;
    * ``components``: the result for each nested component, in order;
    * ``canons``: one entry per canonical definition, in order: a
      :class:`~.canon.CanonInfo` for ``lift`` and ``lower`` (function type,
      options, flattened signature), the core function type for a built-in.
    """

    __slots__ = ("type", "scope", "modules", "components", "canons", "_public")

    def __init__(self) -> None:
        self.type = ComponentType()
        self.scope: Scope | None = None
        self.modules: list[ModuleType] = []
        self.components: list[ValidatedComponent] = []
        self.canons: list[object] = []
        self._public: PublicTypes | None = None

    @property
    def public(self) -> PublicTypes:
        """The converter to public types this component's results share (one
        public resource type per resource)."""
        if self._public is None:
            self._public = PublicTypes()
        return self._public

    @property
    def public_type(self) -> public_types.ComponentType:
        """The component's type as :mod:`wasmlite.component.types` describes it."""
        return self.public.component(self.type)
