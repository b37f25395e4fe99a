"""Component: a decoded and validated component, ready to instantiate; and
ExportIndex, a found export of one."""

from __future__ import annotations

import os
from typing import Any, Optional, Union

from ...api.closeable import Closeable
from ...api.engine import Engine
from ...errors import WasmtimeError
from .. import types as t
from ..instantiate import ComponentDef, PreparedComponent, prepare
from ..semver import find_compatible
from .types import ComponentType

__all__ = ["Component", "ExportIndex"]

def _to_component_binary(wasm: Any) -> bytes:
    """The component binary for ``wasm``: text (``str``, or bytes not starting
    with ``\\0``) is converted, binary is returned as is."""
    if isinstance(wasm, str):
        if wasm and wasm[0] == "\0":
            return wasm.encode("latin-1")
        from ..text import component_wat2wasm
        return bytes(component_wat2wasm(wasm))
    if isinstance(wasm, memoryview):
        wasm = wasm.tobytes()
    if not isinstance(wasm, (bytes, bytearray)):
        raise TypeError("expected wasm bytes")
    if wasm and wasm[0] != 0:
        from ..text import component_wat2wasm
        try:
            text = bytes(wasm).decode("utf-8")
        except UnicodeDecodeError:
            raise WasmtimeError("input was not valid utf-8") from None
        return bytes(component_wat2wasm(text))
    return bytes(wasm)


class ExportIndex:
    """An export found by :meth:`Component.get_export_index` or
    :meth:`~wasmlite.component.Instance.get_export_index`: the component it
    belongs to and the names leading to it."""

    __slots__ = ("_owner", "_path")

    def __init__(self) -> None:
        raise WasmtimeError("Cannot directly construct an `ExportIndex`")

    @classmethod
    def _new(cls, owner: PreparedComponent, path: tuple[str, ...]) -> ExportIndex:
        self = cls.__new__(cls)
        self._owner = owner
        self._path = path
        return self

    def __repr__(self) -> str:
        return f"<ExportIndex {'/'.join(self._path)}>"


def _name_attributes(items: Any) -> dict[str, dict[str, str]]:
    """The ``implements`` and ``external-id`` attributes of imports or exports, by name."""
    from .. import ir
    out: dict[str, dict[str, str]] = {}
    for item in items:
        attrs = {}
        for a in item.name.attributes:
            if isinstance(a, ir.Implements):
                attrs["implements"] = a.interface
            elif isinstance(a, ir.ExternalId):
                attrs["external-id"] = a.name
        if attrs:
            out[item.name.name] = attrs
    return out


def _export_type(ty: Any, name: str) -> Any:
    """The type of export ``name`` of a public component or instance type, or ``None``."""
    for n, x in getattr(ty, "exports", ()):
        if n == name:
            return x
    return None


def _module_cache(component_entry: Any) -> Any:
    """What gives the code cache entry of a core module (a ``CoreModule``) of
    the component whose own entry is ``component_entry``: kept beside it and
    named after it and the module's offset, as the component's bytes and
    settings fix the module's (the engine counts the component's entry alone)."""
    def entry(module: Any) -> Any:
        return component_entry.part(f"module-{module.offset:x}")
    return entry


def _precompiled_module_cache(modules: dict[int, bytes]) -> Any:
    """What gives each core module of a deserialized component its code, from
    the artifact's section (``modules``: core module offset -> encoded codes)."""
    def entry(module: Any) -> Any:
        from ...compile import artifact
        from ...compile.cache import CodeCache
        cache = CodeCache()
        cache.valid = True
        if module.offset in modules:
            cache.codes.update(artifact.decode_codes(modules[module.offset]))
        return cache
    return entry


class Component(Closeable):
    """A compiled component; created from binary or text, usable in any store of
    its engine. Input that is not a valid component raises WasmtimeError."""

    @classmethod
    def from_file(cls, engine: Engine, path: Union[str, bytes, os.PathLike]) -> Component:
        """The component in the file at ``path`` (binary or text)."""
        with open(path, "rb") as f:
            contents = f.read()
        return cls(engine, contents)

    def __init__(self, engine: Engine, wasm: Union[str, bytes, bytearray]) -> None:
        if not isinstance(engine, Engine):
            raise TypeError("expected an Engine")
        self._setup(engine, _to_component_binary(wasm))

    def _setup(self, engine: Engine, binary: bytes,
               precompiled: dict[int, bytes] | None = None) -> None:
        from ..binary import decode_component
        from ..validate import validate_component
        if not binary:
            raise WasmtimeError("failed to parse WebAssembly component: unexpected end of input")
        self._closed = False
        self.engine = engine
        self._binary = binary
        self._pycode: bytes | None = None
        features = engine.features
        if "component_model" not in features:
            raise WasmtimeError(
                "failed to parse WebAssembly module\n\nCaused by:\n    unknown binary version "
                "and encoding combination: 0xd and 0x1, note: encoded as a component but the "
                "WebAssembly component model feature is not enabled - enable the feature to "
                "allow component validation (at offset 0x0)")
        if precompiled is None:
            cache = engine._cache_entry(binary, "component")
            module_cache = None if cache is None else _module_cache(cache)
        else:       # a trusted artifact: valid, with its core modules' code
            from ...compile.cache import CodeCache
            cache = CodeCache()
            cache.valid = True
            module_cache = _precompiled_module_cache(precompiled)
        component = decode_component(binary)
        validated = validate_component(component, features,
                                       check_code=cache is None or not cache.valid)
        if cache is not None:
            cache.mark_valid()
        self._attributes = (_name_attributes(component.imports),
                            _name_attributes(component.exports))
        config = engine.config
        self._prepared = prepare(component, validated,
                                 {"fuel": bool(config["consume_fuel"]),
                                  "epoch": bool(config["epoch_interruption"])},
                                 module_cache)

    @classmethod
    def deserialize(cls, engine: Engine, encoded: Union[bytes, bytearray]) -> Component:
        """The component in the precompiled artifact ``encoded`` (from
        :meth:`serialize` or ``Engine.precompile_component``). Every check of
        the artifact against ``engine`` is made first (WasmtimeError with
        Wasmtime's message when one fails); after that its contents are
        trusted, as Wasmtime trusts them: load only what a trusted program wrote."""
        if not isinstance(encoded, (bytes, bytearray)):
            raise TypeError("expected bytes")
        if not isinstance(engine, Engine):
            raise TypeError("expected an Engine")
        from ...compile import artifact
        loaded = artifact.load(engine, bytes(encoded), "component")
        self = cls.__new__(cls)
        self._setup(engine, loaded.binary, artifact.decode_component_codes(loaded.pycode)
                    if loaded.pycode is not None else {})
        self._pycode = loaded.pycode
        return self

    @classmethod
    def deserialize_file(cls, engine: Engine, path: str) -> Component:
        """:meth:`deserialize` of the artifact in the file at ``path``."""
        with open(path, "rb") as f:
            return cls.deserialize(engine, f.read())

    def serialize(self) -> bytearray:
        """This component's precompiled artifact (an ELF file with the engine's
        settings, the code compiled for every function of its core modules and
        the component binary), for :meth:`deserialize`."""
        from ...compile import artifact
        prepared = self._open()
        if self._pycode is not None:    # loaded from an artifact: its bytes again
            return bytearray(artifact.write(self.engine, "component", self._binary, self._pycode))
        codes: dict[int, dict[int, tuple]] = {}
        pending = [prepared]
        while pending:
            prepared = pending.pop()
            pending += prepared.components
            for module in prepared.modules:
                compiled = module.prepared()
                first = compiled.n_imported_funcs
                codes[module.binary_offset] = {
                    index: compiled.entry(index)
                    for index in range(first, first + len(module.ir.funcs))}
        return bytearray(artifact.write(self.engine, "component", self._binary,
                                        artifact.encode_component_codes(codes)))

    def close(self) -> None:
        """Release the component; using it afterwards raises ValueError (its
        instances keep working)."""
        self._closed = True

    def _open(self) -> PreparedComponent:
        if self._closed:
            from ...errors import closed
            raise closed()
        return self._prepared

    def _definition(self) -> ComponentDef:
        return ComponentDef(self._open())

    @property
    def type(self) -> ComponentType:
        """The component's type: its imports and exports."""
        return ComponentType._new(self._public_type(), self._attributes)

    def _public_type(self) -> t.ComponentType:
        return self._open().validated.public_type

    def get_export_index(self, name: str, instance: Optional[ExportIndex] = None
                         ) -> Optional[ExportIndex]:
        """The export ``name`` of the component (of its exported instance
        ``instance`` when given), or ``None``."""
        prepared = self._open()
        path: tuple[str, ...] = ()
        ty: Any = self._public_type()
        if instance is not None:
            if not isinstance(instance, ExportIndex):
                raise TypeError("expected an ExportIndex")
            if instance._owner is not prepared:
                return None
            for n in instance._path:
                ty = _export_type(ty, n)
            path = instance._path
            if not isinstance(ty, t.InstanceType):
                return None
        found = find_compatible([n for n, _ in getattr(ty, "exports", ())], name)
        if found is None:
            return None
        return ExportIndex._new(prepared, path + (found,))

    def __repr__(self) -> str:
        return "<Component>"
