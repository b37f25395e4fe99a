"""Memory: a linear memory, viewed from the host."""

from __future__ import annotations

from ..errors import ArgumentTypeError, WasmtimeError
from .arguments import c_int
from ..runtime.memory import MemoryInstance
from .store import Store, check_store, store_of
from .types import MemoryType

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ctypes
    from .store import Storelike
    import typing


class Memory:
    """A linear memory. Its bytes have a base address that never changes, so pointers
    from :meth:`data_ptr` and :meth:`get_buffer_ptr` stay valid when it grows."""

    __slots__ = ("_store", "_mem", "__weakref__")

    def __init__(self, store: Storelike, ty: MemoryType):
        if not isinstance(ty, MemoryType):
            raise ArgumentTypeError("expected a MemoryType")
        owner = store_of(store)
        try:
            mem = MemoryInstance(ty._ir, owner._state.memory_limiter)
        except MemoryError as e:
            raise WasmtimeError(str(e)) from None
        self._store = owner
        self._mem = mem
        owner._wrappers[mem] = self

    @classmethod
    def _from_runtime(cls, store: Store, mem: MemoryInstance) -> "Memory":
        m = object.__new__(cls)
        m._store = store
        m._mem = mem
        return m

    def type(self, store: Storelike) -> MemoryType:
        """The memory's type."""
        check_store(self._store, store)
        return MemoryType._from_ir(self._mem.type)

    def grow(self, store: Storelike, delta: int) -> int:
        """Grow by ``delta`` pages; returns the previous size in pages."""
        check_store(self._store, store)
        if type(delta) is not int:
            delta = c_int(delta, "delta")
        if delta < 0:
            raise WasmtimeError("cannot grow by negative amount")
        old = self._mem.grow(delta)
        if old < 0:
            raise WasmtimeError(f"failed to grow memory by `{delta}`")
        return old

    def size(self, store: Storelike) -> int:
        """The size in pages."""
        check_store(self._store, store)
        return self._mem.pages

    def data_len(self, store: Storelike) -> int:
        """The size in bytes."""
        check_store(self._store, store)
        return self._mem.size_bytes

    def data_ptr(self, store: Storelike) -> "ctypes._Pointer[ctypes.c_ubyte]":
        """A pointer to the first byte; accesses must stay below :meth:`data_len`."""
        import ctypes
        check_store(self._store, store)
        return ctypes.cast(self._mem.address, ctypes.POINTER(ctypes.c_ubyte))

    def get_buffer_ptr(self, store: Storelike, size: typing.Optional[int] = None,
                       offset: int = 0) -> ctypes.Array:
        """A ctypes byte array over ``size`` bytes (default: all) from ``offset``."""
        import ctypes
        check_store(self._store, store)
        mem = self._mem
        if size is None:
            size = mem.size_bytes
        if offset < 0 or size < 0 or offset + size > mem.size_bytes:
            raise IndexError("index out of range")
        return (ctypes.c_ubyte * size).from_address(mem.address + offset)

    def read(self, store: Storelike, start: typing.Optional[int] = 0,
             stop: typing.Optional[int] = None) -> bytearray:
        """A copy of the bytes ``[start:stop]`` (slice semantics, negative indices allowed)."""
        check_store(self._store, store)
        mem = self._mem
        start, stop, _ = slice(start, stop).indices(mem.size_bytes)
        if stop <= start:
            return bytearray()
        return bytearray(mem.view[start:stop])

    def write(self, store: Storelike, value: typing.Union[bytes, bytearray],
              start: typing.Optional[int] = None) -> int:
        """Copy ``value`` into memory at ``start`` (negative counts from the end);
        returns the number of bytes written. IndexError if it does not fit."""
        check_store(self._store, store)
        mem = self._mem
        size = mem.size_bytes
        start = slice(start, None).indices(size)[0]
        if start >= size:
            raise IndexError("index out of range")
        data = memoryview(value).cast("B") if not isinstance(value, (bytes, bytearray)) else value
        n = len(data)
        if n == 0:
            return 0
        if start + n > size:
            raise IndexError("index out of range")
        mem.view[start:start + n] = data
        return n

    def page_size(self, store: Storelike) -> int:
        """The page size in bytes."""
        check_store(self._store, store)
        return self._mem.page_size

    def page_size_log2(self, store: Storelike) -> int:
        """log2 of the page size in bytes."""
        check_store(self._store, store)
        return self._mem.page_size.bit_length() - 1
