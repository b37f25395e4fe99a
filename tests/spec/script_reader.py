"""Read a ``.wast`` script with wasmlite's own WAST parser into the driver's commands.

The parser encodes every text module itself (``module quote`` included) and
keeps the error of a text module it rejects; ``(module binary ...)`` modules
are the script's bytes. Values become the driver's bit patterns and patterns.
"""

from __future__ import annotations

from pathlib import Path

from testsuite_scripts import read_commands
from wasmlite.text import script as wast

from . import script as s

_MASKS = {"i8": 0xFF, "i16": 0xFFFF, "i32": 0xFFFF_FFFF, "i64": 0xFFFF_FFFF_FFFF_FFFF,
          "f32": 0xFFFF_FFFF, "f64": 0xFFFF_FFFF_FFFF_FFFF}

_ASSERT_MODULE_KINDS = {
    "assert_malformed": "malformed",
    "assert_invalid": "invalid",
    "assert_unlinkable": "unlinkable",
    "assert_uninstantiable": "uninstantiable",
    "assert_malformed_custom": "malformed_custom",
    "assert_invalid_custom": "invalid_custom",
}


def read_script(path: Path, name: str) -> s.Script:
    """The commands of the ``.wast`` file ``path``, called ``name`` in reports.

    Raises :class:`~wasmlite.text.ParseError` when the script itself is malformed.
    """
    return s.Script(name, tuple(command(c) for c in read_commands(path)))


def _lane(lane_type: str, v: object) -> s.Num | s.NanPattern:
    if isinstance(v, str):
        return s.NanPattern(lane_type, v.removeprefix("nan:"))
    return s.Num(lane_type, v & _MASKS[lane_type])


def value(v: wast.Value) -> s.Value:
    """One argument or expected result of the parser, as the driver's value."""
    kind = v.type
    if kind in ("i32", "i64", "f32", "f64"):
        return _lane(kind, v.value)
    if kind == "v128":
        return s.V128(v.lane_type, tuple(_lane(v.lane_type, x) for x in v.value))
    if kind == "either":
        return s.Either(tuple(value(x) for x in v.value))
    if kind == "ref.null":
        return s.RefNull(None if v.value is None else str(v.value))
    if kind == "ref.extern":
        return s.RefExtern(v.value)
    if kind == "ref.host":
        return s.RefHost(v.value)
    if kind.startswith("ref."):
        return s.RefNonNull(kind[4:])
    raise ValueError(f"unknown value type {kind!r}")


def _action(a: wast.Action) -> s.Action:
    if isinstance(a, wast.Get):
        return s.Get(a.module, a.field)
    return s.Invoke(a.module, a.field, tuple(value(x) for x in a.args))


def _source(m: wast.ScriptModule) -> s.ModuleSource:
    return s.ModuleSource(m.wasm, m.form, m.error)


def command(c: wast.Command) -> s.Command:
    """One command of the parser, as the driver's command."""
    line = c.line
    try:
        if isinstance(c, (wast.ModuleCommand, wast.ModuleDefinition)):
            return s.Module(line, c.name, _source(c.module), isinstance(c, wast.ModuleDefinition))
        if isinstance(c, wast.ModuleInstance):
            return s.ModuleInstance(line, c.instance, c.module)
        if isinstance(c, wast.Register):
            return s.Register(line, c.as_name, c.module)
        if c.type in _ASSERT_MODULE_KINDS:
            return s.AssertModule(line, _ASSERT_MODULE_KINDS[c.type], _source(c.module), c.text)
        if isinstance(c, wast.ActionCommand):
            return s.PerformAction(line, _action(c.action))
        if isinstance(c, wast.AssertReturn):
            return s.AssertReturn(line, _action(c.action), tuple(value(x) for x in c.expected))
        if isinstance(c, wast.AssertTrap):
            return s.AssertTrap(line, _action(c.action), c.text)
        if isinstance(c, wast.AssertExhaustion):
            return s.AssertExhaustion(line, _action(c.action), c.text)
        if isinstance(c, wast.AssertException):
            return s.AssertException(line, _action(c.action))
    except ValueError as e:
        return s.Unsupported(line, f"{c.type}: {e}")
    return s.Unsupported(line, f"command {c.type!r}")
