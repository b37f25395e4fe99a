"""The checks an artifact passes before anything in it is used: that it is an
ELF file marked as a wasmlite artifact of the expected kind, that its engine
section is well-formed, and that the engine which wrote it is compatible with
the engine loading it. The order and the messages are Wasmtime's.
"""

from __future__ import annotations

import json

from ...errors import WasmtimeError
from . import elf, engine_section

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from ...api.engine import Engine

__all__ = ["error", "check_compatible", "check_metadata", "flag_value"]

_EXPECTED_FLAGS = {"module": elf.EF_WASMLITE_MODULE, "component": elf.EF_WASMLITE_COMPONENT}

_COLLECTORS = {"drc": "deferred reference-counting", "null": "null",
               "python": "Python reference-counting"}


def error(message: str, cause: str | None = None) -> WasmtimeError:
    """A WasmtimeError saying ``message``, with ``cause`` after a ``Caused by:``
    line as Wasmtime shows an error's cause."""
    if cause is None:
        return WasmtimeError(message)
    return WasmtimeError(f"{message}\n\nCaused by:\n    {cause}\n")


def flag_value(value: object) -> str:
    """A flag's value as Wasmtime shows it: ``Bool(true)``, ``Num(3)``, ``Enum("speed")``."""
    if isinstance(value, bool):
        return f"Bool({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"Num({value})"
    return f"Enum({json.dumps(value, ensure_ascii=False)})"


def check_compatible(engine: Engine, data: bytes, kind: str) -> elf.ElfFile:
    """The artifact ``data`` parsed, once it has passed every check for being
    loaded into ``engine`` as a ``kind`` (``"module"`` or ``"component"``);
    raises WasmtimeError with Wasmtime's message for the first check it fails."""
    try:
        parsed = elf.parse(data)
    except elf.ElfError as e:
        raise error("failed to parse precompiled artifact as an ELF", str(e)) from None
    if parsed.os_abi != elf.ELFOSABI_WASMLITE or parsed.abi_version != 0 \
            or parsed.flags != _EXPECTED_FLAGS[kind]:
        raise error("incompatible object file format")
    section = parsed.section(engine_section.SECTION)
    if section is None:
        raise error(f"failed to find section `{engine_section.SECTION}`")
    if not section:
        raise error("invalid engine section")
    if section[0] != engine_section.VERSION:
        raise error("mismatched version in engine section")
    if len(section) < 2:
        raise error("invalid engine section")
    length = section[1]
    rest = section[2:]
    if len(rest) < length + 1:
        raise error("engine section too small")
    version, body = rest[:length], rest[length:]
    strategy = engine.config["module_version"]
    if strategy.kind != "none":
        found = _utf8(version)
        if found != strategy.as_str():
            if strategy.kind == "wasmlite":
                raise error(f"Module was compiled with incompatible wasmlite version '{found}'")
            raise error(f"Module was compiled with incompatible version '{found}'")
    check_metadata(engine, _decode_metadata(body))
    return parsed


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":
            raise error(f"incomplete utf-8 byte sequence from index {e.start}") from None
        raise error(f"invalid utf-8 sequence of {e.end - e.start} bytes from index "
                    f"{e.start}") from None


def _decode_metadata(body: bytes) -> dict[str, Any]:
    """The metadata JSON of an engine section, checked for shape (not for values)."""
    try:
        found = json.loads(body.decode())
    except (UnicodeDecodeError, ValueError) as e:
        raise error("invalid engine section metadata", str(e)) from None
    problem = _shape_problem(found)
    if problem is not None:
        raise error("invalid engine section metadata", problem)
    return found


def _is_flag(value: object) -> bool:
    return isinstance(value, (bool, int, str))


def _shape_problem(found: object) -> str | None:
    if not isinstance(found, dict):
        return "expected a JSON object"
    shapes: tuple[tuple[str, type], ...] = (
        ("target", str), ("shared_flags", dict), ("isa_flags", dict), ("tunables", dict),
        ("features", dict))
    for key, shape in shapes:
        if not isinstance(found.get(key), shape):
            return f"missing or malformed `{key}`"
    for key in ("shared_flags", "isa_flags"):
        for name, value in found[key].items():
            if not _is_flag(value):
                return f"{key}: unsupported value for `{name}`"
    tunables = found["tunables"]
    for name, kind, _ in engine_section.TUNABLES:
        if name not in tunables:
            return f"missing tunable `{name}`"
        value = tunables[name]
        ok = (value is None or isinstance(value, str)) if kind == "collector" else \
            type(value) is int if kind == "int" else isinstance(value, bool)
        if not ok:
            return f"malformed tunable `{name}`"
    known = {name for name, _, _ in engine_section.TUNABLES}
    for name in tunables:
        if name not in known:
            return f"unknown tunable `{name}`"
    features = found["features"]
    for name, _ in engine_section.FEATURES:
        if not isinstance(features.get(name), bool):
            return f"missing or malformed feature `{name}`"
    for name, value in features.items():
        if not isinstance(value, bool):
            return f"malformed feature `{name}`"
    return None


def check_metadata(engine: Engine, found: dict[str, Any]) -> None:
    """Compare recorded metadata with ``engine``'s: target, shared flags, ISA
    flags, tunables, then features, raising WasmtimeError at the first mismatch."""
    _check_target(engine, found["target"])
    host_flags = engine_section.shared_flags(engine)
    for name, value in found["shared_flags"].items():
        if name in engine_section.DONT_CARE_SHARED_FLAGS:
            continue
        if name not in host_flags or host_flags[name] != value \
                or type(host_flags[name]) is not type(value):
            raise error("compilation settings of module incompatible with native host",
                        f'setting "{name}" is configured to {flag_value(value)} '
                        "which is not supported")
    host_isa = engine_section.isa_flags(engine)
    for name, value in found["isa_flags"].items():
        problem = _isa_problem(name, value, host_isa)
        if problem is not None:
            raise error("compilation settings of module incompatible with native host",
                        problem)
    _check_tunables(found["tunables"], engine_section.tunables(engine))
    _check_features(found["features"], engine_section.features(engine))


def _check_target(engine: Engine, triple: str) -> None:
    architecture, system = engine_section.architecture_and_system(triple)
    host_architecture, host_system = engine_section.architecture_and_system(
        engine.config["target"] or engine_section.host_triple())
    if architecture != host_architecture:
        raise error(f"Module was compiled for architecture '{architecture}'")
    if system != host_system:
        raise error(f"Module was compiled for operating system '{system}'")


def _isa_problem(name: str, value: object, host: dict[str, Any]) -> str | None:
    if value is False:
        return None         # a processor feature the code does not use
    if value is True:
        if host.get(name) is True:
            return None
        return f'don\'t know how to test for target-specific flag "{name}" at runtime'
    if name in host and host[name] == value:
        return None
    return f'isa-specific feature "{name}" configured to unknown value {flag_value(value)}'


def _bool_message(found: bool, expected: bool, what: str) -> str:
    return (f"Module was compiled {'with' if found else 'without'} {what} but it "
            f"{'is' if expected else 'is not'} enabled for the host")


def _check_tunables(found: dict[str, Any], host: dict[str, Any]) -> None:
    for name, kind, what in engine_section.TUNABLES:
        value, expected = found[name], host[name]
        if what is None and kind != "collector":
            continue
        if kind == "collector":
            _check_collector(value, expected)
        elif value != expected:
            if kind == "int":
                raise error(f"Module was compiled with a {what} of '{value}' but "
                            f"'{expected}' is expected for the host")
            raise error(_bool_message(value, expected, what or name))


def _check_collector(module: str | None, host: str | None) -> None:
    if module == host:
        return
    if module is None:
        raise error("module was compiled without GC but GC is enabled in the host")
    if host is None:
        raise error("module was compiled with GC however GC is disabled in the host")
    raise error(f"module was compiled for the {_COLLECTORS.get(module, module)} collector but "
                f"the host is configured to use the {_COLLECTORS.get(host, host)} collector")


def _check_features(found: dict[str, bool], host: dict[str, bool]) -> None:
    for name, what in engine_section.FEATURES:
        if found[name] != host[name]:
            raise error(_bool_message(found[name], host[name], what))
    known = {name for name, _ in engine_section.FEATURES}
    for name, value in found.items():
        if name not in known and value:
            raise error(f"Module was compiled with support for WebAssembly feature `{name}` "
                        "but it is not enabled for the host")
