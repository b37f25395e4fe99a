"""Store: owns every instance, function, memory, table and global created in it, plus the
embedder's data, fuel, epoch deadline, resource limits and call hook."""

from __future__ import annotations

import enum
import functools
import weakref

from ..errors import ArgumentTypeError, WasmtimeError, closed
from ..runtime.entry import stack_frames
from ..runtime.function import HostFunction
from ..runtime.store import StoreState
from .closeable import Closeable
from .arguments import c_int
from .engine import Engine, open_engine

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
_U64 = (1 << 64) - 1


class _ClosedState:
    """The state of a closed store: reading or setting anything in it raises
    ValueError, so every use of the store fails as in wasmtime-py."""

    __slots__ = ()

    def __getattr__(self, name: str) -> typing.Any:
        raise closed()

    def __setattr__(self, name: str, value: typing.Any) -> None:
        raise closed()


CLOSED_STATE: typing.Any = _ClosedState()

_used_wasi_configs: "weakref.WeakSet[typing.Any]" = weakref.WeakSet()
"""WASI configurations a store has taken (each serves one store, as in wasmtime-py)."""


class Store(Closeable):
    """A collection of WebAssembly objects and the state they run with.

    ``data`` is the embedder's value: :meth:`data` reads it and :meth:`set_data`
    replaces it (host functions reach both through their :class:`Caller`).
    After :meth:`close`, using the store, or any object of it, raises ValueError.
    """

    __slots__ = ("engine", "_state", "_wrappers", "_host_funcs", "_limits", "_wasi", "__weakref__")

    def __init__(self, engine: typing.Optional[Engine] = None, data: typing.Optional[typing.Any] = None):
        if engine is None:
            engine = Engine()
        else:
            engine = open_engine(engine)
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
        """Drop the store's instances, host functions and WASI state; using the store
        or its objects afterwards raises ValueError."""
        state = self._state
        if state is CLOSED_STATE:
            return
        self._wrappers.clear()
        self._host_funcs.clear()
        state.instances.clear()
        self._state = CLOSED_STATE
        if self._wasi is not None:
            self._wasi.close()
            self._wasi = None

    def _context(self) -> "Store":
        if self._state is CLOSED_STATE:
            raise closed()
        return self

    def data(self) -> typing.Optional[typing.Any]:
        """The embedder's data: the value given at creation, or the last one given to
        :meth:`set_data`."""
        return self._state.data

    def set_data(self, data: typing.Optional[typing.Any]) -> None:
        """Replace the embedder's data; :meth:`data` returns ``data`` from now on."""
        self._state.data = data

    def gc(self) -> None:
        """Collect unreferenced externref values (Python's garbage collector already does)."""
        self._context()

    def set_wasi(self, wasi: typing.Any) -> None:
        """Give the store the WASI state described by ``wasi`` (a ``WasiConfig``), which the
        functions of ``Linker.define_wasi`` use. A WasiConfig serves one store: giving
        it to a second store (or again) raises ValueError."""
        from ..wasi import WasiConfig, WasiContext
        self._context()
        if not isinstance(wasi, WasiConfig):
            raise ArgumentTypeError("expected a WasiConfig")
        if wasi in _used_wasi_configs:
            raise closed()
        context = WasiContext(wasi)
        _used_wasi_configs.add(wasi)
        if self._wasi is not None:
            self._wasi.close()
        self._wasi = context
        weakref.finalize(self, context.close)

    def set_wasi_http(self) -> None:
        """WASI HTTP is not supported yet: raises :class:`WasmtimeError`
        (``NotSupportedError``), as ``component.Linker.add_wasi_http`` does."""
        from ..errors import NotSupportedError
        self._context()
        raise NotSupportedError("WASI HTTP")

    # -- fuel and epochs -------------------------------------------------------------

    def set_fuel(self, fuel: int) -> None:
        """Set the fuel available to wasm code; needs ``Config.consume_fuel``. The
        amount is an unsigned 64-bit number, as in wasmtime (``-1`` is the most fuel)."""
        if self._state.fuel is None:
            raise WasmtimeError("fuel is not configured in this store")
        self._state.fuel = c_int(fuel, "fuel") & _U64

    def get_fuel(self) -> int:
        """The fuel left; needs ``Config.consume_fuel``."""
        fuel = self._state.fuel
        if fuel is None:
            raise WasmtimeError("fuel is not configured in this store")
        return fuel if fuel > 0 else 0

    def set_epoch_deadline(self, ticks_after_current: int) -> None:
        """Trap wasm code once the engine epoch is ``ticks_after_current`` past its current value."""
        ticks = c_int(ticks_after_current, "ticks_after_current")
        self._state.epoch_deadline = self.engine.epoch_cell[0] + ticks

    # -- limits -------------------------------------------------------------------

    def set_limits(self, memory_size: int = _UNLIMITED, table_elements: int = _UNLIMITED,
                   instances: int = _UNLIMITED, tables: int = _UNLIMITED,
                   memories: int = _UNLIMITED) -> None:
        """Limit the bytes of each memory, the elements of each table, and how many
        instances, tables and memories may exist; negative values leave a limit unchanged."""
        self._context()
        for value, what in ((memory_size, "memory_size"), (table_elements, "table_elements"),
                            (instances, "instances"), (tables, "tables"), (memories, "memories")):
            c_int(value, what)
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
        self._context()
        if hook is not None and not callable(hook):
            raise TypeError("expected a callable or None")
        if hook is None:
            self._state.call_hook = None
        else:
            kinds = {k.value: k for k in CallHook}
            self._state.call_hook = lambda event: hook(self, kinds[event])

    # -- wrappers -------------------------------------------------------------------

    @property
    def _component_store(self) -> typing.Any:
        """The component-model state of this store (handles the host holds), made on
        first use."""
        from ..component.instantiate.store import component_store
        return component_store(self._context())

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
        return self._store._context()

    def _invalidate(self) -> None:
        self._store = None

    @property
    def _component_store(self) -> typing.Any:
        """The component-model state of the store."""
        return self._context()._component_store


if TYPE_CHECKING:
    Storelike = typing.Union[Store, Caller, StoreContext]


def store_of(storelike: typing.Any) -> Store:
    """The open Store behind a Store, Caller or StoreContext.

    Raises ArgumentTypeError for anything else, ValueError when the store is
    closed (or the Caller no longer valid).
    """
    if type(storelike) is Store:
        if storelike._state is CLOSED_STATE:
            raise closed()
        return storelike
    context = getattr(storelike, "_context", None)
    if context is None:
        raise ArgumentTypeError("expected a Store")
    store = context()
    if not isinstance(store, Store):
        raise ArgumentTypeError("expected a Store")
    return store


def check_store(owner: Store, storelike: typing.Any) -> None:
    """Raise unless ``storelike`` is (or stands for) ``owner``, and ``owner`` is open."""
    if storelike is not owner:
        if store_of(storelike) is not owner:
            raise WasmtimeError("object used with the wrong store")
    elif owner._state is CLOSED_STATE:
        raise closed()
