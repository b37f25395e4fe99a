"""Execute the commands of one spec script and count what passed.

Every command ends as passed, failed (with a reason naming what was expected
and what happened) or skipped (with the reason it could not be checked). A
skipped command never counts as passed; a command that depends on a module
that failed to load fails too. Each command runs under a time limit, and the
whole file under a larger one, so that a hang costs a bounded time.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager, redirect_stdout
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from testsuite_scripts import SpecFile, spec_file, superseded, suite_root
from wasmlite.errors import MalformedError, WasmtimeError

from . import script as s
from .backend import Backend, BackendUnavailable, load_backend, selected_runtime
from .script_reader import read_script
from .spectest import define_spectest
from .values import Inexpressible, ValueCodec, is_f32_signalling_nan

COMMAND_TIMEOUT_ENV = "WASMLITE_SPEC_COMMAND_TIMEOUT"
FILE_TIMEOUT_ENV = "WASMLITE_SPEC_FILE_TIMEOUT"
DEFAULT_COMMAND_TIMEOUT = 60.0
DEFAULT_FILE_TIMEOUT = 600.0

DEPENDS_ON_ABSENT = "depends on a module that did not load"
CUSTOM_SECTION_ERROR = "error in a custom section (engines may ignore custom sections)"
SIGNALLING_NAN = "f32 signalling NaN cannot cross this API"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one command that did not pass."""

    line: int
    command: str
    reason: str


@dataclass
class FileReport:
    """The outcome counts of one script (failures and skips with their reasons)."""

    name: str
    excluded: str | None
    passed: int = 0
    failures: list[Outcome] = field(default_factory=list)
    skips: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        """How many commands failed."""
        return len(self.failures)

    @property
    def skipped(self) -> int:
        """How many commands were skipped."""
        return len(self.skips)

    def skip_reasons(self) -> collections.Counter[str]:
        """How many commands were skipped for each reason."""
        return collections.Counter(o.reason for o in self.skips)

    def failure_lines(self, limit: int = 20) -> list[str]:
        """The first ``limit`` failures as ``file:line command: reason``."""
        shown = [f"{self.name}.wast:{o.line} {o.command}: {o.reason}" for o in self.failures[:limit]]
        if self.failed > limit:
            shown.append(f"... and {self.failed - limit} more failures")
        return shown

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "FileReport":
        """The report that ``to_json`` gave ``data`` for."""
        data = dict(data)
        data["failures"] = [Outcome(**o) for o in data["failures"]]
        data["skips"] = [Outcome(**o) for o in data["skips"]]
        return cls(**data)


class _Failed(Exception):
    """The command failed, for ``reason``."""


class _Skipped(Exception):
    """The command cannot be checked, for ``reason``."""


class CommandTimeout(BaseException):
    """A command ran past its time limit (a BaseException, so runtimes don't swallow it)."""


@dataclass(frozen=True, slots=True)
class _Absent:
    """Stands for a module that did not load, for ``reason``."""

    reason: str


def describe_exception(e: BaseException) -> str:
    """``Type: first line of the message``, with where an internal error was raised."""
    lines = str(e).strip().splitlines()
    message = lines[0] if lines else ""
    if len(message) > 200:
        message = message[:200] + "..."
    return f"{type(e).__name__}: {message}"


WASMTIME_WORDING = {
    "null structure reference": "null reference",
    "null array reference": "null reference",
    "null function reference": "null reference",
}
"""Spec trap texts that wasmtime (and so wasmlite) words differently."""


def message_matches(message: str, text: str) -> bool:
    """Whether an error ``message`` matches the spec's ``text``.

    It does when it contains the text (or wasmtime's wording of it), or when the
    text is the message plus a trailing index the reference interpreter adds
    (``uninitialized element 2`` for ``uninitialized element``).
    """
    if text in message or WASMTIME_WORDING.get(text, text) in message:
        return True
    head, _, index = text.rpartition(" ")
    return index.isdigit() and bool(head) and message.strip().endswith(head)


def _internal_error(e: BaseException) -> str:
    where = traceback.extract_tb(e.__traceback__)
    at = ""
    if where:
        frame = where[-1]
        at = f" (at {_short_path(frame.filename)}:{frame.lineno} in {frame.name})"
    return f"internal error {describe_exception(e)}{at}"


def _short_path(filename: str) -> str:
    marker = f"{os.sep}wasmlite{os.sep}"
    index = filename.rfind(marker)
    return filename[index + 1:] if index >= 0 else filename


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise CommandTimeout in the block after ``seconds`` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _on_alarm(signum: int, frame: Any) -> None:
    raise CommandTimeout()


class ScriptRun:
    """The state of one script being executed: one store, one linker, its modules."""

    def __init__(self, backend: Backend, command_timeout: float, file_timeout: float,
                 script_name: str = ""):
        self.script_name = script_name
        self.backend = backend
        self.api = backend.api
        self.command_timeout = command_timeout
        self.file_timeout = file_timeout
        self.codec = ValueCodec(self.api)
        self.engine = backend.new_engine(script_name)
        self.store = self.api.Store(self.engine)
        self.linker = self.api.Linker(self.engine)
        self.linker.allow_shadowing = True
        define_spectest(self.api, self.engine, self.store, self.linker)
        self.current: Any = _Absent("no module defined yet")
        self.instances: dict[str, Any] = {}
        self.definitions: dict[str | None, Any] = {}
        self.exports: dict[int, tuple[Any, Any]] = {}

    # ------------------------------------------------------------ driving

    def run(self, script: s.Script, report: FileReport) -> None:
        """Execute every command of ``script``, adding its outcomes to ``report``."""
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGALRM, _on_alarm) if in_main else None
        deadline = time.monotonic() + self.file_timeout
        try:
            for command in script.commands:
                self._record(command, deadline, report)
        finally:
            if in_main:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)

    def _record(self, command: s.Command, deadline: float, report: FileReport) -> None:
        name = s.command_name(command)
        line = command.line
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            reason = f"timeout: file exceeded {self.file_timeout:.0f}s"
            report.failures.append(Outcome(line, name, reason))
            return
        limit = min(self.command_timeout, remaining)
        try:
            with _time_limit(limit):
                self.execute(command)
        except _Skipped as e:
            report.skips.append(Outcome(line, name, str(e)))
        except _Failed as e:
            report.failures.append(Outcome(line, name, str(e)))
        except CommandTimeout:
            report.failures.append(Outcome(line, name, f"timeout after {limit:.0f}s"))
        except Exception as e:
            report.failures.append(Outcome(line, name, _internal_error(e)))
        else:
            report.passed += 1

    def execute(self, command: s.Command) -> None:
        """Run one command; return if it passed, raise _Failed or _Skipped if not."""
        if isinstance(command, s.Module):
            self._module(command)
        elif isinstance(command, s.ModuleInstance):
            self._module_instance(command)
        elif isinstance(command, s.Register):
            self._register(command)
        elif isinstance(command, s.PerformAction):
            self._action_returns(command.action)
        elif isinstance(command, s.AssertReturn):
            self._assert_return(command)
        elif isinstance(command, (s.AssertTrap, s.AssertExhaustion)):
            self._assert_trap(command.action, command.text)
        elif isinstance(command, s.AssertException):
            self._assert_exception(command.action)
        elif isinstance(command, s.AssertModule):
            self._assert_module(command)
        else:
            raise _Failed(f"the driver cannot run {command.what}")

    # ------------------------------------------------------------ modules

    def _module(self, command: s.Module) -> None:
        bind = self._bind_definition if command.definition else self._bind_instance
        if command.source.binary is None:
            reason = f"the text parser rejected the module: {describe_exception(command.source.error)}"
            bind(command.name, _Absent(f"line {command.line}: {reason}"))
            raise _Failed(reason)
        with self._binding_failure(command.line, command.name, bind, "compile"):
            module = self.api.Module(self.engine, command.source.binary)
        if command.definition:
            bind(command.name, module)
        else:
            with self._binding_failure(command.line, command.name, bind, "instantiate"):
                instance = self.linker.instantiate(self.store, module)
            bind(command.name, instance)

    def _module_instance(self, command: s.ModuleInstance) -> None:
        module = self.definitions.get(command.module)
        if module is None:
            raise _Failed(f"no module definition {command.module or ''}".rstrip())
        if isinstance(module, _Absent):
            self._bind_instance(command.instance, module)
            self._absent(module)
        with self._binding_failure(command.line, command.instance, self._bind_instance,
                                   "instantiate"):
            instance = self.linker.instantiate(self.store, module)
        self._bind_instance(command.instance, instance)

    @contextmanager
    def _binding_failure(self, line: int, name: str | None, bind: Any, step: str) -> Iterator[None]:
        """On any failure in the block, bind ``name`` to an absent module and fail."""
        try:
            yield
        except BaseException as e:
            if isinstance(e, (self.api.Trap, self.api.WasmtimeError)):
                reason = f"module failed to {step}: {describe_exception(e)}"
            elif isinstance(e, Exception):
                reason = f"module failed to {step}: {_internal_error(e)}"
            else:
                reason = f"module failed to {step}: {type(e).__name__}"
            bind(name, _Absent(f"line {line}: {reason}"))
            if isinstance(e, Exception):
                raise _Failed(reason) from e
            raise

    def _bind_instance(self, name: str | None, instance: Any) -> None:
        self.current = instance
        if name is not None:
            self.instances[name] = instance

    def _bind_definition(self, name: str | None, module: Any) -> None:
        self.definitions[None] = module
        if name is not None:
            self.definitions[name] = module

    @staticmethod
    def _absent(module: _Absent) -> None:
        """Fail a command that needs the module that did not load."""
        raise _Failed(f"{DEPENDS_ON_ABSENT} ({module.reason})")

    def _instance(self, name: str | None) -> Any:
        instance = self.current if name is None else self.instances.get(name)
        if instance is None:
            raise _Failed(f"no module named {name}")
        if isinstance(instance, _Absent):
            self._absent(instance)
        return instance

    def _register(self, command: s.Register) -> None:
        instance = self._instance(command.module)
        self.linker.define_instance(self.store, command.as_name, instance)

    # ------------------------------------------------------------ actions

    def _export(self, instance: Any, field: str) -> Any:
        key = id(instance)
        cached = self.exports.get(key)
        if cached is None or cached[0] is not instance:
            cached = (instance, instance.exports(self.store))
            self.exports[key] = cached
        try:
            return cached[1][field]
        except KeyError:
            raise _Failed(f"no export named {field!r}") from None

    def _perform(self, action: s.Action, expected: int | None = None) -> list[Any]:
        """The results of ``action`` (``expected`` of them, when known); traps and
        errors propagate."""
        instance = self._instance(action.module)
        export = self._export(instance, action.field)
        if isinstance(action, s.Get):
            if not isinstance(export, self.api.Global):
                raise _Failed(f"export {action.field!r} is not a global: {type(export).__name__}")
            return [export.value(self.store)]
        if not isinstance(export, self.api.Func):
            raise _Failed(f"export {action.field!r} is not a function: {type(export).__name__}")
        if not self.backend.f32_signalling_nans and any(map(is_f32_signalling_nan, action.args)):
            raise _Skipped(SIGNALLING_NAN)
        try:
            args = [self.codec.argument(v) for v in action.args]
        except Inexpressible as e:
            raise _Skipped(str(e)) from None
        got = export(self.store, *args)
        if expected is None or expected == 1:
            return [got]
        if expected == 0:
            if got is not None:
                raise _Failed(f"expected no results, got {got!r}")
            return []
        if not isinstance(got, (list, tuple)):
            raise _Failed(f"expected {expected} results, got {got!r}")
        return list(got)

    def _action_returns(self, action: s.Action, expected: int | None = None) -> list[Any]:
        try:
            return self._perform(action, expected)
        except self.api.Trap as e:
            raise _Failed(f"unexpected trap: {describe_exception(e)}") from None
        except self.api.WasmtimeError as e:
            raise _Failed(f"unexpected error: {describe_exception(e)}") from None

    def _assert_return(self, command: s.AssertReturn) -> None:
        if (not self.backend.f32_signalling_nans
                and any(map(is_f32_signalling_nan, command.expected))):
            raise _Skipped(SIGNALLING_NAN)
        got = self._action_returns(command.action, len(command.expected))
        if len(got) != len(command.expected):
            raise _Failed(f"expected {len(command.expected)} results, got {len(got)}: {got!r}")
        for i, (expected, value) in enumerate(zip(command.expected, got)):
            reason = self.codec.mismatch(expected, value)
            if reason is not None:
                where = f"result {i}: " if len(got) > 1 else ""
                raise _Failed(where + reason)

    def _assert_trap(self, action: s.Action, text: str) -> None:
        try:
            got = self._perform(action)
        except self.api.Trap as e:
            self._check_message(e, text)
            return
        except self.api.WasmtimeError as e:
            raise _Failed(f"expected trap {text!r}, got {describe_exception(e)}") from None
        raise _Failed(f"expected trap {text!r}, returned {got!r}")

    def _assert_exception(self, action: s.Action) -> None:
        try:
            got = self._perform(action)
        except (self.api.Trap, self.api.WasmtimeError) as e:
            if "exception" not in str(e).lower():
                raise _Failed(f"expected an uncaught exception, got {describe_exception(e)}") from None
            return
        raise _Failed(f"expected an uncaught exception, returned {got!r}")

    def _check_message(self, e: BaseException, text: str) -> None:
        """Fail unless the message of ``e`` (without any backtrace) matches ``text``."""
        message = getattr(e, "message", None)
        if not isinstance(message, str):
            message = str(e)
        if self.backend.exact_messages and not message_matches(message, text):
            raise _Failed(f"expected message {text!r}, got {describe_exception(e)}")

    # ------------------------------------------------------- bad modules

    def _assert_module(self, command: s.AssertModule) -> None:
        source = command.source
        if command.kind.endswith("_custom"):
            raise _Skipped(CUSTOM_SECTION_ERROR)
        kind, text = command.kind, command.text
        overturned = superseded(self.script_name, f"assert_{kind}", text)
        if overturned is not None:
            raise _Skipped(f"expectation superseded: {overturned}")
        if source.text and kind == "malformed":
            self._text_rejected(source, text)
            return
        if source.binary is None:
            raise _Failed(f"the text parser rejected the module: {describe_exception(source.error)}")
        expected = {"malformed": self.backend.malformed, "invalid": self.backend.invalid}.get(kind)
        if expected is not None:
            # Module.validate reads its input as a binary, where Module() would
            # read bytes not starting with a zero byte as the text format.
            try:
                self.api.Module.validate(self.engine, source.binary)
            except (self.api.Trap, self.api.WasmtimeError) as e:
                self._check_error(e, expected, text)
                return
            raise _Failed(f"module validated; expected {kind} ({text!r})")
        try:
            module = self.api.Module(self.engine, source.binary)
        except (self.api.Trap, self.api.WasmtimeError) as e:
            raise _Failed(f"module failed to compile: {describe_exception(e)}") from None
        try:
            self.linker.instantiate(self.store, module)
        except (self.api.Trap, self.api.WasmtimeError) as e:
            if kind == "uninstantiable":
                if not isinstance(e, self.api.Trap):
                    raise _Failed(f"expected trap {text!r}, got {describe_exception(e)}") from None
                self._check_message(e, text)
            else:
                self._check_error(e, self.backend.unlinkable, text)
            return
        raise _Failed(f"module instantiated; expected {kind} ({text!r})")

    def _text_rejected(self, source: s.ModuleSource, text: str) -> None:
        """Pass if the text parser rejected the module as malformed.

        The spec's messages for malformed text are informal, so only the
        rejection is checked (with a message that says something).
        """
        if source.binary is not None:
            raise _Failed(f"the text parser accepted the module; expected malformed ({text!r})")
        error = source.error
        if not isinstance(error, MalformedError):
            raise _Failed(f"expected a malformed-text error ({text!r}), got "
                          f"{describe_exception(error) if error else 'no error'}")
        if not str(error).strip():
            raise _Failed(f"the text parser rejected the module with an empty message ({text!r})")

    def _check_error(self, e: BaseException, expected: type[BaseException], text: str) -> None:
        if not isinstance(e, expected) or isinstance(e, self.api.Trap):
            raise _Failed(f"expected {expected.__name__} {text!r}, got {describe_exception(e)}")
        self._check_message(e, text)


# ------------------------------------------------------------------ files


def command_timeout() -> float:
    """Seconds one command may run: ``$WASMLITE_SPEC_COMMAND_TIMEOUT`` or 60."""
    return float(os.environ.get(COMMAND_TIMEOUT_ENV) or DEFAULT_COMMAND_TIMEOUT)


def file_timeout() -> float:
    """Seconds one file may run: ``$WASMLITE_SPEC_FILE_TIMEOUT`` or 600."""
    return float(os.environ.get(FILE_TIMEOUT_ENV) or DEFAULT_FILE_TIMEOUT)


def run_file(spec_file: SpecFile, backend: Backend,
             run_class: type[ScriptRun] = ScriptRun) -> FileReport:
    """Run every command of ``spec_file`` against ``backend`` (in a ``run_class``,
    which may observe each command, as the native tier's driver does)."""
    report = FileReport(spec_file.name, spec_file.excluded)
    started = time.monotonic()
    try:
        script = read_script(spec_file.path, spec_file.name)
    except (OSError, UnicodeDecodeError, WasmtimeError) as e:
        report.failures.append(Outcome(0, "script", f"cannot read the script: {e}"))
        return report
    except Exception as e:
        report.failures.append(Outcome(0, "script", f"cannot read the script: {_internal_error(e)}"))
        return report
    try:
        run = run_class(backend, command_timeout(), file_timeout(), spec_file.name)
    except Exception as e:
        reason = f"cannot set up store and spectest: {_internal_error(e)}"
        report.failures.append(Outcome(0, "setup", reason))
        return report
    run.run(script, report)
    report.seconds = time.monotonic() - started
    return report


def main(argv: list[str] | None = None) -> int:
    """Run one script and print its counts and failures (``--json``: the report as JSON)."""
    parser = argparse.ArgumentParser(prog="python -m tests.spec.runner", description=main.__doc__)
    parser.add_argument("wast", help="a .wast file, or a name relative to the testsuite (i32)")
    parser.add_argument("--runtime", choices=("wasmlite", "wasmtime"))
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--limit", type=int, default=50, help="failures to print")
    args = parser.parse_args(argv)
    path = Path(args.wast)
    if not path.is_file():
        path = suite_root() / f"{args.wast}.wast"
    try:
        backend = load_backend(selected_runtime(args.runtime))
    except BackendUnavailable as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    script_file = spec_file(path)
    if args.json:
        with redirect_stdout(sys.stderr):  # whatever the runtime prints stays out of the JSON
            report = run_file(script_file, backend)
        json.dump(report.to_json(), sys.stdout)
        return 0
    report = run_file(script_file, backend)
    name = script_file.name
    print(f"{name}: passed {report.passed}, failed {report.failed}, skipped {report.skipped} "
          f"({report.seconds:.1f}s)")
    for reason, count in report.skip_reasons().most_common():
        print(f"  skipped {count}: {reason}")
    for text in report.failure_lines(args.limit):
        print("  " + text)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
