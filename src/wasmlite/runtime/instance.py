"""Module instances."""

from __future__ import annotations

from .. import ir
__all__ = ["ModuleInstance", "Extern"]

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
