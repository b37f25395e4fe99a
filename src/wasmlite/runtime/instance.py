"""Module instances."""

from __future__ import annotations

from .. import ir
from .trap import WASM_FILENAME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType

__all__ = ["ModuleInstance", "Extern", "calling_instance", "runs_for_instance"]

_FRAMES_SEARCHED = 8

_RUNNING_FOR_INSTANCE: set = set()
"""The code of functions that call wasm on behalf of the module instance in their
local ``instance`` (the start function's runner)."""


def runs_for_instance(func):
    """Mark ``func`` as calling wasm for the instance in its ``instance`` argument:
    a host function it calls directly (an imported start function) sees that
    instance as its caller's, as in Wasmtime."""
    _RUNNING_FOR_INSTANCE.add(func.__code__)
    return func

Extern = object
"""An external value: a function instance (``WasmFunction`` / ``HostFunction``),
``TableInstance``, ``MemoryInstance``, ``GlobalInstance`` or ``TagInstance``."""


class ModuleInstance:
    """The runtime representation of an instantiated module.

    The index spaces (``funcs``, ``tables``, ``mems``, ``globals``, ``tags``)
    hold imports first, as in the module. ``types`` are the closed defined
    types of the module's type indices. ``exports`` maps export names to
    externs. ``namespace`` is the dict the compiled code of this instance runs
    in (its globals).
    """

    __slots__ = ("module", "compiled", "store", "types", "funcs", "tables", "mems", "globals",
                 "tags", "elems", "datas", "exports", "namespace", "__weakref__")

    def __init__(self, module: ir.Module, compiled, store, types: list):
        self.module = module
        self.compiled = compiled
        self.store = store
        self.types = types
        self.funcs: list = []
        self.tables: list = []
        self.mems: list = []
        self.globals: list = []
        self.tags: list = []
        self.elems: list = []
        self.datas: list = []
        self.exports: dict[str, Extern] = {}
        self.namespace: dict[str, object] = {}

    @property
    def name(self) -> str | None:
        """The module's name from its ``name`` section, if any."""
        return self.module.names.module

    def __repr__(self) -> str:
        return f"<module instance {self.name or ''}>".replace(" >", ">")


def calling_instance(frame: FrameType | None) -> ModuleInstance | None:
    """The module instance whose compiled code ``frame`` runs, or the nearest one
    below it past wasmlite's own frames (host adapters, trampolines); ``None``
    when the embedder's code comes first, as when Python calls a host function."""
    for _ in range(_FRAMES_SEARCHED):
        if frame is None:
            return None
        if frame.f_code.co_filename == WASM_FILENAME:
            return frame.f_globals.get("__wasm_instance__")
        if frame.f_code in _RUNNING_FOR_INSTANCE:
            return frame.f_locals.get("instance")
        if not frame.f_globals.get("__name__", "").startswith("wasmlite."):
            return None
        frame = frame.f_back
    return None
