"""Component-model features an engine may switch off (``Config``'s
``wasm_component_model_<feature>``), and refusing components that use one
that is off, in wasm-tools' words.

Feature names (as ``Config.features()`` gives them):

* ``component_model_async``: ``stream``/``future`` types, ``async`` function
  types, the ``async`` canonical option and the asynchronous built-ins;
* ``component_model_error_context``: the ``error-context`` type and built-ins;
* ``component_model_fixed_length_lists``: ``list<T, N>``;
* ``component_model_map``: ``map<K, V>``;
* ``component_model_implements``: the ``implements`` name attribute;
* ``component_model_gc``: the ``gc`` canonical option;
* ``component_model_memory64``: 64-bit memories in canonical options and
  ``i64`` resource representations.

wasmlite does not implement the last two: a component that needs them is
refused with ``not supported: component-model gc`` (``memory64``) when they
are on. The walk looks at the component's definitions in order and refuses
at the first use of a feature that is off.
"""

from __future__ import annotations

from typing import Any, Iterable

from ...errors import InvalidError, NotSupportedError
from .. import ir

__all__ = ["COMPONENT_FEATURES", "check_component_features", "unsupported_memory64"]

COMPONENT_FEATURES = frozenset({
    "component_model_async", "component_model_error_context",
    "component_model_fixed_length_lists", "component_model_map",
    "component_model_implements", "component_model_gc", "component_model_memory64",
})
"""Every feature this module gates."""

_ASYNC_BUILTINS = ("task.", "subtask.", "stream.", "future.", "waitable-set.", "waitable.",
                   "context.", "backpressure.")


def _async(features: frozenset[str], what: str, verb: str = "requires") -> None:
    if "component_model_async" not in features:
        raise InvalidError(f"{what} {verb} the component model async feature")


def _error_context(features: frozenset[str], what: str) -> None:
    if "component_model_error_context" not in features:
        raise InvalidError(f"{what} requires the component model error-context feature")


class _Walk:
    """One walk over a component and the components and types it nests."""

    def __init__(self, features: frozenset[str]) -> None:
        self.features = features

    def component(self, component: ir.Component) -> None:
        for section in component.sections:
            if isinstance(section, ir.Component):
                self.component(section)
            elif isinstance(section, ir.TypeSection):
                for t in section.types:
                    self.deftype(t)
            elif isinstance(section, ir.CanonSection):
                for canon in section.canons:
                    self.canon(canon)
            elif isinstance(section, ir.ImportSection):
                for imp in section.imports:
                    self.name(imp.name)
                    self.desc(imp.desc)
            elif isinstance(section, ir.ExportSection):
                for exp in section.exports:
                    self.name(exp.name)
                    if exp.desc is not None:
                        self.desc(exp.desc)
            elif isinstance(section, ir.InstanceSection):
                for inst in section.instances:
                    if isinstance(inst, ir.InlineExports):
                        for e in inst.exports:
                            self.name(e.name)

    def name(self, name: ir.ExternName) -> None:
        if "component_model_implements" in self.features:
            return
        if any(isinstance(a, ir.Implements) for a in name.attributes):
            raise InvalidError("the `cm-implements` feature is not active")

    def desc(self, desc: ir.ExternDesc) -> None:
        t = desc.type
        if desc.sort == "value" and not isinstance(t, ir.EqBound):
            self.valtype(t)

    def valtypes(self, types: Iterable[Any]) -> None:
        for t in types:
            if t is not None:
                self.valtype(t)

    def valtype(self, t: Any) -> None:
        if t == "error-context":
            _error_context(self.features, "`error-context`")

    def deftype(self, t: Any) -> None:
        f = self.features
        if isinstance(t, str):
            self.valtype(t)
        elif isinstance(t, ir.Record):
            self.valtypes(ft for _, ft in t.fields)
        elif isinstance(t, ir.Variant):
            self.valtypes(c.type for c in t.cases)
        elif isinstance(t, ir.List):
            self.valtype(t.element)
        elif isinstance(t, ir.FixedLengthList):
            if "component_model_fixed_length_lists" not in f:
                raise InvalidError("Fixed-length lists require the component model "
                                   "fixed-length lists feature")
            self.valtype(t.element)
        elif isinstance(t, ir.Map):
            if "component_model_map" not in f:
                raise InvalidError("Maps require the component model map feature")
            self.valtypes((t.key, t.value))
        elif isinstance(t, ir.Tuple):
            self.valtypes(t.types)
        elif isinstance(t, ir.Option):
            self.valtype(t.type)
        elif isinstance(t, ir.Result):
            self.valtypes((t.ok, t.error))
        elif isinstance(t, (ir.Stream, ir.Future)):
            _async(f, "`stream`" if isinstance(t, ir.Stream) else "`future`")
            self.valtypes((t.type,))
        elif isinstance(t, ir.FuncType):
            if t.is_async:
                _async(f, "async component functions", "require")
            self.valtypes(pt for _, pt in t.params)
            self.valtypes((t.result,))
        elif isinstance(t, (ir.ComponentType, ir.InstanceType)):
            for decl in t.decls:
                if isinstance(decl, ir.TypeDecl):
                    self.deftype(decl.type)
                elif isinstance(decl, (ir.ExportDecl, ir.Import)):
                    self.name(decl.name)
                    self.desc(decl.desc)

    def options(self, opts: tuple[ir.CanonOpt, ...]) -> None:
        for opt in opts:
            if opt.name == "async":
                _async(self.features, "canonical option `async`")
            elif opt.name == "gc":
                if "component_model_gc" not in self.features:
                    raise InvalidError("canonical option `gc` requires the `cm-gc` feature")
                raise NotSupportedError("component-model gc")

    def canon(self, canon: Any) -> None:
        if isinstance(canon, (ir.Lift, ir.Lower)):
            self.options(canon.opts)
            return
        name = canon.name
        if name.startswith("error-context."):
            _error_context(self.features, f"`{name}`")
        elif name.startswith(_ASYNC_BUILTINS) or name == "thread.yield":
            _async(self.features, f"`{name}`")
        self.options(canon.opts)
        if canon.result is not None:
            self.valtype(canon.result)


def check_component_features(component: ir.Component, features: frozenset[str]) -> None:
    """Refuse ``component`` (:class:`InvalidError`, wasm-tools' message) if it
    uses a component-model feature missing from ``features``, or
    (:class:`NotSupportedError`) one that is on but wasmlite lacks."""
    _Walk(features).component(component)


def unsupported_memory64(error: InvalidError, features: frozenset[str]) -> None:
    """Raise ``not supported: component-model memory64`` in place of the
    validator's ``cm64`` refusal ``error`` when that feature is on."""
    if "component_model_memory64" in features and "`cm64`" in str(error):
        raise NotSupportedError("component-model memory64") from None
