"""The ``wasmlite`` command line, shaped like ``wasmtime run``.

    wasmlite [run] [OPTIONS] FILE.wasm|FILE.wat [ARGS...]

The exit status is the program's: its ``proc_exit`` code (0 when ``_start``
returns). A trap prints its message and wasm backtrace to stderr and exits with
134 (128 + SIGABRT, as wasmtime does on Unix); any other error prints one line
and exits with 1; bad usage exits with 2.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import time
from types import ModuleType

from . import __version__
from .errors import WasmtimeError
from .wasi import ProcExit, WasiConfig, WasiContext, define_wasi

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Sequence

TRAP_EXIT_STATUS = 128 + 6
"""Exit status after a trap: the status of a process killed by SIGABRT."""

ERROR_EXIT_STATUS = 1
USAGE_EXIT_STATUS = 2

_USAGE = "wasmlite [run] [OPTIONS] FILE.wasm|FILE.wat [ARGS...]"

_DESCRIPTION = """\
Run a WebAssembly module (a WASI preview 1 command by default).

Without --invoke, a module's `_initialize` export is called if it has one,
then its `""` export, or else its `_start` export (nothing when it has
neither), and the exit status is the program's exit code. A
component (a WASI preview 2 command) runs its `wasi:cli/run` export with the
same options; `run` failing, or `exit(err)`, is exit status 1. A trap
prints its message and wasm backtrace and exits with 134."""

_EPILOG = """\
benchmark programs:
  Programs that import `bench.start` and `bench.end` ([] -> []) run with
  --bench, which defines that module (for a component, a `bench` instance
  with functions `start` and `end`); --bench-out FILE also writes the time
  between the two calls, in nanoseconds, to FILE, and the CPU time spent
  between them on a second line.

examples:
  wasmlite hello.wasm
  wasmlite run --dir data::/data --env LANG=C app.wasm input.txt
  wasmlite run --invoke add math.wat 1 2
  wasmlite run --invoke 'add(1, 2)' component.wasm
  wasmlite run --dir . --bench benchmark.wasm
"""


class UsageError(Exception):
    """The command line itself is wrong."""


class CommandError(Exception):
    """Running the module failed before or outside of wasm execution."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="wasmlite", usage=_USAGE, description=_DESCRIPTION, epilog=_EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter, add_help=False,
                     allow_abbrev=False)
    parser.add_argument("-h", "--help", action="store_true", help="show this help and exit")
    parser.add_argument("-V", "--version", action="store_true",
                        help="print the wasmlite version and exit")
    parser.add_argument("--dir", action="append", default=[], metavar="HOST[::GUEST]",
                        help="give the program the host directory HOST, seen as GUEST "
                             "(default: the same path); repeatable")
    parser.add_argument("--env", action="append", default=[], metavar="NAME[=VALUE]",
                        help="set an environment variable for the program (NAME alone "
                             "passes this process's value); repeatable")
    parser.add_argument("--invoke", metavar="NAME|CALL",
                        help="call the export NAME instead of `_start`; ARGS are its "
                             "parameters and its results are printed, one per line. For a "
                             "component, CALL is `name(args...)` with the arguments written "
                             "in WAVE (e.g. 'greet(\"x\", some(2))'), and the result is "
                             "printed in WAVE")
    parser.add_argument("--fuel", type=int, metavar="N",
                        help="stop the program with a trap after it consumes N units of fuel")
    parser.add_argument("--preload", action="append", default=[], metavar="NAME=FILE",
                        help="instantiate FILE first and make its exports importable "
                             "under the module name NAME; repeatable")
    parser.add_argument("--tier", choices=("auto", "portable", "native"),
                        help="run wasm as Python code (portable), as machine code through "
                             "LLVM compiled before the program starts (native: needs "
                             "llvmlite; modules using what it does not compile yet run "
                             "portable), or (auto, the default) portable at once and as "
                             "machine code, compiled in the background, once it runs hot "
                             "(from the start when the code cache has it; portable only "
                             "without llvmlite)")
    parser.add_argument("-W", dest="wasm", action="append", default=[],
                        metavar="FEATURE[=y|n]",
                        help="switch a WebAssembly proposal on or off, as the Config "
                             "attribute wasm_FEATURE (e.g. -W legacy-exceptions); repeatable")
    parser.add_argument("-S", dest="wasi", action="append", default=[],
                        metavar="OPTION[=y|n]",
                        help="a WASI option: inherit-network (sockets may bind and connect "
                             "to any address) or allow-ip-name-lookup (names may be "
                             "resolved); both off by default; repeatable")
    parser.add_argument("--allow-precompiled", action="store_true",
                        help="allow FILE to be a precompiled artifact (from `wasmlite "
                             "compile`); its code is trusted and run as it is")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the code cache (by default compiled "
                             "code is kept in $XDG_CACHE_HOME/wasmlite for later runs)")
    parser.add_argument("--argv0", metavar="NAME",
                        help="the program's argv[0] (default: FILE as given)")
    parser.add_argument("--bench", action="store_true",
                        help="define the `bench` module (start/end) benchmark programs import")
    parser.add_argument("--bench-out", metavar="FILE",
                        help="write the nanoseconds between bench.start and bench.end to "
                             "FILE, then on a second line the CPU time the thread spent "
                             "between them (implies --bench)")
    parser.add_argument("module", nargs="?", metavar="FILE",
                        help="the module to run: a .wasm binary or .wat text")
    parser.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS",
                        help="arguments for the program (or for the --invoke function)")
    return parser


def _strip_run(argv: list[str]) -> list[str]:
    if argv and argv[0] == "run":
        return argv[1:]
    return argv


def _wasi_config(options: argparse.Namespace, config_class: Any = WasiConfig) -> Any:
    config = config_class()
    config.argv = [options.argv0 or options.module, *options.args]
    env = []
    for item in options.env:
        name, sep, value = item.partition("=")
        if not name:
            raise UsageError(f"invalid --env value {item!r}: expected NAME=VALUE")
        if not sep:
            if name not in os.environ:
                continue
            value = os.environ[name]
        env.append((name, value))
    config.env = env
    for item in options.dir:
        host, sep, guest = item.partition("::")
        if not host:
            raise UsageError(f"invalid --dir value {item!r}: expected HOST[::GUEST]")
        if not os.path.isdir(host):
            raise CommandError(f"failed to open directory `{host}` given to --dir: "
                               "no such directory")
        config.preopen_dir(host, guest if sep else host)
    for item in options.wasi:
        _set_wasi_option(config, item)
    config.inherit_stdin()
    config.inherit_stdout()
    config.inherit_stderr()
    return config


def _set_wasi_option(config: Any, item: str) -> None:
    """Apply one ``-S OPTION[=y|n]`` to ``config``."""
    name, sep, value = item.partition("=")
    if value not in (("y", "n", "yes", "no", "true", "false") if sep else ("",)):
        raise UsageError(f"invalid -S value {item!r}: expected OPTION[=y|n]")
    enabled = value in ("", "y", "yes", "true")
    if name not in ("inherit-network", "allow-ip-name-lookup"):
        raise UsageError(f"unknown WASI option {name!r} given to -S (expected "
                         "inherit-network or allow-ip-name-lookup)")
    if not hasattr(config, "inherit_network"):
        raise CommandError(f"-S {name} is not supported by this WasiConfig")
    if name == "inherit-network" and enabled:
        config.inherit_network()
    elif name == "allow-ip-name-lookup":
        config.allow_ip_name_lookup = enabled


class _BenchTimer:
    """The host side of the `bench` module: the clock and the thread's CPU time
    at bench.start and bench.end."""

    def __init__(self) -> None:
        self.started: tuple[int, int] | None = None
        self.ended: tuple[int, int] | None = None

    def start(self) -> None:
        self.started = (time.perf_counter_ns(), time.thread_time_ns())

    def end(self) -> None:
        self.ended = (time.perf_counter_ns(), time.thread_time_ns())

    def write_report(self, path: str) -> None:
        if self.started is None or self.ended is None:
            raise CommandError("the program did not call both bench.start and bench.end")
        with open(path, "w", encoding="utf-8") as report:
            report.write(f"{self.ended[0] - self.started[0]}\n{self.ended[1] - self.started[1]}\n")


def _switch_proposal(config: Any, switch: str) -> None:
    """Apply ``-W FEATURE[=y|n]`` to ``config``."""
    feature, _, value = switch.partition("=")
    attribute = "wasm_" + feature.replace("-", "_")
    if not hasattr(type(config), attribute) or value not in ("", "y", "n"):
        known = sorted(name[5:].replace("_", "-") for name in dir(type(config))
                       if name.startswith("wasm_"))
        raise WasmtimeError(f"unknown -W switch {switch!r}: expected FEATURE[=y|n] with "
                            f"FEATURE one of {', '.join(known)}")
    setattr(config, attribute, value != "n")


def _load_module(api: ModuleType, engine: Any, path: str,
                 allow_precompiled: bool = False) -> Any:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise CommandError(f"failed to read `{path}`: {exc.strerror}") from None
    precompiled = _precompiled_kind(data, allow_precompiled) is not None
    try:
        if precompiled:
            return api.Module.deserialize(engine, data)
        return api.Module(engine, data)
    except Exception as exc:
        action = "load the precompiled module" if precompiled else "compile"
        raise CommandError(f"failed to {action} `{path}`: {_one_line(exc)}") from None


def _precompiled_kind(data: bytes, allow_precompiled: bool) -> str | None:
    """``"module"`` or ``"component"`` for a precompiled artifact, ``None`` for
    anything else; an artifact without ``--allow-precompiled`` is refused."""
    from .api.engine import Engine
    kind = Engine.detect_precompiled(data)
    if kind is not None and not allow_precompiled:
        raise CommandError("running a precompiled module requires the "
                           "`--allow-precompiled` flag")
    return kind


def _one_line(exc: BaseException) -> str:
    """The message of ``exc`` on one line (wasmtime's "Caused by:" chains joined)."""
    parts = [line.strip() for line in str(exc).splitlines()]
    parts = [part for part in parts if part and part != "Caused by:"]
    return ": ".join(parts) if parts else type(exc).__name__


def _parse_value(text: str, type_name: str) -> int | float:
    try:
        if type_name in ("i32", "i64"):
            return int(text, 0)
        if type_name in ("f32", "f64"):
            return float(text)
    except ValueError:
        raise UsageError(f"cannot use {text!r} as an {type_name} argument") from None
    raise UsageError(f"cannot pass arguments of type {type_name} from the command line")


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    return str(value)


def _default_export(api: ModuleType, exports: Any) -> str | None:
    """The function a run without --invoke calls, as wasmtime chooses it: the
    export named ``""`` when it is a function, else ``_start``, else none."""
    for name in ("", "_start"):
        if isinstance(exports.get(name), api.Func):
            return name
    return None


_EXPERIMENTAL_PARAMS = ("warning: using `--invoke` with a function that takes arguments "
                        "is experimental and may break in the future")
_EXPERIMENTAL_RESULTS = ("warning: using `--invoke` with a function that returns values "
                         "is experimental and may break in the future")


def _invoke(api: ModuleType, store: Any, instance: Any, name: str,
            arguments: Sequence[str], label: str | None = None) -> None:
    """Call the export ``name`` with ``arguments`` as its parameters and print its
    results; ``label`` names it in errors (default: the export's name)."""
    label = label or f"`{name}`"
    func = instance.exports(store).get(name)
    if func is None or not isinstance(func, api.Func):
        raise CommandError(f"the module has no exported function `{name}`")
    func_type = func.type(store)
    params = [str(param) for param in func_type.params]
    if params:
        sys.stderr.write(_EXPERIMENTAL_PARAMS + "\n")
    if list(func_type.results):
        sys.stderr.write(_EXPERIMENTAL_RESULTS + "\n")
    if len(params) != len(arguments):
        raise CommandError(f"{label} takes {len(params)} argument(s) but "
                           f"{len(arguments)} were given")
    values = [_parse_value(text, kind) for text, kind in zip(arguments, params)]
    results = func(store, *values)
    if results is None:
        return
    for value in results if isinstance(results, (list, tuple)) else [results]:
        print(_format_value(value))


def _announce_native_compiles(tier: str | None) -> None:
    """On the native tier, say on stderr when a compile to machine code is slow
    (when stderr is a terminal: a program's captured stderr stays its own)."""
    if tier == "native" and sys.stderr.isatty():
        from .compile.llvm import announce_slow_compiles
        announce_slow_compiles(lambda line: print(line, file=sys.stderr, flush=True))


def _run(options: argparse.Namespace, api: ModuleType) -> int:
    path = options.module
    config = api.Config()
    if not options.no_cache:
        config.cache = True
    if options.fuel is not None:
        config.consume_fuel = True
    if options.tier is not None:
        config.strategy = options.tier
    _announce_native_compiles(options.tier)
    for switch in options.wasm:
        _switch_proposal(config, switch)
    engine = api.Engine(config)
    if _is_component_file(path):
        return _run_component(options, api, engine)
    module = _load_module(api, engine, path, options.allow_precompiled)
    wasi = WasiContext(_wasi_config(options))
    try:
        return _execute(options, api, engine, module, wasi)
    finally:
        wasi.close()


def _execute(options: argparse.Namespace, api: ModuleType, engine: Any, module: Any,
             wasi: WasiContext) -> int:
    """Link, instantiate and run ``module``; the exit status."""
    path = options.module
    store = api.Store(engine)
    if options.fuel is not None:
        store.set_fuel(options.fuel)
    linker = api.Linker(engine)
    define_wasi(linker, lambda caller: wasi, api=api)
    timer = _BenchTimer()
    if options.bench or options.bench_out:
        no_params = api.FuncType([], [])
        linker.define_func("bench", "start", no_params, timer.start)
        linker.define_func("bench", "end", no_params, timer.end)
    exit_trap = getattr(api, "ExitTrap", ProcExit)
    try:
        for item in options.preload:
            name, sep, preload_path = item.partition("=")
            if not sep or not name or not preload_path:
                raise UsageError(f"invalid --preload value {item!r}: expected NAME=FILE")
            preloaded = _load_module(api, engine, preload_path, options.allow_precompiled)
            linker.define_instance(store, name,
                                   _instantiate(api, linker, store, preloaded, preload_path))
        instance = _instantiate(api, linker, store, module, path)
        exports = instance.exports(store)
        entry: str | None = None
        initialize = exports.get("_initialize")
        if isinstance(initialize, api.Func):
            initialize(store)
        entry = "command default" if options.invoke is None else f"`{options.invoke}`"
        if options.invoke is not None:
            _invoke(api, store, instance, options.invoke, options.args)
        else:
            default = _default_export(api, exports)
            if default is not None:
                takes_args = bool(list(exports[default].type(store).params))
                _invoke(api, store, instance, default, options.args if takes_args else [],
                        entry)
    except ProcExit as exc:
        return exc.code
    except exit_trap as exc:
        return exc.code
    except api.Trap as exc:
        _report_trap(path, entry, exc)
        return TRAP_EXIT_STATUS
    except (api.WasmtimeError, WasmtimeError) as exc:
        raise CommandError(f"failed to run main module `{path}`: {_one_line(exc)}") from None
    if options.bench_out:
        timer.write_report(options.bench_out)
    return 0


def _instantiate(api: ModuleType, linker: Any, store: Any, module: Any, path: str) -> Any:
    try:
        return linker.instantiate(store, module)
    except (api.WasmtimeError, WasmtimeError) as exc:
        if isinstance(exc, (api.Trap, getattr(api, "ExitTrap", ProcExit))):
            raise
        raise CommandError(f"failed to instantiate `{path}`: {_one_line(exc)}") from None


def _is_component_file(path: str) -> bool:
    """Whether ``path`` holds a component (binary, precompiled or text) rather
    than a core module."""
    from .api.engine import Engine
    from .component.binary.decoder import is_component
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
            if head.startswith(b"\x7fELF"):
                return Engine.detect_precompiled_file(path) == "component"
            if head.startswith(b"\0asm"):
                return is_component(head[:8])
            return _is_component_text(head + handle.read())
    except OSError:
        return False


def _is_component_text(data: bytes) -> bool:
    """Whether ``data`` is text whose first token is ``(component``."""
    from .text import source_text
    from .text.lexer import tokenize
    try:
        tokens = tokenize(source_text(data))
    except Exception:  # noqa: BLE001 - not text: compiled as a module, which says why
        return False
    return tokens.texts[:2] == ["(", "component"]


def _run_component(options: argparse.Namespace, api: ModuleType, engine: Any) -> int:
    """Run the ``wasi:cli/run`` export of a component with WASI preview 2; the
    exit status (``run`` returning ``err`` is 1)."""
    path = options.module
    if options.preload:
        raise UsageError("--preload is not supported for components")
    components = importlib.import_module(f"{api.__name__}.component")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if _precompiled_kind(data, options.allow_precompiled) is not None:
            component = components.Component.deserialize(engine, data)
        else:
            component = components.Component(engine, data)
    except CommandError:
        raise
    except Exception as exc:
        raise CommandError(f"failed to compile `{path}`: {_one_line(exc)}") from None
    run_name = next((name for name in component.type.exports(engine)
                     if name.partition("@")[0] == "wasi:cli/run"
                     and name.partition("@")[2].startswith("0.2.")), None)
    if run_name is None and options.invoke is None:
        raise CommandError(f"`{path}` does not export the `wasi:cli/run` interface")
    store = api.Store(engine)
    if options.fuel is not None:
        store.set_fuel(options.fuel)
    store.set_wasi(_wasi_config(options, api.WasiConfig))
    linker = components.Linker(engine)
    linker.add_wasip2()
    timer = _BenchTimer()
    if options.bench or options.bench_out:
        with linker.root() as root, root.add_instance("bench") as bench:
            bench.add_func("start", lambda _store: timer.start())
            bench.add_func("end", lambda _store: timer.end())
    exit_trap = getattr(api, "ExitTrap", ProcExit)
    entry = f"`{run_name}#run`" if options.invoke is None else f"`{options.invoke}`"
    try:
        instance = _instantiate(api, linker, store, component, path)
        if options.invoke is not None:
            _invoke_component(store, instance, options.invoke, path)
            return 0
        interface = instance.get_export_index(store, run_name)
        run = instance.get_func(store, instance.get_export_index(store, "run", interface))
        if run is None:
            raise CommandError(f"`{path}` exports no `run` function in `{run_name}`")
        result = run(store)
    except exit_trap as exc:
        return exc.code
    except api.Trap as exc:
        _report_trap(path, entry, exc)
        return TRAP_EXIT_STATUS
    except (api.WasmtimeError, WasmtimeError) as exc:
        if _is_trap(exc):
            _report_trap(path, entry, exc)
            return TRAP_EXIT_STATUS
        raise CommandError(f"failed to run main module `{path}`: {_one_line(exc)}") from None
    if getattr(result, "tag", "ok") == "err":
        return ERROR_EXIT_STATUS
    if options.bench_out:
        timer.write_report(options.bench_out)
    return 0


def _invoke_component(store: Any, instance: Any, call: str, path: str) -> None:
    """Call the export named by ``call``, ``name(args...)`` with the arguments in
    WAVE, and print its result in WAVE (``()`` when it has none)."""
    from .component.wave import WaveError, format_results, parse_args, parse_call
    try:
        name, arguments, offset = parse_call(call)
    except WaveError as exc:
        raise CommandError(f"failed to run main module `{path}`: failed to parse invoke "
                           f"{call!r}: {exc}") from None
    func = _component_export_func(store, instance, name)
    if func is None:
        raise CommandError(f"failed to run main module `{path}`: no exported func named "
                           f"`{name}` in component")
    func_type = func.type(store)
    try:
        values = parse_args(arguments, [ty for _, ty in func_type.params], offset)
    except WaveError as exc:
        raise CommandError(f"failed to run main module `{path}`: while interpreting "
                           f"parameters in invoke {call!r}: {exc}") from None
    result = func(store, *values)
    print(format_results(result, func_type.result))


def _component_export_func(store: Any, instance: Any, name: str) -> Any:
    """The exported function ``name`` of a component instance: a root export,
    or ``interface#name`` for a function of an exported instance."""
    interface, sep, func_name = name.rpartition("#")
    if not sep:
        return instance.get_func(store, name)
    index = instance.get_export_index(store, interface)
    if index is None:
        return None
    func_index = instance.get_export_index(store, func_name, index)
    return None if func_index is None else instance.get_func(store, func_index)


def _is_trap(exc: BaseException) -> bool:
    """Whether a component call's error is a trap of the code it ran (component
    calls report traps as ``WasmtimeError``, with the trap as the cause)."""
    from .runtime.trap import Trap
    return isinstance(exc.__cause__, Trap) or "wasm backtrace:" in str(exc)


def _report_trap(path: str, entry: str | None, exc: BaseException) -> None:
    """Print a trap as wasmtime does: the failed call (none for a trap of
    ``_initialize``), the wasm backtrace, the cause."""
    text = str(exc).strip("\n")
    backtrace, has_cause, cause = text.partition("\n\nCaused by:\n")
    causes = [] if entry is None else [f"failed to invoke {entry}"]
    if has_cause:
        first, *frames = backtrace.splitlines()
        causes.append("\n".join([first, *("       " + frame for frame in frames)]))
        causes += [line.strip() for line in cause.splitlines() if line.strip()]
    else:
        causes.append(text)
    lines = [f"    {index}: {cause}" for index, cause in enumerate(causes)]
    sys.stderr.write(f"Error: failed to run main module `{path}`\n\nCaused by:\n"
                     + "\n".join(lines) + "\n")


def main(argv: Sequence[str] | None = None, api: ModuleType | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    ``api`` is the runtime module to run on: wasmlite itself by default, or any
    module with wasmtime-py's API.
    """
    given = list(sys.argv[1:] if argv is None else argv)
    if given and given[0] == "wast":
        from .wast.command import main as wast_main
        return wast_main(given[1:])
    if given and given[0] in ("compile", "settings"):
        return _artifact_command(given[0], given[1:])
    arguments = _strip_run(given)
    parser = _parser()
    try:
        options = parser.parse_args(arguments)
        if options.help:
            parser.print_help()
            return 0
        if options.version:
            print(f"wasmlite {__version__}")
            return 0
        if options.module is None:
            raise UsageError("the following arguments are required: FILE")
        if api is None:
            import wasmlite as api
        return _run(options, api)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        sys.stderr.write(f"wasmlite: error: {exc}\n")
        return USAGE_EXIT_STATUS
    except (CommandError, WasmtimeError) as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return ERROR_EXIT_STATUS
    except Exception as exc:
        sys.stderr.write(f"Error: internal error: {type(exc).__name__}: {_one_line(exc)}\n")
        return ERROR_EXIT_STATUS
    finally:
        _flush_standard_streams()


def _artifact_command(name: str, arguments: list[str]) -> int:
    """``wasmlite compile`` or ``wasmlite settings`` (see compile/artifact/command.py)."""
    from .compile.artifact import command
    try:
        run = command.compile_main if name == "compile" else command.settings_main
        return run(arguments)
    except UsageError as exc:
        sys.stderr.write(f"wasmlite {name}: error: {exc}\n")
        return USAGE_EXIT_STATUS
    except (CommandError, WasmtimeError) as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return ERROR_EXIT_STATUS
    finally:
        _flush_standard_streams()


def _flush_standard_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
