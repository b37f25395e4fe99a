"""SharedMemory: a linear memory declared ``shared``, owned by an engine rather than a store."""

from __future__ import annotations

from ..errors import WasmtimeError
from ..runtime.memory import MemoryInstance
from .engine import Engine
from .types import MemoryType


class SharedMemory:
    """A shared linear memory, importable into any store of its engine."""

    __slots__ = ("engine", "_mem", "__weakref__")

    def __init__(self, engine: Engine, ty: MemoryType):
        if not isinstance(engine, Engine):
            raise TypeError("expected an Engine")
        if not isinstance(ty, MemoryType):
            raise TypeError("expected a MemoryType")
        if not ty.is_shared:
            raise WasmtimeError("shared memory must have the `shared` flag enabled on its memory type")
        try:
            self._mem = MemoryInstance(ty._ir)
        except MemoryError as e:
            raise WasmtimeError(str(e)) from None
        self.engine = engine

    @classmethod
    def _from_runtime(cls, engine: Engine, mem: MemoryInstance) -> "SharedMemory":
        m = object.__new__(cls)
        m.engine = engine
        m._mem = mem
        return m

    def type(self) -> MemoryType:
        """The memory's type."""
        return MemoryType._from_ir(self._mem.type)

    def grow(self, delta: int) -> int:
        """Grow by ``delta`` pages; returns the previous size in pages."""
        if delta < 0:
            raise WasmtimeError("cannot grow by negative amount")
        old = self._mem.grow(delta)
        if old < 0:
            raise WasmtimeError(f"failed to grow memory by `{delta}`")
        return old

    def size(self) -> int:
        """The size in pages."""
        return self._mem.pages

    def data_ptr(self) -> "ctypes._Pointer[ctypes.c_ubyte]":
        """A pointer to the first byte."""
        import ctypes
        return ctypes.cast(self._mem.address, ctypes.POINTER(ctypes.c_ubyte))

    def data_len(self) -> int:
        """The size in bytes."""
        return self._mem.size_bytes
