"""Component instantiation: from a validated component and the items its
imports are given, the running instance.

* ``prepare.py``: a validated component made ready to instantiate (its core
  modules compiled once for all instances);
* ``items.py``: the runtime items (component functions, instances, modules,
  component definitions);
* ``spaces.py``: one instance's index spaces while it is built;
* ``resources.py``: the runtime resource type of each validated resource;
* ``imports.py``: definitions given to imports, checked and made into items;
* ``instance.py``: the walk over a component's sections;
* ``store.py``: the component-model state of a store.
"""

from .imports import HostFuncDef, HostResourceDef, InstanceDefs, SignatureMismatch, TrapDef
from .instance import Environment, instantiate_component
from .items import (AsyncFunc, AsyncLiftedFunc, ComponentDef, ComponentFunc, HostFunc,
                    InstanceValue, LiftedFunc, ModuleDef, TrapFunc)
from .prepare import PreparedComponent, prepare
from .store import component_store

__all__ = ["HostFuncDef", "HostResourceDef", "InstanceDefs", "SignatureMismatch", "TrapDef", "Environment",
           "instantiate_component", "AsyncFunc", "AsyncLiftedFunc", "ComponentDef", "ComponentFunc",
           "HostFunc", "InstanceValue", "LiftedFunc", "ModuleDef", "TrapFunc", "PreparedComponent", "prepare",
           "component_store"]
