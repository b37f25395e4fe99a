"""Externs: the API objects for runtime functions, memories, tables, globals and tags,
and the conversions between the two."""

from __future__ import annotations

from ..errors import WasmtimeError
from ..runtime.function import HostFunction, WasmFunction
from ..runtime.global_ import GlobalInstance
from ..runtime.memory import MemoryInstance
from ..runtime.table import TableInstance
from ..runtime.tag import TagInstance
from .func import Func
from .global_ import Global
from .memory import Memory
from .shared_memory import SharedMemory
from .table import Table
from .tag import Tag

TYPE_CHECKING = False

if TYPE_CHECKING:
    import typing
    from .store import Store

AsExtern = Func | Table | Memory | SharedMemory | Global | Tag

_WRAP: dict[type, typing.Callable[[Store, typing.Any], AsExtern]] = {WasmFunction: Func._from_runtime, HostFunction: Func._from_runtime,
         MemoryInstance: Memory._from_runtime, TableInstance: Table._from_runtime,
         GlobalInstance: Global._from_runtime, TagInstance: Tag._from_runtime}

_RUNTIME_ATTR = {Func: "_fn", Memory: "_mem", Table: "_table", Global: "_global", Tag: "_tag"}


def wrap_extern(store: "Store", ext: typing.Any) -> AsExtern:
    """A new API object for runtime extern ``ext`` of ``store``."""
    if type(ext) is MemoryInstance and ext.shared:
        return SharedMemory._from_runtime(store.engine, ext)
    wrap = _WRAP.get(type(ext))
    if wrap is None:
        raise WasmtimeError(f"unknown extern {type(ext).__name__}")
    return wrap(store, ext)


def unwrap_extern(store: "Store", item: typing.Any, cross_store_message: str) -> typing.Any:
    """The runtime extern behind API object ``item``, which must belong to ``store``."""
    if type(item) is SharedMemory:
        mem = item._open()
        if item.engine is not store.engine:
            raise WasmtimeError(cross_store_message)
        return mem
    attr = _RUNTIME_ATTR.get(type(item))
    if attr is None:
        for cls, name in _RUNTIME_ATTR.items():
            if isinstance(item, cls):
                attr = name
                break
        else:
            raise TypeError("expected a Func, Global, Memory, SharedMemory, Tag, or Table")
    if item._store is not store:
        raise WasmtimeError(cross_store_message)
    return getattr(item, attr)
