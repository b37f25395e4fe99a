"""Running the commands of one WAST script, core or component, through the
public API, counting what passed.

Every command ends as passed, failed (with a reason saying what was expected
and what happened) or skipped (with the reason it could not be checked).
A command that uses a module or component that failed to load fails with
that reason.
"""

from __future__ import annotations

import math
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import api as core_api
from ..component import Component, Linker as ComponentLinker
from ..component.api.instance import Instance as ComponentInstance
from ..component.text import script as cs
from ..errors import WasmtimeError
from ..runtime.floats import f32_from_bits, f64_from_bits
from ..runtime.trap import Trap
from ..text import script as s
from .component_values import describe, equal, to_python

__all__ = ["Outcome", "FileReport", "run_script", "run_file"]


@dataclass(frozen=True)
class Outcome:
    """One command that did not pass: its line, kind and why."""

    line: int
    command: str
    reason: str


@dataclass
class FileReport:
    """The results of one script."""

    name: str
    passed: int = 0
    failed: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    excluded: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return self.passed + len(self.failed) + len(self.skipped)

    @property
    def ok(self) -> bool:
        """Whether every command ran and passed."""
        return not self.failed and self.error is None

    def summary(self) -> str:
        """One line: the file and its counts."""
        if self.excluded is not None:
            return f"{self.name}: skipped ({self.excluded})"
        if self.error is not None:
            return f"{self.name}: error: {self.error}"
        text = f"{self.name}: {self.passed}/{self.total} passed"
        if self.failed:
            text += f", {len(self.failed)} failed"
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        return text


class _Failed(Exception):
    """The command failed for ``reason``."""


class _Skipped(Exception):
    """The command could not be checked, for ``reason``."""


class _Absent:
    """A module, component or instance that did not load, and why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


SPEC_WORDING: dict[str, tuple[str, ...]] = {
    "invalid `char` bit pattern": ("converted integer out of range for `char`",),
    "invalid variant discriminant": ("out of range [",),
    "unaligned pointer": ("not aligned",),
    "list content out-of-bounds": ("out of bounds", "beyond end of memory"),
    "string content out-of-bounds": ("out of bounds", "beyond end of memory"),
}
"""Traps the component-model reference tests word as the specification's
``definitions.py`` does, with the wording Wasmtime (and wasmlite) gives them."""


def message_matches(message: str, expected: str) -> bool:
    """Whether the error ``message`` is the one a script expects (``expected``,
    in Wasmtime's words or the specification's)."""
    if expected in message:
        return True
    bare = expected.removeprefix("wasm trap: ")
    if bare in message:
        return True
    return any(alt in message for alt in SPEC_WORDING.get(bare, ()))


def _error_text(e: BaseException) -> str:
    text = str(e)
    cause = e.__cause__
    if cause is not None and str(cause) not in text:
        text += f" ({cause})"
    return f"{type(e).__name__}: {text}"


SCRIPT_COMPONENT_FEATURES = ("async", "error_context", "fixed_length_lists", "map", "implements")
"""The component-model features scripts may use, switched on as Wasmtime's script
runner does (``gc`` and ``memory64`` stay off: wasmlite lacks them)."""


class ScriptRunner:
    """The state of one script: the store, linkers and named items."""

    def __init__(self) -> None:
        config = core_api.Config()
        for feature in SCRIPT_COMPONENT_FEATURES:
            setattr(config, f"wasm_component_model_{feature}", True)
        engine = self.engine = core_api.Engine(config)
        self.store = core_api.Store(engine)
        self.linker = core_api.Linker(engine)
        self.linker.allow_shadowing = True
        self.component_linker = ComponentLinker(engine)
        self.component_linker.allow_shadowing = True
        self.named: dict[str | None, Any] = {}       # instances: core, component or _Absent
        self.definitions: dict[str | None, Any] = {}  # modules and components
        self._spectest()

    def _spectest(self) -> None:
        api, store = core_api, self.store
        vt = api.ValType
        types = {"i32": vt.i32(), "i64": vt.i64(), "f32": vt.f32(), "f64": vt.f64()}

        def define(name: str, item: Any) -> None:
            self.linker.define(store, "spectest", name, item)

        for name, params in (("print", ()), ("print_i32", ("i32",)), ("print_i64", ("i64",)),
                             ("print_f32", ("f32",)), ("print_f64", ("f64",)),
                             ("print_i32_f32", ("i32", "f32")),
                             ("print_f64_f64", ("f64", "f64"))):
            define(name, api.Func(store, api.FuncType([types[p] for p in params], []),
                                  lambda *a: None))
        for name, ty, val in (("global_i32", "i32", api.Val.i32(666)),
                              ("global_i64", "i64", api.Val.i64(666)),
                              ("global_f32", "f32", api.Val.f32(666.6)),
                              ("global_f64", "f64", api.Val.f64(666.6))):
            define(name, api.Global(store, api.GlobalType(types[ty], False), val))
        define("table", api.Table(store, api.TableType(vt.funcref(), api.Limits(10, 20)), None))
        define("memory", api.Memory(store, api.MemoryType(api.Limits(1, 2))))

    # -- loading --

    def compile(self, item: Any) -> Any:
        """A Module or Component from a script module or component (raises what
        compiling raised)."""
        if item.wasm is None:
            assert item.error is not None
            raise item.error
        if isinstance(item, cs.ScriptComponent):
            return Component(self.engine, item.wasm)
        return core_api.Module(self.engine, item.wasm)

    def instantiate(self, definition: Any) -> Any:
        if isinstance(definition, Component):
            return self.component_linker.instantiate(self.store, definition)
        return self.linker.instantiate(self.store, definition)

    def load(self, name: str | None, item: Any, instantiate: bool) -> None:
        try:
            definition = self.compile(item)
        except Exception as e:
            self.definitions[name] = self.definitions[None] = _Absent(_error_text(e))
            if instantiate:
                self.named[name] = self.named[None] = _Absent(_error_text(e))
            raise _Failed(f"did not compile: {_error_text(e)}") from None
        self.definitions[name] = self.definitions[None] = definition
        if instantiate:
            self.new_instance(name, definition)

    def new_instance(self, name: str | None, definition: Any) -> None:
        if isinstance(definition, _Absent):
            self.named[name] = self.named[None] = definition
            raise _Failed(f"depends on a definition that did not load: {definition.reason}")
        try:
            inst = self.instantiate(definition)
        except Exception as e:
            self.named[name] = self.named[None] = _Absent(_error_text(e))
            raise _Failed(f"did not instantiate: {_error_text(e)}") from None
        self.named[name] = self.named[None] = inst

    # -- actions --

    def target(self, name: str | None) -> Any:
        inst = self.named.get(name)
        if inst is None:
            raise _Failed(f"no instance named {name or '(current)'}")
        if isinstance(inst, _Absent):
            raise _Failed(f"depends on an instance that did not load: {inst.reason}")
        return inst

    def act(self, action: Any) -> tuple[Any, Any]:
        """Run ``action``: its result and the type (component) or kind (core) of it."""
        inst = self.target(action.module)
        if isinstance(inst, ComponentInstance):
            if isinstance(action, s.Get):
                raise _Skipped("component values cannot be read by `get`")
            func = inst.get_func(self.store, action.field)
            if func is None:
                raise _Failed(f"no function export `{action.field}`")
            ft = func.type(self.store)
            args = [to_python(a, pt) for a, (_, pt) in zip(action.args, ft.params)]
            if len(args) != len(action.args):
                raise _Failed(f"{len(action.args)} arguments given, the function takes "
                              f"{len(ft.params)}")
            return func(self.store, *args), ft.result
        if isinstance(action, s.Get):
            return inst.exports(self.store)[action.field].value(self.store), "get"
        func = inst.exports(self.store).get(action.field)
        if func is None:
            raise _Failed(f"no export `{action.field}`")
        return func(self.store, *[_core_argument(a) for a in action.args]), "core"

    # -- commands --

    def run(self, command: Any) -> None:
        """Run one command; raises :class:`_Failed` or :class:`_Skipped` unless it passed."""
        kind = command.type
        if kind in ("component", "module"):
            self.load(command.name, command.component if kind == "component"
                      else command.module, True)
        elif kind in ("component_definition", "module_definition"):
            self.load(command.name, command.component if kind == "component_definition"
                      else command.module, False)
        elif kind in ("component_instance", "module_instance"):
            which = command.component if kind == "component_instance" else command.module
            definition = self.definitions.get(which)
            if definition is None:
                raise _Failed(f"no definition named {which}")
            self.new_instance(command.instance, definition)
        elif kind == "register":
            self.register(command)
        elif kind == "action":
            self.guard(lambda: self.act(command.action))
        elif kind == "assert_return":
            self.assert_return(command)
        elif kind in ("assert_trap", "assert_exhaustion"):
            self.expect_error(lambda: self.act(command.action), command.text)
        elif kind == "assert_exception":
            self.expect_error(lambda: self.act(command.action), "")
        elif kind == "assert_uninstantiable":
            definition = self.compile_or_fail(command.module)
            self.expect_error(lambda: self.instantiate(definition), command.text)
        elif kind == "assert_unlinkable":
            definition = self.compile_or_fail(command.module)
            self.expect_error(lambda: self.instantiate(definition), "", trap=False)
        elif kind in ("assert_invalid", "assert_malformed"):
            try:
                self.compile(command.module)
            except WasmtimeError as e:
                checked = isinstance(command.module, cs.ScriptComponent) and (
                    kind == "assert_invalid" or command.module.form == "binary")
                if checked and not message_matches(str(e), command.text):
                    raise _Failed(f"refused with `{e}`, expected `{command.text}`") from None
                return
            raise _Failed(f"compiled, expected it to be refused: {command.text}")
        elif kind in ("assert_invalid_custom", "assert_malformed_custom"):
            try:
                self.compile(command.module)
            except WasmtimeError:
                pass
        else:
            raise _Skipped(f"`{kind}` commands are not run by this driver")

    def compile_or_fail(self, item: Any) -> Any:
        try:
            return self.compile(item)
        except Exception as e:
            raise _Failed(f"did not compile: {_error_text(e)}") from None

    def register(self, command: s.Register) -> None:
        inst = self.target(command.module)
        if isinstance(inst, ComponentInstance):
            self.component_linker._defs.items[command.as_name] = inst._value
        else:
            self.linker.define_instance(self.store, command.as_name, inst)

    def guard(self, run: Any) -> Any:
        try:
            return run()
        except (_Failed, _Skipped):
            raise
        except Exception as e:
            raise _Failed(f"raised {_error_text(e)}") from None

    def assert_return(self, command: s.AssertReturn) -> None:
        result, ty = self.guard(lambda: self.act(command.action))
        expected = command.expected
        if ty == "core" or ty == "get":
            got = [] if result is None else (list(result) if isinstance(result, list)
                                             else [result])
            if len(got) != len(expected):
                raise _Failed(f"expected {len(expected)} results, got {got!r}")
            for g, e in zip(got, expected):
                if not _core_matches(g, e):
                    raise _Failed(f"expected {e}, got {g!r}")
            return
        if ty is None:
            if expected:
                raise _Failed(f"expected {expected}, the function has no result")
            if result is not None:
                raise _Failed(f"expected no result, got {describe(result)}")
            return
        if len(expected) != 1:
            raise _Failed(f"expected {len(expected)} results, the function has one")
        want = to_python(expected[0], ty)
        if not equal(result, want, ty):
            raise _Failed(f"expected {describe(want)}, got {describe(result)}")

    def expect_error(self, run: Any, text: str, trap: bool = True) -> None:
        try:
            run()
        except (_Failed, _Skipped):
            raise
        except (WasmtimeError, Trap) as e:
            message = str(e)
            cause = e.__cause__
            if text and not message_matches(message, text) \
                    and (cause is None or not message_matches(str(cause), text)):
                raise _Failed(f"expected an error with `{text}`, got: {message}") from None
            return
        except Exception as e:
            raise _Failed(f"expected an error with `{text}`, raised {_error_text(e)}") from None
        raise _Failed(f"expected an error with `{text}`, it succeeded")


def _core_argument(v: s.Value) -> Any:
    t = v.type
    if t in ("i32", "i64"):
        return v.value
    if t == "f32":
        return f32_from_bits(v.value)  # type: ignore[arg-type]
    if t == "f64":
        return f64_from_bits(v.value)  # type: ignore[arg-type]
    if t == "ref.null":
        return None
    raise _Skipped(f"`{t}` arguments are not passed by this driver")


def _core_matches(got: Any, e: s.Value) -> bool:
    t = e.type
    if t in ("i32", "i64"):
        width = 32 if t == "i32" else 64
        return isinstance(got, int) and (got - e.value) % (1 << width) == 0  # type: ignore[operator]
    if t in ("f32", "f64"):
        if not isinstance(got, float):
            return False
        fmt, int_fmt = ("<f", "<I") if t == "f32" else ("<d", "<Q")
        bits = struct.unpack(int_fmt, struct.pack(fmt, got))[0]
        if isinstance(e.value, str):
            return math.isnan(got)
        return bits == e.value
    if t == "ref.null":
        return got is None
    if t == "either":
        return any(_core_matches(got, x) for x in e.value)  # type: ignore[union-attr]
    raise _Skipped(f"`{t}` results are not compared by this driver")


def run_script(text: str, name: str = "<script>") -> FileReport:
    """Run the script ``text``; its report."""
    from ..text.wast import parse_wast
    report = FileReport(name)
    start = time.perf_counter()
    try:
        commands = parse_wast(text)
    except WasmtimeError as e:
        report.error = f"the script does not parse: {e}"
        return report
    runner = ScriptRunner()
    for command in commands:
        try:
            runner.run(command)
        except _Failed as e:
            report.failed.append(Outcome(command.line, command.type, str(e)))
        except _Skipped as e:
            report.skipped.append(Outcome(command.line, command.type, str(e)))
        except Exception as e:    # a defect of the driver or the runtime: the command fails
            report.failed.append(Outcome(command.line, command.type,
                                         f"unexpected {_error_text(e)}"))
        else:
            report.passed += 1
    report.seconds = time.perf_counter() - start
    return report


def run_file(path: str | Path, name: str | None = None) -> FileReport:
    """Run the script in the file at ``path``."""
    p = Path(path)
    return run_script(p.read_text(encoding="utf-8"), name or str(path))
