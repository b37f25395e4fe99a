"""Program arguments and environment: ``args_*`` and ``environ_*``."""

from __future__ import annotations

from .context import WasiContext
from .memory import U32, pack, write_bytes


def _sizes(strings: list[bytes], mem: memoryview, count_ptr: int, size_ptr: int) -> int:
    pack(U32, mem, count_ptr, len(strings))
    pack(U32, mem, size_ptr, sum(map(len, strings)))
    return 0


def _copy_out(strings: list[bytes], mem: memoryview, pointers: int, buffer: int) -> int:
    for index, value in enumerate(strings):
        pack(U32, mem, pointers + 4 * index, buffer)
        write_bytes(mem, buffer, value)
        buffer += len(value)
    return 0


def args_sizes_get(ctx: WasiContext, mem: memoryview, argc_ptr: int, buf_size_ptr: int) -> int:
    """Store the number of arguments and the size of their NUL-terminated data."""
    return _sizes(ctx.args, mem, argc_ptr, buf_size_ptr)


def args_get(ctx: WasiContext, mem: memoryview, argv_ptr: int, argv_buf_ptr: int) -> int:
    """Store pointers to the arguments at ``argv_ptr`` and their bytes at ``argv_buf_ptr``."""
    return _copy_out(ctx.args, mem, argv_ptr, argv_buf_ptr)


def environ_sizes_get(ctx: WasiContext, mem: memoryview, count_ptr: int,
                      buf_size_ptr: int) -> int:
    """Store the number of environment variables and the size of their data."""
    return _sizes(ctx.environ, mem, count_ptr, buf_size_ptr)


def environ_get(ctx: WasiContext, mem: memoryview, environ_ptr: int, buf_ptr: int) -> int:
    """Store pointers to ``NAME=value`` strings at ``environ_ptr``, their bytes at ``buf_ptr``."""
    return _copy_out(ctx.environ, mem, environ_ptr, buf_ptr)


__all__ = ["args_get", "args_sizes_get", "environ_get", "environ_sizes_get"]
