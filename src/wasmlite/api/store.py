"""Store: owns every instance, function, memory, table and global created in it, plus the
embedder's data, fuel, epoch deadline, resource limits and call hook."""

from __future__ import annotations

import enum
import functools
import weakref

from ..errors import WasmtimeError
from ..runtime.entry import stack_frames
from ..runtime.function import HostFunction
from ..runtime.store import StoreState
from .closeable import Closeable
from .engine import Engine

TYPE_CHECKING = False

if TYPE_CHECKING:
    import typing
    from .caller import Caller


class CallHook(enum.Enum):
    """The transition a store's call hook is told about."""

    CALLING_WASM = "calling_wasm"
    RETURNING_FROM_WASM = "returning_from_wasm"
    CALLING_HOST = "calling_host"
    RETURNING_FROM_HOST = "returning_from_host"


_UNLIMITED = -1


class Store(Closeable):
    """A collection of WebAssembly objects and the state they run with."""

    __slots__ = ("engine", "_state", "_wrappers", "_host_funcs", "_limits", "_wasi", "__weakref__")

    def __init__(self, engine: typing.Optional[Engine] = None, data: typing.Optional[typing.Any] = None):
        if engine is None:
            engine = Engine()
        elif not isinstance(engine, Engine):
            raise TypeError("expected an Engine")
        self.engine = engine
        state = self._state = StoreState(data)
        # API wrapper of each runtime object handed out, so each object has one wrapper.
        self._wrappers: dict[typing.Any, typing.Any] = {}
        # Host functions made in this store for store-independent linker definitions.
        self._host_funcs: dict[typing.Any, HostFunction] = {}
        # memory_size, table_elements (per memory / table); None: unlimited.
        self._limits: list[typing.Optional[int]] = [None, None]
        self._wasi: typing.Any = None
        state.stack_frames = stack_frames(engine.config["max_wasm_stack"])
        if engine.config["consume_fuel"]:
            state.fuel = 0
        if engine.config["epoch_interruption"]:
            cell = engine.epoch_cell
            state.epoch_source = functools.partial(cell.__getitem__, 0)
            state.epoch_deadline = cell[0]
        limits = self._limits
        state.memory_limiter = lambda current, desired, maximum: limits[0] is None or desired <= limits[0]
        state.table_limiter = lambda current, desired, maximum: limits[1] is None or desired <= limits[1]

    def close(self) -> None:
        """Drop the store's instances and host functions (objects taken from the store
        before stay usable as long as they are referenced)."""
        self._wrappers.clear()
        self._host_funcs.clear()
        self._state.instances.clear()
        if self._wasi is not None:
            self._wasi.close()
            self._wasi = None

    def _context(self) -> "Store":
        return self

    def data(self) -> typing.Optional[typing.Any]:
        """The embedder's data given at creation."""
        return self._state.data

    def gc(self) -> None:
        """Collect unreferenced externref values (Python's garbage collector already does)."""

    def set_wasi(self, wasi: typing.Any) -> None:
        """Give the store the WASI state described by ``wasi`` (a ``WasiConfig``), which the
        functions of ``Linker.define_wasi`` use."""
        from ..wasi import WasiConfig, WasiContext
        if not isinstance(wasi, WasiConfig):
            raise TypeError("expected a WasiConfig")
        if self._wasi is not None:
            self._wasi.close()
        self._wasi = context = WasiContext(wasi)
        weakref.finalize(self, context.close)

    # -- fuel and epochs -------------------------------------------------------------

    def set_fuel(self, fuel: int) -> None:
        """Set the fuel available to wasm code; needs ``Config.consume_fuel``."""
        if self._state.fuel is None:
            raise WasmtimeError("fuel is not configured in this store")
        if not isinstance(fuel, int) or fuel < 0:
            raise TypeError("expected a non-negative int")
        self._state.fuel = fuel

    def get_fuel(self) -> int:
        """The fuel left; needs ``Config.consume_fuel``."""
        fuel = self._state.fuel
        if fuel is None:
            raise WasmtimeError("fuel is not configured in this store")
        return fuel if fuel > 0 else 0

    def set_epoch_deadline(self, ticks_after_current: int) -> None:
        """Trap wasm code once the engine epoch is ``ticks_after_current`` past its current value."""
        self._state.epoch_deadline = self.engine.epoch_cell[0] + ticks_after_current

    # -- limits -------------------------------------------------------------------

    def set_limits(self, memory_size: int = _UNLIMITED, table_elements: int = _UNLIMITED,
                   instances: int = _UNLIMITED, tables: int = _UNLIMITED,
                   memories: int = _UNLIMITED) -> None:
        """Limit the bytes of each memory, the elements of each table, and how many
        instances, tables and memories may exist; negative values leave a limit unchanged."""
        if memory_size >= 0:
            self._limits[0] = memory_size
        if table_elements >= 0:
            self._limits[1] = table_elements
        state = self._state
        if instances >= 0:
            state.instance_limit = instances
        if tables >= 0:
            state.table_limit = tables
        if memories >= 0:
            state.memory_limit = memories

    # -- call hook --------------------------------------------------------------------

    def call_hook(self, hook: typing.Optional[typing.Callable[["Store", CallHook], None]]) -> None:
        """Call ``hook(store, CallHook.X)`` on every transition between host and wasm;
        an exception from the hook aborts the call with that exception. ``None`` removes it."""
        if hook is not None and not callable(hook):
            raise TypeError("expected a callable or None")
        if hook is None:
            self._state.call_hook = None
        else:
            kinds = {k.value: k for k in CallHook}
            self._state.call_hook = lambda event: hook(self, kinds[event])

    # -- wrappers -------------------------------------------------------------------

    def _wrap(self, ext: typing.Any) -> typing.Any:
        """The API object (one per runtime object) for runtime extern ``ext`` of this store."""
        wrapper = self._wrappers.get(ext)
        if wrapper is None:
            from .extern import wrap_extern
            wrapper = self._wrappers[ext] = wrap_extern(self, ext)
        return wrapper


class StoreContext:
    """A borrowed view of a store, accepted wherever a store is."""

    __slots__ = ("_store",)

    def __init__(self, store: Store):
        self._store: typing.Optional[Store] = store

    def _context(self) -> Store:
        if self._store is None:
            raise ValueError("caller is no longer valid")
        return self._store

    def _invalidate(self) -> None:
        self._store = None


if TYPE_CHECKING:
    Storelike = typing.Union[Store, Caller, StoreContext]


def store_of(storelike: typing.Any) -> Store:
    """The Store behind a Store, Caller or StoreContext."""
    if type(storelike) is Store:
        return storelike
    context = getattr(storelike, "_context", None)
    if context is None:
        raise TypeError("expected a Store")
    return context()


def check_store(owner: Store, storelike: typing.Any) -> None:
    """Raise unless ``storelike`` is (or stands for) ``owner``."""
    if storelike is not owner and store_of(storelike) is not owner:
        raise WasmtimeError("object used with the wrong store")
