"""The commands of a WAST script, as the driver executes them.

``script_reader`` produces these objects from wasmlite's WAST parser;
``runner`` executes them. Values are kept as the script states them: numbers
as raw bit patterns, NaN patterns and reference patterns as their own kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

# ---------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Num:
    """A number constant: ``type`` is i32/i64/f32/f64, ``bits`` its unsigned bit pattern."""

    type: str
    bits: int


@dataclass(frozen=True, slots=True)
class NanPattern:
    """``nan:canonical`` or ``nan:arithmetic`` (``kind``) for f32/f64 (``type``)."""

    type: str
    kind: str


@dataclass(frozen=True, slots=True)
class V128:
    """A v128 constant or pattern, lane by lane (``lanes`` hold Num or NanPattern)."""

    lane_type: str
    lanes: tuple[Union[Num, NanPattern], ...]


@dataclass(frozen=True, slots=True)
class RefNull:
    """``ref.null ht``; ``heap`` is None for the bare ``ref.null`` result pattern."""

    heap: str | None


@dataclass(frozen=True, slots=True)
class RefExtern:
    """``ref.extern n``; ``n`` is None for the ``ref.extern`` pattern (any non-null)."""

    n: int | None


@dataclass(frozen=True, slots=True)
class RefHost:
    """``ref.host n``: a host reference seen as an anyref."""

    n: int


@dataclass(frozen=True, slots=True)
class RefNonNull:
    """A result pattern matching any non-null reference of ``heap`` (func, i31, struct, ...)."""

    heap: str


@dataclass(frozen=True, slots=True)
class Either:
    """A result pattern matched by any one of ``alternatives``."""

    alternatives: tuple["Value", ...]


Value = Union[Num, NanPattern, V128, RefNull, RefExtern, RefHost, RefNonNull, Either]

# --------------------------------------------------------------- actions


@dataclass(frozen=True, slots=True)
class Invoke:
    """Call the export ``field`` of ``module`` (None: the current module)."""

    module: str | None
    field: str
    args: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Get:
    """Read the exported global ``field`` of ``module`` (None: the current module)."""

    module: str | None
    field: str


Action = Union[Invoke, Get]

# -------------------------------------------------------------- commands


@dataclass(frozen=True, slots=True)
class ModuleSource:
    """A module as the script gives it.

    ``form`` is ``text`` (``(module ...)``), ``quote`` (``(module quote
    ...)``) or ``binary`` (``(module binary ...)``). ``binary`` is the binary
    module (for text, the parser's encoding), or ``None`` when the parser
    rejected the text; ``error`` then is the error it raised.
    """

    binary: bytes | None
    form: str = "binary"
    error: Exception | None = None

    @property
    def text(self) -> bool:
        """Whether the script wrote the module in the text format."""
        return self.form != "binary"


@dataclass(frozen=True, slots=True)
class Module:
    """``(module $name ...)``; ``definition`` for ``(module definition ...)``,
    which compiles the module without instantiating it."""

    line: int
    name: str | None
    source: ModuleSource
    definition: bool = False


@dataclass(frozen=True, slots=True)
class ModuleInstance:
    """``(module instance $instance $module)``."""

    line: int
    instance: str | None
    module: str | None


@dataclass(frozen=True, slots=True)
class Register:
    """``(register "as" $module)``: make a module's exports importable as ``as_name``."""

    line: int
    as_name: str
    module: str | None


@dataclass(frozen=True, slots=True)
class PerformAction:
    """A bare action, whose result is ignored but which must not trap."""

    line: int
    action: Action


@dataclass(frozen=True, slots=True)
class AssertReturn:
    """The action returns values matching ``expected``."""

    line: int
    action: Action
    expected: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class AssertTrap:
    """The action traps with a message containing ``text``."""

    line: int
    action: Action
    text: str


@dataclass(frozen=True, slots=True)
class AssertExhaustion:
    """The action exhausts the call stack (message ``text``)."""

    line: int
    action: Action
    text: str


@dataclass(frozen=True, slots=True)
class AssertException:
    """The action throws a WebAssembly exception that nothing catches."""

    line: int
    action: Action


@dataclass(frozen=True, slots=True)
class AssertModule:
    """A module that must fail: ``kind`` is malformed, invalid, unlinkable or
    uninstantiable (or malformed_custom / invalid_custom: an error in a custom
    section, which the spec lets engines ignore); ``text`` is the spec's
    error message."""

    line: int
    kind: str
    source: ModuleSource
    text: str


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A command the script source could not translate (``what`` says which)."""

    line: int
    what: str


Command = Union[
    Module,
    ModuleInstance,
    Register,
    PerformAction,
    AssertReturn,
    AssertTrap,
    AssertExhaustion,
    AssertException,
    AssertModule,
    Unsupported,
]

COMMAND_NAMES: dict[type, str] = {
    Module: "module",
    ModuleInstance: "module_instance",
    Register: "register",
    PerformAction: "action",
    AssertReturn: "assert_return",
    AssertTrap: "assert_trap",
    AssertExhaustion: "assert_exhaustion",
    AssertException: "assert_exception",
    Unsupported: "unsupported",
}


def command_name(command: Command) -> str:
    """The WAST keyword of ``command`` (``assert_invalid``, ``module``, ...)."""
    if isinstance(command, AssertModule):
        return f"assert_{command.kind}"
    if isinstance(command, Module) and command.definition:
        return "module_definition"
    return COMMAND_NAMES[type(command)]


@dataclass(frozen=True)
class Script:
    """The commands of one ``.wast`` file, in order."""

    name: str
    commands: tuple[Command, ...]
