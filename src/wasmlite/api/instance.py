"""Instance: an instantiated module and its exports."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import ArgumentTypeError, WasmtimeError
from ..runtime.instantiate import instantiate
from .extern import AsExtern, unwrap_extern
from .module import Module
from .store import Store, check_store, store_of

TYPE_CHECKING = False

if TYPE_CHECKING:
    from .store import Storelike
    import typing
    from .func import Func
    from .typed_func import TypedFunc


class Instance:
    """A module instantiated in a store with the given imports (in import order)."""

    __slots__ = ("_store", "_inst", "_exports", "__weakref__")

    def __init__(self, store: Storelike, module: Module, imports: typing.Sequence[AsExtern]):
        owner = store_of(store)
        if not isinstance(module, Module):
            raise ArgumentTypeError("expected a Module")
        externs = [unwrap_extern(owner, item, "cross-`Store` instantiation is not currently supported")
                   for item in imports]
        inst = instantiate_module(owner, module, externs)
        self._store = owner
        self._inst = inst
        self._exports: typing.Optional[InstanceExports] = None

    @classmethod
    def _from_runtime(cls, store: Store, inst: typing.Any) -> "Instance":
        i = object.__new__(cls)
        i._store = store
        i._inst = inst
        i._exports = None
        return i

    def exports(self, store: Storelike) -> "InstanceExports":
        """The exports, by name (``exports["f"]``, ``exports.f``) and by index."""
        exports = self._exports
        if exports is None:
            check_store(self._store, store)
            exports = self._exports = InstanceExports(self._store, self._inst)
        return exports

    def get_export(self, store: Storelike, name: str) -> typing.Optional[AsExtern]:
        """Export ``name``, or None."""
        return self.exports(store).get(name)

    def get_func(self, store: Storelike, name: str) -> typing.Optional["Func"]:
        """The function exported as ``name``, or None (also when it is not a function)."""
        from .func import Func
        item = self.exports(store).get(name)
        return item if isinstance(item, Func) else None

    def get_typed_func(self, store: Storelike, name: str, params: typing.Sequence[typing.Any],
                       results: typing.Sequence[typing.Any]) -> "TypedFunc":
        """The function exported as ``name``, checked to have type ``params -> results``."""
        func = self.get_func(store, name)
        if func is None:
            raise WasmtimeError(f"failed to find function export `{name}`")
        return func.typed(store, params, results)


def instantiate_module(store: Store, module: Module, externs: typing.Sequence[typing.Any]) -> typing.Any:
    """Instantiate ``module`` in ``store`` with runtime externs; the runtime instance."""
    return instantiate(module._prepared(), externs, store=store._state)


class _NoSuchExport(KeyError, IndexError):
    """An export index out of range: a KeyError as for a name (what wasmtime-py
    raises for any index) and an IndexError as for a sequence."""


class InstanceExports(Mapping[str, AsExtern]):
    """An instance's exports: a read-only mapping from name to extern, also indexable by
    position and readable as attributes."""

    __slots__ = ("_map", "_seq")

    def __init__(self, store: Store, inst: typing.Any):
        wrap = store._wrap
        self._map: dict[str, AsExtern] = {name: wrap(ext) for name, ext in inst.exports.items()}
        self._seq: tuple[AsExtern, ...] = tuple(self._map.values())

    @property
    def by_index(self) -> typing.Sequence[AsExtern]:
        """The exports in order."""
        return self._seq

    def __getitem__(self, key: typing.Union[str, int]) -> AsExtern:
        if isinstance(key, int):
            try:
                return self._seq[key]
            except IndexError:
                raise _NoSuchExport(key) from None
        return self._map[key]

    def get(self, name: str, default: typing.Any = None) -> typing.Any:
        return self._map.get(name, default)

    def __getattr__(self, name: str) -> AsExtern:
        if name in InstanceExports.__slots__:
            raise AttributeError(name)
        try:
            return self._map[name]
        except KeyError:
            raise AttributeError(f"no export named {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._map

    def __len__(self) -> int:
        return len(self._seq)

    def __iter__(self) -> typing.Iterator[str]:
        return iter(self._map)

    def __repr__(self) -> str:
        return f"<InstanceExports {list(self._map)}>"
