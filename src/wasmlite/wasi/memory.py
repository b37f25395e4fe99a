"""Guest linear memory as seen by WASI host functions, and the preview 1 struct layouts.

Host functions get a ``memoryview`` over the caller's exported ``memory`` for the
duration of one call (memory can grow between calls, so it is fetched afresh).
Every access is bounds checked; an out-of-bounds pointer is ``Errno.FAULT``.
"""

from __future__ import annotations

from struct import Struct

from .errno import Errno, WasiError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

U32 = Struct("<I")
U64 = Struct("<Q")
IOVEC = Struct("<II")
"""``iovec`` / ``ciovec``: buf (u32 pointer), buf_len (u32)."""
FDSTAT = Struct("<BxHxxxxQQ")
"""``fdstat`` (24 bytes): fs_filetype, fs_flags, fs_rights_base, fs_rights_inheriting."""
FILESTAT = Struct("<QQBxxxxxxxQQQQQ")
"""``filestat`` (64 bytes): dev, ino, filetype, nlink, size, atim, mtim, ctim."""
DIRENT = Struct("<QQIBxxx")
"""``dirent`` (24 bytes): d_next, d_ino, d_namlen, d_type; the name follows it."""
PRESTAT = Struct("<BxxxI")
"""``prestat`` (8 bytes): tag (preopentype), pr_name_len."""
SUBSCRIPTION_HEADER = Struct("<QB")
"""``subscription`` (48 bytes) starts with userdata and the union tag (eventtype)."""
SUBSCRIPTION_CLOCK = Struct("<IxxxxQQH")
"""``subscription_clock`` at offset 16: id, timeout, precision, flags."""
SUBSCRIPTION_SIZE = 48
EVENT = Struct("<QHBxxxxxQHxxxxxx")
"""``event`` (32 bytes): userdata, error, type, fd_readwrite.nbytes, fd_readwrite.flags."""


def guest_memory(memory: Any, store: Any) -> memoryview:
    """A writable byte view of ``memory`` (an API ``Memory``) as it is right now."""
    import ctypes
    length = memory.data_len(store)
    if length == 0:
        return memoryview(bytearray())
    address = ctypes.cast(memory.data_ptr(store), ctypes.c_void_p).value
    return memoryview((ctypes.c_ubyte * length).from_address(address)).cast("B")


def check_range(mem: memoryview, ptr: int, length: int) -> None:
    """Raise ``FAULT`` unless ``[ptr, ptr + length)`` lies inside ``mem``."""
    if ptr + length > len(mem):
        raise WasiError(Errno.FAULT)


def read_bytes(mem: memoryview, ptr: int, length: int) -> bytes:
    """Copy ``length`` bytes of guest memory starting at ``ptr``."""
    if ptr + length > len(mem):
        raise WasiError(Errno.FAULT)
    return bytes(mem[ptr:ptr + length])


def read_string(mem: memoryview, ptr: int, length: int) -> str:
    """Decode a UTF-8 string (a path) held in guest memory; ``ILSEQ`` if not UTF-8."""
    data = read_bytes(mem, ptr, length)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise WasiError(Errno.ILSEQ) from None


def write_bytes(mem: memoryview, ptr: int, data: bytes) -> None:
    """Store ``data`` into guest memory at ``ptr``."""
    end = ptr + len(data)
    if end > len(mem):
        raise WasiError(Errno.FAULT)
    mem[ptr:end] = data


def pack(layout: Struct, mem: memoryview, ptr: int, *values: int) -> None:
    """Pack ``values`` with ``layout`` into guest memory at ``ptr``."""
    if ptr + layout.size > len(mem):
        raise WasiError(Errno.FAULT)
    layout.pack_into(mem, ptr, *values)


def unpack(layout: Struct, mem: memoryview, ptr: int) -> tuple:
    """Unpack ``layout`` from guest memory at ``ptr``."""
    if ptr + layout.size > len(mem):
        raise WasiError(Errno.FAULT)
    return layout.unpack_from(mem, ptr)


def iovec_buffers(mem: memoryview, iovs: int, count: int) -> list[memoryview]:
    """The guest buffers named by an array of ``count`` iovecs at ``iovs``, as views."""
    size = count * 8
    if iovs + size > len(mem):
        raise WasiError(Errno.FAULT)
    limit = len(mem)
    buffers = []
    for buf, buf_len in IOVEC.iter_unpack(mem[iovs:iovs + size]):
        if buf + buf_len > limit:
            raise WasiError(Errno.FAULT)
        if buf_len:
            buffers.append(mem[buf:buf + buf_len])
    return buffers


def scatter(buffers: list[memoryview], data: bytes) -> int:
    """Copy ``data`` across ``buffers`` in order; the number of bytes copied."""
    done = 0
    total = len(data)
    for buf in buffers:
        if done >= total:
            break
        chunk = min(len(buf), total - done)
        buf[:chunk] = data[done:done + chunk]
        done += chunk
    return done
