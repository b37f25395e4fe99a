"""The component commands of WAST scripts and component values, as plain data.

Components are delivered already encoded (:class:`ScriptComponent`). The
commands that hold a component or module (``assert_invalid``,
``assert_malformed``, ``assert_unlinkable``, ``assert_uninstantiable``) are
the core script's classes (:mod:`wasmlite.text.script`), holding a
:class:`ScriptComponent`; ``register``, ``invoke`` and the other assertions
are the core script's too.

Component values
----------------
A :class:`ComponentValue` is an argument or expected result of a component
function (``f32`` and ``f64`` constants are the core script's
:class:`~wasmlite.text.script.Value`, as in core scripts):

* ``bool``: ``value`` is ``True`` or ``False``;
* ``s8`` ... ``u64``: the integer;
* ``char``: a one-character ``str``; ``string``: the ``str``;
* ``list``, ``tuple``: a tuple of values;
* ``record``: a tuple of ``(field name, value)``;
* ``variant``: ``(case name, value or None)``;
* ``enum``: the case name;
* ``option``: the value, or ``None`` for ``option.none``;
* ``result``: ``("ok" or "err", value or None)``;
* ``flags``: a tuple of the flag names that are set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...errors import WasmtimeError


@dataclass(frozen=True, slots=True)
class ComponentValue:
    """A component value (see the module docstring)."""

    type: str
    value: object = None


@dataclass(slots=True)
class ScriptComponent:
    """A component written in a script.

    ``form`` is ``"text"``, ``"binary"`` or ``"quote"``; ``wasm`` is the
    binary component, or ``None`` when the text could not be turned into one,
    ``error`` then saying why. ``source`` is the text of a quoted component.
    """

    form: str
    wasm: bytes | None
    error: WasmtimeError | None = None
    source: str | None = None


@dataclass(slots=True)
class ComponentCommand:
    """``(component $name? ...)``: define and instantiate a component."""

    line: int
    name: str | None
    component: ScriptComponent
    type: ClassVar[str] = "component"


@dataclass(slots=True)
class ComponentDefinition:
    """``(component definition $name? ...)``: define a component without instantiating it."""

    line: int
    name: str | None
    component: ScriptComponent
    type: ClassVar[str] = "component_definition"


@dataclass(slots=True)
class ComponentInstance:
    """``(component instance $instance? $definition?)``."""

    line: int
    instance: str | None
    component: str | None
    type: ClassVar[str] = "component_instance"
