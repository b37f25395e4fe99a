"""Component validation (Explainer.md "Type checking", Binary.md).

``validate_component(component)`` checks a decoded component and returns a
:class:`ValidatedComponent` (its :class:`ComponentType` and the resolved
types of its definitions); an invalid component raises
:class:`wasmlite.errors.InvalidError` with wasm-tools' wording.

* ``component.py``: the walk over sections, index spaces in order;
* ``scope.py``: one component's (or component/instance type's) index spaces,
  imports, exports, resources and type visibility;
* ``deftypes.py``: type definitions and declarators;
* ``core.py``: core types, nested core modules, core function types;
* ``canon.py``: `canon lift` and `canon lower` and their options;
* ``builtins.py``: the other canonical built-ins;
* ``abi.py``: the canonical ABI's flattening and sizes, applied to resolved types;
* ``subtype.py``: subtyping of component and core extern types;
* ``names.py``: import and export names;
* ``resolved.py``: the resolved types;
* ``result.py``: :class:`ValidatedComponent`.
"""

from .component import validate_component
from .resolved import ComponentType, Extern, FuncType, InstanceType, Resource, ResourceType
from .result import ValidatedComponent

__all__ = ["validate_component", "ValidatedComponent", "ComponentType", "Extern", "FuncType",
           "InstanceType", "Resource", "ResourceType"]
