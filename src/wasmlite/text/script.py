"""WAST script commands as plain data.

Every command has a ``type`` (the command names of ``wasm-tools json-from-wast``:
``module``, ``assert_return``, ``assert_uninstantiable``, ...) and the ``line``
it starts on. Modules are delivered already encoded (:class:`ScriptModule`).
:func:`command_json` renders a command as the JSON object ``json-from-wast``
writes for it (module files aside), for tools that consume that format.

Values
------
A :class:`Value` is an argument or an expected result:

* ``i32`` / ``i64``: ``value`` is the signed integer;
* ``f32`` / ``f64``: ``value`` is the IEEE-754 bit pattern, or (results only)
  ``"nan:canonical"`` / ``"nan:arithmetic"``;
* ``v128``: ``lane_type`` is ``i8 i16 i32 i64 f32 f64`` and ``value`` a tuple
  of lanes, each as above;
* ``ref.null``: ``value`` is the heap type (``"func"``, ``"extern"``, ``"none"``,
  a type index...), or ``None`` for a result that accepts any null reference;
* ``ref.extern`` / ``ref.host``: ``value`` is the host reference number, or
  ``None`` for a result that accepts any such non-null reference;
* ``ref.func``, ``ref.any``, ``ref.eq``, ``ref.i31``, ``ref.struct``,
  ``ref.array``, ``ref.exn``: results accepting any non-null reference of that
  kind (``value`` is ``None``; ``ref.func`` may name a function index);
* ``either``: ``value`` is a tuple of alternative results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Union

from ..errors import WasmtimeError


@dataclass(frozen=True, slots=True)
class Value:
    """An argument or an expected result (see the module docstring)."""

    type: str
    value: object = None
    lane_type: str | None = None


@dataclass(slots=True)
class ScriptModule:
    """A module written in a script.

    ``form`` is ``"text"`` (``(module ...)``), ``"binary"`` (``(module binary
    ...)``) or ``"quote"`` (``(module quote ...)``). ``wasm`` is the binary
    module, or ``None`` when the text could not be turned into one; ``error``
    then says why (a :class:`~wasmlite.text.ParseError` for malformed text).
    ``source`` is the text of a quoted module.
    """

    form: str
    wasm: bytes | None
    error: WasmtimeError | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Invoke:
    """``(invoke $module? "field" arg*)``."""

    module: str | None
    field: str
    args: tuple[Value, ...]
    type: ClassVar[str] = "invoke"


@dataclass(frozen=True, slots=True)
class Get:
    """``(get $module? "field")``."""

    module: str | None
    field: str
    type: ClassVar[str] = "get"


Action = Union[Invoke, Get]


@dataclass(slots=True)
class ModuleCommand:
    """``(module $name? ...)``: define and instantiate a module."""

    line: int
    name: str | None
    module: ScriptModule
    type: ClassVar[str] = "module"


@dataclass(slots=True)
class ModuleDefinition:
    """``(module definition $name? ...)``: define a module without instantiating it."""

    line: int
    name: str | None
    module: ScriptModule
    type: ClassVar[str] = "module_definition"


@dataclass(slots=True)
class ModuleInstance:
    """``(module instance $instance? $module?)``."""

    line: int
    instance: str | None
    module: str | None
    type: ClassVar[str] = "module_instance"


@dataclass(slots=True)
class Register:
    """``(register "as" $module?)``: make a module's exports importable as ``as_name``."""

    line: int
    as_name: str
    module: str | None
    type: ClassVar[str] = "register"


@dataclass(slots=True)
class ActionCommand:
    """A bare action."""

    line: int
    action: Action
    type: ClassVar[str] = "action"


@dataclass(slots=True)
class AssertReturn:
    line: int
    action: Action
    expected: tuple[Value, ...]
    type: ClassVar[str] = "assert_return"


@dataclass(slots=True)
class AssertTrap:
    line: int
    action: Action
    text: str
    type: ClassVar[str] = "assert_trap"


@dataclass(slots=True)
class AssertExhaustion:
    line: int
    action: Action
    text: str
    type: ClassVar[str] = "assert_exhaustion"


@dataclass(slots=True)
class AssertException:
    line: int
    action: Action
    type: ClassVar[str] = "assert_exception"


@dataclass(slots=True)
class AssertInvalid:
    line: int
    module: ScriptModule
    text: str
    type: ClassVar[str] = "assert_invalid"


@dataclass(slots=True)
class AssertMalformed:
    line: int
    module: ScriptModule
    text: str
    type: ClassVar[str] = "assert_malformed"


@dataclass(slots=True)
class AssertInvalidCustom(AssertInvalid):
    """A custom section or annotation is invalid (implementations may only warn)."""

    type: ClassVar[str] = "assert_invalid_custom"


@dataclass(slots=True)
class AssertMalformedCustom(AssertMalformed):
    """A custom section or annotation is malformed (implementations may only warn)."""

    type: ClassVar[str] = "assert_malformed_custom"


@dataclass(slots=True)
class AssertUnlinkable:
    line: int
    module: ScriptModule
    text: str
    type: ClassVar[str] = "assert_unlinkable"


@dataclass(slots=True)
class AssertUninstantiable:
    """``(assert_trap (module ...) "text")``: instantiation traps."""

    line: int
    module: ScriptModule
    text: str
    type: ClassVar[str] = "assert_uninstantiable"


@dataclass(slots=True)
class Thread:
    """``(thread $name (shared (module $m))? command*)``."""

    line: int
    name: str
    shared_module: str | None
    commands: list = field(default_factory=list)
    type: ClassVar[str] = "thread"


@dataclass(slots=True)
class Wait:
    """``(wait $thread)``."""

    line: int
    thread: str
    type: ClassVar[str] = "wait"


Command = Union[ModuleCommand, ModuleDefinition, ModuleInstance, Register, ActionCommand,
                AssertReturn, AssertTrap, AssertExhaustion, AssertException, AssertInvalid,
                AssertMalformed, AssertInvalidCustom, AssertMalformedCustom, AssertUnlinkable, AssertUninstantiable, Thread, Wait]


# -- the json-from-wast rendering ------------------------------------------------

_NULL_TYPES = {"func": "funcref", "extern": "externref", "any": "anyref", "exn": "exnref"}
_VALUELESS_NULL_TYPES = {"none": "nullref", "nofunc": "nullfuncref", "noextern": "nullexternref",
                         "noexn": "nullexnref", "eq": "eqref", "struct": "structref",
                         "array": "arrayref", "i31": "i31ref"}
_PATTERN_TYPES = {"ref.func": "funcref", "ref.any": "anyref", "ref.eq": "eqref", "ref.i31": "i31ref",
                  "ref.struct": "structref", "ref.array": "arrayref", "ref.exn": "exnref"}


def _lane_json(v: object) -> str:
    return v if isinstance(v, str) else str(v)


def value_json(v: Value) -> dict:
    """A value as ``json-from-wast`` writes it."""
    t = v.type
    if t in ("i32", "i64", "f32", "f64"):
        return {"type": t, "value": _lane_json(v.value)}
    if t == "v128":
        return {"type": "v128", "lane_type": v.lane_type, "value": [_lane_json(x) for x in v.value]}
    if t == "either":
        return {"type": "either", "values": [value_json(x) for x in v.value]}
    if t == "ref.null":
        if v.value is None:
            return {"type": "refnull"}
        if v.value in _NULL_TYPES:
            return {"type": _NULL_TYPES[v.value], "value": "null"}
        return {"type": _VALUELESS_NULL_TYPES.get(v.value, "refnull")}
    if t == "ref.extern":
        if v.value is None:
            return {"type": "externref"}
        return {"type": "externref", "value": str(v.value)}
    if t == "ref.host":
        return {"type": "anyref", "value": str(v.value)}
    return {"type": _PATTERN_TYPES[t]}


def _action_json(a: Action) -> dict:
    out: dict = {"type": a.type}
    if a.module is not None:
        out["module"] = a.module
    out["field"] = a.field
    if isinstance(a, Invoke):
        out["args"] = [value_json(x) for x in a.args]
    return out


def _module_type(m: ScriptModule) -> str:
    return "text" if m.form == "quote" else "binary"


def command_json(c: Command) -> dict:
    """A command as the JSON object ``json-from-wast`` writes for it, without the
    ``filename`` / ``binary_filename`` keys (the module is ``c.module``)."""
    out: dict = {"type": c.type, "line": c.line}
    if isinstance(c, (ModuleCommand, ModuleDefinition)):
        if c.name is not None:
            out["name"] = c.name
        out["module_type"] = _module_type(c.module)
    elif isinstance(c, ModuleInstance):
        if c.instance is not None:
            out["instance"] = c.instance
        if c.module is not None:
            out["module"] = c.module
    elif isinstance(c, Register):
        if c.module is not None:
            out["name"] = c.module
        out["as"] = c.as_name
    elif isinstance(c, (AssertInvalid, AssertMalformed, AssertUnlinkable, AssertUninstantiable)):
        out["module_type"] = _module_type(c.module)
        out["text"] = c.text
    elif isinstance(c, Thread):
        out["name"] = c.name
        if c.shared_module is not None:
            out["shared_module"] = c.shared_module
        out["commands"] = [command_json(x) for x in c.commands]
    elif isinstance(c, Wait):
        out["thread"] = c.thread
    else:
        out["action"] = _action_json(c.action)
        if isinstance(c, AssertReturn):
            out["expected"] = [value_json(x) for x in c.expected]
        elif isinstance(c, (AssertTrap, AssertExhaustion)):
            out["text"] = c.text
    return out
