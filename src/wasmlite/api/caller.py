"""Caller: what a host function sees of the wasm code calling it."""

from __future__ import annotations

import sys

from ..runtime.instance import calling_instance
from .arguments import c_str
from .store import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing


class Caller:
    """The calling instance's exports and the store, valid during one host call.

    Accepted wherever a store is. :meth:`data` reads the store's data and
    :meth:`set_data` replaces it. After the host function returns, :meth:`get`
    returns None and using it as a store raises ValueError.
    """

    __slots__ = ("_store", "_instance")

    def __init__(self, store: Store, instance: typing.Any):
        self._store: typing.Optional[Store] = store
        self._instance = instance

    def __getitem__(self, name: str) -> typing.Any:
        """The calling instance's export ``name``; KeyError when there is none."""
        ret = self.get(name)
        if ret is None:
            raise KeyError("failed to find export {}".format(name))
        return ret

    def get(self, name: str) -> typing.Any:
        """The calling instance's export ``name``, or None."""
        if type(name) is not str:
            c_str(name, "name")
        instance = self._instance
        if instance is None or self._store is None:
            return None
        ext = instance.exports.get(name)
        if ext is None:
            return None
        return self._store._wrap(ext)

    def data(self) -> typing.Any:
        """The store's data (as :meth:`Store.data`): how a host function reads it."""
        return self._context().data()

    def set_data(self, data: typing.Any) -> None:
        """Replace the store's data (as :meth:`Store.set_data`); the store and every
        later Caller see ``data``."""
        self._context().set_data(data)

    @property
    def engine(self) -> typing.Any:
        """The store's engine."""
        return self._context().engine

    def _context(self) -> Store:
        store = self._store
        if store is None:
            raise ValueError("caller is no longer valid")
        return store._context()

    def _invalidate(self) -> None:
        self._store = None
        self._instance = None


def _calling_instance() -> typing.Any:
    """The module instance of the wasm function that called the host adapter that
    called the function calling this one, if wasm called it."""
    return calling_instance(sys._getframe(3))


def caller_factory(store: Store) -> typing.Callable[[], Caller]:
    """A function making the Caller for a host function of ``store``; it is to be
    called directly by the host adapter."""
    def make_caller() -> Caller:
        return Caller(store, _calling_instance())
    return make_caller
