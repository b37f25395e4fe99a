"""SharedMemory: a linear memory declared ``shared``, owned by an engine rather than a store."""

from __future__ import annotations

from ..errors import ArgumentTypeError, WasmtimeError, closed
from ..runtime.memory import MemoryInstance
from .arguments import c_int
from .closeable import Closeable
from .engine import Engine, open_engine
from .types import MemoryType

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ctypes


class SharedMemory(Closeable):
    """A shared linear memory, importable into any store of its engine.

    Creating one needs ``Config.shared_memory`` (as in wasmtime). After
    :meth:`close`, its methods raise ValueError (stores that imported it keep it).
    """

    __slots__ = ("engine", "_mem", "_closed", "__weakref__")

    def __init__(self, engine: Engine, ty: MemoryType):
        engine = open_engine(engine)
        if not isinstance(ty, MemoryType):
            raise ArgumentTypeError("expected a MemoryType")
        if not engine.config["shared_memory"]:
            raise WasmtimeError("shared memory support is disabled for this engine -- "
                                "see `Config.shared_memory`")
        if not ty.is_shared:
            raise WasmtimeError("shared memory must have the `shared` flag enabled on its memory type")
        try:
            self._mem = MemoryInstance(ty._ir)
        except MemoryError as e:
            raise WasmtimeError(str(e)) from None
        self.engine = engine
        self._closed = False

    @classmethod
    def _from_runtime(cls, engine: Engine, mem: MemoryInstance) -> "SharedMemory":
        m = object.__new__(cls)
        m.engine = engine
        m._mem = mem
        m._closed = False
        return m

    def close(self) -> None:
        """Stop using this handle on the memory."""
        self._closed = True

    def _open(self) -> MemoryInstance:
        if self._closed:
            raise closed()
        return self._mem

    def type(self) -> MemoryType:
        """The memory's type."""
        return MemoryType._from_ir(self._open().type)

    def grow(self, delta: int) -> int:
        """Grow by ``delta`` pages; returns the previous size in pages."""
        self._open()
        delta = c_int(delta, "delta")
        if delta < 0:
            raise WasmtimeError("cannot grow by negative amount")
        old = self._mem.grow(delta)
        if old < 0:
            raise WasmtimeError(f"failed to grow memory by `{delta}`")
        return old

    def size(self) -> int:
        """The size in pages."""
        return self._open().pages

    def data_ptr(self) -> "ctypes._Pointer[ctypes.c_ubyte]":
        """A pointer to the first byte."""
        import ctypes
        return ctypes.cast(self._open().address, ctypes.POINTER(ctypes.c_ubyte))

    def data_len(self) -> int:
        """The size in bytes."""
        return self._open().size_bytes
