"""The component IR: plain data decoded from a component binary.

Names follow the component model's Binary.md. One concept per module:

* ``component.py``: :class:`Component` and its sections;
* ``core_module.py``: nested core modules, decoded on first use;
* ``instances.py``: core and component instance expressions;
* ``aliases.py``: alias definitions and their targets;
* ``core_types.py``: core types and module types;
* ``value_types.py``: defined value types;
* ``types.py``: function, component, instance and resource types;
* ``canon.py``: canonical definitions and options;
* ``externs.py``: imports, exports and extern descriptors;
* ``names.py``: import and export names with their attributes;
* ``sorts.py``: sorts and sort indices;
* ``start.py``, ``values.py``: start and value definitions;
* ``custom.py``: custom sections and the ``component-name`` section.
"""

from .aliases import Alias, AliasCoreExport, AliasExport, AliasOuter, AliasTarget
from .canon import (BUILTIN_IMMEDIATES, OPTION_NAMES, STRING_ENCODINGS, Canon, CanonBuiltin,
                    CanonOpt, Lift, Lower, find_option, string_encoding)
from .component import (AliasSection, CanonSection, Component, CoreInstanceSection,
                        CoreTypeSection, ExportSection, ImportSection, InstanceSection,
                        Section, TypeSection, ValueSection)
from .core_module import CoreModule
from .core_types import (CoreExportDecl, CoreOuterAlias, CoreRecType, CoreType, CoreTypeDecl,
                         ModuleDecl, ModuleType)
from .custom import COMPONENT_NAME_SECTION, ComponentNames, CustomSection, NameSection
from .externs import (EqBound, Export, ExportDecl, ExternDesc, Import, SubResource, TypeBound,
                      ValueBound)
from .instances import (CoreInlineExport, CoreInlineExports, CoreInstance, CoreInstantiate,
                        CoreInstantiateArg, Instance, InlineExport, InlineExports, Instantiate,
                        InstantiateArg)
from .names import Attribute, ExternalId, ExternName, Implements, VersionSuffix
from .sorts import CORE_SORTS, OUTER_ALIAS_SORTS, SORTS, CoreSortIdx, SortIdx
from .start import Start
from .types import (ComponentDecl, ComponentType, DefType, FuncType, InstanceDecl, InstanceType,
                    ResourceType, TypeDecl)
from .value_types import (PRIMITIVE_VALTYPES, Borrow, Case, DefValType, Enum, FixedLengthList,
                          Flags, Future, List, Map, Option, Own, Record, Result, Stream, Tuple,
                          ValType, Variant)
from .values import ValueDef

__all__ = [name for name in dir() if not name.startswith("_") and name[0].isupper()
           or name in ("find_option", "string_encoding")]
